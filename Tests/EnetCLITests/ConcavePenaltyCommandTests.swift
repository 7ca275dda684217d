import Foundation
import Testing

/// `--penalty mcp|scad` and `--concavity` on the command line: fit, path, the model file and
/// predict/explain on it, the demo's trajectories, and the option errors.
struct ConcavePenaltyCommandTests {
    @Test(arguments: ["mcp", "scad"])
    func fitSaysItsCertificateIsKKT(_ penalty: String) throws {
        let run = try EnetRun(["fit", EnetRun.diabetes, "--penalty", penalty, "--lambda", "1", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        #expect(json["penalty"] as? String == penalty)
        #expect(json["concavity"] as? Double == (penalty == "mcp" ? 3 : 3.7))
        #expect(json["certificate"] as? String == "kkt")
        #expect((json["certificate_note"] as? String)?.contains("not convex") == true)
        #expect(json["converged"] as? Bool == true)
        #expect(json["duality_gap"] is NSNull)
        let text = try EnetRun(["fit", EnetRun.diabetes, "--penalty", penalty, "--concavity", "5", "--lambda", "1"])
        #expect(text.succeeded, "\(text.stderr)")
        #expect(text.stdout.contains("\(penalty) (concavity 5)") && text.stdout.contains("KKT residual")
                && text.stdout.contains("not convex"), "\(text.stdout)")
    }

    @Test func pathSaysItsCertificateIsKKT() throws {
        let run = try EnetRun(["path", EnetRun.diabetes, "--penalty", "scad", "--nlambda", "10", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        #expect(json["certificate"] as? String == "kkt" && json["penalty"] as? String == "scad")
        #expect((json["converged"] as? [Bool])?.allSatisfy { $0 } == true)
        let text = try EnetRun(["path", EnetRun.diabetes, "--penalty", "mcp", "--nlambda", "10"])
        #expect(text.succeeded && text.stdout.contains("max KKT") && text.stdout.contains("not convex"), "\(text.stdout)")
    }

    /// The model file records the penalty and its concavity; predict reads the coefficients and
    /// explain refits the same objective.
    @Test func modelFileKeepsThePenalty() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let model = scratch.path("mcp.json")
        let fit = try EnetRun(["fit", EnetRun.diabetes, "--penalty", "mcp", "--concavity", "2.5", "--lambda", "2",
                               "--format", "json", "--output", model])
        #expect(fit.succeeded, "\(fit.stderr)")
        let saved = try EnetRun.object(Data(try scratch.read("mcp.json").utf8))
        let options = try #require(saved["options"] as? [String: Any])
        #expect(options["penalty"] as? String == "mcp" && options["concavity"] as? Double == 2.5)
        let predict = try EnetRun(["predict", model, EnetRun.diabetes])
        #expect(predict.succeeded, "\(predict.stderr)")
        let explain = try EnetRun(["explain", model, "--format", "json"])
        #expect(explain.succeeded, "\(explain.stderr)")
        let explained = try explain.json()
        #expect(explained["penalty"] as? String == "mcp" && explained["concavity"] as? Double == 2.5)
        #expect(explained["certificate"] as? String == "kkt")
    }

    @Test(arguments: [
        (["fit", "DATA", "--lambda", "1", "--penalty", "mcp", "--concavity", "1"], "--concavity"),
        (["fit", "DATA", "--lambda", "1", "--penalty", "scad", "--concavity", "2"], "--concavity"),
        (["fit", "DATA", "--lambda", "1", "--penalty", "mcp", "--concavity", "inf"], "--concavity"),
        (["fit", "DATA", "--lambda", "1", "--concavity", "3"], "--concavity"),
        (["fit", "DATA", "--lambda", "1", "--penalty", "lasso"], "--penalty"),
        (["path", "MULTI", "--family", "multinomial", "--penalty", "scad"], "--penalty"),
        (["fit", "BINOMIAL", "--family", "binomial", "--lambda", "0.01", "--penalty", "mcp"], "--penalty"),
    ])
    func badPenaltyOptionsAreRefused(arguments: [String], option: String) throws {
        let run = try EnetRun(arguments.map {
            $0 == "DATA" ? EnetRun.diabetes : $0 == "MULTI" ? EnetRun.shared("multinomial_example.csv")
                : $0 == "BINOMIAL" ? EnetRun.shared("breast_cancer.csv") : $0
        })
        #expect(run.refusalProblem == nil, "\(arguments): \(run.refusalProblem ?? "")")
        #expect(run.stderr.contains(option), "\(arguments): \(run.stderr)")
    }

    /// The demo's MCP and SCAD trajectories: from w0 = 5 (beyond the taper) the penalty alone does
    /// not move the weight; from a small w0 they reach exactly 0 like L1's proximal step.
    @Test func demoShowsMCPAndSCAD() throws {
        let run = try EnetRun(["demo", "l1-vs-l2", "--w0", "5", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        let mcp = try #require(json["mcp"] as? [Double]), scad = try #require(json["scad"] as? [Double])
        #expect(mcp.count == 13 && scad.count == 13)
        #expect(mcp.allSatisfy { $0 == 5 } && scad.allSatisfy { $0 == 5 }, "\(mcp) \(scad)")
        #expect((json["data_mcp"] as? [Double])?.count == 13 && (json["data_scad"] as? [Double])?.count == 13)
        let small = try EnetRun(["demo", "l1-vs-l2", "--w0", "0.4", "--format", "json"]).json()
        #expect((small["mcp"] as? [Double])?.last == 0 && (small["scad"] as? [Double])?.last == 0)
        let text = try EnetRun(["demo", "l1-vs-l2"])
        #expect(text.succeeded && text.stdout.contains("MCP prox") && text.stdout.contains("not shrunk"), "\(text.stdout)")
    }
}
