import Foundation
import Testing

/// The unit-free default sequence as the command line reports it, `--lambda-scale glmnet`, and the
/// warning of a cross-validation that chooses the last lambda (docs/defaults.md, section 1).
struct LambdaScaleTests {
    static func number(_ object: [String: Any], _ key: String) throws -> Double {
        try #require((object[key] as? NSNumber)?.doubleValue, "no \(key)")
    }

    /// glmnet's (alpha_g, lambda_g) and the documented (alpha, lambda) it converts to are one fit.
    @Test func glmnetScaleFitsTheConvertedDocumentedObjective() throws {
        let glmnet = try EnetRun(["fit", EnetRun.diabetes, "--alpha", "0.5", "--lambda", "2", "--lambda-scale", "glmnet",
                                  "--tol", "1e-12", "--format", "json"]).json()
        // JSON (also a model file) keeps "lambda" documented and adds glmnet's as "lambda_glmnet".
        #expect(try Self.number(glmnet, "alpha") == 0.5 && Self.number(glmnet, "lambda_glmnet") == 2)
        #expect(glmnet["lambda_scale"] as? String == "glmnet")
        let alpha = try Self.number(glmnet, "alpha_documented"), factor = try Self.number(glmnet, "documented_lambda_per_lambda")
        let q = try Self.number(glmnet, "response_scale")
        #expect(abs(alpha - 0.5 * q / (0.5 * q + 0.5)) <= 1e-15 && abs(factor - (0.5 + 0.5 / q)) <= 1e-15)
        #expect(abs(try Self.number(glmnet, "lambda") - 2 * factor) <= 1e-15 * 2 * factor)
        let text = try EnetRun(["fit", EnetRun.diabetes, "--alpha", "0.5", "--lambda", "2", "--lambda-scale", "glmnet"])
        #expect(text.stdout.contains("alpha 0.5, lambda 2 "), "\(text.stdout)")
        let documented = try EnetRun(["fit", EnetRun.diabetes, "--alpha", "\(alpha)", "--lambda", "\(2 * factor)",
                                      "--tol", "1e-12", "--format", "json"]).json()
        let a = try #require(glmnet["coefficients"] as? [String: Double]), b = try #require(documented["coefficients"] as? [String: Double])
        for (name, value) in a { #expect(abs(value - b[name]!) <= 1e-6 * max(1, abs(value)), "\(name): \(value) vs \(b[name]!)") }
    }

    /// The default path of an elastic net reports the alpha asked for and the documented alpha it
    /// fitted; printed in glmnet's convention its lambdas are the documented ones divided by the
    /// conversion factor (the `_glmnet` keys; text prints them as "lambda").
    @Test func defaultPathReportsItsDocumentedAlphaInEitherConvention() throws {
        let documented = try EnetRun(["path", EnetRun.diabetes, "--alpha", "0.5", "--format", "json"]).json()
        let glmnet = try EnetRun(["path", EnetRun.diabetes, "--alpha", "0.5", "--lambda-scale", "glmnet", "--format", "json"]).json()
        let q = try Self.number(documented, "response_scale")
        #expect(try Self.number(documented, "alpha_requested") == 0.5 && Self.number(documented, "alpha") == 0.5)
        let alpha = try Self.number(documented, "alpha_documented")
        #expect(abs(alpha - 0.5 * q / (0.5 * q + 0.5)) <= 1e-15)
        #expect(try Self.number(glmnet, "alpha") == 0.5)
        let l1 = try #require(documented["lambdas"] as? [Double]), l2 = try #require(glmnet["lambdas_glmnet"] as? [Double])
        #expect(glmnet["lambdas"] as? [Double] == l1)
        #expect(l1.count == l2.count)
        for (a, b) in zip(l1, l2) { #expect(abs(a / (0.5 + 0.5 / q) - b) <= 1e-12 * a) }
        #expect((documented["df"] as? [Int]) == (glmnet["df"] as? [Int]))
        // The model file inside keeps the documented objective, for predict's refits.
        let options = try #require(glmnet["options"] as? [String: Any])
        #expect(try Self.number(options, "alpha") == alpha)
    }

    @Test func crossValidationChoosingTheLastLambdaWarns() throws {
        // Five lambdas down to half of lambda_max: the error still falls at the last one.
        let run = try EnetRun(["cv", EnetRun.diabetes, "--nlambda", "5", "--lambda-min-ratio", "0.5", "--folds", "5"])
        #expect(run.succeeded, "\(run.stderr)")
        #expect(run.stderr.contains("lambda.min is the smallest lambda of the sequence"), "\(run.stderr)")
        let fine = try EnetRun(["cv", EnetRun.diabetes, "--folds", "5"])
        #expect(!fine.stderr.contains("lambda.min is the smallest lambda"), "\(fine.stderr)")
    }

    @Test func aBadLambdaScaleIsRefusedNamingTheOption() throws {
        let run = try EnetRun(["fit", EnetRun.diabetes, "--lambda", "1", "--lambda-scale", "sklearn"])
        #expect(run.status == 2 && run.stderr.contains("--lambda-scale"), "\(run.stderr)")
    }

}
