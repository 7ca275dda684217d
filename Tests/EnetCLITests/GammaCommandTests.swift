import Foundation
import Testing

/// `--family gamma` (log link, y > 0) through the command line: fit, predict on both scales,
/// cross-validation measures, and a refused non-positive response.
struct GammaCommandTests {
    /// A saved gamma fit predicts the mean exp(eta) with --type response.
    @Test func responseIsTheExponentialOfTheLink() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let model = scratch.path("gamma.json")
        let fit = try EnetRun(["fit", EnetRun.diabetes, "--family", "gamma", "--lambda", "0.001", "--output", model])
        #expect(fit.succeeded, "\(fit.stderr)")
        let link = try EnetRun(["predict", model, EnetRun.diabetes, "--type", "link"]).csv.rows.compactMap { Double($0[0]) }
        let response = try EnetRun(["predict", model, EnetRun.diabetes, "--type", "response"]).csv.rows.compactMap { Double($0[0]) }
        #expect(link.count == 442 && response.count == 442)
        for (eta, mu) in zip(link, response) { #expect(abs(mu - exp(eta)) <= 1e-9 * exp(eta), "\(mu) vs exp(\(eta))") }
    }

    /// The certified fit in JSON, and cross-validation with the deviance by default, mse and mae on
    /// request; class is refused.
    @Test func fitAndCrossValidation() throws {
        let json = try EnetRun(["fit", EnetRun.diabetes, "--family", "gamma", "--lambda", "0.01", "--format", "json"]).json()
        #expect(json["family"] as? String == "gamma")
        let gap = try #require(json["duality_gap"] as? Double), objective = try #require(json["objective"] as? Double)
        #expect(gap >= 0 && gap <= 1e-7 * abs(objective))
        for measure in [nil, "mse", "mae"] {
            let run = try EnetRun(["cv", EnetRun.diabetes, "--family", "gamma", "--folds", "3", "--nlambda", "10",
                                   "--format", "json"] + (measure.map { ["--measure", $0] } ?? []))
            #expect(run.succeeded, "\(run.stderr)")
            #expect(try run.json()["measure"] as? String == measure ?? "deviance")
        }
        let refused = try EnetRun(["cv", EnetRun.diabetes, "--family", "gamma", "--measure", "class"])
        #expect(refused.refusalProblem == nil, "\(refused.refusalProblem ?? "")")
    }

    @Test func nonPositiveResponseIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write("x,y\n1,2\n2,0\n3,5\n4,1\n", "zero.csv")
        let run = try EnetRun(["fit", data, "--family", "gamma", "--lambda", "0.1"])
        #expect(run.refusalProblem == nil, "\(run.refusalProblem ?? "")")
        // Named by file, line and column, as a poisson count below 0 is.
        #expect(run.stderr.contains("zero.csv") && run.stderr.contains("line 3") && run.stderr.contains("a gamma target is a number > 0, found 0"),
                "\(run.stderr)")
    }
}
