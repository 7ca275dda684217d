import Foundation
import Testing

/// `--coding all|reference` for categorical columns: every level, or treatment coding (the first
/// level dropped, as R's model.matrix); exact zeros either way; the model file records the coding
/// so that predict encodes new rows the same way.
struct CodingTests {
    static var training: String { EncodingTests.training.replacingOccurrences(of: "NA,", with: "0,") }

    static func coefficients(_ path: [String: Any]) throws -> [[String: Double]] {
        try #require(path["coefficients"] as? [[String: Double]])
    }

    @Test func allLevelsBesideTheInterceptGiveExactZeros() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write(Self.training, "train.csv")
        let run = try EnetRun(["path", data, "--categorical", "colour", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let levels = ["colour=blue", "colour=green", "colour=red"]
        for (k, fit) in try Self.coefficients(try run.json()).enumerated() {
            let largest = fit.values.map(abs).max() ?? 0
            // Every printed coefficient is a nonzero far above rounding (the zeros are not printed).
            for (name, value) in fit { #expect(abs(value) >= 1e-8 * largest, "lambda \(k + 1): \(name) = \(value)") }
            // The lasso's cheapest split of the colour effect leaves one level exactly 0.
            if levels.contains(where: { fit[$0] != nil }) {
                #expect(levels.contains { fit[$0] == nil }, "lambda \(k + 1): \(fit)")
            }
        }
    }

    @Test func referenceCodingDropsTheFirstLevelAndPredictsTheSame() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write(Self.training, "train.csv")
        let fresh = try scratch.write("size,colour\n0.5,red\n-0.3,green\n0.1,blue\n", "new.csv")
        var predictions = [String: [Double]]()
        for coding in ["all", "reference"] {
            let model = scratch.path("\(coding).json")
            // lambda 0: least squares, whose fitted values do not depend on the coding.
            let fit = try EnetRun(["fit", data, "--lambda", "0", "--categorical", "colour", "--coding", coding,
                                   "--tol", "1e-12", "--output", model])
            #expect(fit.succeeded, "\(fit.stderr)")
            let saved = try EnetRun.object(Data(try scratch.read("\(coding).json").utf8))
            let features = try #require((saved["model"] as? [String: Any])?["features"] as? [String])
            let recorded = (saved["encoding"] as? [String: Any])?["coding"] as? String
            #expect(recorded == coding)
            #expect(features == (coding == "all" ? ["size", "colour=blue", "colour=green", "colour=red"]
                                                  : ["size", "colour=green", "colour=red"]))
            let predicted = try EnetRun(["predict", model, fresh])
            #expect(predicted.succeeded, "\(predicted.stderr)")
            predictions[coding] = predicted.stdout.split(separator: "\n").dropFirst().map { Double($0)! }
        }
        let all = try #require(predictions["all"]), reference = try #require(predictions["reference"])
        #expect(all.count == 3)
        for (a, b) in zip(all, reference) { #expect(abs(a - b) <= 1e-6 * max(1, abs(a)), "\(all) vs \(reference)") }
    }

    @Test func aBadCodingIsRefusedNamingTheOption() throws {
        let run = try EnetRun(["fit", EnetRun.diabetes, "--lambda", "1", "--coding", "dummy"])
        #expect(run.status == 2 && run.stderr.contains("--coding"), "\(run.stderr)")
    }
}
