import ArgumentParser
import ElasticNetCore
import ElasticNetModelFile
import Foundation

/// `enet explain`: where each coefficient's zero (or nonzero) comes from.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Zero provenance of every coefficient at one lambda: KKT margin, gap-safe certificate, path events.",
        discussion: """
        Give a model file written by `enet fit`, `path` or `cv` with --format json (its training data is read again
        from the manifest, checked by SHA-256), or a data file with the fit options. For a zero, the KKT margin
        |g_j| / (lambda alpha pf_j) is below 1 (how far below says how firmly it is zero); for a nonzero, the
        subgradient residual is 0 at the optimum. A zero is certified when the gap-safe sphere test (Fercoq,
        Gramfort & Salmon 2015) proves it zero at the optimum from the duality gap reached. Path events come from
        the default path (lambda_max down) on the same data.
        """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var outputOptions: OutputOptions

    @Option(parsing: .unconditional, help: "The lambda to explain (model: default lambda.1se, or its only lambda).")
    var lambda: Double?

    @Option(name: .customLong("lambda-frac"), parsing: .unconditional,
            help: "Data: lambda as this fraction of lambda_max, in (0, 1] (default 0.1 when --lambda is not given).")
    var lambdaFrac: Double?

    func validate() throws {
        if lambda != nil && lambdaFrac != nil { throw ValidationError("give --lambda or --lambda-frac, not both") }
        if let lambda, !(lambda >= 0 && lambda.isFinite) { throw ValidationError("--lambda must be a finite number >= 0, got \(lambda)") }
        if let lambdaFrac, !(lambdaFrac > 0 && lambdaFrac <= 1) { throw ValidationError("--lambda-frac must be in (0, 1], got \(lambdaFrac)") }
        if common.family == .multinomial { throw ValidationError("--family multinomial: explain covers the single-response families (gaussian, binomial, poisson, gamma)") }
    }

    /// A model file (JSON object with the enet-model format), as opposed to a data file.
    static func isModelFile(_ path: String) -> Bool {
        guard path.lowercased().hasSuffix(".json"), let bytes = FileManager.default.contents(atPath: path),
              let root = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else { return false }
        return root["format"] as? String == ModelFile.format
    }

    func run() throws {
        let data: LoadedData
        var chosen: Double?
        var source: String
        if Self.isModelFile(common.data) {
            let saved = try SavedModel(path: common.data)
            guard saved.family != .multinomial else { throw CommandError("\(common.data): explain covers the single-response families (gaussian, binomial, poisson, gamma)") }
            data = try Refit(saved: saved, modelFile: common.data).trainingData()
            chosen = lambda ?? saved.lambda1se ?? (saved.fits.lambdas.count == 1 ? saved.fits.lambdas[0] : nil)
            guard chosen != nil else {
                throw CommandError("\(common.data): the model has \(saved.fits.lambdas.count) lambdas and no lambda.1se; give --lambda")
            }
            source = "model \(common.data) (lambda \(lambda == nil ? (saved.lambda1se != nil ? "lambda.1se" : "of the model") : "given"))"
            if lambdaFrac != nil { throw ValidationError("--lambda-frac applies to a data file; give --lambda for a model") }
        } else {
            data = try LoadedData(common)
            chosen = lambda
            source = common.data
        }
        let model = ElasticNet(options: data.options)
        let lambdaMax = try model.lambdaMax(x: data.x, y: data.y, weights: data.weights, offset: data.offset)
        if chosen == nil {
            let fraction = lambdaFrac ?? 0.1
            chosen = fraction * lambdaMax
            source += " (lambda = \(Text.number(fraction)) x lambda_max)"
        }
        let provenance = try model.zeroProvenance(x: data.x, y: data.y, weights: data.weights, offset: data.offset, lambda: chosen!)
        let output = outputOptions.outputFormat == .json ? json(provenance, data: data).rendered() : text(provenance, data: data, source: source)
        try Output.emit(output, to: outputOptions.output)
    }

    func json(_ p: ZeroProvenance, data: LoadedData) -> JSON {
        let names = data.featureNames
        func lambdas(_ events: [ZeroProvenance.PathEvent], _ kind: ZeroProvenance.PathEvent.Kind) -> JSON {
            .numbers(events.filter { $0.kind == kind }.map(\.lambda))
        }
        return .object([
            ("family", .string(data.options.family.rawValue)),
            ("alpha", .number(data.options.alpha)),
            ("lambda", .number(p.lambda)),
            ("lambda_max", .number(p.lambdaMax)),
            ("objective", .number(p.certificate.objective)),
            ("duality_gap", .number(p.certificate.dualityGap)),
            ("safe_radius", p.safeRadius.map { .number($0) } ?? .null),
            ("coefficients", .array(p.coefficients.map { c in
                .object([
                    ("feature", .string(names[c.feature])), ("value", .number(c.value)), ("status", .string(c.status.rawValue)),
                    ("kkt_margin", c.kktMargin.map { .number($0) } ?? .null),
                    ("subgradient_residual", c.subgradientResidual.map { .number($0) } ?? .null),
                    ("certified_zero", .bool(c.certifiedZero)),
                    ("entered", lambdas(c.events, .enters)), ("left", lambdas(c.events, .leaves)),
                    ("sign_changes", .numbers(c.signChangeLambdas)),
                ])
            })),
            ("path_lambdas", .numbers(p.pathLambdas)),
        ] + FitReport.penaltyMembers(data.options) + [
            ("events", .array(p.events.map { e in
                .object([("lambda", .number(e.lambda)), ("feature", .string(names[e.feature])), ("event", .string(e.kind.rawValue)),
                         ("sign", .integer(e.sign))])
            })),
        ])
    }

    func text(_ p: ZeroProvenance, data: LoadedData, source: String) -> String {
        let names = data.featureNames
        let width = max(9, names.map(\.count).max() ?? 0)
        var lines = ["Zero provenance at lambda \(Text.number(p.lambda)) (lambda_max \(Text.number(p.lambdaMax))), \(data.options.family.rawValue), alpha \(Text.number(data.options.alpha)), from \(source)",
                     "objective \(Text.number(p.certificate.objective)), \(FitReport.certificateText(p.certificate))"
                         + (p.safeRadius.map { ", gap-safe sphere radius \(Text.number($0))" }
                            ?? (p.certificate.kind == .kkt ? ", no gap-safe sphere without a duality gap" : ", no gap-safe sphere for this family")),
                     "",
                     Text.pad("feature", width) + "  " + Text.padLeft("value", 22) + "  " + Text.pad("status", 8) + "  "
                         + Text.pad("KKT", 28) + "  " + Text.pad("certified 0", 11) + "  path"]
        for c in p.coefficients {
            let kkt: String
            switch c.status {
            case .zero: kkt = c.kktMargin.map { "margin \(Text.number($0, digits: 3))" + ($0 < 1 ? " (< 1)" : " (>= 1!)") } ?? "no L1 penalty"
            case .nonzero: kkt = "residual \(Text.number(c.subgradientResidual ?? 0, digits: 2))"
            case .excluded: kkt = "excluded"
            }
            let history = c.events.map { e in
                "\(e.kind == .leaves ? "left" : (e.kind == .enters ? "entered" : "changed sign")) \(Text.number(e.lambda, digits: 3))\(e.kind == .leaves ? "" : (e.sign > 0 ? " (+)" : " (-)"))"
            }.joined(separator: ", ")
            lines.append(Text.pad(names[c.feature], width) + "  " + Text.padLeft(Text.exact(c.value), 22) + "  "
                         + Text.pad(c.status.rawValue, 8) + "  " + Text.pad(kkt, 28) + "  "
                         + Text.pad(c.status == .nonzero ? "-" : (c.certifiedZero ? "yes" : "no"), 11) + "  "
                         + (history.isEmpty ? "never enters" : history))
        }
        lines.append("")
        lines.append("KKT margin: |dL/dc_j| / (lambda alpha pf_j), below 1 for an optimal zero; residual: distance to the penalty's subdifferential, 0 at the optimum.")
        lines.append("certified 0: the gap-safe sphere test proves the coefficient is 0 at the exact optimum, not only at this fit.")
        lines.append("path: events along the default path as lambda decreases; those below \(Text.number(p.lambda)) come after this fit.")
        lines.append("")
        let last = p.pathLambdas.last.map { Text.number($0) } ?? "-"
        lines.append("Path events (\(p.pathLambdas.count) lambdas from \(Text.number(p.pathLambdas.first ?? p.lambdaMax)) to \(last)):")
        for e in p.events {
            let what = e.kind == .leaves ? "leaves" : "\(e.kind.rawValue) (\(e.sign > 0 ? "+" : "-"))"
            lines.append("  lambda \(Text.number(e.lambda, digits: 3)): \(names[e.feature]) \(what)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
