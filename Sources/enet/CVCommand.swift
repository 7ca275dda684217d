import ArgumentParser
import ElasticNetCore
import ElasticNetIO
import Foundation

extension CVMeasure: ExpressibleByArgument {}

/// `enet cv`: k-fold cross-validation over the path's lambdas (and optionally over alpha), with
/// lambda.min and lambda.1se as cv.glmnet reports them; the JSON is a model file.
struct CVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cv", abstract: "Cross-validate the path: the CV curve, lambda.min and lambda.1se.")

    @OptionGroup var common: CommonOptions

    @OptionGroup var sequence: SequenceOptions

    @Option(parsing: .unconditional, help: "Number of folds.")
    var folds: Int = 10

    @Option(parsing: .unconditional, help: "Seed of the random fold assignment (the same seed gives the same folds).")
    var seed: UInt64 = 1

    @Option(help: "A file of fold numbers 1..k, one per data row in row order (instead of random folds).")
    var foldid: String?

    @Option(help: "The score: \(CVMeasure.allCases.map(\.rawValue).joined(separator: ", ")) (default: mse for gaussian, deviance otherwise).")
    var measure: CVMeasure?

    @Option(help: "Comma-separated alphas to cross-validate with the same folds (replaces --alpha).")
    var alphas: String?

    @Option(help: "Write the out-of-fold predictions (fitted means) per lambda to this CSV file.")
    var keep: String?

    @Option(parsing: .unconditional, help: "Folds fitted at once (the result does not depend on it).")
    var threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2, got \(folds)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        _ = try alphaList()
        if let keep { try Output.checkFolder(of: keep, option: "--keep") }
        if let measure, !measure.applies(to: common.family) {
            throw ValidationError("--measure \(measure.rawValue) does not apply to --family \(common.family.rawValue)")
        }
    }

    func alphaList() throws -> [Double] {
        guard let alphas else { return [common.alpha] }
        let values = alphas.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !values.isEmpty else { throw ValidationError("--alphas is empty") }
        return try values.map { text in
            guard let a = Double(text), a >= 0, a <= 1 else {
                throw ValidationError("--alphas: \"\(text)\" is not a number in [0, 1]")
            }
            return a
        }
    }

    func run() throws {
        let data = try LoadedData(common)
        var cv = CrossValidationOptions()
        cv.folds = folds
        cv.seed = seed
        cv.foldIDs = try userFoldIDs(rowCount: data.x.rowCount)
        if cv.foldIDs == nil && folds > data.x.rowCount {
            throw CommandError("--folds \(folds): \(common.data) has \(data.x.rowCount) rows, too few for \(folds) folds")
        }
        cv.measure = measure
        cv.threads = threads
        cv.keepPredictions = keep != nil
        let lambdas = try sequence.sequence()
        let results = try alphaList().map { alpha in try crossValidate(data: data, alpha: alpha, cv: cv, lambdas: lambdas) }
        let best = CVResult.best(results)
        if let keep { try AtomicFile.write(results[best].keptPredictions(data: data), to: keep) }
        let output: String
        if common.outputFormat == .json {
            var modelData = data
            modelData.alpha = results[best].alpha
            var members = results.count == 1 ? results[0].curveJSON() : [
                ("alphas", .array(results.map { .object([("alpha", .number($0.alpha))] + $0.curveJSON()) })),
                ("best_min", .object([("alpha", .number(results[best].alpha)), ("lambda", .number(results[best].curve.lambdaMin)),
                                      ("cvm", .number(results[best].curve.cvm[results[best].curve.indexMin]))])),
                ("best_1se", .object([("alpha", .number(results[best].alpha)), ("lambda", .number(results[best].curve.lambda1se)),
                                      ("cvm", .number(results[best].curve.cvm[results[best].curve.index1se]))])),
            ]
            let curve = results[best].curve
            members += [
                ("measure", .string(curve.measure.rawValue)), ("folds", .integer(curve.folds)),
                ("foldid", .array(curve.foldIDs.map { .integer($0) })),
                ("lambda_min", .number(curve.lambdaMin)), ("lambda_1se", .number(curve.lambda1se)),
            ]
            members += results[best].report.json()
            members += try ModelFile.fields(command: "cv", data: modelData, common: common, fits: results[best].report.fits,
                                            seed: foldid == nil ? seed : nil)
            output = JSON.object(members).rendered()
        } else {
            output = results.map { $0.text(data: data) }.joined(separator: "\n")
                + (results.count > 1 ? "\nbest by the min rule: alpha \(Text.number(results[best].alpha)), lambda \(Text.number(results[best].curve.lambdaMin)); by the 1se rule: lambda \(Text.number(results[best].curve.lambda1se)) at that alpha\n" : "")
        }
        try Output.emit(output, to: common.output)
        Output.warn(results.flatMap(\.report.summary.warnings))
    }

    /// The fold ids of --foldid, checked here so that every problem names the file.
    private func userFoldIDs(rowCount: Int) throws -> [Int]? {
        guard let foldid else { return nil }
        let ids = try FoldIDFile.read(path: foldid)
        guard ids.count == rowCount else {
            throw CommandError("\(foldid): \(ids.count) fold ids for the \(rowCount) data rows of \(common.data)")
        }
        do {
            _ = try Folds.validate(ids, rowCount: rowCount)
        } catch {
            throw CommandError("\(foldid): \(error)")
        }
        return ids
    }

    /// One alpha's curve. A fold that cannot be fitted (too few rows, a class missing from its
    /// training rows) is reported with the data file and where its folds came from.
    private func crossValidate(data: LoadedData, alpha: Double, cv: CrossValidationOptions,
                               lambdas: LambdaSequence) throws -> CVResult {
        let result: CVResult
        do {
            result = try runCrossValidation(data: data, alpha: alpha, cv: cv, lambdas: lambdas)
        } catch ElasticNetError.crossValidation(let why) {
            let folds = foldid.map { "folds from \($0)" } ?? "\(self.folds) folds from seed \(seed)"
            throw CommandError("\(common.data) (\(folds)): cross-validation: \(why)")
        }
        try checkDefined(result.curve, data: data)
        return result
    }

    /// AUC needs both classes in a fold; a fold with one is NaN, and a NaN curve would choose
    /// lambda.min silently. (cv.glmnet falls back to deviance; here the user chooses.)
    private func checkDefined(_ curve: CVCurve, data: LoadedData) throws {
        guard curve.cvm.contains(where: \.isNaN) else { return }
        guard curve.measure == .auc else {
            throw CommandError("--measure \(curve.measure.rawValue): the cross-validation score of \(common.data) is not a number")
        }
        let usable = data.y.indices.filter { (data.weights?[$0] ?? 1) > 0 }
        let classesPerFold = Dictionary(grouping: usable, by: { curve.foldIDs[$0] }).mapValues { Set($0.map { data.y[$0] }).count }
        let fold = (1 ... curve.folds).first { (classesPerFold[$0] ?? 0) < 2 } ?? 1
        throw CommandError("--measure auc: fold \(fold) of \(common.data) holds one class only, so its AUC is undefined; "
                           + "use fewer --folds, a --foldid file with both classes in every fold, or --measure deviance")
    }

    private func runCrossValidation(data: LoadedData, alpha: Double, cv: CrossValidationOptions,
                                    lambdas: LambdaSequence) throws -> CVResult {
        var options = data.options
        options.alpha = alpha
        let model = ElasticNet(options: options)
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
        return CVResult(alpha: alpha, curve: curve,
                        report: PathReport(data: withAlpha, summary: PathSummary(path), fits: ModelFile.Fits(path)))
    }
}

/// One alpha's cross-validation: its curve and the full-data path behind it.
struct CVResult {
    let alpha: Double
    let curve: CVCurve
    let report: PathReport

    /// The index of the best alpha by the min rule (the first among ties).
    static func best(_ results: [CVResult]) -> Int {
        var best = 0
        for (index, result) in results.enumerated() {
            let value = result.curve.cvm[result.curve.indexMin], current = results[best].curve.cvm[results[best].curve.indexMin]
            if result.curve.measure.largerIsBetter ? value > current : value < current { best = index }
        }
        return best
    }

    func curveJSON() -> [(String, JSON)] {
        [
            ("lambdas", .numbers(curve.lambdas)), ("cvm", .numbers(curve.cvm)), ("cvsd", .numbers(curve.cvsd)),
            ("cvup", .numbers(curve.cvup)), ("cvlo", .numbers(curve.cvlo)),
            ("nzero", .array(curve.nonzero.map { .integer($0) })),
            ("lambda_min", .number(curve.lambdaMin)), ("lambda_1se", .number(curve.lambda1se)),
            ("index_min", .integer(curve.indexMin)), ("index_1se", .integer(curve.index1se)),
            ("measure", .string(curve.measure.rawValue)), ("folds", .integer(curve.folds)),
        ]
    }

    /// The curve as a table, lambda.min and lambda.1se marked, with the features in use there.
    func text(data: LoadedData) -> String {
        var lines = ["\(data.options.family.rawValue) \(curve.folds)-fold cross-validation, alpha \(Text.number(alpha)), measure \(curve.measure.rawValue)", ""]
        lines.append(Text.padLeft("", 4) + "  " + Text.padLeft("lambda", 12) + "  " + Text.padLeft("cvm", 12) + "  "
                     + Text.padLeft("cvsd", 10) + "  " + Text.padLeft("nzero", 5))
        for l in curve.lambdas.indices {
            let mark = [l == curve.indexMin ? "lambda.min" : nil, l == curve.index1se ? "lambda.1se" : nil].compactMap { $0 }
            lines.append(Text.padLeft(String(l + 1), 4) + "  " + Text.padLeft(Text.number(curve.lambdas[l]), 12) + "  "
                         + Text.padLeft(Text.number(curve.cvm[l]), 12) + "  " + Text.padLeft(Text.number(curve.cvsd[l], digits: 3), 10)
                         + "  " + Text.padLeft(String(curve.nonzero[l]), 5) + (mark.isEmpty ? "" : "  <- " + mark.joined(separator: ", ")))
        }
        lines.append("")
        for (name, index) in [("lambda.min", curve.indexMin), ("lambda.1se", curve.index1se)] {
            let inUse = data.featureNames.indices.filter { j in report.fits.coefficients[index].contains { $0[j] != 0 } }
            lines.append("\(name) = \(Text.number(curve.lambdas[index])): \(inUse.count) features: "
                         + inUse.map { data.featureNames[$0] }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Out-of-fold fitted means as CSV: row, fold, then one column per lambda (per lambda and
    /// class for the multinomial).
    func keptPredictions(data: LoadedData) -> String {
        guard let predictions = curve.outOfFold else { return "" }
        let classes = data.classNames.flatMap { data.labels != nil ? $0 : nil }
        let width = classes?.count ?? 1
        var header = ["row", "fold"]
        for lambda in curve.lambdas {
            if let classes { header += classes.map { "\(JSON.format(lambda)):\($0)" } } else { header.append(JSON.format(lambda)) }
        }
        var lines = [header.joined(separator: ",")]
        for i in 0 ..< data.x.rowCount {
            var cells = [String(i + 1), String(curve.foldIDs[i])]
            for l in curve.lambdas.indices {
                for c in 0 ..< width { cells.append(JSON.format(predictions[l][i * width + c])) }
            }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
