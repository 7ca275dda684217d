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
    /// `copies` is how many matrices of the design's size the command will hold at once (a fit
    /// standardises a working copy: 2); the design is refused before it is allocated when those
    /// and the table would not fit the memory budget, naming the columns that make it big.
    func apply(table: NumericTable, file: String, ignoringUnknownLevels: Bool, copies: Int = 2) throws
        -> (names: [String], values: [Double]) {
        let n = table.rowCount
        try checkSize(table: table, file: file, copies: copies)
        var names = [String](), values = [Double]()
        // Sized once: grown by appends, the array would be reallocated (old and new buffers both
        // held) on its way to the design's size.
        values.reserveCapacity(n * inputColumns.reduce(0) { $0 + (levels[$1]?.count ?? 1) })
        for name in inputColumns {
            guard let j = table.columnIndex(named: name) else { throw CommandError("\(file): no column named \"\(name)\"") }
            if let levels = levels[name] {
                guard let texts = table.categorical[j] else {
                    throw CommandError("\(file): column \"\(name)\" was categorical when the model was fitted")
                }
                let keys = texts.map(ClassLabels.key)
                let known = Set(levels)
                if !ignoringUnknownLevels, let i = keys.firstIndex(where: { !known.contains($0) }) {
                    let shown = levels.prefix(10).joined(separator: ", ") + (levels.count > 10 ? ", ... (\(levels.count) in all)" : "")
                    throw CommandError("\(file): line \(table.line(ofRow: i)), column \"\(name)\": level \"\(texts[i])\" was not seen in training (\(shown)); --unknown-level ignore predicts it as all zeros")
                }
                // One 0/1 column per encoded level (all, or all but the reference level), written by
                // each row's level: O(rows + levels x rows zeros), not a comparison per level and row.
                let encoded = encodedLevels(of: name) ?? levels
                let position = Dictionary(encoded.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
                let first = values.count
                values += repeatElement(0.0, count: encoded.count * n)
                for (i, key) in keys.enumerated() { if let k = position[key] { values[first + k * n + i] = 1 } }
                names += encoded.map { "\(name)=\($0)" }
            } else {
                let column = table.column(j)
                if let i = column.firstIndex(where: \.isNaN), imputed[name] == nil {
                    throw CommandError("\(file): line \(table.line(ofRow: i - column.startIndex)), column \"\(name)\": missing value, and the model imputes none for this column")
                }
                names.append(name)
                values += column.map { $0.isNaN ? imputed[name]! : $0 }
            }
        }
        return (names, values)
    }

    /// Refuses a design whose `copies` plus the table already read exceed the memory budget.
    private func checkSize(table: NumericTable, file: String, copies: Int) throws {
        let n = Double(table.rowCount)
        let width = inputColumns.reduce(0.0) { $0 + Double(levels[$1]?.count ?? 1) }
        let needed = 8 * n * (width * Double(copies) + Double(table.columnCount))
        guard !MemoryBudget.allows(needed) else { return }
        let widest = inputColumns.compactMap { name in levels[name].map { (name, $0.count) } }.max { $0.1 < $1.1 }
        let cause = widest.map { ", of which \($0.1) one-hot columns are the levels of \"\($0.0)\"" } ?? ""
        throw CommandError("\(file): the design is \(table.rowCount) rows x \(Int(width)) columns\(cause): "
                           + "\(MemoryBudget.describe(needed)) with the table and \(copies == 1 ? "the design" : "its working copy"), \(MemoryBudget.explanation)")
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
