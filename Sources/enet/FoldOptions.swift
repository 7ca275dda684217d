import ArgumentParser
import ElasticNetCore
import ElasticNetIO
import ElasticNetModelFile
import Foundation

/// The cross-validation options of `cv`, `plot` and `report` (folds, seed, fold ids, measure,
/// threads), and running one alpha's cross-validation with errors that name the data and folds.
struct FoldOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Number of folds.")
    var folds: Int = 10

    @Option(parsing: .unconditional, help: "Seed of the random fold assignment (the same seed gives the same folds).")
    var seed: UInt64 = 1

    @Option(help: "A file of fold numbers 1..k, one per data row in row order (instead of random folds).")
    var foldid: String?

    @Option(help: "The score: \(CVMeasure.allCases.map(\.rawValue).joined(separator: ", ")) (default: mse for gaussian, deviance otherwise).")
    var measure: CVMeasure?

    @Option(parsing: .unconditional, help: "Folds fitted at once (the result does not depend on it).")
    var threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2, got \(folds)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    /// Cross-option rules that need the family.
    func validate(family: Family) throws {
        if let measure, !measure.applies(to: family) {
            throw ValidationError("--measure \(measure.rawValue) does not apply to --family \(family.rawValue)")
        }
    }

    /// The library's options for `data` (fold ids read and checked here).
    func crossValidationOptions(data: LoadedData, file: String) throws -> CrossValidationOptions {
        var cv = CrossValidationOptions()
        cv.folds = folds
        cv.seed = seed
        cv.foldIDs = try userFoldIDs(rowCount: data.x.rowCount, file: file)
        if cv.foldIDs == nil && folds > data.x.rowCount {
            throw CommandError("--folds \(folds): \(file) has \(data.x.rowCount) rows, too few for \(folds) folds")
        }
        cv.measure = measure
        cv.threads = threads
        return cv
    }

    /// The seed that made the folds, or nil when they came from a file.
    var effectiveSeed: UInt64? { foldid == nil ? seed : nil }

    /// The fold ids of --foldid, checked here so that every problem names the file.
    private func userFoldIDs(rowCount: Int, file: String) throws -> [Int]? {
        guard let foldid else { return nil }
        let ids = try FoldIDFile.read(path: foldid)
        guard ids.count == rowCount else {
            throw CommandError("\(foldid): \(ids.count) fold ids for the \(rowCount) data rows of \(file)")
        }
        do {
            _ = try Folds.validate(ids, rowCount: rowCount)
        } catch {
            throw CommandError("\(foldid): \(error)")
        }
        return ids
    }

    /// One alpha's curve. A fold that cannot be fitted (too few rows, a class missing from its
    /// training rows) is reported with the data file and where its folds came from. (`cv --alphas`
    /// calls this per alpha: with `--lambda-scale glmnet` each alpha has its own documented lambdas,
    /// and the folds, drawn from the same seed or file, are the same for every alpha.)
    func crossValidate(data: LoadedData, file: String, alpha: Double, cv: CrossValidationOptions,
                       lambdas: LambdaSequence, lambdaScale: LambdaScaleOption = .documented,
                       progress: ProgressHandler? = nil) throws -> CVResult {
        let result: CVResult
        do {
            result = try runCrossValidation(data: data, alpha: alpha, cv: cv, lambdas: lambdas, lambdaScale: lambdaScale,
                                            progress: progress)
        } catch ElasticNetError.crossValidation(let why) {
            let folds = foldid.map { "folds from \($0)" } ?? "\(self.folds) folds from seed \(seed)"
            throw CommandError("\(file) (\(folds)): cross-validation: \(why)")
        }
        try checkDefined(result.curve, data: data, file: file)
        return result
    }

    /// AUC needs both classes in a fold; a fold with one is NaN, and a NaN curve would choose
    /// lambda.min silently. (cv.glmnet falls back to deviance; here the user chooses.)
    private func checkDefined(_ curve: CVCurve, data: LoadedData, file: String) throws {
        guard curve.cvm.contains(where: \.isNaN) else { return }
        guard curve.measure == .auc else {
            throw CommandError("--measure \(curve.measure.rawValue): the cross-validation score of \(file) is not a number")
        }
        let usable = data.y.indices.filter { (data.weights?[$0] ?? 1) > 0 }
        let classesPerFold = Dictionary(grouping: usable, by: { curve.foldIDs[$0] }).mapValues { Set($0.map { data.y[$0] }).count }
        let fold = (1 ... curve.folds).first { (classesPerFold[$0] ?? 0) < 2 } ?? 1
        throw CommandError("--measure auc: fold \(fold) of \(file) holds one class only, so its AUC is undefined; "
                           + "use fewer --folds, a --foldid file with both classes in every fold, or --measure deviance")
    }

    private func runCrossValidation(data: LoadedData, alpha: Double, cv: CrossValidationOptions, lambdas requested: LambdaSequence,
                                    lambdaScale: LambdaScaleOption, progress: ProgressHandler?) throws -> CVResult {
        let (options, lambdas) = LambdaConvention.request(lambdaScale, data: data, alpha: alpha, sequence: requested)
        var model = ElasticNet(options: options)
        model.progress = progress
        var withAlpha = data
        withAlpha.alpha = alpha
        if let classes = data.classIndex, let labels = data.labels {
            let (path, curve) = try model.crossValidateMultinomial(x: data.x, classes: classes, classCount: labels.count,
                                                                   weights: data.weights, lambdas: lambdas, cv: cv)
            return CVResult(alpha: alpha, curve: curve,
                            report: PathReport(data: withAlpha, summary: PathSummary(path), fits: ModelFile.Fits(path)))
        }
        let (path, curve) = try model.crossValidate(x: data.x, y: data.y, weights: data.weights, offset: data.offset,
                                                    lambdas: lambdas, cv: cv)
        // The model file records the objective fitted (the documented alpha and lambdas).
        withAlpha.alpha = path.options.alpha
        return CVResult(alpha: alpha, curve: curve,
                        report: PathReport(data: withAlpha, summary: PathSummary(path), fits: ModelFile.Fits(path),
                                           convention: LambdaConvention.printing(path, option: lambdaScale, data: data, alpha: alpha)))
    }
}
