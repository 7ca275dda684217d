/// A table of numbers with named columns, as read from a CSV file.
///
/// The cells are stored column-major in one array, column j being
/// `values[j * rowCount ..< (j + 1) * rowCount]`, because a design matrix wants whole columns:
/// taking one is a slice, not a gather over rows.
public struct NumericTable: Sendable, Equatable {
    public static func == (a: NumericTable, b: NumericTable) -> Bool {
        a.columnNames == b.columnNames && a.rowCount == b.rowCount && a.values == b.values
            && a.labels?.column == b.labels?.column && a.labels?.values == b.labels?.values && a.categorical == b.categorical
    }

    /// The header's names, in file order; no two are equal and none is empty but `indexColumn`'s.
    public let columnNames: [String]
    /// The number of data rows (the header is not counted).
    public let rowCount: Int
    /// The cells, column-major: `columnNames.count * rowCount` finite numbers (0 in a label column
    /// and in an ignored one, see `CellPolicy.ignoredColumns`).
    public var values: [Double]
    /// The column read as text when the reader was asked for one (`LabelColumn`), with its cells.
    public var labels: (column: Int, values: [String])? = nil
    /// Categorical columns (`CellPolicy`): column index -> the text of every row ("" where missing).
    public var categorical: [Int: [String]] = [:]
    /// The unnamed first column read past as a row index (`CellPolicy.unnamedIndexColumn`): its
    /// name is "" and its cells are 0.
    public var indexColumn: Int? = nil
    /// The file line of each row when rows were left out (`keepingRows`); nil means row i is on
    /// line i + 2, just below the header.
    public var rowLines: [Int]? = nil

    /// Each name's column, so that looking up every feature by name is linear in the columns, not
    /// quadratic (200,000 columns: a name search per feature took 80 s).
    private let positions: [String: Int]

    /// A table over `values` (column-major); traps unless `values.count == columnNames.count * rowCount`.
    public init(columnNames: [String], rowCount: Int, values: [Double]) {
        precondition(values.count == columnNames.count * rowCount, "values must hold columnNames.count * rowCount cells")
        self.columnNames = columnNames
        self.rowCount = rowCount
        self.values = values
        positions = Dictionary(columnNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The number of columns.
    public var columnCount: Int { columnNames.count }

    /// The position (0-based) of the column called `name`, or nil when there is none.
    public func columnIndex(named name: String) -> Int? {
        positions[name]
    }

    /// Column `j` (0-based), as a slice of `values` (no copy).
    public func column(_ j: Int) -> ArraySlice<Double> {
        values[(j * rowCount) ..< ((j + 1) * rowCount)]
    }

    /// A copy of the column called `name`, or nil when there is none.
    public func column(named name: String) -> [Double]? {
        columnIndex(named: name).map { Array(column($0)) }
    }
}

/// Which column a reader keeps as text: class labels, which may be words rather than numbers.
public enum LabelColumn: Sendable, Equatable {
    case named(String)
    /// The last column (the default target).
    case last
}

/// What a reader accepts besides numbers.
public struct CellPolicy: Sendable, Equatable {
    /// Columns read as text (categorical features), by name.
    public var textColumns: Set<String> = []
    /// Also read as text every column with a cell that is not a number.
    public var autoText = false
    /// Empty, NA and NaN cells of numeric columns read as NaN (to be imputed) instead of an error.
    public var allowMissing = false
    /// An unnamed first column is a row index (pandas' `to_csv` writes one): read past, not refused.
    public var unnamedIndexColumn = false
    /// Columns read past without looking at their cells (an ID or a name left out of the model), by name.
    public var ignoredColumns: Set<String> = []
    /// One column whose missing cells read as NaN even without `allowMissing` (a label column's
    /// as "" with NaN in its place): a target whose incomplete rows are to be left out.
    public var missingAllowed: LabelColumn? = nil
    /// The option that named `textColumns` (`--categorical`), when every one must be in the header:
    /// a misspelt name is then refused at the header, naming the option, before any cell is read.
    /// Nil when a missing column is the caller's to report (a model's columns, at prediction).
    public var namingOption: String? = nil

    public init(textColumns: Set<String> = [], autoText: Bool = false, allowMissing: Bool = false,
                ignoredColumns: Set<String> = []) {
        self.textColumns = textColumns
        self.autoText = autoText
        self.allowMissing = allowMissing
        self.ignoredColumns = ignoredColumns
    }
}
