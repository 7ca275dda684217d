import ArgumentParser
import Dispatch
import ElasticNetCore
import ElasticNetIO
import ElasticNetModelFile
import Foundation

/// `enet path`: the whole regularisation path.
struct PathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path", abstract: "Fit the regularisation path over a decreasing lambda sequence.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var sequence: SequenceOptions

    @OptionGroup var scaleOptions: LambdaScaleOptions

    @OptionGroup var progressOptions: ProgressOptions

    @Flag(help: "Report the seconds spent reading the data and fitting the path, and the fit's CPU seconds (JSON: \"timing\"; text: a last line).")
    var timing = false

    func run() throws {
        let loadStart = DispatchTime.now().uptimeNanoseconds
        var data = try LoadedData(common)
        let (fitStart, fitCPUStart) = (DispatchTime.now().uptimeNanoseconds, Self.processCPUSeconds())
        let (options, lambdas) = LambdaConvention.request(scaleOptions.lambdaScale, data: data, alpha: common.alpha,
                                                          sequence: try sequence.sequence())
        var model = ElasticNet(options: options)
        let bar = ProgressBar(options: progressOptions)
        defer { bar?.finish() }   // also when the fit throws, so the error starts a clean line
        model.progress = bar?.nextStage()
        let report: PathReport
        if let classes = data.classIndex, let labels = data.labels {
            let path = try model.multinomialPath(x: data.x, classes: classes, classCount: labels.count,
                                                 weights: data.weights, lambdas: lambdas)
            report = PathReport(data: data, summary: PathSummary(path), fits: ModelFile.Fits(path))
        } else {
            let path = try model.path(x: data.x, y: data.y, weights: data.weights, offset: data.offset, lambdas: lambdas)
            // The model file records the objective fitted (the documented alpha and lambdas).
            data.alpha = path.options.alpha
            report = PathReport(data: data, summary: PathSummary(path), fits: ModelFile.Fits(path),
                                convention: LambdaConvention.printing(path, option: scaleOptions.lambdaScale, data: data,
                                                                      alpha: common.alpha))
        }
        let (fitEnd, fitCPUSeconds) = (DispatchTime.now().uptimeNanoseconds, Self.processCPUSeconds() - fitCPUStart)
        // Cleared before anything is printed: the table may go to the same terminal.
        bar?.finish()
        let (loadSeconds, fitSeconds) = (Double(fitStart - loadStart) / 1e9, Double(fitEnd - fitStart) / 1e9)
        let timingFields: [(String, JSON)] = timing
            ? [("timing", .object([("load_seconds", .number(loadSeconds)), ("fit_seconds", .number(fitSeconds)),
                                   ("fit_cpu_seconds", .number(fitCPUSeconds))]))] : []
        let output = outputOptions.outputFormat == .json
            ? JSON.object(report.json() + timingFields
                          + (try ModelFile.fields(command: "path", data: data, common: common, fits: report.fits))).rendered()
            : report.text() + (timing ? "load \(Text.number(loadSeconds)) s, fit \(Text.number(fitSeconds)) s (CPU \(Text.number(fitCPUSeconds)) s)\n" : "")
        try Output.emit(output, to: outputOptions.output)
        Output.warn(report.summary.warnings)
    }

    /// CPU seconds this process has used: on a machine shared with other work the wall clock
    /// counts the waits for a core too, the CPU time (nearly) only the fit's own work, which is
    /// what enet-bench's fit_cpu_seconds measures in process, so the two can be compared.
    static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

/// The lambda sequence of `path` and `cv`.
struct SequenceOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Number of lambdas on the default sequence.")
    var nlambda: Int = 100

    @Option(name: .customLong("lambda-min-ratio"), parsing: .unconditional,
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

    /// The lambda sequence these options ask for.
    func sequence() throws -> LambdaSequence {
        try lambdas.map { .explicit(try LambdaFile.read(path: $0)) } ?? .automatic(count: nlambda, minRatio: lambdaMinRatio)
    }
}

/// What a path report shows of each fit, the same for every family.
struct PathSummary {
    struct Point {
        var lambda: Double
        var certificate: Certificate
        var iterations: Int
        var converged: Bool
        var convergence: Convergence = .tolerance
        var devianceRatio: Double
        var nonzero: Int
        /// Multinomial: nonzero coefficients per class.
        var nonzeroPerClass: [Int]?
    }

    var options: FitOptions
    var lambdaMax: Double
    var nullDeviance: Double
    var points: [Point]
    var requestedCount: Int
    var earlyStop: EarlyStop?
    var warnings: [String]

    init(_ path: RegularizationPath) {
        options = path.options
        lambdaMax = path.lambdaMax
        nullDeviance = path.nullDeviance
        points = path.fits.map {
            Point(lambda: $0.lambda, certificate: $0.certificate, iterations: $0.iterations, converged: $0.converged,
                  convergence: $0.convergence, devianceRatio: $0.devianceRatio, nonzero: $0.nonzeroCount)
        }
        requestedCount = path.requestedCount
        earlyStop = path.earlyStop
        warnings = path.warnings
    }

    init(_ path: MultinomialPath) {
        options = path.options
        lambdaMax = path.lambdaMax
        nullDeviance = path.nullDeviance
        points = path.fits.map { fit in
            Point(lambda: fit.lambda, certificate: fit.certificate, iterations: fit.iterations, converged: fit.converged,
                  convergence: fit.convergence, devianceRatio: fit.devianceRatio, nonzero: fit.nonzeroCount,
                  nonzeroPerClass: (0 ..< path.classCount).map { fit.nonzeroCount(inClass: $0) })
        }
        requestedCount = path.requestedCount
        earlyStop = path.earlyStop
        warnings = path.warnings
    }
}

/// A path as glmnet-style text or JSON.
struct PathReport {
    let data: LoadedData
    let summary: PathSummary
    let fits: ModelFile.Fits
    /// How alpha and lambda are printed (`--lambda-scale`, the unit-free default sequence); nil: as fitted.
    var convention: LambdaConvention? = nil

    var isMultinomial: Bool { data.labels != nil }
    var shown: LambdaConvention { convention ?? .documented(alpha: summary.options.alpha) }

    func json() -> [(String, JSON)] {
        let points = summary.points, names = data.featureNames, shown = self.shown
        let classNames = data.classNames ?? []
        func sparse(_ b: [Double]) -> JSON { .object(zip(names, b).filter { $0.1 != 0 }.map { ($0.0, .number($0.1)) }) }
        var members: [(String, JSON)] = [
            ("family", .string(summary.options.family.rawValue)),
            ("alpha", .number(shown.printedAlpha)),
            ("standardize", .bool(summary.options.standardize)),
            ("fit_intercept", .bool(summary.options.intercept)),
            ("features", .array(names.map { .string($0) })),
        ] + shown.lambdaMembers("lambda_max", summary.lambdaMax) + shown.lambdaMembers("lambdas", points.map(\.lambda)) + [
            ("intercepts", isMultinomial
                ? .array(fits.intercepts.map { b0 in .object(zip(classNames, b0).map { ($0, .number($1)) }) })
                : .numbers(fits.intercepts.map { $0[0] })),
            ("df", .array(points.map { .integer($0.nonzero) })),
            ("dev_ratio", .numbers(points.map(\.devianceRatio))),
            ("null_deviance", .number(summary.nullDeviance)),
            ("objectives", .numbers(points.map(\.certificate.objective))),
            ("duality_gaps", .numbers(points.map(\.certificate.dualityGap))),
            ("relative_gaps", .numbers(points.map(\.certificate.relativeGap))),
            ("max_kkt_violations", .numbers(points.map(\.certificate.maxKKTViolation))),
            ("iterations", .array(points.map { .integer($0.iterations) })),
            ("converged", .array(points.map { .bool($0.converged) })),
            ("convergence", .array(points.map { .string(FitReport.convergenceLabel(converged: $0.converged, $0.convergence)) })),
            ("coefficients", .array(fits.coefficients.map { perClass in
                isMultinomial ? .object(zip(classNames, perClass).map { ($0, sparse($1)) }) : sparse(perClass[0])
            })),
            ("requested_lambdas", .integer(summary.requestedCount)),
            ("stopped_early", summary.earlyStop.map { .object([("fitted", .integer(points.count)), ("reason", .string($0.description))]) } ?? .null),
            ("warnings", .array(summary.warnings.map { .string($0) })),
        ] + shown.members() + FitReport.penaltyMembers(summary.options)
        if isMultinomial {
            members.insert(("classes", .array(classNames.map { .string($0) })), at: 2)
            members.insert(("grouped", .bool(summary.options.grouped)), at: 3)
            members.append(("df_per_class", .array(points.map { point in
                .object(zip(classNames, point.nonzeroPerClass ?? []).map { ($0, .integer($1)) })
            })))
        } else if let classes = data.classes {
            members.append(("classes", .object([("negative", .number(classes.negative)), ("positive", .number(classes.positive))])))
        } else if let labels = data.classLabels {
            members.append(("classes", .object([("negative", .string(labels[0])), ("positive", .string(labels[1]))])))
        }
        return members
    }

    func text() -> String {
        let options = summary.options, shown = self.shown
        let family = options.family.rawValue + (options.grouped ? " grouped" : "")
        let kkt = !options.penalty.isConvex
        let penalty = options.penalty.name + (options.penalty.concavity.map { " (concavity \(Text.number($0)))" } ?? "")
        var lines = ["\(family) \(penalty) path, alpha \(Text.number(shown.printedAlpha)), \(data.featureNames.count) features, \(data.y.count) rows, lambda_max \(Text.number(shown.printed(summary.lambdaMax)))"]
        if let note = shown.note() { lines.append(note) }
        if !isMultinomial, let labels = data.classLabels {
            lines.append("response: \(labels[1]) is 1, \(labels[0]) is 0")
        }
        let classNames = data.classNames ?? []
        if isMultinomial { lines.append("classes: " + classNames.joined(separator: ", ")) }
        if kkt { lines.append(FitReport.kktNote.prefix(1).uppercased() + FitReport.kktNote.dropFirst() + ".") }
        lines.append("")
        var header = Text.padLeft("", 4) + "  " + Text.padLeft("lambda", 12) + "  " + Text.padLeft("df", 4) + "  "
            + Text.padLeft("%dev", 7) + "  " + Text.padLeft(kkt ? "max KKT" : "rel. gap", 9)
        if isMultinomial { header += "  df per class" }
        lines.append(header)
        for (k, point) in summary.points.enumerated() {
            var line = Text.padLeft(String(k + 1), 4) + "  " + Text.padLeft(Text.number(shown.printed(point.lambda)), 12) + "  "
                + Text.padLeft(String(point.nonzero), 4) + "  "
                + Text.padLeft(Text.fixed(100 * point.devianceRatio, 2), 7) + "  "
                + Text.padLeft(Text.number(kkt ? point.certificate.maxKKTViolation : point.certificate.relativeGap, digits: 2), 9)
            if let perClass = point.nonzeroPerClass { line += "  " + perClass.map(String.init).joined(separator: " ") }
            let label = FitReport.convergenceLabel(converged: point.converged, point.convergence)
            lines.append(line + (point.converged ? (label == Convergence.tolerance.rawValue ? "" : "  " + label)
                                                 : "  not converged" + (label == Convergence.stalled.rawValue ? " (stalled)" : "")))
        }
        if let stop = summary.earlyStop {
            lines.append("")
            lines.append("The path stopped after \(summary.points.count) of \(summary.requestedCount) lambdas: \(stop).")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
