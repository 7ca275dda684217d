import Foundation
import Testing

/// A fit says how it stopped (docs/defaults.md, section 5): to the tolerance, to machine precision,
/// stalled, or at the iteration cap; never silently.
struct ConvergenceOutputTests {
    /// Least squares at lambda 1e-18: no duality gap can certify it (relative gap 1.0), its KKT
    /// residuals are at rounding level, and the output says so.
    @Test func tinyLambdaSaysMachinePrecision() throws {
        let json = try EnetRun(["fit", EnetRun.diabetes, "--lambda", "1e-18", "--format", "json"]).json()
        #expect(json["convergence"] as? String == "machine precision" && json["converged"] as? Bool == true)
        let text = try EnetRun(["fit", EnetRun.diabetes, "--lambda", "1e-18"])
        #expect(text.succeeded && text.stdout.contains("converged to machine precision") && text.stderr.isEmpty, "\(text.stdout)\(text.stderr)")
    }

    @Test func everyPathPointCarriesItsConvergence() throws {
        let json = try EnetRun(["path", EnetRun.diabetes, "--format", "json"]).json()
        let labels = try #require(json["convergence"] as? [String])
        #expect(labels.count == (json["lambdas"] as? [Double])?.count)
        #expect(labels.allSatisfy { $0 == "tolerance" || $0 == "machine precision" })
    }

    /// The iteration cap is reported as such, with the gap reached, on standard error.
    @Test func theIterationCapIsNamed() throws {
        let run = try EnetRun(["fit", EnetRun.shared("breast_cancer.csv"), "--family", "binomial", "--lambda", "1e-4",
                               "--max-iterations", "1", "--format", "json"])
        let json = try run.json()
        #expect(json["converged"] as? Bool == false && json["convergence"] as? String == "iteration cap")
        #expect(run.stderr.contains("iteration cap") && run.stderr.contains("relative duality gap"), "\(run.stderr)")
    }
}
