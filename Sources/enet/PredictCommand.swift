import ArgumentParser
import ElasticNetCore
import ElasticNetIO
import ElasticNetModelFile
import Foundation

/// What to do with a categorical level the model never saw.
enum UnknownLevel: String, ExpressibleByArgument, CaseIterable {
    case error, ignore
}

/// What `enet predict` prints.
enum PredictionType: String, ExpressibleByArgument, CaseIterable {
    case link, response, `class`, coefficients, nonzero
}

/// `enet predict`: predictions from a saved model on new data, at lambda.min, lambda.1se or any
/// lambda (an exact refit between grid points, or glmnet's linear interpolation if asked).
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Predict from a model file (the JSON of fit, path or cv) on new data.")

    @Argument(help: "A model file written by `enet fit|path|cv ... --format json`.")
    var model: String

    @Argument(help: "A CSV or TSV file with the model's feature columns, a .npy design, or an svmlight file (not needed for --type coefficients or nonzero).")
    var data: String?

    @Option(parsing: .unconditional, help: "The lambda: lambda.min, lambda.1se (cv models) or a number (default: lambda.1se for cv, the fitted lambda for fit).")
    var s: String?

    @Option(help: "What to print: \(PredictionType.allCases.map(\.rawValue).joined(separator: ", ")).")
    var type: PredictionType = .response

    @Flag(help: "Between grid lambdas, interpolate the coefficients linearly (glmnet's way) instead of refitting exactly.")
    var interpolate = false

    @Option(help: "Write the CSV to this file (atomically) instead of standard output.")
    var output: String?

    @Option(help: "Field delimiter of the data file (default: tab for .tsv files, else comma).")
    var delimiter: String?

    @Option(name: .customLong("feature-names"), help: ".npy data: a text file with one feature name a line (default V1..Vp).")
    var featureNames: String?

    @Flag(name: .customLong("zero-based"), help: "svmlight data: feature indices start at 0 (default: as the model's training file).")
    var zeroBased = false

    @Option(name: .customLong("unknown-level"), help: "A categorical level not seen in training: error (default) or ignore (all its columns 0).")
    var unknownLevel: UnknownLevel = .error

    func validate() throws {
        if data == nil && ![.coefficients, .nonzero].contains(type) {
            throw ValidationError("give a data file to predict \(type.rawValue) on")
        }
        if let output { try Output.checkWritable(output, option: "--output") }
    }

    func run() throws {
        let saved = try SavedModel(path: model)
        if type == .class && saved.family != .binomial && saved.family != .multinomial {
            throw CommandError("--type class needs a binomial or multinomial model; \(model) is \(saved.family.rawValue)")
        }
        let (predictor, how) = try predictorAt(try chosenLambda(saved), saved)
        let intercepts = predictor.intercepts, coefficients = predictor.coefficients.map(\.array)
        let csv: String
        switch type {
        case .coefficients: csv = Self.coefficientTable(saved, intercepts, coefficients)
        case .nonzero: csv = Self.nonzeroTable(saved, coefficients)
        case .link, .response, .class:
            csv = try predictions(saved, data: data!, predictor: predictor)
        }
        try Output.emit(csv, to: output)
        // After the output, so that a failure leaves stderr with its one error line only.
        StandardStreams.printError("enet: note: lambda \(JSON.format(predictor.lambda)) (\(how))\n")
    }

    private func chosenLambda(_ saved: SavedModel) throws -> Double {
        switch s {
        case "lambda.min", "lambda.1se":
            guard let value = s == "lambda.min" ? saved.lambdaMin : saved.lambda1se else {
                throw CommandError("\(model): --s \(s!) needs a model written by `enet cv`; this one is from `enet \(saved.command)`")
            }
            return value
        case nil:
            if let value = saved.lambda1se { return value }
            if saved.fits.lambdas.count == 1 { return saved.fits.lambdas[0] }
            throw CommandError("\(model): a path holds \(saved.fits.lambdas.count) lambdas; choose one with --s VALUE")
        case let text?:
            guard let value = Double(text), value.isFinite, value >= 0 else {
                throw CommandError("--s must be lambda.min, lambda.1se or a number >= 0, got \"\(text)\"")
            }
            return value
        }
    }

    /// The model at `lambda` (a fitted lambda's, the library's interpolation, or an exact refit),
    /// and how it was obtained.
    private func predictorAt(_ lambda: Double, _ saved: SavedModel) throws -> (LinearPredictor, String) {
        let lambdas = saved.fits.lambdas
        let position = LambdaPosition(of: lambda, in: lambdas)
        if case .fitted = position { return (saved.predictor(at: lambda), "a fitted lambda of the model") }
        if interpolate {
            guard lambdas.count > 1 else { throw CommandError("\(model): one lambda cannot be interpolated; drop --interpolate to refit") }
            let how: String
            switch position {
            case .aboveGrid: how = "above the grid: its first lambda's coefficients"
            case .belowGrid: how = "below the grid: its last lambda's coefficients"
            case .between(let left, let right, _):
                how = "interpolated between lambdas \(JSON.format(lambdas[left])) and \(JSON.format(lambdas[right]))"
            case .fitted: preconditionFailure("a fitted lambda returned above")
            }
            return (saved.predictor(at: lambda), how)
        }
        let (b0, b) = try Refit(saved: saved, modelFile: model).fit(lambda: lambda)
        return (LinearPredictor(family: saved.family, lambda: lambda, intercepts: b0, coefficients: b),
                "refitted exactly on the training data")
    }

    /// One CSV line per row of the data: the library's link, response or class, formatted.
    private func predictions(_ saved: SavedModel, data path: String, predictor: LinearPredictor) throws -> String {
        let (x, offset) = try design(saved, data: path)
        var lines = [String]()
        let labels = saved.classLabels ?? []
        switch (saved.family, type) {
        case (.multinomial, .class): lines.append("class")
        case (.multinomial, _): lines.append(labels.joined(separator: ","))
        default: lines.append(type.rawValue)
        }
        // Every row's linear predictor is checked first: one that overflows has no number to print.
        let links = try predictor.link(x, offset: offset)
        for (i, eta) in links.enumerated() { try checkRepresentable(saved, eta: eta, row: i, data: path) }
        switch type {
        case .class:
            // A binomial model read from 0/1 has no labels: its classes print as 0 and 1.
            lines += try predictor.classes(x, offset: offset).map { labels.count > $0 ? labels[$0] : String($0) }
        case .link:
            lines += links.map { $0.map(JSON.format).joined(separator: ",") }
        default:
            lines += try predictor.response(x, offset: offset).map { $0.map(JSON.format).joined(separator: ",") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A prediction that overflows double precision has no number to print (JSON would say
    /// null, CSV "inf"): refused, naming the row, rather than printed as if it were an answer.
    private func checkRepresentable(_ saved: SavedModel, eta: [Double], row i: Int, data path: String) throws {
        let place = SvmlightInput.isSvmlight(path) || InputTable.isNpy(path) ? "row \(i + 1)" : "line \(i + 2)"
        if let bad = eta.first(where: { !$0.isFinite }) {
            throw CommandError("\(path): \(place): the linear predictor is \(bad) in double precision (the model's coefficients times this row's values overflow); rescale the data as in training")
        }
        // A log-link mean is exp(eta): above log(greatest double) ~ 709.78 it is infinite.
        if saved.family != .multinomial && type == .response && !saved.family.inverseLink(eta[0]).isFinite {
            throw CommandError("\(path): \(place): the predicted mean exp(\(JSON.format(eta[0]))) overflows double precision; --type link gives the linear predictor")
        }
    }

    /// The data's design in the model's features, and its offset column when the model has one.
    private func design(_ saved: SavedModel, data path: String) throws -> (any DesignMatrix, [Double]?) {
        if SvmlightInput.isSvmlight(path) {
            let zeroBased = zeroBased || (saved.manifest["zero_based"] as? Bool ?? false)
            let input = try SvmlightInput.read(path: path, zeroBased: zeroBased, featureNames: nil,
                                               minimumColumnCount: saved.features.count, ignoringLabels: true)
            guard input.x.columnCount == saved.features.count else {
                throw CommandError("\(path): has feature index \(zeroBased ? input.x.columnCount - 1 : input.x.columnCount), but the model has \(saved.features.count) features")
            }
            return (input.x, nil)
        }
        let encoding = saved.encoding
        // New data is read as the training data was: an unnamed index column and the excluded
        // columns are read past (and need not be there at all). So are the target and the weights,
        // when present: they may hold labels (maybe words) or be blank, and predictions do not read them.
        var policy = encoding.policy
        policy.unnamedIndexColumn = true
        policy.ignoredColumns = Set(saved.excludedColumns + [saved.target] + [saved.weightsColumn].compactMap { $0 })
        let table = InputTable.isNpy(path)
            ? try InputTable.design(path: path, featureNames: featureNames, extraColumn: nil)
            : try CSVReader.read(path: path, delimiter: delimiter.map { $0.utf8.first! },
                                 policy: policy)
        if table.indexColumn != nil { Notes.add(DataSelection.indexColumnNote(path)) }
        let inputs = encoding.inputColumns
        let known = Set(inputs + [saved.target] + [saved.weightsColumn, saved.offsetColumn].compactMap { $0 } + saved.excludedColumns)
        let missing = inputs.filter { table.columnIndex(named: $0) == nil }
        if !missing.isEmpty {
            throw CommandError("\(path): lacks the model's feature column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", "))")
        }
        let extra = table.columnNames.indices.filter { !known.contains(table.columnNames[$0]) && $0 != table.indexColumn }
            .map { table.columnNames[$0] }
        if !extra.isEmpty {
            throw CommandError("\(path): column\(extra.count > 1 ? "s" : "") \(extra.joined(separator: ", ")) \(extra.count > 1 ? "are" : "is") not in the model (its features are \(inputs.joined(separator: ", ")))")
        }
        let design = try encoding.apply(table: table, file: path, ignoringUnknownLevels: unknownLevel == .ignore, copies: 1)
        guard design.names == saved.features else {
            throw CommandError("\(path): its columns do not encode to the model's features")
        }
        let offset: ArraySlice<Double>?
        if let name = saved.offsetColumn {
            guard let j = table.columnIndex(named: name) else {
                throw CommandError("\(path): the model was fitted with --offset \(name); the data needs that column")
            }
            offset = table.column(j)
        } else {
            offset = nil
        }
        let x = DenseMatrix(rowCount: table.rowCount, columnCount: saved.features.count, columnMajor: design.values)
        return (x, offset.map(Array.init))
    }

    private static func coefficientTable(_ saved: SavedModel, _ intercepts: [Double], _ coefficients: [[Double]]) -> String {
        let header = saved.family == .multinomial ? "feature," + (saved.classLabels ?? []).joined(separator: ",") : "feature,coefficient"
        var lines = [header, "(intercept)," + intercepts.map(JSON.format).joined(separator: ",")]
        for (j, name) in saved.features.enumerated() {
            lines.append(name + "," + coefficients.map { JSON.format($0[j]) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func nonzeroTable(_ saved: SavedModel, _ coefficients: [[Double]]) -> String {
        let labels = saved.classLabels ?? []
        var lines = [saved.family == .multinomial ? "feature,classes" : "feature"]
        for (j, name) in saved.features.enumerated() where coefficients.contains(where: { $0[j] != 0 }) {
            if saved.family == .multinomial {
                lines.append(name + "," + coefficients.indices.filter { coefficients[$0][j] != 0 }.map { labels[$0] }.joined(separator: " "))
            } else {
                lines.append(name)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// An exact refit at a lambda off the model's grid: the training file named in the manifest,
/// checked against its SHA-256, read with the saved options.
struct Refit {
    let saved: SavedModel
    let modelFile: String

    func fit(lambda: Double) throws -> ([Double], [[Double]]) {
        let data = try trainingData()
        // The objective as the library reads it from the model file; the re-read data must agree.
        let model = ElasticNet(options: saved.fitOptions)
        if let classes = data.classIndex, let labels = data.labels {
            let fit = try model.multinomialFit(x: data.x, classes: classes, classCount: labels.count, weights: data.weights, lambda: lambda)
            return (fit.intercepts, fit.coefficients)
        }
        let fit = try model.fit(x: data.x, y: data.y, weights: data.weights, offset: data.offset, lambda: lambda)
        return ([fit.intercept], [fit.coefficients.array])
    }

    /// The training data named in the manifest, read with the saved options: the model's
    /// objective rebuilt. The SHA-256 compared with the manifest's is of the bytes just parsed,
    /// so a file that changes while it is read cannot pass for the one the model saw.
    func trainingData() throws -> LoadedData {
        guard let input = saved.manifest["input_absolute"] as? String, let digest = saved.manifest["sha256"] as? String else {
            throw CommandError("\(modelFile): the manifest does not name the training data; use --interpolate")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder), !isFolder.boolValue else {
            throw CommandError("\(modelFile): the training data \(input) is gone, so lambda cannot be refitted exactly; use --interpolate or a fitted lambda")
        }
        // A model fitted from a pipe (/dev/stdin, <(...)) names a stream that cannot be read again;
        // reading it here would take this command's own input instead.
        guard FileIdentity(input) != nil else {
            throw CommandError("\(modelFile): the training data \(input) was a stream, not a file, and cannot be read again to refit; use --interpolate or a fitted lambda")
        }
        let common = try CommonOptions.parse(arguments(input: input))
        let data: LoadedData
        do {
            data = try Notes.muting { try LoadedData(common) }
        } catch let error as InputError {
            throw CommandError("\(modelFile): the training data no longer reads as when the model was fitted (\(error)); use --interpolate")
        } catch let error as CommandError {
            throw CommandError("\(modelFile): the training data no longer reads as when the model was fitted (\(error)); use --interpolate")
        }
        guard data.inputDigest == digest else {
            throw CommandError("\(modelFile): the training data \(input) has changed since the model was fitted (SHA-256 differs); use --interpolate")
        }
        // Models written before these digests were recorded have none to compare.
        for (key, seen, file) in [("response_sha256", data.responseDigest, "response_absolute"),
                                  ("feature_names_sha256", data.featureNamesDigest, "feature_names_absolute")] {
            if let recorded = saved.manifest[key] as? String, recorded != seen {
                throw CommandError("\(modelFile): \(saved.manifest[file] as? String ?? key) has changed since the model was fitted (SHA-256 differs); use --interpolate")
            }
        }
        return data
    }

    /// The command-line options that rebuild the saved objective.
    private func arguments(input: String) -> [String] {
        let options = saved.options
        func number(_ key: String) -> Double? { (options[key] as? NSNumber)?.doubleValue }
        func flag(_ key: String) -> Bool { (options[key] as? Bool) ?? false }
        var args = [input, "--family", saved.family.rawValue,
                     "--alpha", JSON.format(saved.alpha), "--tol", JSON.format(number("tolerance") ?? 1e-7),
                     flag("standardize") ? "--standardize" : "--no-standardize",
                     flag("intercept") ? "--intercept" : "--no-intercept"]
        // The penalty's kind (files written before it was recorded are the elastic net's).
        if let penalty = options["penalty"] as? String, penalty != CommonOptions.PenaltyName.enet.rawValue {
            args += ["--penalty", penalty]
            if let concavity = number("concavity") { args += ["--concavity", JSON.format(concavity)] }
        }
        if SvmlightInput.isSvmlight(input) {
            if saved.manifest["zero_based"] as? Bool == true { args.append("--zero-based") }
        } else if !InputTable.isNpy(input) {
            args += ["--target", saved.target]
        }
        if flag("grouped") { args.append("--grouped") }
        let encoding = saved.encoding
        if !encoding.levels.isEmpty {
            args += ["--categorical", encoding.inputColumns.filter { encoding.levels[$0] != nil }.map(NameList.quoted).joined(separator: ",")]
            args += ["--coding", encoding.coding.rawValue]
        }
        if let method = encoding.impute { args += ["--impute", method] }
        if let w = saved.weightsColumn { args += ["--weights", w] }
        if !saved.excludedColumns.isEmpty { args += ["--exclude", saved.excludedColumns.map(NameList.quoted).joined(separator: ",")] }
        if saved.manifest["drop_missing_target"] as? Bool == true { args.append("--drop-missing-target") }
        if let o = saved.offsetColumn { args += ["--offset", o] }
        if let d = saved.manifest["delimiter"] as? String { args += ["--delimiter", d] }
        if let r = saved.manifest["response_absolute"] as? String { args += ["--response", r] }
        if let f = saved.manifest["feature_names_absolute"] as? String { args += ["--feature-names", f] }
        if saved.family == .binomial, let labels = saved.classLabels, labels.count == 2 { args += ["--positive-class", labels[1]] }
        for (key, option, missing) in [("penalty_factors", "--penalty-factor", "inf"), ("lower_bounds", "--lower", "-inf"),
                                       ("upper_bounds", "--upper", "inf")] {
            guard let values = options[key] as? [Any] else { continue }
            let items = zip(saved.features, values).map { name, value in
                "\(NameList.quoted(name))=\((value as? NSNumber).map { JSON.format($0.doubleValue) } ?? missing)"
            }
            args += [option, items.joined(separator: ",")]
        }
        return args
    }
}

extension SavedModel {
    /// The columns the model was fitted without (--exclude): new data may hold them or not.
    var excludedColumns: [String] { manifest["excluded_columns"] as? [String] ?? [] }
}
