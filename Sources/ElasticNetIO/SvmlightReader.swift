/// Reads svmlight / libsvm text into compressed sparse columns, never densified:
///
///     <label> <index>:<value> <index>:<value> ... # comment
///
/// Indices are 1-based unless `zeroBased`, strictly increasing within a line (an index out of
/// order or repeated is an error naming it, as libsvm's own reader refuses it); a `qid:` pair is
/// ignored; blank and comment-only lines are skipped; a missing pair means 0. The file is streamed
/// in chunks, so only the entries and one line are ever held. No Swift package reads this format,
/// so it is written here, on the same correctly rounded number conversion as the CSV reader.
public enum SvmlightReader {
    /// The largest number of features a file may address (2^20 = 1,048,576). Memory grows with
    /// the feature count, not the nonzeros, in a few places: the column offsets, the per-feature
    /// settings and gradients, and a saved model or printed path, which hold every coefficient of
    /// each fit (100 fits: about 1 KB per feature, so 1 GB at this limit). A 40-byte file naming
    /// feature 16,000,000 must be an error, not 4 GB of zeros.
    public static let maximumFeatureCount = 1 << 20

    /// A sparse design with its labels, in compressed sparse columns.
    public struct Table: Sendable, Equatable {
        public let rowCount: Int
        public let columnCount: Int
        /// `columnCount + 1` offsets into `rowIndices` / `values`.
        public let columnStarts: [Int]
        public let rowIndices: [Int]
        public let values: [Double]
        /// One label per row.
        public let labels: [Double]
    }

    /// Reads `path`. The table has at least `minimumColumnCount` columns (a prediction file whose
    /// last features happen to be all zero still lines up with the model). `ignoringLabels` is for
    /// data whose labels are not used (prediction): a label may then be anything, or left out (a
    /// first field with a colon is a feature), and reads as 0. `observer` sees every byte read (see
    /// `ByteObserver`).
    public static func read(path: String, zeroBased: Bool = false, minimumColumnCount: Int = 0,
                            ignoringLabels: Bool = false, observer: ByteObserver? = nil) throws(InputError) -> Table {
        var builder = Builder(path: path, zeroBased: zeroBased, ignoringLabels: ignoringLabels)
        var lines = LineSplitter()
        try FileReader(path: path, observer: observer).forEachChunk { chunk throws(InputError) in try lines.feed(chunk, to: &builder) }
        try lines.finish(to: &builder)
        return try builder.table(minimumColumnCount: minimumColumnCount)
    }

    /// Parses bytes as a whole file (the fuzz target's entry), through the same line splitting.
    static func parse(_ bytes: [UInt8], path: String, zeroBased: Bool = false) throws(InputError) -> Table {
        var builder = Builder(path: path, zeroBased: zeroBased)
        var lines = LineSplitter()
        try bytes.withUnsafeBufferPointer { all throws(InputError) in try lines.feed(all, to: &builder) }
        try lines.finish(to: &builder)
        return try builder.table(minimumColumnCount: 0)
    }

    /// Cuts chunks into lines at line feeds; a line split across chunks waits in `pending`.
    private struct LineSplitter {
        var pending: [UInt8] = []

        mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, to builder: inout Builder) throws(InputError) {
            var start = chunk.startIndex
            for k in chunk.indices where chunk[k] == 0x0A {
                if pending.isEmpty {
                    try builder.line(UnsafeBufferPointer(rebasing: chunk[start ..< k]))
                } else {
                    try keep(chunk[start ..< k], builder: builder)
                    try finish(to: &builder)
                }
                start = k + 1
            }
            try keep(chunk[start...], builder: builder)
        }

        /// The longest line kept: 2^20 features at 30 bytes each is 30 MiB; an endless line (a
        /// link to /dev/zero) must end in an error, not in the allocator.
        static let lineLimit = 64 << 20

        private mutating func keep(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, builder: Builder) throws(InputError) {
            guard pending.count + bytes.count <= Self.lineLimit else {
                throw .line(builder.path, builder.lineNumber + 1, "a line longer than \(MemoryBudget.describe(Double(Self.lineLimit))): not an svmlight line")
            }
            pending.append(contentsOf: bytes)
        }

        /// The last line, when the file does not end with a line feed.
        mutating func finish(to builder: inout Builder) throws(InputError) {
            guard !pending.isEmpty else { return }
            try pending.withUnsafeBufferPointer { line throws(InputError) in try builder.line(line) }
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// Collects entries row by row (coordinate form), then sorts them into columns.
    private struct Builder {
        let path: String
        let zeroBased: Bool
        var ignoringLabels = false
        var lineNumber = 0
        var labels: [Double] = []
        var entryRows: [Int] = []
        var entryColumns: [Int] = []
        var entryValues: [Double] = []
        var columnCount = 0

        init(path: String, zeroBased: Bool, ignoringLabels: Bool = false) {
            self.path = path
            self.zeroBased = zeroBased
            self.ignoringLabels = ignoringLabels
        }

        mutating func line(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {
            lineNumber += 1
            var bytes = bytes
            if lineNumber == 1, bytes.count >= 3, bytes[bytes.startIndex] == 0xEF, bytes[bytes.startIndex + 1] == 0xBB,
               bytes[bytes.startIndex + 2] == 0xBF {
                bytes = UnsafeBufferPointer(rebasing: bytes[(bytes.startIndex + 3)...])   // a UTF-8 byte-order mark
            }
            var end = bytes.endIndex
            if let hash = bytes.firstIndex(of: 0x23) { end = hash }          // '#': a comment to the end
            let fields = Self.fields(UnsafeBufferPointer(rebasing: bytes[bytes.startIndex ..< end]))
            guard let labelField = fields.first else { return }             // blank or comment-only
            let row = labels.count
            // Each entry is held as a (row, column, value) triple and again in compressed columns.
            if row & 1023 == 0, !MemoryBudget.allows(48 * Double(entryValues.count)) {
                throw .line(path, lineNumber, "\(entryValues.count) entries in \(row) rows so far need \(MemoryBudget.describe(48 * Double(entryValues.count))), \(MemoryBudget.explanation)")
            }
            let hasLabel = !ignoringLabels || !labelField.bytes.contains(0x3A)
            labels.append(ignoringLabels ? 0 : try number(labelField.bytes, column: labelField.column, what: "label"))
            var previous = -1
            for field in fields.dropFirst(hasLabel ? 1 : 0) {
                let text = field.bytes
                guard let colon = text.firstIndex(of: 0x3A) else {
                    throw cell(field, "expected index:value, found \"\(NumberText.shown(text))\"")
                }
                let indexText = UnsafeBufferPointer(rebasing: text[text.startIndex ..< colon])
                if String(decoding: indexText, as: UTF8.self) == "qid" { continue }
                guard let index = Self.index(indexText) else {
                    throw cell(field, "the feature index \"\(NumberText.shown(indexText))\" is not a whole number")
                }
                let column = zeroBased ? index : index - 1
                guard column >= 0 else {
                    throw cell(field, "feature index 0 in a 1-based file (use --zero-based if its indices start at 0)")
                }
                guard column < maximumFeatureCount else {
                    throw cell(field, "feature index \(index) is beyond the limit of \(maximumFeatureCount) features")
                }
                guard column > previous else {
                    throw cell(field, column == previous ? "feature index \(index) appears twice on the line"
                                                         : "feature index \(index) is out of order (indices must increase along a line)")
                }
                previous = column
                let value = try number(UnsafeBufferPointer(rebasing: text[(colon + 1)...]),
                                       column: field.column + (colon - text.startIndex) + 1, what: "value")
                columnCount = max(columnCount, column + 1)
                guard value != 0 else { continue }
                entryRows.append(row)
                entryColumns.append(column)
                entryValues.append(value)
            }
        }

        /// Compressed sparse columns by a counting sort on the column; rows stay increasing
        /// because the entries arrive row by row.
        func table(minimumColumnCount: Int) throws(InputError) -> Table {
            guard !labels.isEmpty else { throw .file(path, "no data lines") }
            let p = max(columnCount, minimumColumnCount)
            var starts = [Int](repeating: 0, count: p + 1)
            for column in entryColumns { starts[column + 1] += 1 }
            for j in 0 ..< p { starts[j + 1] += starts[j] }
            var next = starts
            var rows = [Int](repeating: 0, count: entryRows.count)
            var values = [Double](repeating: 0, count: entryRows.count)
            for e in entryRows.indices {
                let slot = next[entryColumns[e]]
                rows[slot] = entryRows[e]
                values[slot] = entryValues[e]
                next[entryColumns[e]] += 1
            }
            return Table(rowCount: labels.count, columnCount: p, columnStarts: starts, rowIndices: rows,
                         values: values, labels: labels)
        }

        private func number(_ bytes: UnsafeBufferPointer<UInt8>, column: Int, what: String) throws(InputError) -> Double {
            switch NumberText.withCNumericLocale({ NumberText.read(bytes) }) {
            case .number(let value): return value
            case .empty: throw .cell(path, line: lineNumber, column: column, name: nil, "the \(what) is missing")
            case .notANumberValue, .infinite:
                throw .cell(path, line: lineNumber, column: column, name: nil, "the \(what) \"\(NumberText.shown(bytes))\" is not finite")
            case .notNumeric:
                throw .cell(path, line: lineNumber, column: column, name: nil, "the \(what) \"\(NumberText.shown(bytes))\" is not a number")
            }
        }

        private func cell(_ field: Field, _ problem: String) -> InputError {
            .cell(path, line: lineNumber, column: field.column, name: nil, problem)
        }

        /// A whitespace-separated field and its 1-based byte column on the line.
        struct Field {
            let bytes: UnsafeBufferPointer<UInt8>
            let column: Int
        }

        static func fields(_ line: UnsafeBufferPointer<UInt8>) -> [Field] {
            var fields: [Field] = []
            var k = line.startIndex
            while k < line.endIndex {
                while k < line.endIndex, NumberText.isSpace(line[k]) { k += 1 }
                let start = k
                while k < line.endIndex, !NumberText.isSpace(line[k]) { k += 1 }
                if k > start {
                    fields.append(Field(bytes: UnsafeBufferPointer(rebasing: line[start ..< k]),
                                        column: start - line.startIndex + 1))
                }
            }
            return fields
        }

        /// A non-negative decimal integer of at most 18 digits (no sign, no spaces).
        static func index(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
            guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
            var value = 0
            for byte in bytes {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
    }
}
