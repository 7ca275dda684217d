import ArgumentParser
import ElasticNetCore
import ElasticNetIO
import ElasticNetModelFile

/// `enet fit`: one model at one lambda.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit", abstract: "Fit one model at one lambda and print its coefficients.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var solverOptions: SolverOptions

    @OptionGroup var scaleOptions: LambdaScaleOptions

    @Option(parsing: .unconditional, help: "The penalty strength (>= 0). Required: for many lambdas use `enet path`.")
    var lambda: Double?

    func validate() throws {
        guard let lambda else {
            throw ValidationError("give --lambda L to fit one model, or use `enet path` for the whole regularisation path")
        }
        guard lambda >= 0, lambda.isFinite else { throw ValidationError("--lambda must be a finite number >= 0, got \(lambda)") }
        if solverOptions.kind != .cd && common.family == .multinomial {
            let families = [.sgd, .subgradient].contains(solverOptions.kind) ? "gaussian and binomial" : "gaussian, binomial, poisson and gamma"
            throw ValidationError("--solver \(solverOptions.kind.rawValue) handles \(families); multinomial fits use --solver cd")
        }
        if solverOptions.trace != nil && common.family == .multinomial {
            throw ValidationError("--trace records the single-response solvers (gaussian, binomial, poisson, gamma); a multinomial fit has no trace")
        }
        if [.sgd, .subgradient].contains(solverOptions.kind) && !common.family.hasBoundedCurvature {
            throw ValidationError("--solver \(solverOptions.kind.rawValue) needs a loss of bounded curvature (gaussian or binomial); for \(common.family.rawValue) use proximal-gradient, fista or cd")
        }
    }

    func run() throws {
        var data = try LoadedData(common)
        // glmnet's (alpha, lambda) become the documented objective's; printed back in glmnet's.
        let glmnetScale = LambdaConvention.glmnetScale(scaleOptions.lambdaScale, data: data, alpha: common.alpha)
        var convention = LambdaConvention.documented(alpha: common.alpha)
        var lambda = self.lambda!
        if let scale = glmnetScale {
            data.alpha = scale.documentedAlpha
            lambda = scale.documented(lambda: lambda)
            convention = .glmnet(scale)
        }
        let model = ElasticNet(options: data.options)
        let json: () throws -> JSON, text: () -> String
        let warnings: [String]
        if let classes = data.classIndex, let labels = data.labels {
            let lambdaMax = try model.multinomialLambdaMax(x: data.x, classes: classes, classCount: labels.count,
                                                           weights: data.weights)
            let fit = try model.multinomialFit(x: data.x, classes: classes, classCount: labels.count,
                                               weights: data.weights, lambda: lambda)
            let report = MultinomialFitReport(data: data, fit: fit, lambdaMax: lambdaMax)
            let fits = ModelFile.Fits(lambdas: [fit.lambda], intercepts: [fit.intercepts], coefficients: [fit.coefficients])
            json = { .object(report.json() + (try ModelFile.fields(command: "fit", data: data, common: common, fits: fits))) }
            text = report.text
            warnings = fit.converged ? [] : [FitReport.notConverged(fit.certificate, data.options, fit.convergence)]
        } else {
            // Under glmnet's convention ridge's lambda_max is glmnet's (the floored alpha's, over q).
            let lambdaMax = try model.lambdaMax(x: data.x, y: data.y, weights: data.weights, offset: data.offset)
                * (glmnetScale?.sequenceStartFactor ?? 1)
            let solved = try model.fit(x: data.x, y: data.y, weights: data.weights, offset: data.offset, lambda: lambda,
                                       solver: solverOptions.settings(maxIterations: common.maxIterations))
            let fit = solved.fit
            let report = FitReport(data: data, fit: fit, lambdaMax: lambdaMax, iterationUnit: SolverReport.unit(solved.solver),
                                   convention: convention)
            let fits = ModelFile.Fits(lambdas: [fit.lambda], intercepts: [[fit.intercept]], coefficients: [[fit.coefficients.array]])
            // The solver's fields only when one was asked for: a plain `enet fit` prints what it always did.
            let solverMembers = solverOptions.solver == nil ? [] : SolverReport.members(solved)
            json = { .object(report.json() + solverMembers + (try ModelFile.fields(command: "fit", data: data, common: common, fits: fits))) }
            text = { report.text() + (solverOptions.solver == nil ? "" : SolverReport.text(solved)) }
            if let path = solverOptions.trace { try AtomicFile.write(solved.trace.csv(), to: path) }
            warnings = fit.converged ? [] : [FitReport.notConverged(fit.certificate, data.options,
                                                                    solverOptions.solver == nil ? fit.convergence : .iterationCap)]
        }
        try Output.emit(outputOptions.outputFormat == .json ? try json().rendered() : text(), to: outputOptions.output)
        Output.warn(warnings)
    }
}

/// One fit as text or JSON.
struct FitReport {
    let data: LoadedData
    let fit: ElasticNetFit
    let lambdaMax: Double
    /// What `fit.iterations` counts: coordinate-descent sweeps, or a gradient solver's iterations or epochs.
    var iterationUnit = "sweeps"
    /// How alpha and lambda are printed (`--lambda-scale`); nil: as fitted.
    var convention: LambdaConvention? = nil

    static func notConverged(_ certificate: Certificate, _ options: FitOptions, _ convergence: Convergence = .iterationCap) -> String {
        if certificate.kind == .kkt {
            let why = convergence == .stalled ? "the KKT residual stopped falling" : "stopped at the iteration cap"
            return "\(why): largest KKT residual \(certificate.maxKKTViolation), above --tol \(options.tolerance) x the largest null-model gradient"
        }
        let why = convergence == .stalled ? "the duality gap stopped falling" : "stopped at the iteration cap"
        return "\(why): relative duality gap \(certificate.relativeGap) (gap \(certificate.dualityGap)), above --tol \(options.tolerance)"
    }

    /// How a fit stopped, as printed: "tolerance", "machine precision", "stalled" or "iteration cap".
    static func convergenceLabel(converged: Bool, _ convergence: Convergence) -> String {
        converged || !convergence.isConverged ? convergence.rawValue : Convergence.iterationCap.rawValue
    }

    /// The text after the certificate on a report's status line.
    static func convergenceNote(converged: Bool, _ convergence: Convergence) -> String {
        switch convergenceLabel(converged: converged, convergence) {
        case Convergence.tolerance.rawValue: return ""
        case Convergence.machinePrecision.rawValue:
            return ", converged to machine precision (the gap, or at a lambda below a gradient's rounding every KKT residual, is at rounding level)"
        case Convergence.stalled.rawValue: return ", NOT converged (the duality gap stopped falling)"
        default: return ", NOT converged"
        }
    }

    /// The certificate on a status line: the duality gap, or the KKT residual when the penalty is
    /// not convex (no duality gap exists then; the KKT conditions certify a stationary point).
    static func certificateText(_ certificate: Certificate) -> String {
        certificate.kind == .kkt
            ? "KKT residual \(Text.number(certificate.maxKKTViolation)) (\(kktNote))"
            : "duality gap \(Text.number(certificate.dualityGap)) (relative \(Text.number(certificate.relativeGap)))"
    }

    static let kktNote = "certificate: the KKT conditions, because the penalty is not convex and has no duality gap; a stationary point, not necessarily the global minimum"

    /// The penalty's kind and certificate, for JSON: nothing for the (default) elastic net.
    static func penaltyMembers(_ options: FitOptions) -> [(String, JSON)] {
        guard options.penalty != .elasticNet else { return [] }
        let kind: Certificate.Kind = options.penalty.isConvex ? .dualityGap : .kkt
        var members: [(String, JSON)] = [("penalty", JSON.string(options.penalty.name))]
        members.append(("concavity", options.penalty.concavity.map { JSON.number($0) } ?? JSON.null))
        members.append(("certificate", JSON.string(kind.rawValue)))
        if kind == .kkt { members.append(("certificate_note", JSON.string(kktNote))) }
        return members
    }

    /// The certificate and solver fields every one-lambda report carries, after its coefficients.
    static func certificateMembers(_ certificate: Certificate, iterations: Int, converged: Bool, devianceRatio: Double,
                                   lambdaMax: Double, options: FitOptions, convergence: Convergence = .tolerance) -> [(String, JSON)] {
        [
            ("objective", .number(certificate.objective)),
            ("duality_gap", .number(certificate.dualityGap)),
            ("iterations", .integer(iterations)),
            ("relative_gap", .number(certificate.relativeGap)),
            ("max_kkt_violation", .number(certificate.maxKKTViolation)),
            ("converged", .bool(converged)),
            ("convergence", .string(convergenceLabel(converged: converged, convergence))),
            ("dev_ratio", .number(devianceRatio)),
            ("lambda_max", .number(lambdaMax)),
            ("fit_intercept", .bool(options.intercept)),
        ] + penaltyMembers(options)
    }

    func json() -> [(String, JSON)] {
        let options = data.options
        let shown = convention ?? .documented(alpha: options.alpha)
        var members: [(String, JSON)] = [
            ("family", .string(options.family.rawValue)),
            ("alpha", .number(shown.printedAlpha)),
        ] + shown.lambdaMembers("lambda", fit.lambda) + [
            ("standardize", .bool(options.standardize)),
            ("intercept", .number(fit.intercept)),
            ("coefficients", .object(zip(data.featureNames, fit.coefficients).map { ($0, .number($1)) })),
            ("nonzero", .integer(fit.nonzeroCount)),
        ] + FitReport.certificateMembers(fit.certificate, iterations: fit.iterations, converged: fit.converged,
                                         devianceRatio: fit.devianceRatio, lambdaMax: lambdaMax, options: options,
                                         convergence: fit.convergence)
            + (shown.isGlmnet ? shown.lambdaMembers("lambda_max", lambdaMax).dropFirst() : []) + shown.members()
        if let classes = data.classes {
            members.append(("classes", .object([("negative", .number(classes.negative)), ("positive", .number(classes.positive))])))
        } else if let labels = data.classLabels {
            members.append(("classes", .object([("negative", .string(labels[0])), ("positive", .string(labels[1]))])))
        }
        return members
    }

    func text() -> String {
        let options = data.options
        let shown = convention ?? .documented(alpha: options.alpha)
        var lines = [String]()
        lines.append("\(options.family.rawValue) \(options.penalty.name)\(options.penalty.concavity.map { " (concavity \(Text.number($0)))" } ?? ""), alpha \(Text.number(shown.printedAlpha)), lambda \(Text.number(shown.printed(fit.lambda))) (lambda_max \(Text.number(shown.printed(lambdaMax))))")
        if let note = shown.note() { lines.append(note) }
        if let labels = data.classLabels {
            lines.append("response: \(labels[1]) is 1, \(labels[0]) is 0")
        }
        lines.append("objective \(Text.number(fit.certificate.objective)), \(FitReport.certificateText(fit.certificate)), \(fit.iterations) \(iterationUnit)\(FitReport.convergenceNote(converged: fit.converged, fit.convergence))")
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

/// One multinomial fit: the issue's shape, one intercept and one coefficient object per class.
struct MultinomialFitReport {
    let data: LoadedData
    let fit: MultinomialFit
    let lambdaMax: Double

    var classNames: [String] { data.classNames ?? [] }

    func json() -> [(String, JSON)] {
        let options = data.options
        return [
            ("family", .string("multinomial")),
            ("alpha", .number(options.alpha)),
            ("lambda", .number(fit.lambda)),
            ("standardize", .bool(options.standardize)),
            ("grouped", .bool(options.grouped)),
            ("classes", .array(classNames.map { .string($0) })),
            ("intercept", .object(zip(classNames, fit.intercepts).map { ($0, .number($1)) })),
            ("coefficients", .object(zip(classNames, fit.coefficients).map { name, b in
                (name, .object(zip(data.featureNames, b).map { ($0, .number($1)) }))
            })),
            ("nonzero", .integer(fit.nonzeroCount)),
            ("nonzero_per_class", .object(classNames.indices.map { (classNames[$0], .integer(fit.nonzeroCount(inClass: $0))) })),
        ] + FitReport.certificateMembers(fit.certificate, iterations: fit.iterations, converged: fit.converged,
                                         devianceRatio: fit.devianceRatio, lambdaMax: lambdaMax, options: options,
                                         convergence: fit.convergence)
    }

    func text() -> String {
        let options = data.options
        var lines = [String]()
        lines.append("multinomial\(options.grouped ? " grouped" : "") elastic net, \(classNames.count) classes, alpha \(Text.number(options.alpha)), lambda \(Text.number(fit.lambda)) (lambda_max \(Text.number(lambdaMax)))")
        lines.append("objective \(Text.number(fit.certificate.objective)), duality gap \(Text.number(fit.certificate.dualityGap)) (relative \(Text.number(fit.certificate.relativeGap))), \(fit.iterations) sweeps\(FitReport.convergenceNote(converged: fit.converged, fit.convergence))")
        lines.append("")
        let width = max(11, data.featureNames.map(\.count).max() ?? 0)
        let column = max(12, classNames.map(\.count).max() ?? 0)
        lines.append(Text.pad("feature", width) + classNames.map { "  " + Text.padLeft($0, column) }.joined())
        lines.append(Text.pad("(intercept)", width) + fit.intercepts.map { "  " + Text.padLeft(Text.number($0), column) }.joined())
        for (j, name) in data.featureNames.enumerated() {
            lines.append(Text.pad(name, width) + fit.coefficients.map { "  " + Text.padLeft($0[j] == 0 ? "0" : Text.number($0[j]), column) }.joined())
        }
        lines.append("")
        lines.append("\(fit.nonzeroCount) of \(data.featureNames.count) features in use; nonzero per class: "
                     + classNames.indices.map { "\(classNames[$0]) \(fit.nonzeroCount(inClass: $0))" }.joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }
}

/// What a fit by a named solver adds to the report: the solver, and how many of its zeros are zeros.
enum SolverReport {
    static func members(_ solved: GradientFit) -> [(String, JSON)] {
        // "iterations" (sweeps, iterations or epochs) is already among the certificate's members.
        [
            ("solver", .string(solved.solver.rawValue)),
            ("iteration_unit", .string(unit(solved.solver))),
            ("exact_zeros", .integer(solved.exactZeroCount)),
            ("below_1e-8", .integer(solved.belowThresholdCount)),
            ("tiny_nonzeros", .integer(solved.tinyNonzeroCount)),
            ("smallest_abs_nonzero", smallestNonzero(solved).map { .number($0) } ?? .null),
            ("seconds", .number(solved.seconds)),
        ] + (solved.solver == .subgradient ? [("zeros_note", .string(subgradientNote(solved)))] : [])
    }

    /// The smallest |b| among the nonzero coefficients (nil if all are zero).
    static func smallestNonzero(_ solved: GradientFit) -> Double? {
        solved.fit.coefficients.filter { $0 != 0 }.map(abs).min()
    }

    /// The subgradient baseline says plainly what its small coefficients are.
    static func subgradientNote(_ solved: GradientFit) -> String {
        "subgradient steps never stop at 0: \(solved.exactZeroCount) coefficients are exactly 0 and the ones the lasso would zero are small nonzeros (smallest |b| \(smallestNonzero(solved).map { Text.number($0, digits: 3) } ?? "-")), not zeros"
    }

    /// What a solver's iterations are.
    static func unit(_ solver: SolverKind) -> String { solver == .sgd ? "epochs" : (solver == .cd ? "sweeps" : "iterations") }

    static func text(_ solved: GradientFit) -> String {
        var lines = ["solver \(solved.solver.rawValue): \(solved.fit.iterations) \(unit(solved.solver)), \(solved.exactZeroCount) exact zeros, "
            + "\(solved.tinyNonzeroCount) nonzeros with |b| < 1e-8"]
        if solved.solver == .subgradient { lines.append(subgradientNote(solved)) }
        return lines.joined(separator: "\n") + "\n"
    }
}
