import ElasticNetIO
import ElasticNetModelFile

/// Learning an encoding from the training table, applying it to new data, and writing it into
/// the model file (the type, and reading it back, are in ElasticNetModelFile).
extension Encoding {
    /// Learns the encoding of `columns` of `table` and returns it with the design's columns.
    static func fit(table: NumericTable, columns: [Int], impute: String?, coding: Coding = .all, file: String) throws
        -> (encoding: Encoding, names: [String], values: [Double]) {
        var encoding = Encoding(inputColumns: columns.map { table.columnNames[$0] }, levels: [:], imputed: [:], impute: impute,
                                coding: coding)
        let n = table.rowCount
        for j in columns {
            let name = table.columnNames[j]
            if let texts = table.categorical[j] {
                if let i = texts.firstIndex(of: "") {
                    throw CommandError("\(file): line \(table.line(ofRow: i)), column \"\(name)\": a missing category cannot be imputed; fill it in or drop the row")
                }
                encoding.levels[name] = ClassLabels.ordered(texts)
            } else if let impute {
                let present = table.column(j).filter { !$0.isNaN }
                guard !present.isEmpty else { throw CommandError("\(file): column \"\(name)\" has no values to impute from") }
                if present.count < n { encoding.imputed[name] = impute == "median" ? median(present) : present.reduce(0, +) / Double(present.count) }
            }
        }
        let (names, values) = try encoding.apply(table: table, file: file, ignoringUnknownLevels: false)
        return (encoding, names, values)
    }

    /// The design columns (names and column-major values) of `table` under this encoding.
    func apply(table: NumericTable, file: String, ignoringUnknownLevels: Bool) throws -> (names: [String], values: [Double]) {
        let n = table.rowCount
        var names = [String](), values = [Double]()
        for name in inputColumns {
            guard let j = table.columnIndex(named: name) else { throw CommandError("\(file): no column named \"\(name)\"") }
            if let levels = levels[name] {
                guard let texts = table.categorical[j] else {
                    throw CommandError("\(file): column \"\(name)\" was categorical when the model was fitted")
                }
                let keys = texts.map(ClassLabels.key)
                if !ignoringUnknownLevels, let i = keys.firstIndex(where: { !levels.contains($0) }) {
                    throw CommandError("\(file): line \(table.line(ofRow: i)), column \"\(name)\": level \"\(texts[i])\" was not seen in training (\(levels.joined(separator: ", "))); --unknown-level ignore predicts it as all zeros")
                }
                for level in encodedLevels(of: name) ?? levels {
                    names.append("\(name)=\(level)")
                    values += keys.map { $0 == level ? 1 : 0 }
                }
            } else {
                let column = table.column(j)
                if let i = column.firstIndex(where: \.isNaN), imputed[name] == nil {
                    throw CommandError("\(file): line \(table.line(ofRow: i - column.startIndex)), column \"\(name)\": missing value, and the model imputes none for this column")
                }
                names.append(name)
                values += column.map { $0.isNaN ? imputed[name]! : $0 }
            }
        }
        _ = n
        return (names, values)
    }

    var json: JSON {
        .object([
            ("input_columns", .array(inputColumns.map { .string($0) })),
            ("categorical", .object(inputColumns.compactMap { name in levels[name].map { (name, .array($0.map { .string($0) })) } })),
            ("impute", impute.map { .string($0) } ?? .null),
            ("coding", .string(coding.rawValue)),
            ("imputed", .object(inputColumns.compactMap { name in imputed[name].map { (name, .number($0)) } })),
        ])
    }

    /// What the reader must accept to apply this encoding.
    var policy: CellPolicy {
        CellPolicy(textColumns: Set(levels.keys), autoText: false, allowMissing: !imputed.isEmpty)
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
