/// Cells collected row by row, then handed over column-major.
///
/// The cells go into fixed-size blocks rather than one growing array: a growing array may hold
/// twice the cells in capacity and, during the final transposition, that plus the result would
/// be three matrices. With blocks that are freed one by one as they are transposed, the peak stays
/// near two matrices (the blocks plus the result), and growing never copies a stored cell.
struct RowBlocks {
    /// Cells per row.
    let columnCount: Int
    /// Cells per block: whole rows, about 1 MiB of Doubles.
    private let blockCapacity: Int
    private var fullBlocks: [[Double]] = []
    private var current: [Double] = []

    /// Empty storage for rows of `columnCount` cells.
    init(columnCount: Int) {
        precondition(columnCount > 0)
        self.columnCount = columnCount
        blockCapacity = max(1, (1 << 17) / columnCount) * columnCount
    }

    /// Appends the next cell, in row-major order.
    @inline(__always)
    mutating func append(_ value: Double) {
        if current.count == blockCapacity { startBlock() }
        current.append(value)
    }

    private mutating func startBlock() {
        fullBlocks.append(current)
        current = []
        current.reserveCapacity(blockCapacity)
    }

    /// All `rowCount` rows as one column-major array (column j at `j * rowCount`), emptying the
    /// storage as it goes. The caller states `rowCount`, the number of complete rows appended.
    mutating func takeColumnMajor(rowCount: Int) -> [Double] {
        let p = columnCount
        precondition((fullBlocks.count * blockCapacity + current.count) == rowCount * p)
        fullBlocks.append(current)
        current = []
        fullBlocks.reverse()   // so popLast hands them out in row order
        return [Double](unsafeUninitializedCapacity: rowCount * p) { result, initialized in
            var firstRow = 0
            while let block = fullBlocks.popLast() {
                let rows = block.count / p
                block.withUnsafeBufferPointer { cells in
                    // Column by column: the reads stride through one block (it stays in cache),
                    // the writes run in order.
                    for j in 0 ..< p {
                        let column = j * rowCount + firstRow
                        for i in 0 ..< rows { result[column + i] = cells[i * p + j] }
                    }
                }
                firstRow += rows
            }
            initialized = rowCount * p
        }
    }
}
