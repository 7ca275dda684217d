import ArgumentParser
import ElasticNetCore
import ElasticNetIO
import ElasticNetModelFile
import Foundation

extension CVMeasure: ExpressibleByArgument {}

/// `enet cv`: k-fold cross-validation over the path's lambdas (and optionally over alpha), with
/// lambda.min and lambda.1se as cv.glmnet reports them; the JSON is a model file.
struct CVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cv", abstract: "Cross-validate the path: the CV curve, lambda.min and lambda.1se.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var sequence: SequenceOptions

    @OptionGroup var foldOptions: FoldOptions

    @OptionGroup var scaleOptions: LambdaScaleOptions

    @Option(help: "Comma-separated alphas to cross-validate with the same folds (replaces --alpha).")
    var alphas: String?

    @Option(help: "Write the out-of-fold predictions (fitted means) per lambda to this CSV file.")
    var keep: String?

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        _ = try alphaList()
        if let keep { try Output.checkWritable(keep, option: "--keep") }
        try foldOptions.validate(family: common.family)
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
        var cv = try foldOptions.crossValidationOptions(data: data, file: common.data)
        cv.keepPredictions = keep != nil
        let lambdas = try sequence.sequence()
        let alphas = try alphaList()
        let bar = ProgressBar(options: progressOptions, stages: alphas.count, foldThreads: foldOptions.threads)
        defer { bar?.finish() }   // also when a fold throws, so the error starts a clean line
        let results = try alphas.map { alpha in
            try foldOptions.crossValidate(data: data, file: common.data, alpha: alpha, cv: cv, lambdas: lambdas,
                                          lambdaScale: scaleOptions.lambdaScale, progress: bar?.nextStage())
        }
        let best = CVCurve.bestIndex(results.map(\.curve))
        bar?.finish()
        if let keep { try AtomicFile.write(results[best].keptPredictions(data: data), to: keep) }
        let output: String
        if outputOptions.outputFormat == .json {
            var modelData = data
            // The model file records the objective fitted (the documented alpha and lambdas).
            modelData.alpha = results[best].report.summary.options.alpha
            let shown = results[best].report.shown
            var members = results.count == 1 ? results[0].curveJSON() : [
                // Each curve carries the documented alpha it fitted too: the model file's reader finds
                // the saved model's curve by its options' alpha.
                ("alphas", .array(results.map { .object([("alpha", .number($0.alpha)),
                                                         ("alpha_documented", .number($0.report.summary.options.alpha))] + $0.curveJSON()) })),
                ("best_min", .object([("alpha", .number(results[best].alpha))] + shown.lambdaMembers("lambda", results[best].curve.lambdaMin)
                                     + [("cvm", .number(results[best].curve.cvm[results[best].curve.indexMin]))])),
                ("best_1se", .object([("alpha", .number(results[best].alpha))] + shown.lambdaMembers("lambda", results[best].curve.lambda1se)
                                     + [("cvm", .number(results[best].curve.cvm[results[best].curve.index1se]))])),
            ]
            let curve = results[best].curve
            members += [
                ("measure", .string(curve.measure.rawValue)), ("folds", .integer(curve.folds)),
                ("foldid", .array(curve.foldIDs.map { .integer($0) })),
            ] + shown.lambdaMembers("lambda_min", curve.lambdaMin) + shown.lambdaMembers("lambda_1se", curve.lambda1se)
            members += results[best].report.json()
            members += try ModelFile.fields(command: "cv", data: modelData, common: common, fits: results[best].report.fits,
                                            seed: foldOptions.effectiveSeed)
            output = JSON.object(members).rendered()
        } else {
            output = results.map { $0.text(data: data) }.joined(separator: "\n")
                + (results.count > 1 ? "\nbest by the min rule: alpha \(Text.number(results[best].alpha)), lambda \(Text.number(results[best].report.shown.printed(results[best].curve.lambdaMin))); by the 1se rule: lambda \(Text.number(results[best].report.shown.printed(results[best].curve.lambda1se))) at that alpha\n" : "")
        }
        try Output.emit(output, to: outputOptions.output)
        Output.warn(results.flatMap(\.report.summary.warnings) + results.compactMap(\.smallestLambdaWarning))
    }
}

/// One alpha's cross-validation: its curve and the full-data path behind it.
struct CVResult {
    let alpha: Double
    let curve: CVCurve
    let report: PathReport

    /// lambda.min at the smallest lambda of a sequence of several: the CV error may still fall below it.
    var smallestLambdaWarning: String? {
        guard curve.lambdas.count > 1, curve.indexMin == curve.lambdas.count - 1 else { return nil }
        let stopped = report.summary.earlyStop != nil ? " (the default path stopped early there)" : ""
        return "alpha \(Text.number(alpha)): lambda.min is the smallest lambda of the sequence, \(Text.number(report.shown.printed(curve.lambdaMin)))\(stopped): the CV error may still fall below it, so the sequence should go lower (a smaller --lambda-min-ratio, or --lambdas)"
    }

    func curveJSON() -> [(String, JSON)] {
        let shown = report.shown
        return shown.lambdaMembers("lambdas", curve.lambdas) + [
            ("cvm", .numbers(curve.cvm)), ("cvsd", .numbers(curve.cvsd)),
            ("cvup", .numbers(curve.cvup)), ("cvlo", .numbers(curve.cvlo)),
            ("nzero", .array(curve.nonzero.map { .integer($0) })),
        ] + shown.lambdaMembers("lambda_min", curve.lambdaMin) + shown.lambdaMembers("lambda_1se", curve.lambda1se) + [
            ("index_min", .integer(curve.indexMin)), ("index_1se", .integer(curve.index1se)),
            ("measure", .string(curve.measure.rawValue)), ("folds", .integer(curve.folds)),
        ]
    }

    /// The curve as a table, lambda.min and lambda.1se marked, with the features in use there.
    func text(data: LoadedData) -> String {
        let shown = report.shown
        var lines = ["\(data.options.family.rawValue) \(curve.folds)-fold cross-validation, alpha \(Text.number(shown.printedAlpha)), measure \(curve.measure.rawValue)"]
        if let note = shown.note() { lines.append(note) }
        lines.append("")
        lines.append(Text.padLeft("", 4) + "  " + Text.padLeft("lambda", 12) + "  " + Text.padLeft("cvm", 12) + "  "
                     + Text.padLeft("cvsd", 10) + "  " + Text.padLeft("nzero", 5))
        for l in curve.lambdas.indices {
            let mark = [l == curve.indexMin ? "lambda.min" : nil, l == curve.index1se ? "lambda.1se" : nil].compactMap { $0 }
            lines.append(Text.padLeft(String(l + 1), 4) + "  " + Text.padLeft(Text.number(shown.printed(curve.lambdas[l])), 12) + "  "
                         + Text.padLeft(Text.number(curve.cvm[l]), 12) + "  " + Text.padLeft(Text.number(curve.cvsd[l], digits: 3), 10)
                         + "  " + Text.padLeft(String(curve.nonzero[l]), 5) + (mark.isEmpty ? "" : "  <- " + mark.joined(separator: ", ")))
        }
        lines.append("")
        for (name, index) in [("lambda.min", curve.indexMin), ("lambda.1se", curve.index1se)] {
            let inUse = data.featureNames.indices.filter { j in report.fits.coefficients[index].contains { $0[j] != 0 } }
            // Multinomial: df counts features in use by any class; the per-class counts follow.
            let perClass = report.summary.points[index].nonzeroPerClass.map { counts in
                " (per class: " + zip(data.classNames ?? [], counts).map { "\($0) \($1)" }.joined(separator: ", ") + ")"
            } ?? ""
            lines.append("\(name) = \(Text.number(shown.printed(curve.lambdas[index]))): \(inUse.count) features\(perClass): "
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
