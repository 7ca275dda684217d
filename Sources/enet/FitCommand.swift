import ArgumentParser
import ElasticNetCore

/// `enet fit`: one model at one lambda.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit", abstract: "Fit one model at one lambda and print its coefficients.")

    @OptionGroup var common: CommonOptions

    @Option(help: "The penalty strength (>= 0). Required: for many lambdas use `enet path`.")
    var lambda: Double?

    func validate() throws {
        guard let lambda else {
            throw ValidationError("give --lambda L to fit one model, or use `enet path` for the whole regularisation path")
        }
        guard lambda >= 0, lambda.isFinite else { throw ValidationError("--lambda must be a finite number >= 0, got \(lambda)") }
    }

    func run() throws {
        let data = try LoadedData(common)
        let model = ElasticNet(options: data.options)
        let lambdaMax = try model.lambdaMax(x: data.x, y: data.y, weights: data.weights)
        let fit = try model.fit(x: data.x, y: data.y, weights: data.weights, lambda: lambda!)
        let report = FitReport(data: data, fit: fit, lambdaMax: lambdaMax)
        try Output.emit(common.format == .json ? report.json().rendered() : report.text(), to: common.output)
        Output.warn(fit.converged ? [] : ["stopped at the iteration cap with relative duality gap \(fit.certificate.relativeGap), above --tol \(data.options.tolerance)"])
    }
}

/// One fit as text or JSON.
struct FitReport {
    let data: LoadedData
    let fit: ElasticNetFit
    let lambdaMax: Double

    func json() -> JSON {
        let options = data.options
        var members: [(String, JSON)] = [
            ("family", .string(options.family.rawValue)),
            ("alpha", .number(options.alpha)),
            ("lambda", .number(fit.lambda)),
            ("standardize", .bool(options.standardize)),
            ("intercept", .number(fit.intercept)),
            ("coefficients", .object(zip(data.featureNames, fit.coefficients).map { ($0, .number($1)) })),
            ("nonzero", .integer(fit.nonzeroCount)),
            ("objective", .number(fit.certificate.objective)),
            ("duality_gap", .number(fit.certificate.dualityGap)),
            ("iterations", .integer(fit.iterations)),
            ("relative_gap", .number(fit.certificate.relativeGap)),
            ("max_kkt_violation", .number(fit.certificate.maxKKTViolation)),
            ("converged", .bool(fit.converged)),
            ("dev_ratio", .number(fit.devianceRatio)),
            ("lambda_max", .number(lambdaMax)),
            ("fit_intercept", .bool(options.intercept)),
        ]
        if let classes = data.classes {
            members.append(("classes", .object([("negative", .number(classes.negative)), ("positive", .number(classes.positive))])))
        }
        return .object(members)
    }

    func text() -> String {
        let options = data.options
        var lines = [String]()
        lines.append("\(options.family.rawValue) elastic net, alpha \(Text.number(options.alpha)), lambda \(Text.number(fit.lambda)) (lambda_max \(Text.number(lambdaMax)))")
        if let classes = data.classes {
            lines.append("response: \(Text.number(classes.positive)) is 1, \(Text.number(classes.negative)) is 0")
        }
        lines.append("objective \(Text.number(fit.certificate.objective)), duality gap \(Text.number(fit.certificate.dualityGap)) (relative \(Text.number(fit.certificate.relativeGap))), \(fit.iterations) sweeps\(fit.converged ? "" : ", NOT converged")")
        lines.append("")
        let width = max(9, data.featureNames.map(\.count).max() ?? 0)
        lines.append(Text.pad("feature", width) + "  " + Text.padLeft("coefficient", 24) + "  status")
        lines.append(Text.pad("(intercept)", width) + "  " + Text.padLeft(Text.exact(fit.intercept), 24))
        for (name, value) in zip(data.featureNames, fit.coefficients) {
            lines.append(Text.pad(name, width) + "  " + Text.padLeft(Text.exact(value), 24) + "  " + (value == 0 ? "zero" : "nonzero"))
        }
        lines.append("")
        lines.append("\(fit.nonzeroCount) of \(fit.coefficients.count) coefficients nonzero")
        return lines.joined(separator: "\n") + "\n"
    }
}
