#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Cells collected row by row, then handed over column-major.
///
/// The cells go into fixed-size blocks rather than one growing array: a growing array may hold
/// twice the cells in capacity and, during the final transposition, that plus the result would
/// be three matrices. The blocks are mapped from the system directly (mmap) and unmapped one by
/// one as they are transposed, while the result's pages become resident only as they are written:
/// the peak stays near one matrix. Blocks from malloc would not do: glibc keeps freed 1 MiB
/// chunks in its heap, and a 526 MB CSV (1,000,000 x 40) peaked at 2.00 x its matrix that way.
final class RowBlocks {
    /// Cells per row.
    let columnCount: Int
    /// Cells per block: whole rows, about 1 MiB of Doubles.
    private let blockCapacity: Int
    private var fullBlocks: [UnsafeMutablePointer<Double>] = []
    private var current: UnsafeMutablePointer<Double>? = nil
    private var currentCount = 0

    /// Empty storage for rows of `columnCount` cells.
    init(columnCount: Int) {
        precondition(columnCount > 0)
        self.columnCount = columnCount
        blockCapacity = max(1, (1 << 17) / columnCount) * columnCount
    }

    deinit {
        for block in fullBlocks { Self.unmap(block, capacity: blockCapacity) }
        if let current { Self.unmap(current, capacity: blockCapacity) }
    }

    /// Appends the next cell, in row-major order.
    @inline(__always)
    func append(_ value: Double) {
        if current == nil || currentCount == blockCapacity { startBlock() }
        current![currentCount] = value
        currentCount += 1
    }

    private func startBlock() {
        if let current { fullBlocks.append(current) }
        current = Self.map(capacity: blockCapacity)
        currentCount = 0
    }

    /// All `rowCount` rows as one column-major array (column j at `j * rowCount`), emptying the
    /// storage as it goes. The caller states `rowCount`, the number of complete rows appended.
    func takeColumnMajor(rowCount: Int) -> [Double] {
        let p = columnCount
        precondition(fullBlocks.count * blockCapacity + currentCount == rowCount * p)
        var blocks = fullBlocks.map { ($0, blockCapacity) }
        if let current { blocks.append((current, currentCount)) }
        fullBlocks = []
        current = nil
        currentCount = 0
        return [Double](unsafeUninitializedCapacity: rowCount * p) { result, initialized in
            var firstRow = 0
            for (block, count) in blocks {
                let rows = count / p
                // Column by column: the reads stride through one block (it stays in cache), the
                // writes run in order.
                for j in 0 ..< p {
                    let column = j * rowCount + firstRow
                    for i in 0 ..< rows { result[column + i] = block[i * p + j] }
                }
                firstRow += rows
                Self.unmap(block, capacity: blockCapacity)
            }
            initialized = rowCount * p
        }
    }

    private static func map(capacity: Int) -> UnsafeMutablePointer<Double> {
        let bytes = capacity * MemoryLayout<Double>.stride
        guard let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              raw != MAP_FAILED else {
            // As a failed allocation anywhere else in Swift: out of memory is not recoverable here.
            fatalError("RowBlocks: cannot map \(bytes) bytes")
        }
        return raw.bindMemory(to: Double.self, capacity: capacity)
    }

    private static func unmap(_ block: UnsafeMutablePointer<Double>, capacity: Int) {
        munmap(UnsafeMutableRawPointer(block), capacity * MemoryLayout<Double>.stride)
    }
}
