/// A table of numbers with named columns, stored column-major: column j is
/// `values[j * rowCount ..< (j + 1) * rowCount]`, ready to become a design matrix without a copy
/// per cell.
public struct NumericTable: Sendable, Equatable {
    /// The header's names, in file order.
    public let columnNames: [String]
    /// Number of data rows.
    public let rowCount: Int
    /// The cells, column-major.
    public var values: [Double]

    public init(columnNames: [String], rowCount: Int, values: [Double]) {
        precondition(values.count == columnNames.count * rowCount)
        self.columnNames = columnNames
        self.rowCount = rowCount
        self.values = values
    }

    /// The position of the column called `name`.
    public func columnIndex(named name: String) -> Int? { columnNames.firstIndex(of: name) }

    /// Column j.
    public func column(_ j: Int) -> ArraySlice<Double> { values[(j * rowCount) ..< ((j + 1) * rowCount)] }

    /// The column called `name`.
    public func column(named name: String) -> [Double]? { columnIndex(named: name).map { Array(column($0)) } }
}
