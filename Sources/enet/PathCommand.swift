import ArgumentParser
import ElasticNetCore
import ElasticNetIO

/// `enet path`: the whole regularisation path.
struct PathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path", abstract: "Fit the regularisation path over a decreasing lambda sequence.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Number of lambdas on the default sequence.")
    var nlambda: Int = 100

    @Option(name: .customLong("lambda-min-ratio"),
            help: "Smallest lambda as a fraction of lambda_max (default 1e-4 when n > p, else 1e-2).")
    var lambdaMinRatio: Double?

    @Option(help: "A file of lambdas, one per line, strictly decreasing (all are fitted; no early stop).")
    var lambdas: String?

    func validate() throws {
        guard nlambda >= 1 else { throw ValidationError("--nlambda must be at least 1, got \(nlambda)") }
        if let r = lambdaMinRatio, !(r > 0 && r < 1) {
            throw ValidationError("--lambda-min-ratio must be in (0, 1), got \(r)")
        }
        if lambdas != nil && lambdaMinRatio != nil {
            throw ValidationError("--lambdas and --lambda-min-ratio cannot be combined")
        }
    }

    func run() throws {
        let data = try LoadedData(common)
        let sequence: LambdaSequence = try lambdas.map { .explicit(try LambdaFile.read(path: $0)) }
            ?? .automatic(count: nlambda, minRatio: lambdaMinRatio)
        let path = try ElasticNet(options: data.options).path(x: data.x, y: data.y, weights: data.weights,
                                                               lambdas: sequence)
        let report = PathReport(data: data, path: path)
        try Output.emit(common.format == .json ? report.json().rendered() : report.text(), to: common.output)
        Output.warn(path.warnings)
    }
}

/// A path as glmnet-style text or JSON.
struct PathReport {
    let data: LoadedData
    let path: RegularizationPath

    func json() -> JSON {
        let fits = path.fits
        var members: [(String, JSON)] = [
            ("family", .string(path.options.family.rawValue)),
            ("alpha", .number(path.options.alpha)),
            ("standardize", .bool(path.options.standardize)),
            ("fit_intercept", .bool(path.options.intercept)),
            ("features", .array(data.featureNames.map { .string($0) })),
            ("lambda_max", .number(path.lambdaMax)),
            ("lambdas", .numbers(fits.map(\.lambda))),
            ("intercepts", .numbers(fits.map(\.intercept))),
            ("df", .array(fits.map { .integer($0.nonzeroCount) })),
            ("dev_ratio", .numbers(fits.map(\.devianceRatio))),
            ("null_deviance", .number(path.nullDeviance)),
            ("objectives", .numbers(fits.map(\.certificate.objective))),
            ("duality_gaps", .numbers(fits.map(\.certificate.dualityGap))),
            ("relative_gaps", .numbers(fits.map(\.certificate.relativeGap))),
            ("max_kkt_violations", .numbers(fits.map(\.certificate.maxKKTViolation))),
            ("iterations", .array(fits.map { .integer($0.iterations) })),
            ("converged", .array(fits.map { .bool($0.converged) })),
            ("coefficients", .array(fits.map { fit in
                .object(zip(data.featureNames, fit.coefficients).filter { $0.1 != 0 }.map { ($0.0, .number($0.1)) })
            })),
            ("requested_lambdas", .integer(path.requestedCount)),
            ("stopped_early", path.earlyStop.map { .object([("fitted", .integer(fits.count)), ("reason", .string($0.description))]) } ?? .null),
            ("warnings", .array(path.warnings.map { .string($0) })),
        ]
        if let classes = data.classes {
            members.append(("classes", .object([("negative", .number(classes.negative)), ("positive", .number(classes.positive))])))
        }
        return .object(members)
    }

    func text() -> String {
        let options = path.options
        var lines = ["\(options.family.rawValue) elastic net path, alpha \(Text.number(options.alpha)), \(data.featureNames.count) features, \(data.y.count) rows, lambda_max \(Text.number(path.lambdaMax))"]
        if let classes = data.classes {
            lines.append("response: \(Text.number(classes.positive)) is 1, \(Text.number(classes.negative)) is 0")
        }
        lines.append("")
        lines.append(Text.padLeft("", 4) + "  " + Text.padLeft("lambda", 12) + "  " + Text.padLeft("df", 4) + "  "
                     + Text.padLeft("%dev", 7) + "  " + Text.padLeft("rel. gap", 9))
        for (k, fit) in path.fits.enumerated() {
            lines.append(Text.padLeft(String(k + 1), 4) + "  " + Text.padLeft(Text.number(fit.lambda), 12) + "  "
                         + Text.padLeft(String(fit.nonzeroCount), 4) + "  "
                         + Text.padLeft(Text.fixed(100 * fit.devianceRatio, 2), 7) + "  "
                         + Text.padLeft(Text.number(fit.certificate.relativeGap, digits: 2), 9)
                         + (fit.converged ? "" : "  not converged"))
        }
        if let stop = path.earlyStop {
            lines.append("")
            lines.append("The path stopped after \(path.fits.count) of \(path.requestedCount) lambdas: \(stop).")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
