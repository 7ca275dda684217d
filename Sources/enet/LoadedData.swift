import ElasticNetCore
import ElasticNetIO
import ElasticNetModelFile

/// The data and objective a command fits: the CSV (or .npy, or svmlight) read, the response,
/// weights and features separated, per-feature settings resolved by name.
struct LoadedData {
    let featureNames: [String]
    /// Dense for CSV and .npy; sparse (compressed columns, never densified) for svmlight.
    let x: any DesignMatrix
    let y: [Double]
    let weights: [Double]?
    let offset: [Double]?
    private(set) var options: FitOptions
    /// Binomial with numeric labels: the response values read as 0 and 1.
    let classes: (negative: Double, positive: Double)?
    /// Binomial and multinomial: the class labels as written, in class order (binomial: negative,
    /// positive), and for the multinomial each row's class index.
    let classLabels: [String]?
    let classIndex: [Int]?
    /// Multinomial: the class labels, in order.
    var labels: [String]? { classIndex == nil ? nil : classLabels }
    /// The target column's name.
    let targetName: String
    /// How input columns became features (categorical levels, imputed values).
    let encoding: Encoding
    /// The file's column count, for the model's manifest.
    let columnCount: Int
    /// The SHA-256 of the data file's bytes as they were read, for the model's manifest; and of
    /// the --response and --feature-names files when given.
    let inputDigest: String
    let responseDigest: String?
    let featureNamesDigest: String?

    /// The elastic-net mixing in effect (cv may change it per alpha).
    var alpha: Double {
        get { options.alpha }
        set { options.alpha = newValue }
    }

    /// The class names as written in output (binomial: negative, positive; multinomial: in order).
    var classNames: [String]? { classLabels }

    init(_ common: CommonOptions) throws {
        let digests = InputDigests()
        MemoryBudget.set(common.maxMemory)
        if SvmlightInput.isSvmlight(common.data) {
            let input = try SvmlightInput.read(common, digests: digests)
            (inputDigest, responseDigest) = (digests.data.hex, nil)
            featureNamesDigest = common.featureNames.map { _ in digests.featureNames.hex }
            featureNames = input.featureNames
            x = input.x
            weights = nil
            offset = nil
            targetName = "label"
            columnCount = input.featureNames.count + 1
            encoding = Encoding(inputColumns: input.featureNames, levels: [:], imputed: [:], impute: nil)
            options = try Self.fitOptions(common, features: featureNames)
            let response = try Response(common, numbers: input.labels, texts: input.labels.map(ModelFile.label),
                                        targetColumn: "the labels") { i in
                CommandError("\(common.data): data line \(i + 1): a \(common.family.rawValue) label is \(common.family.responseRequirement ?? "a number"), found \(JSON.format(input.labels[i]))")
            }
            (y, classes, classLabels, classIndex) = (response.y, response.classes, response.classLabels, response.classIndex)
            try Self.checkWeightedResponse(file: common.data, targetColumn: "the labels", family: common.family, y: y,
                                           weights: nil, classLabels: classLabels)
            return
        }
        // A classification target is read as text: its labels may be words.
        let isClassification = common.family == .binomial || common.family == .multinomial
        let labelRequest: LabelColumn? = isClassification ? (common.target.map { .named($0) } ?? .last) : nil
        var table = try InputTable.read(common, labelColumn: labelRequest, digests: digests)
        inputDigest = digests.data.hex
        responseDigest = common.response.map { _ in digests.response.hex }
        featureNamesDigest = common.featureNames.map { _ in digests.featureNames.hex }
        let file = common.data
        func index(of name: String, role: String) throws -> Int {
            guard let j = table.columnIndex(named: name) else {
                throw CommandError("\(role): \(file) has no column named \"\(name)\"; \(CloseNames.hint(for: name, among: table.columnNames))")
            }
            return j
        }
        // A misspelt categorical column would otherwise be read as numbers (or refused as text
        // somewhere else), never as the user meant.
        for name in common.categoricalNames where name != "auto" {
            _ = try index(of: name, role: "--categorical")
        }
        let targetIndex = try common.target.map { try index(of: $0, role: "--target") } ?? (table.columnNames.count - 1)
        if table.categorical[targetIndex] != nil && !isClassification {
            // One-hot levels are features; a gaussian or poisson target is a number per row, and
            // reading a text target as zeros would fit the null model silently.
            throw CommandError("\(file): the target column \"\(table.columnNames[targetIndex])\" is read as categorical text (--categorical), "
                               + "but a \(common.family.rawValue) target is numbers; give another --target, or --family binomial or multinomial for class labels")
        }
        let weightIndex = try common.weights.map { try index(of: $0, role: "--weights") }
        if weightIndex == targetIndex { throw CommandError("--weights names the target column \"\(table.columnNames[targetIndex])\"") }
        let offsetIndex = try common.offset.map { try index(of: $0, role: "--offset") }
        if let offsetIndex, offsetIndex == targetIndex || offsetIndex == weightIndex {
            throw CommandError("--offset names the \(offsetIndex == targetIndex ? "target" : "weights") column \"\(table.columnNames[offsetIndex])\"")
        }
        targetName = table.columnNames[targetIndex]
        columnCount = table.columnNames.count
        let roles = [(targetIndex, "target"), (weightIndex, "weights"), (offsetIndex, "offset")].compactMap { j, role in j.map { ($0, role) } }
        let leftOut = try DataSelection.leftOutColumns(common, table: table, roles: Dictionary(roles, uniquingKeysWith: { a, _ in a }))
        let featureIndices = (0 ..< table.columnNames.count).filter {
            $0 != targetIndex && $0 != weightIndex && $0 != offsetIndex && !leftOut.contains($0)
        }
        if common.dropMissingTarget { table = try DataSelection.droppingMissingTarget(table, target: targetIndex, file: file) }
        guard !featureIndices.isEmpty else { throw CommandError("\(file): no feature columns besides the target") }

        let n = table.rowCount
        guard n >= 2 else { throw CommandError("\(file): needs at least 2 data rows, found \(n)") }
        for j in [targetIndex, weightIndex, offsetIndex].compactMap({ $0 }) {
            if table.categorical[j] != nil && j != targetIndex {
                throw CommandError("\(file): column \"\(table.columnNames[j])\" is categorical; weights and offsets are numbers")
            }
            if let i = table.column(j).firstIndex(where: \.isNaN) {
                let hint = j == targetIndex ? "; --drop-missing-target leaves such rows out" : ""
                throw CommandError("\(file): line \(table.line(ofRow: i - table.column(j).startIndex)), column \"\(table.columnNames[j])\": missing value (only features are imputed)\(hint)")
            }
        }
        let encoded = try Encoding.fit(table: table, columns: featureIndices, impute: common.impute?.rawValue,
                                       coding: common.coding, file: file)
        guard !encoded.names.isEmpty else {
            throw CommandError("\(file): no feature columns remain: reference coding gives a categorical column with one level no column; use --coding all")
        }
        encoding = encoded.encoding
        featureNames = encoded.names
        x = DenseMatrix(rowCount: n, columnCount: encoded.names.count, columnMajor: encoded.values)
        if let weightIndex {
            let w = Array(table.column(weightIndex))
            let name = table.columnNames[weightIndex]
            if let i = w.firstIndex(where: { $0 < 0 }) {
                throw InputError.cell(file, line: table.line(ofRow: i), column: weightIndex + 1, name: name,
                                      "weight \(JSON.format(w[i])) is negative")
            }
            guard w.contains(where: { $0 > 0 }) else {
                throw InputError.file(file, "every weight in column \"\(name)\" is 0; some row needs a positive weight")
            }
            // Only the weights' ratios matter; scaled (exactly, by a power of two) so that sums
            // over them, here and in the library, cannot overflow.
            weights = ObservationWeights.relative(w)
        } else {
            weights = nil
        }
        offset = offsetIndex.map { Array(table.column($0)) }

        options = try Self.fitOptions(common, features: featureNames)
        let targetColumn = "column \"\(targetName)\""
        let name = targetName
        let numbers = Array(table.column(targetIndex))
        let result = try Response(common, numbers: numbers, texts: table.labels?.values ?? [], targetColumn: targetColumn) { i in
            InputError.cell(file, line: table.line(ofRow: i), column: targetIndex + 1, name: name,
                            "a \(common.family.rawValue) target is \(common.family.responseRequirement ?? "a number"), found \(JSON.format(numbers[i]))")
        }
        (classes, classLabels, classIndex) = (result.classes, result.classLabels, result.classIndex)
        y = result.y
        try Self.checkWeightedResponse(file: file, targetColumn: targetColumn, family: common.family, y: y,
                                       weights: weights, classLabels: classLabels)
    }

    /// The objective's options, per-feature settings resolved by name.
    private static func fitOptions(_ common: CommonOptions, features names: [String]) throws -> FitOptions {
        var options = FitOptions(family: common.family, alpha: common.alpha,
                                 standardize: common.standardize, intercept: common.intercept)
        options.tolerance = common.tol
        options.penalty = common.penaltyKind
        options.grouped = common.grouped
        options.maxIterations = common.maxIterations
        options.penaltyFactors = try PerFeature.parse(common.penaltyFactor, option: "--penalty-factor", features: names,
                                                      default: 1) { v in v >= 0 ? nil : "must be >= 0 (or inf)" }
        options.lowerBounds = try PerFeature.parse(common.lower, option: "--lower", features: names,
                                                   default: -.infinity) { v in v <= 0 ? nil : "must be <= 0" }
        options.upperBounds = try PerFeature.parse(common.upper, option: "--upper", features: names,
                                                   default: .infinity) { v in v >= 0 ? nil : "must be >= 0" }
        return options
    }

    /// The response as the family reads it: numbers, 0/1 for binomial, class indices for multinomial.
    private struct Response {
        var y: [Double]
        var classes: (negative: Double, positive: Double)?
        var classLabels: [String]?
        var classIndex: [Int]?

        /// `numbers` are the target's values, `texts` its labels as written (classification);
        /// `outsideFamily(i)` is the error for row i's number when the family does not allow it (a
        /// negative poisson count, a gamma value <= 0); class labels are checked as labels.
        init(_ common: CommonOptions, numbers: [Double], texts: [String], targetColumn: String,
             outsideFamily: (Int) -> Error) throws {
            let file = common.data
            y = numbers
            let family = common.family
            if family != .binomial && family != .multinomial,
               let i = numbers.firstIndex(where: { $0.isFinite && !family.allowsResponse($0) }) { throw outsideFamily(i) }
            let order = ClassLabels.ordered(texts)
            if common.family == .multinomial {
                guard order.count >= 2 else {
                    throw CommandError("\(file): a multinomial target needs at least two classes; \(targetColumn) has only \(order.joined())")
                }
                try LoadedData.checkClassSizes(texts, classes: order.count, file: file, targetColumn: targetColumn)
                let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
                let index = texts.map { position[ClassLabels.key($0)]! }
                classIndex = index
                classLabels = order
                y = index.map(Double.init)
            } else if common.family == .binomial {
                guard order.count == 2 else {
                    let shown = order.prefix(5).joined(separator: ", ")
                    let hint = order.count > 2 ? "; for three or more classes use --family multinomial" : ""
                    throw CommandError("\(file): a binomial target needs exactly two distinct values; \(targetColumn) has \(order.count) (\(shown)\(order.count > 5 ? ", ..." : ""))\(hint)")
                }
                let positive = common.positiveClass.map(ClassLabels.key) ?? order[1]
                guard order.contains(positive) else {
                    throw CommandError("--positive-class \(common.positiveClass!) is not a value of the target (\(order[0]), \(order[1]))")
                }
                let negative = order[0] == positive ? order[1] : order[0]
                y = texts.map { ClassLabels.key($0) == positive ? 1 : 0 }
                classLabels = [negative, positive]
                if let n = Double(negative), let p = Double(positive) { classes = (n, p) }
            } else if common.positiveClass != nil {
                throw CommandError("--positive-class applies to --family binomial only")
            }
        }
    }

    /// Every class needs two rows or more, as in glmnet ("one multinomial or binomial class has 1
    /// or 0 observations; not allowed"): a class seen once has an intercept that runs off to
    /// infinity and nothing to cross-validate with. An ID-like column (2,000 rows, 2,000 classes)
    /// is refused here, at once, instead of after a minute of fitting 2,000 x p coefficients.
    fileprivate static func checkClassSizes(_ texts: [String], classes: Int, file: String, targetColumn: String) throws {
        var rows: [String: Int] = [:]
        for text in texts { rows[ClassLabels.key(text), default: 0] += 1 }
        let single = rows.filter { $0.value < 2 }.keys.sorted()
        guard let first = single.first else { return }
        throw CommandError("\(file): \(targetColumn) has \(classes) classes for \(texts.count) rows, and \(single.count) of them "
                           + "(\"\(first)\"\(single.count > 1 ? ", ..." : "")) have a single row; every class needs at least 2 rows (an ID-like column is not a target)")
    }

    /// Weights of 0 can leave a class, or every positive count, out of the fit. The library would
    /// refuse too, but without the file and column; this says where.
    private static func checkWeightedResponse(file: String, targetColumn: String, family: Family, y: [Double],
                                              weights: [Double]?, classLabels: [String]?) throws {
        let weighted = y.indices.filter { (weights?[$0] ?? 1) > 0 }.map { y[$0] }
        switch family {
        case .poisson where !weighted.contains(where: { $0 > 0 }):
            throw InputError.file(file, "every count in \(targetColumn) with positive weight is 0; a poisson model needs some positive count")
        case .binomial, .multinomial:
            let present = Set(weighted.map(Int.init))
            if let labels = classLabels, let missing = labels.indices.first(where: { !present.contains($0) }) {
                throw InputError.file(file, "class \(labels[missing]) of \(targetColumn) has no row with positive weight; every class needs some")
            }
        default:
            break
        }
    }

    /// Per feature, the weighted mean and 1/n standard deviation: the standardisation a model
    /// file records (CONVENTIONS.md).
    func columnStatistics() -> (centers: [Double], scales: [Double]) { x.columnStatistics(weights: weights) }
}

/// An svmlight / libsvm file (`.svm`, `.svmlight`, `.libsvm`): the labels are the response, the
/// features V1..Vp by position (or the names of `--feature-names`), read as compressed sparse
/// columns and fitted without ever being densified.
enum SvmlightInput {
    static let extensions = [".svm", ".svmlight", ".libsvm"]

    static func isSvmlight(_ path: String) -> Bool {
        let lower = path.lowercased()
        return extensions.contains { lower.hasSuffix($0) }
    }

    struct Input {
        let featureNames: [String]
        let x: SparseMatrix
        let labels: [Double]
    }

    static func read(_ common: CommonOptions, digests: InputDigests? = nil) throws -> Input {
        let given: [(String, Bool)] = [("--response", common.response != nil), ("--weights", common.weights != nil),
                                       ("--offset", common.offset != nil), ("--target", common.target != nil),
                                       ("--categorical", common.categorical != nil), ("--impute", common.impute != nil),
                                       ("--delimiter", common.delimiter != nil)]
        for (option, isGiven) in given where isGiven {
            throw CommandError("\(option) does not apply to an svmlight file (\(common.data)): its first field is the response and the rest are index:value features")
        }
        return try read(path: common.data, zeroBased: common.zeroBased, featureNames: common.featureNames, minimumColumnCount: 0,
                        digests: digests)
    }

    /// Reads `path`; with `featureNames`, their count sets the column count (an index beyond it is an error).
    /// `ignoringLabels`: the labels are not used (prediction), so not read. `digests` hash the files as
    /// they are read.
    static func read(path: String, zeroBased: Bool, featureNames: String?, minimumColumnCount: Int,
                     ignoringLabels: Bool = false, digests: InputDigests? = nil) throws -> Input {
        var names: [String]? = nil
        if let featureNames {
            names = try InputTable.featureNames(file: featureNames, count: nil, design: path, observer: digests?.featureNames.observer)
        }
        let table = try SvmlightReader.read(path: path, zeroBased: zeroBased,
                                            minimumColumnCount: max(minimumColumnCount, names?.count ?? 0),
                                            ignoringLabels: ignoringLabels, observer: digests?.data.observer)
        let p = table.columnCount
        if let names, names.count < p {
            throw CommandError("\(featureNames!): \(names.count) feature names, but \(path) has feature index \(zeroBased ? p - 1 : p)")
        }
        guard p > 0 else { throw CommandError("\(path): no feature index on any line; there is nothing to fit") }
        let x = SparseMatrix(rowCount: table.rowCount, columnCount: p, columnStarts: table.columnStarts,
                             rowIndices: table.rowIndices, values: table.values)
        return Input(featureNames: names ?? (1 ... p).map { "V\($0)" }, x: x, labels: table.labels)
    }
}

/// The input as a table, whatever its format: a CSV/TSV file, or a .npy design matrix with its
/// response from `--response` (a .npy vector or one value a line) and names from `--feature-names`.
enum InputTable {
    static func isNpy(_ path: String) -> Bool { path.lowercased().hasSuffix(".npy") }

    /// Reads the design (and its response); `digests` hash the files as they are read.
    static func read(_ common: CommonOptions, labelColumn: LabelColumn?, digests: InputDigests? = nil) throws -> NumericTable {
        guard isNpy(common.data) else {
            if common.response != nil || common.featureNames != nil {
                throw CommandError("--response and --feature-names go with a .npy design; \(common.data) names its columns itself")
            }
            do throws(InputError) {
                return try CSVReader.read(path: common.data, delimiter: common.delimiter.map { $0.utf8.first! },
                                          labelColumn: labelColumn, policy: common.cellPolicy, observer: digests?.data.observer)
            } catch {
                throw DataSelection.withHint(error, target: common.target)
            }
        }
        guard let responsePath = common.response else {
            throw CommandError("\(common.data): a .npy design needs --response FILE (a .npy vector, or one value a line)")
        }
        for (option, given) in [("--weights", common.weights), ("--offset", common.offset), ("--target", common.target)] where given != nil {
            throw CommandError("\(option) names a CSV column; a .npy design has none (its response is --response)")
        }
        var table = try design(path: common.data, featureNames: common.featureNames, extraColumn: "y", digests: digests)
        let n = table.rowCount
        let texts = try responseTexts(path: responsePath, observer: digests?.response.observer)
        guard texts.count == n else {
            throw CommandError("\(responsePath): \(texts.count) response values for the \(n) rows of \(common.data)")
        }
        let target = table.columnCount - 1
        if labelColumn != nil {
            table.labels = (column: target, values: texts)
        } else {
            for (i, text) in texts.enumerated() {
                guard let value = Double(text), value.isFinite else {
                    throw CommandError("\(responsePath): value \(i + 1) (\"\(text)\") is not a finite number")
                }
                table.values[target * n + i] = value
            }
        }
        return table
    }

    /// The design as a table with columns V1..Vp (or the names in `featureNames`), plus an empty
    /// column `extraColumn` when given (the response's place).
    static func design(path: String, featureNames: String?, extraColumn: String?, digests: InputDigests? = nil) throws -> NumericTable {
        let array = try NpyReader.read(path: path, observer: digests?.data.observer)
        guard array.shape.count == 2 || array.shape.count == 1 else {
            throw CommandError("\(path): a design matrix has 2 dimensions; this array's shape is \(array.shape)")
        }
        let n = array.shape[0], p = array.shape.count == 2 ? array.shape[1] : 1
        guard n > 0, p > 0 else {
            throw CommandError("\(path): the array's shape is (\(array.shape.map(String.init).joined(separator: ", "))): \(n == 0 ? "no rows" : "no columns"), so there is nothing to fit or predict")
        }
        var names = (1 ... max(p, 1)).map { "V\($0)" }
        if let featureNames {
            names = try Self.featureNames(file: featureNames, count: p, design: path, observer: digests?.featureNames.observer)
        }
        var values = array.columnMajor
        if let extraColumn {
            let name = names.contains(extraColumn) ? "response" : extraColumn
            names.append(name)
            values += [Double](repeating: 0, count: n)
        }
        return NumericTable(columnNames: names, rowCount: n, values: values)
    }

    /// The names in `file`, one a line, distinct; `count` of them when given.
    static func featureNames(file: String, count p: Int?, design path: String, observer: ByteObserver? = nil) throws -> [String] {
        let names = try LineFile.read(path: file, observer: observer)
        if let p, names.count != p {
            throw CommandError("\(file): \(names.count) feature names for the \(p) columns of \(path)")
        }
        guard Set(names).count == names.count else { throw CommandError("\(file): a feature name appears twice") }
        return names
    }

    /// The response file's values as text: from a .npy vector, or one non-empty line each.
    private static func responseTexts(path: String, observer: ByteObserver?) throws -> [String] {
        if isNpy(path) {
            let array = try NpyReader.read(path: path, observer: observer)
            guard array.shape.count == 1 || (array.shape.count == 2 && array.shape[1] == 1) else {
                throw CommandError("\(path): a response is a vector; this array's shape is \(array.shape)")
            }
            return array.columnMajor.map(ModelFile.label)
        }
        return try LineFile.read(path: path, observer: observer)
    }
}

/// Class labels as written in a target column: numbers are one class per value ("1" and "1.0"
/// are the same class) and order by value; otherwise the labels order as text.
enum ClassLabels {
    /// The label that stands for `text`'s class: a number's shortest spelling, else the text.
    static func key(_ text: String) -> String {
        guard let value = Double(text), value.isFinite else { return text }
        return ModelFile.label(value)
    }

    /// The distinct classes of `texts`, in class order.
    static func ordered(_ texts: [String]) -> [String] {
        let keys = Array(Set(texts.map(key)))
        let numbers = keys.compactMap(Double.init).filter(\.isFinite)
        if numbers.count == keys.count { return numbers.sorted().map(ModelFile.label) }
        return keys.sorted()
    }
}

/// Per-feature settings written as `VALUE` (every feature) and/or `NAME=VALUE`, comma-separated
/// (names may be quoted, see `NameList`) or repeated, later items overriding earlier ones. The
/// value follows the last "=": a categorical feature's name (`colour=red`) holds one itself.
enum PerFeature {
    static func parse(_ items: [String], option: String, features: [String], default value: Double,
                      check: (Double) -> String?) throws -> [Double]? {
        let parts = items.flatMap(NameList.split)
        guard !parts.isEmpty else { return nil }
        var values = [Double](repeating: value, count: features.count)
        let position = Dictionary(features.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for text in parts {
            let pieces = text.lastIndex(of: "=").map { [String(text[..<$0]), String(text[text.index(after: $0)...])] } ?? [text]
            let numberText = pieces.last ?? ""
            guard let number = parseNumber(numberText) else {
                throw CommandError("\(option): \"\(text)\" is not VALUE or NAME=VALUE with a number")
            }
            if let problem = check(number) { throw CommandError("\(option): \"\(text)\": the value \(problem)") }
            if pieces.count == 2 {
                guard let j = position[pieces[0]] else {
                    throw CommandError("\(option): no feature named \"\(pieces[0])\"; \(CloseNames.hint(for: pieces[0], among: features, kind: "features"))")
                }
                values[j] = number
            } else {
                values = values.map { _ in number }
            }
        }
        return values
    }

    /// A number, accepting inf / -inf spelled in any case.
    static func parseNumber(_ text: String) -> Double? {
        switch text.lowercased() {
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default:
            guard let x = Double(text), !x.isNaN else { return nil }
            return x
        }
    }
}

import Foundation
