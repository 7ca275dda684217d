import ElasticNetCore
import ElasticNetIO

/// The data and objective a command fits: the CSV read, the response, weights and features
/// separated, per-feature settings resolved by name.
struct LoadedData {
    let featureNames: [String]
    let x: DenseMatrix
    let y: [Double]
    let weights: [Double]?
    let offset: [Double]?
    private(set) var options: FitOptions
    /// Binomial: the response values read as 0 and 1.
    let classes: (negative: Double, positive: Double)?
    /// Multinomial: the distinct target values in increasing order, and each row's index among them.
    let labels: [Double]?
    let classIndex: [Int]?
    /// The target column's name.
    let targetName: String
    /// The file's column count, for the model's manifest.
    let columnCount: Int

    /// The elastic-net mixing in effect (cv may change it per alpha).
    var alpha: Double {
        get { options.alpha }
        set { options.alpha = newValue }
    }

    /// The class names as written in output (binomial: negative, positive; multinomial: in order).
    var classNames: [String]? {
        if let labels { return labels.map(ModelFile.label) }
        if let classes { return [ModelFile.label(classes.negative), ModelFile.label(classes.positive)] }
        return nil
    }

    init(_ common: CommonOptions) throws {
        let table = try CSVReader.read(path: common.data, delimiter: common.delimiter.map { $0.utf8.first! })
        let file = common.data
        func index(of name: String, role: String) throws -> Int {
            guard let j = table.columnIndex(named: name) else {
                throw CommandError("\(file): no column named \"\(name)\" for \(role); the columns are \(table.columnNames.joined(separator: ", "))")
            }
            return j
        }
        let targetIndex = try common.target.map { try index(of: $0, role: "--target") } ?? (table.columnNames.count - 1)
        let weightIndex = try common.weights.map { try index(of: $0, role: "--weights") }
        if weightIndex == targetIndex { throw CommandError("--weights names the target column \"\(table.columnNames[targetIndex])\"") }
        let offsetIndex = try common.offset.map { try index(of: $0, role: "--offset") }
        if let offsetIndex, offsetIndex == targetIndex || offsetIndex == weightIndex {
            throw CommandError("--offset names the \(offsetIndex == targetIndex ? "target" : "weights") column \"\(table.columnNames[offsetIndex])\"")
        }
        targetName = table.columnNames[targetIndex]
        columnCount = table.columnNames.count
        let featureIndices = (0 ..< table.columnNames.count).filter { $0 != targetIndex && $0 != weightIndex && $0 != offsetIndex }
        guard !featureIndices.isEmpty else { throw CommandError("\(file): no feature columns besides the target") }

        let n = table.rowCount
        guard n >= 2 else { throw CommandError("\(file): needs at least 2 data rows, found \(n)") }
        featureNames = featureIndices.map { table.columnNames[$0] }
        var values = [Double]()
        values.reserveCapacity(n * featureIndices.count)
        for j in featureIndices { values.append(contentsOf: table.column(j)) }
        x = DenseMatrix(rowCount: n, columnCount: featureIndices.count, columnMajor: values)
        var response = Array(table.column(targetIndex))
        if let weightIndex {
            let w = Array(table.column(weightIndex))
            if let i = w.firstIndex(where: { $0 < 0 }) {
                throw CommandError("\(file): line \(i + 2), column \"\(table.columnNames[weightIndex])\": weight \(w[i]) is negative")
            }
            weights = w
        } else {
            weights = nil
        }
        offset = offsetIndex.map { Array(table.column($0)) }

        var options = FitOptions(family: common.family, alpha: common.alpha,
                                 standardize: common.standardize, intercept: common.intercept)
        options.tolerance = common.tol
        options.grouped = common.grouped
        options.maxIterations = common.maxIterations
        let names = featureNames
        options.penaltyFactors = try PerFeature.parse(common.penaltyFactor, option: "--penalty-factor", features: names,
                                                      default: 1) { v in v >= 0 ? nil : "must be >= 0 (or inf)" }
        options.lowerBounds = try PerFeature.parse(common.lower, option: "--lower", features: names,
                                                   default: -.infinity) { v in v <= 0 ? nil : "must be <= 0" }
        options.upperBounds = try PerFeature.parse(common.upper, option: "--upper", features: names,
                                                   default: .infinity) { v in v >= 0 ? nil : "must be >= 0" }
        self.options = options

        let targetColumn = "column \"\(targetName)\""
        if common.family == .poisson, let i = response.firstIndex(where: { $0 < 0 }) {
            throw CommandError("\(file): line \(i + 2), \(targetColumn): a poisson target is a count >= 0, found \(JSON.format(response[i]))")
        }
        if common.family == .multinomial {
            let distinct = Set(response).sorted()
            guard distinct.count >= 2 else {
                throw CommandError("\(file): a multinomial target needs at least two classes; \(targetColumn) has only \(distinct.map(ModelFile.label).joined())")
            }
            let position = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
            labels = distinct
            classIndex = response.map { position[$0]! }
        } else {
            labels = nil
            classIndex = nil
        }
        if common.family == .binomial {
            let labels = Set(response).sorted()
            guard labels.count == 2 else {
                let shown = labels.prefix(5).map { JSON.format($0) }.joined(separator: ", ")
                throw CommandError("\(file): a binomial target needs exactly two distinct values; \(targetColumn) has \(labels.count) (\(shown)\(labels.count > 5 ? ", ..." : ""))")
            }
            let positive = common.positiveClass ?? labels[1]
            guard labels.contains(positive) else {
                throw CommandError("--positive-class \(JSON.format(positive)) is not a value of the target (\(JSON.format(labels[0])), \(JSON.format(labels[1])))")
            }
            let negative = labels[0] == positive ? labels[1] : labels[0]
            response = response.map { $0 == positive ? 1 : 0 }
            classes = (negative, positive)
        } else {
            if common.positiveClass != nil { throw CommandError("--positive-class applies to --family binomial only") }
            classes = nil
        }
        y = response
    }

    /// Per feature, the weighted mean and 1/n standard deviation: the standardisation a model
    /// file records (CONVENTIONS.md).
    func columnStatistics() -> (centers: [Double], scales: [Double]) {
        let n = x.rowCount
        let w = weights ?? [Double](repeating: 1, count: n)
        let total = w.reduce(0, +)
        var centers = [Double](), scales = [Double]()
        for j in 0 ..< x.columnCount {
            let column = x.column(j)
            let mean = zip(column, w).reduce(0) { $0 + $1.0 * $1.1 } / total
            let variance = zip(column, w).reduce(0) { $0 + $1.1 * ($1.0 - mean) * ($1.0 - mean) } / total
            centers.append(mean)
            scales.append(variance.squareRoot())
        }
        return (centers, scales)
    }
}

/// Per-feature settings written as `VALUE` (every feature) and/or `NAME=VALUE`, comma-separated
/// or repeated, later items overriding earlier ones.
enum PerFeature {
    static func parse(_ items: [String], option: String, features: [String], default value: Double,
                      check: (Double) -> String?) throws -> [Double]? {
        let parts = items.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard !parts.isEmpty else { return nil }
        var values = [Double](repeating: value, count: features.count)
        let position = Dictionary(features.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for part in parts {
            let text = part.trimmingCharacters(in: .whitespaces)
            let pieces = text.split(separator: "=", maxSplits: 1).map(String.init)
            let numberText = pieces.last ?? ""
            guard let number = parseNumber(numberText) else {
                throw CommandError("\(option): \"\(text)\" is not VALUE or NAME=VALUE with a number")
            }
            if let problem = check(number) { throw CommandError("\(option): \"\(text)\": the value \(problem)") }
            if pieces.count == 2 {
                guard let j = position[pieces[0]] else {
                    throw CommandError("\(option): no feature named \"\(pieces[0])\"; the features are \(features.joined(separator: ", "))")
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
