/// The CSV state machine behind `CSVReader`: bytes in, in chunks of any size; a header of names
/// and rows of finite numbers out, or an `InputError` naming the line and column.
///
/// An unquoted field that lies within one chunk, the common case, is converted where it lies,
/// with no copy to the heap. A quoted field (its "" pairs unescaped) or one split between two
/// chunks is first gathered in `pending`. Line ends are LF; the CR of a CRLF is trailing space.
struct CSVParser {
    private let path: String
    private let delimiter: UInt8

    /// Where the parser is within the current field.
    private enum State {
        /// Nothing of the field read yet.
        case fieldStart
        /// Inside an unquoted field whose first bytes, from an earlier chunk, are in `pending`.
        case unquoted
        /// Inside quotes.
        case quoted
        /// Just read a quote inside quotes: the closing one, or the first of a "" pair.
        case quoteInQuoted
        /// After the closing quote, where only spaces may come before the delimiter or line end.
        case afterQuoted
    }

    private var state = State.fieldStart
    private var pending: [UInt8] = []
    private var fieldWasQuoted = false
    /// How many bytes of a UTF-8 byte-order mark (EF BB BF) have opened the file, or nil once the
    /// file is known to go on past any mark. Counted, because a chunk may end inside the mark.
    private var byteOrderMarkMatched: Int? = 0

    /// The physical line (1-based) of the byte being read: every LF counts, quoted or not.
    private var line = 1
    private var rowStartLine = 1
    private var fieldStartLine = 1
    /// Fields completed so far in the current row.
    private var fieldIndex = 0
    /// The first blank line not yet followed by anything: harmless at the end, an error before data.
    private var firstBlankLine: Int? = nil

    private var headerFields: [String] = []
    /// The column names, once the header row has ended.
    private var header: [String]? = nil
    private var columnCount = 0
    private var rows = RowBlocks(columnCount: 1)
    private var rowCount = 0
    /// The column read as text (class labels), if asked for and present, and its cells.
    private let labelColumnRequest: LabelColumn?
    private var labelColumn: Int? = nil
    private var labels: [String] = []
    /// Categorical columns and missing values (`CellPolicy`); the text cells of categorical
    /// columns as (row, text), and which columns `auto` found to hold text.
    private let policy: CellPolicy
    private var namedTextColumns: Set<Int> = []
    /// Per column, whether it is read past (`CellPolicy.ignoredColumns`, an unnamed index column).
    private var isIgnored: [Bool] = []
    private var indexColumn: Int? = nil
    /// The column whose missing cells are let through (`CellPolicy.missingAllowed`).
    private var missingColumn: Int? = nil
    private var textCells: [Int: [(row: Int, text: String)]] = [:]

    /// The longest field kept: no number, name or category needs a megabyte, and an endless
    /// line (a link to /dev/zero) must end in an error rather than in the allocator.
    static let fieldLimit = 1 << 20

    private static let lineFeed: UInt8 = 0x0A
    private static let quote: UInt8 = 0x22
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// A parser for the file at `path` (named in errors) with fields separated by `delimiter`.
    init(path: String, delimiter: UInt8, labelColumn: LabelColumn? = nil, policy: CellPolicy = CellPolicy()) {
        self.path = path
        self.delimiter = delimiter
        labelColumnRequest = labelColumn
        self.policy = policy
    }

    /// Reads the next chunk of the file.
    mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>) throws(InputError) {
        guard byteOrderMarkMatched != nil else { return try parse(chunk) }
        let start = try skipByteOrderMark(chunk)
        try parse(UnsafeBufferPointer(rebasing: chunk[start...]))
    }

    /// Reads past a byte-order mark at the start of the file; returns where the rest of `chunk` starts.
    private mutating func skipByteOrderMark(_ chunk: UnsafeBufferPointer<UInt8>) throws(InputError) -> Int {
        var matched = byteOrderMarkMatched ?? 0
        var i = chunk.startIndex
        while matched < 3, i < chunk.endIndex, chunk[i] == Self.byteOrderMark[matched] {
            matched += 1
            i += 1
        }
        if matched < 3 && i == chunk.endIndex {
            byteOrderMarkMatched = matched   // the chunk ended inside what may be a mark
            return i
        }
        byteOrderMarkMatched = nil
        if matched < 3 { try parseLeadingBytesOfByteOrderMark(matched) }
        return i
    }

    /// The file began like a byte-order mark but was not one: those bytes are data after all.
    private mutating func parseLeadingBytesOfByteOrderMark(_ count: Int) throws(InputError) {
        guard count > 0 else { return }
        try Self.byteOrderMark.withUnsafeBufferPointer { (mark) throws(InputError) in
            try parse(UnsafeBufferPointer(rebasing: mark[0 ..< count]))
        }
    }

    /// Runs the state machine over `chunk`.
    private mutating func parse(_ chunk: UnsafeBufferPointer<UInt8>) throws(InputError) {
        var i = chunk.startIndex
        let end = chunk.endIndex
        while i < end {
            switch state {
            case .fieldStart:
                fieldStartLine = line
                if chunk[i] == Self.quote {
                    state = .quoted
                    fieldWasQuoted = true
                    i += 1
                    continue
                }
                let start = i
                i = endOfUnquotedField(in: chunk, from: i)
                if i == end {
                    try keepPending(chunk[start ..< end])
                    state = .unquoted
                } else {
                    try endField(UnsafeBufferPointer(rebasing: chunk[start ..< i]), endsRow: chunk[i] == Self.lineFeed)
                    i += 1
                }
            case .unquoted:
                let start = i
                i = endOfUnquotedField(in: chunk, from: i)
                try keepPending(chunk[start ..< i])
                if i < end {
                    try endPendingField(endsRow: chunk[i] == Self.lineFeed)
                    i += 1
                }
            case .quoted:
                let start = i
                while i < end, chunk[i] != Self.quote {
                    if chunk[i] == Self.lineFeed { line += 1 }
                    i += 1
                }
                try keepPending(chunk[start ..< i])
                if i < end {
                    state = .quoteInQuoted
                    i += 1
                }
            case .quoteInQuoted:
                if chunk[i] == Self.quote {
                    pending.append(Self.quote)
                    state = .quoted
                    i += 1
                } else {
                    state = .afterQuoted
                }
            case .afterQuoted:
                let byte = chunk[i]
                if byte == delimiter || byte == Self.lineFeed {
                    try endPendingField(endsRow: byte == Self.lineFeed)
                } else if !NumberText.isSpace(byte) {
                    throw cellError(line: line, "unexpected text after the closing quote")
                }
                i += 1
            }
        }
    }

    /// Adds bytes of a field that spans chunks, up to `fieldLimit`.
    private mutating func keepPending(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) throws(InputError) {
        guard pending.count + bytes.count <= Self.fieldLimit else {
            throw cellError(line: fieldStartLine, "a field longer than \(MemoryBudget.describe(Double(Self.fieldLimit))): this is not a table of numbers and names")
        }
        pending.append(contentsOf: bytes)
    }

    /// Ends the file: the last row needs no line end; then the table, column-major.
    mutating func finish() throws(InputError) -> NumericTable {
        if let matched = byteOrderMarkMatched, matched < 3 {
            byteOrderMarkMatched = nil
            try parseLeadingBytesOfByteOrderMark(matched)
        }
        switch state {
        case .quoted:
            throw cellError(line: fieldStartLine, "the quote that opens this field is never closed")
        case .unquoted, .quoteInQuoted, .afterQuoted:
            try endPendingField(endsRow: true)
        case .fieldStart:
            // A last line that ends with a delimiter has an empty last field.
            if fieldIndex > 0 { try endField(UnsafeBufferPointer(start: nil, count: 0), endsRow: true) }
        }
        guard let header else { throw .file(path, "the file is empty") }
        guard rowCount > 0 else { throw .file(path, "only a header row, no data") }
        var table = NumericTable(columnNames: header, rowCount: rowCount,
                                 values: rows.takeColumnMajor(rowCount: rowCount))
        if let labelColumn { table.labels = (column: labelColumn, values: labels) }
        table.indexColumn = indexColumn
        for (column, cells) in textCells {
            // Numbers in a text column (auto mode) are levels too, written as they read back.
            var texts = (0 ..< rowCount).map { i -> String in
                let value = table.values[column * rowCount + i]
                return value.isNaN ? "" : (value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : value.description)
            }
            for cell in cells { texts[cell.row] = cell.text }
            for cell in cells { table.values[column * rowCount + cell.row] = 0 }
            table.categorical[column] = texts
        }
        return table
    }

    /// The index of the delimiter or line feed that ends the unquoted field at `start`, or the
    /// chunk's end when the field goes on in the next chunk.
    @inline(__always)
    private func endOfUnquotedField(in chunk: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        while i < chunk.endIndex {
            let byte = chunk[i]
            if byte == delimiter || byte == Self.lineFeed { break }
            i += 1
        }
        return i
    }

    /// Ends the field gathered in `pending`.
    private mutating func endPendingField(endsRow: Bool) throws(InputError) {
        // Moved out so that `endField` may mutate self while reading the bytes; moved back to keep
        // the capacity.
        var bytes: [UInt8] = []
        swap(&bytes, &pending)
        defer {
            bytes.removeAll(keepingCapacity: true)
            swap(&bytes, &pending)
        }
        try bytes.withUnsafeBufferPointer { (field) throws(InputError) in try endField(field, endsRow: endsRow) }
    }

    /// Ends a field whose bytes (unescaped, quotes removed) are `bytes`, and the row if `endsRow`.
    private mutating func endField(_ bytes: UnsafeBufferPointer<UInt8>, endsRow: Bool) throws(InputError) {
        if endsRow && fieldIndex == 0 && !fieldWasQuoted && NumberText.trimmingSpace(bytes).isEmpty {
            if firstBlankLine == nil { firstBlankLine = line }
        } else {
            if let blank = firstBlankLine { throw blankLineError(blank) }
            if header == nil {
                let name = fieldWasQuoted ? bytes : NumberText.trimmingSpace(bytes)
                // An unnamed first column may be a row index (pandas); `acceptHeader` decides.
                if name.isEmpty && !(fieldIndex == 0 && policy.unnamedIndexColumn) {
                    // Refused at once, not at the header's end: a line of endless delimiters has none.
                    throw .cell(path, line: rowStartLine, column: fieldIndex + 1, name: nil, "the column name is empty")
                }
                headerFields.append(String(decoding: name, as: UTF8.self))
            } else if fieldIndex == labelColumn {
                try storeLabel(bytes)
            } else if fieldIndex < columnCount {
                if isIgnored[fieldIndex] { rows.append(0) } else { try storeCell(bytes) }
            }
            fieldIndex += 1
            if endsRow { try endRow() }
        }
        fieldWasQuoted = false
        state = .fieldStart
        if endsRow {
            line += 1
            rowStartLine = line
        }
    }

    /// Converts one data cell and stores it; anything but a finite number is an error naming the cell.
    @inline(__always)
    private mutating func storeCell(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {
        let reading = NumberText.read(bytes)
        if case .number(let value) = reading, !namedTextColumns.contains(fieldIndex) { return rows.append(value) }
        let text = String(decoding: NumberText.trimmingSpace(bytes), as: UTF8.self)
        let missing = reading == .empty || reading == .notANumberValue || NumberText.isMissingMarker(text)
        if missing && (policy.allowMissing || fieldIndex == missingColumn) {
            rows.append(.nan)
        } else if !missing && (namedTextColumns.contains(fieldIndex) || (policy.autoText && reading == .notNumeric)) {
            textCells[fieldIndex, default: []].append((rowCount, text))
            rows.append(0)
        } else {
            throw cellError(reading, bytes)
        }
    }

    /// Keeps a label cell as text (a 0 holds its place among the numbers); it must not be empty,
    /// unless this is the `missingAllowed` column, where an empty or NA label is kept as "" with NaN.
    private mutating func storeLabel(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {
        let text = fieldWasQuoted ? bytes : NumberText.trimmingSpace(bytes)
        if fieldIndex == missingColumn && (text.isEmpty || NumberText.isMissingMarker(String(decoding: text, as: UTF8.self))) {
            labels.append("")
            return rows.append(.nan)
        }
        guard !text.isEmpty else {
            var error = InputError.cell(path, line: rowStartLine, column: fieldIndex + 1, name: header?[fieldIndex], "the label is empty")
            error.missingColumn = header?[fieldIndex]
            throw error
        }
        labels.append(String(decoding: text, as: UTF8.self))
        rows.append(0)
    }

    /// Checks the row's field count (a data row) or the names (the header).
    private mutating func endRow() throws(InputError) {
        defer { fieldIndex = 0 }
        guard header != nil else { return try acceptHeader() }
        guard fieldIndex == columnCount else {
            throw .line(path, rowStartLine, "expected \(columnCount) fields as in the header, found \(fieldIndex)")
        }
        rowCount += 1
        // The table is the first of the copies a fit holds; one that alone exceeds the budget is
        // refused here, while reading, rather than by the allocator (an endless stream of rows).
        if rowCount & 1023 == 0, !MemoryBudget.allows(8 * Double(rowCount) * Double(columnCount)) {
            throw .line(path, rowStartLine, "\(rowCount) rows x \(columnCount) columns so far is \(MemoryBudget.describe(8 * Double(rowCount) * Double(columnCount))), \(MemoryBudget.explanation)")
        }
    }

    /// Makes the first row the column names, which must be non-empty and distinct.
    private mutating func acceptHeader() throws(InputError) {
        var firstColumn: [String: Int] = [:]
        if policy.unnamedIndexColumn && headerFields.count > 1 && headerFields[0].isEmpty { indexColumn = 0 }
        for (k, name) in headerFields.enumerated() where k != indexColumn {
            guard !name.isEmpty else {
                throw .cell(path, line: rowStartLine, column: k + 1, name: nil, "the column name is empty")
            }
            if let earlier = firstColumn[name] {
                throw .line(path, rowStartLine,
                            "the column name \"\(InputError.oneLine(name))\" appears twice in the header (columns \(earlier + 1) and \(k + 1))")
            }
            firstColumn[name] = k
        }
        // Names the options give are checked against the header now, before any cell: a typo in
        // --categorical would otherwise surface as "not a number" in the very column meant.
        for name in policy.textColumns.sorted() where firstColumn[name] == nil {
            guard let option = policy.namingOption else { break }
            throw .file(path, "\(option): no column named \"\(InputError.oneLine(name))\"; \(CloseNames.hint(for: name, among: headerFields))")
        }
        // The label column too: a misspelt class column would otherwise be read as numbers and
        // fail on its first label as "not a number".
        if case .named(let name)? = labelColumnRequest, firstColumn[name] == nil {
            throw .file(path, "no column named \"\(InputError.oneLine(name))\" for the labels (the target); \(CloseNames.hint(for: name, among: headerFields))")
        }
        header = headerFields
        columnCount = headerFields.count
        rows = RowBlocks(columnCount: columnCount)
        namedTextColumns = Set(policy.textColumns.compactMap { headerFields.firstIndex(of: $0) })
        isIgnored = headerFields.indices.map { $0 == indexColumn || policy.ignoredColumns.contains(headerFields[$0]) }
        switch policy.missingAllowed {
        case .named(let name)?: missingColumn = headerFields.firstIndex(of: name)
        case .last?: missingColumn = columnCount - 1
        case nil: missingColumn = nil
        }
        switch labelColumnRequest {
        case .named(let name)?: labelColumn = headerFields.firstIndex(of: name)
        case .last?: labelColumn = columnCount - 1
        case nil: labelColumn = nil
        }
    }

    /// The error for a blank line that turned out to be followed by more of the file.
    private func blankLineError(_ blank: Int) -> InputError {
        guard header != nil else {
            return .line(path, blank, "the first line is empty; it must name the columns")
        }
        return .line(path, blank, "expected \(columnCount) fields as in the header, found an empty line")
    }

    /// The error for a data cell that is not a finite number.
    private func cellError(_ reading: NumberText.Reading, _ bytes: UnsafeBufferPointer<UInt8>) -> InputError {
        let text = NumberText.shown(bytes)
        let name = header.flatMap { fieldIndex < $0.count ? $0[fieldIndex] : nil }
        var missing: InputError {
            var error = cellError(line: fieldStartLine, reading == .empty ? "empty cell (missing values are not allowed)"
                                  : reading == .notANumberValue ? "NaN is not allowed"
                                  : "\"\(text)\" is a missing value (missing values are not allowed)")
            error.missingColumn = name
            return error
        }
        switch reading {
        case .number: preconditionFailure("a number is not an error")
        case .empty, .notANumberValue: return missing
        case .infinite: return cellError(line: fieldStartLine, "infinite value is not allowed (\"\(text)\")")
        case .notNumeric where NumberText.isMissingMarker(text): return missing
        case .notNumeric:
            var error = cellError(line: fieldStartLine, "\"\(text)\" is not a number")
            error.textColumn = name
            return error
        }
    }

    /// An error about the current field, at `line`, naming its column when the header has one.
    private func cellError(line: Int, _ problem: String) -> InputError {
        let name = header.flatMap { fieldIndex < $0.count ? $0[fieldIndex] : nil }
        return .cell(path, line: line, column: fieldIndex + 1, name: name, problem)
    }
}
