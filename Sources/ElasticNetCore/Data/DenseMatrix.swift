/// A dense matrix stored column by column (column-major), the layout every coordinate-descent
/// update reads: one feature's values are contiguous.
public struct DenseMatrix: Sendable, Equatable {
    /// Number of rows (observations).
    public let rowCount: Int
    /// Number of columns (features).
    public let columnCount: Int
    /// The entries, column `j` at `values[j * rowCount ..< (j + 1) * rowCount]`.
    public private(set) var values: [Double]

    /// A matrix over column-major `values`; `values.count` must be `rowCount * columnCount`.
    public init(rowCount: Int, columnCount: Int, columnMajor values: [Double]) {
        precondition(rowCount >= 0 && columnCount >= 0 && values.count == rowCount * columnCount,
                     "DenseMatrix: \(values.count) values do not fill \(rowCount) x \(columnCount)")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.values = values
    }

    /// A matrix from its columns, each of the same length.
    public init(columns: [[Double]]) {
        let rows = columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == rows }, "DenseMatrix: columns of unequal length")
        self.init(rowCount: rows, columnCount: columns.count, columnMajor: columns.flatMap { $0 })
    }

    /// A matrix from its rows, each of the same length.
    public init(rows: [[Double]]) {
        let p = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == p }, "DenseMatrix: rows of unequal length")
        var values = [Double](repeating: 0, count: rows.count * p)
        for (i, row) in rows.enumerated() {
            for (j, x) in row.enumerated() { values[j * rows.count + i] = x }
        }
        self.init(rowCount: rows.count, columnCount: p, columnMajor: values)
    }

    /// Entry at row `i`, column `j`.
    public subscript(row i: Int, column j: Int) -> Double {
        values[j * rowCount + i]
    }

    /// Column `j` as a contiguous slice.
    public func column(_ j: Int) -> ArraySlice<Double> {
        values[(j * rowCount) ..< ((j + 1) * rowCount)]
    }

    /// The rows picked by `indices`, in that order (used for folds and duplicated-row checks).
    public func rows(_ indices: [Int]) -> DenseMatrix {
        var picked = [Double]()
        picked.reserveCapacity(indices.count * columnCount)
        for j in 0 ..< columnCount {
            let base = j * rowCount
            for i in indices { picked.append(values[base + i]) }
        }
        return DenseMatrix(rowCount: indices.count, columnCount: columnCount, columnMajor: picked)
    }
}
