/// A sparse matrix in compressed sparse columns (CSC), the layout of glmnet's dgCMatrix input:
/// column j's nonzeros are `rowIndices[columnStarts[j] ..< columnStarts[j + 1]]` (strictly
/// increasing) with `values` alongside. Coordinate descent reads one column at a time, so a
/// column's entries are contiguous; a fit never densifies it.
public struct SparseMatrix: Sendable, Equatable {
    /// Number of rows (observations).
    public let rowCount: Int
    /// Number of columns (features).
    public let columnCount: Int
    /// `columnCount + 1` offsets into `rowIndices` and `values`.
    public let columnStarts: [Int]
    /// The row of each stored entry, increasing within a column.
    public let rowIndices: [Int]
    /// The stored entries (explicit zeros are allowed and mean 0).
    public let values: [Double]

    /// A matrix over CSC arrays; they must be consistent (checked: offsets non-decreasing from 0 to
    /// the entry count, rows in range and strictly increasing within each column).
    public init(rowCount: Int, columnCount: Int, columnStarts: [Int], rowIndices: [Int], values: [Double]) {
        precondition(rowCount >= 0 && columnCount >= 0 && columnStarts.count == columnCount + 1
                     && columnStarts.first == 0 && columnStarts.last == rowIndices.count
                     && rowIndices.count == values.count, "SparseMatrix: inconsistent CSC arrays")
        for j in 0 ..< columnCount {
            precondition(columnStarts[j] <= columnStarts[j + 1], "SparseMatrix: column offsets decrease at \(j)")
            var previous = -1
            for e in columnStarts[j] ..< columnStarts[j + 1] {
                precondition(rowIndices[e] > previous && rowIndices[e] < rowCount,
                             "SparseMatrix: row indices of column \(j) out of range or order")
                previous = rowIndices[e]
            }
        }
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.columnStarts = columnStarts
        self.rowIndices = rowIndices
        self.values = values
    }

    /// The sparse copy of a dense matrix (its zeros dropped).
    public init(_ dense: DenseMatrix) {
        var starts = [0], rows = [Int](), values = [Double]()
        for j in 0 ..< dense.columnCount {
            for (i, x) in dense.column(j).enumerated() where x != 0 { rows.append(i); values.append(x) }
            starts.append(rows.count)
        }
        self.init(rowCount: dense.rowCount, columnCount: dense.columnCount, columnStarts: starts,
                  rowIndices: rows, values: values)
    }

    /// The number of stored entries.
    public var storedCount: Int { values.count }

    /// Entry at row `i`, column `j` (a binary search in the column).
    public subscript(row i: Int, column j: Int) -> Double {
        Self.position(ofRow: i, in: rowIndices, columnStarts[j] ..< columnStarts[j + 1]).map { values[$0] } ?? 0
    }

    /// Where row `i` is stored among the increasing `rows[range]` (one column's entries), if it is.
    @inline(__always)
    static func position<Rows: RandomAccessCollection>(ofRow i: Int, in rows: Rows, _ range: Range<Int>) -> Int?
        where Rows.Index == Int, Rows.Element: BinaryInteger {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let mid = (low + high) / 2
            if Int(rows[mid]) < i { low = mid + 1 } else { high = mid }
        }
        return low < range.upperBound && Int(rows[low]) == i ? low : nil
    }

    /// The dense copy (for small matrices and tests).
    public var dense: DenseMatrix {
        var values = [Double](repeating: 0, count: rowCount * columnCount)
        for j in 0 ..< columnCount {
            for e in columnStarts[j] ..< columnStarts[j + 1] { values[j * rowCount + rowIndices[e]] = self.values[e] }
        }
        return DenseMatrix(rowCount: rowCount, columnCount: columnCount, columnMajor: values)
    }
}

/// A design matrix a model can be fitted on: dense or sparse. The fits are the same objective
/// either way; only the kernels that read the columns differ.
public protocol DesignMatrix: Sendable {
    /// Number of rows (observations).
    var rowCount: Int { get }
    /// Number of columns (features).
    var columnCount: Int { get }
    /// The rows picked by `indices`, in that order (cross-validation folds).
    func rows(_ indices: [Int]) -> Self
    /// `(X b)[i]` for each row i of `rows` (no intercept).
    func product(_ b: [Double], rows: [Int]) -> [Double]
    /// The storage, for the solvers' kernels.
    var storage: DesignStorage { get }
}

extension DesignMatrix {
    /// `(X b)[i]` for each row i of `rows`, visiting only b's nonzeros: a fold's predictions at each
    /// lambda cost O(df x rows), not O(features) (a million mostly empty svmlight columns).
    func product(nonzerosOf b: CoefficientVector, rows: [Int]) -> [Double] {
        switch storage {
        case .dense(let dense):
            return rows.map { i in
                zip(b.nonzeroIndices, b.nonzeroValues).reduce(0.0) { $0 + dense[row: i, column: $1.0] * $1.1 }
            }
        case .sparse(let sparse):
            var eta = [Double](repeating: 0, count: sparse.rowCount)
            for (j, bj) in zip(b.nonzeroIndices, b.nonzeroValues) {
                for e in sparse.columnStarts[j] ..< sparse.columnStarts[j + 1] { eta[sparse.rowIndices[e]] += sparse.values[e] * bj }
            }
            return rows.map { eta[$0] }
        }
    }
}

/// How a design is stored.
public enum DesignStorage: Sendable {
    case dense(DenseMatrix)
    case sparse(SparseMatrix)
}

extension DenseMatrix: DesignMatrix {
    public func product(_ b: [Double], rows: [Int]) -> [Double] {
        rows.map { i in
            var eta = 0.0
            for j in 0 ..< columnCount where b[j] != 0 { eta += self[row: i, column: j] * b[j] }
            return eta
        }
    }

    public var storage: DesignStorage { .dense(self) }
}

extension SparseMatrix: DesignMatrix {
    public func rows(_ indices: [Int]) -> SparseMatrix {
        // Where each old row lands (a row picked twice lands twice).
        var landing = [[Int]](repeating: [], count: rowCount)
        for (new, old) in indices.enumerated() { landing[old].append(new) }
        var starts = [0], rows = [Int](), picked = [Double]()
        var column = [(Int, Double)]()
        for j in 0 ..< columnCount {
            column.removeAll(keepingCapacity: true)
            for e in columnStarts[j] ..< columnStarts[j + 1] {
                for new in landing[rowIndices[e]] { column.append((new, values[e])) }
            }
            column.sort { $0.0 < $1.0 }
            for (i, x) in column { rows.append(i); picked.append(x) }
            starts.append(rows.count)
        }
        return SparseMatrix(rowCount: indices.count, columnCount: columnCount, columnStarts: starts,
                            rowIndices: rows, values: picked)
    }

    public func product(_ b: [Double], rows: [Int]) -> [Double] {
        var eta = [Double](repeating: 0, count: rowCount)
        for j in 0 ..< columnCount where b[j] != 0 {
            for e in columnStarts[j] ..< columnStarts[j + 1] { eta[rowIndices[e]] += values[e] * b[j] }
        }
        return rows.map { eta[$0] }
    }

    public var storage: DesignStorage { .sparse(self) }
}
