import ElasticNetCore
import ElasticNetIO

/// The data and objective a command fits: the CSV read, the response, weights and features
/// separated, per-feature settings resolved by name.
struct LoadedData {
    let featureNames: [String]
    let x: DenseMatrix
    let y: [Double]
    let weights: [Double]?
    let options: FitOptions
    /// Binomial: the response values read as 0 and 1.
    let classes: (negative: Double, positive: Double)?

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
        let featureIndices = (0 ..< table.columnNames.count).filter { $0 != targetIndex && $0 != weightIndex }
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

        var options = FitOptions(family: common.family, alpha: common.alpha,
                                 standardize: common.standardize, intercept: common.intercept)
        options.tolerance = common.tol
        options.maxIterations = common.maxIterations
        let names = featureNames
        options.penaltyFactors = try PerFeature.parse(common.penaltyFactor, option: "--penalty-factor", features: names,
                                                      default: 1) { v in v >= 0 ? nil : "must be >= 0 (or inf)" }
        options.lowerBounds = try PerFeature.parse(common.lower, option: "--lower", features: names,
                                                   default: -.infinity) { v in v <= 0 ? nil : "must be <= 0" }
        options.upperBounds = try PerFeature.parse(common.upper, option: "--upper", features: names,
                                                   default: .infinity) { v in v >= 0 ? nil : "must be >= 0" }
        self.options = options

        if common.family == .binomial {
            let labels = Set(response).sorted()
            guard labels.count == 2 else {
                let shown = labels.prefix(5).map { JSON.format($0) }.joined(separator: ", ")
                throw CommandError("\(file): a binomial target needs exactly two distinct values; column \"\(table.columnNames[targetIndex])\" has \(labels.count) (\(shown)\(labels.count > 5 ? ", ..." : ""))")
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
