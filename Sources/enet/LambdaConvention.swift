import ArgumentParser
import ElasticNetCore
import ElasticNetModelFile

/// How lambda is read and printed (`--lambda-scale`).
enum LambdaScaleOption: String, ExpressibleByArgument, CaseIterable {
    /// The documented objective's lambda (CONVENTIONS.md).
    case documented
    /// glmnet's nominal lambda for gaussian alpha < 1 (`ResponseScale`): read with --lambda and
    /// --lambdas, and printed, as glmnet would; every other family and alpha = 1 are the same in both.
    case glmnet
}

/// `--lambda-scale` (fit, path, cv).
struct LambdaScaleOptions: ParsableArguments {
    @Option(name: .customLong("lambda-scale"),
            help: "How lambda is read and printed for a gaussian model with alpha < 1: documented (the documented objective, default) or glmnet (glmnet's nominal lambda, on y / sd(y)); the same for other families.")
    var lambdaScale: LambdaScaleOption = .documented
}

/// The lambdas and alpha a command prints, against the documented objective it fits:
/// documented lambda = printed lambda * `documentedPerPrinted`. Text prints lambdas in the chosen
/// convention; JSON, which is also a model file read by `predict` and `plot`, keeps its usual keys
/// in the documented convention and adds glmnet's as `<key>_glmnet` (`glmnetMembers`).
struct LambdaConvention {
    /// The alpha printed as "alpha".
    var printedAlpha: Double
    var documentedPerPrinted: Double = 1
    /// The response scale behind a conversion (glmnet's convention, or a unit-free default sequence).
    var scale: ResponseScale? = nil
    var isGlmnet = false

    /// The documented objective as it is, nothing converted.
    static func documented(alpha: Double) -> LambdaConvention { LambdaConvention(printedAlpha: alpha) }

    /// glmnet's convention on this response scale: its nominal alpha printed, its lambda_g read and shown.
    static func glmnet(_ scale: ResponseScale) -> LambdaConvention {
        LambdaConvention(printedAlpha: scale.nominalAlpha, documentedPerPrinted: scale.documentedPerNominal,
                         scale: scale, isGlmnet: true)
    }

    func printed(_ documentedLambda: Double) -> Double { documentedLambda / documentedPerPrinted }

    /// glmnet's scale of this response at the nominal `alpha`, when `--lambda-scale glmnet` changes
    /// anything (gaussian, alpha < 1, y not constant); nil otherwise.
    static func glmnetScale(_ option: LambdaScaleOption, data: LoadedData, alpha: Double) -> ResponseScale? {
        guard option == .glmnet, data.options.family == .gaussian, alpha < 1 else { return nil }
        let scale = ResponseScale(y: data.y, weights: data.weights, offset: data.offset,
                                  intercept: data.options.intercept, nominalAlpha: alpha)
        return scale.isUsable ? scale : nil
    }

    /// The options and sequence to fit for a nominal `alpha` read in `option`'s convention: glmnet's
    /// (alpha_g, lambda_g) become the documented objective's (alpha, lambda). The automatic sequence
    /// is left to the library, which makes it unit-free (the same path in either convention).
    static func request(_ option: LambdaScaleOption, data: LoadedData, alpha: Double,
                        sequence: LambdaSequence) -> (options: FitOptions, sequence: LambdaSequence) {
        var options = data.options
        options.alpha = alpha
        guard let scale = glmnetScale(option, data: data, alpha: alpha), case .explicit(let lambdas) = sequence else {
            return (options, sequence)
        }
        options.alpha = scale.documentedAlpha
        return (options, .explicit(lambdas.map(scale.documented(lambda:))))
    }

    /// How to print a path fitted for the nominal `alpha`.
    static func printing(_ path: RegularizationPath, option: LambdaScaleOption, data: LoadedData,
                         alpha: Double) -> LambdaConvention {
        let scale = path.responseScale ?? glmnetScale(option, data: data, alpha: alpha)
        guard let scale else { return .documented(alpha: path.options.alpha) }
        if option == .glmnet { return .glmnet(scale) }
        // The alpha asked for is printed as "alpha"; the documented one fitted beside it.
        return LambdaConvention(printedAlpha: scale.nominalAlpha, scale: path.responseScale)
    }

    /// `(key, value)` and, under glmnet's convention, `(key_glmnet, value in glmnet's units)`.
    func lambdaMembers(_ key: String, _ documented: Double) -> [(String, JSON)] {
        [(key, .number(documented))] + (isGlmnet ? [(key + "_glmnet", .number(printed(documented)))] : [])
    }

    /// The same for a list of lambdas.
    func lambdaMembers(_ key: String, _ documented: [Double]) -> [(String, JSON)] {
        [(key, .numbers(documented))] + (isGlmnet ? [(key + "_glmnet", .numbers(documented.map(printed)))] : [])
    }

    /// JSON members that say which convention the lambdas are in.
    func members() -> [(String, JSON)] {
        guard let scale else { return [] }
        var members: [(String, JSON)] = [
            ("lambda_scale", .string(isGlmnet ? "glmnet" : "documented")),
            ("response_scale", .number(scale.q)),
            ("alpha_requested", .number(scale.nominalAlpha)),
            ("alpha_documented", .number(scale.documentedAlpha)),
        ]
        if isGlmnet { members.append(("documented_lambda_per_lambda", .number(documentedPerPrinted))) }
        return members
    }

    /// One line for text output, or nil when nothing was converted.
    func note() -> String? {
        guard let scale else { return nil }
        let q = Text.number(scale.q)
        if isGlmnet {
            return "lambda in glmnet's convention (--lambda-scale glmnet): the documented objective's alpha is \(Text.number(scale.documentedAlpha)) and its lambda is \(Text.number(documentedPerPrinted)) x the lambda shown (y's scale \(q))"
        }
        return "unit-free default sequence: alpha \(Text.number(scale.nominalAlpha)) is read on the standardised response (y's scale \(q)), as glmnet does: every lambda shown minimises the documented objective at alpha \(Text.number(scale.documentedAlpha))"
    }
}
