/// Reads a CSV or TSV file of numbers with a header row of column names.
///
/// Written by hand: the Swift CSV packages on this machine (swiftcsv/SwiftCSV 0.10, yaslab/CSV.swift
/// 2.5) build a String per cell, and what is needed here is a number per cell with errors that
/// name the line and column. The file is read in 1 MiB chunks through a byte-level state machine
/// (quotes with "" escapes, LF or CRLF, a UTF-8 byte-order mark); each field's bytes are converted
/// by strtod (correctly rounded, so numbers round-trip exactly). Values accumulate row by row and
/// are transposed once to column-major at the end.
public enum CSVReader {
    /// Reads `path`. The delimiter defaults to tab for `.tsv`/`.tab` files and comma otherwise.
    public static func read(path: String, delimiter: UInt8? = nil) throws(InputError) -> NumericTable {
        let lower = path.lowercased()
        let separator = delimiter ?? ((lower.hasSuffix(".tsv") || lower.hasSuffix(".tab")) ? 9 : 44)
        var parser = Parser(path: path, delimiter: separator)
        try FileBytes.Chunks(path).forEach { chunk throws(InputError) in try parser.consume(chunk) }
        return try parser.finish()
    }

    /// The state machine: one byte at a time, one field at a time.
    struct Parser {
        let path: String
        let delimiter: UInt8
        /// The header's names, once the first row has ended.
        var names: [String] = []
        var headerFields: [String] = []
        var rowMajor: [Double] = []
        var rowCount = 0
        /// The current field's bytes (NUL appended when parsed).
        var field: [CChar] = []
        var fieldIndex = 0
        /// Physical line of the current byte, and of the start of the current row.
        var line = 1
        var rowStartLine = 1
        var inQuotes = false
        var quoteJustClosed = false
        var fieldWasQuoted = false
        var sawAnyByte = false
        var bomBytesSeen = 0
        var pastFileStart = false
        /// The first empty line after the header: an error if data follows it.
        var pendingBlankLine: Int? = nil

        init(path: String, delimiter: UInt8) {
            self.path = path
            self.delimiter = delimiter
            field.reserveCapacity(64)
        }

        mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>) throws(InputError) {
            for byte in chunk {
                if !pastFileStart {
                    // Skip a UTF-8 byte-order mark (EF BB BF).
                    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                    if bomBytesSeen < 3 && byte == bom[bomBytesSeen] {
                        bomBytesSeen += 1
                        pastFileStart = bomBytesSeen == 3
                        continue
                    }
                    if bomBytesSeen > 0 { throw .file(path, "starts with an incomplete byte-order mark") }
                    pastFileStart = true
                }
                sawAnyByte = true
                if inQuotes {
                    if byte == 34 { inQuotes = false; quoteJustClosed = true; continue }
                    if byte == 10 { line += 1 }
                    field.append(CChar(bitPattern: byte))
                    continue
                }
                if quoteJustClosed {
                    quoteJustClosed = false
                    if byte == 34 { inQuotes = true; field.append(34); continue }   // "" inside quotes
                }
                switch byte {
                case delimiter:
                    try endField()
                case 10:
                    if fieldIndex == 0 && field.isEmpty && !fieldWasQuoted {
                        guard !names.isEmpty || rowCount > 0 || !headerFields.isEmpty else {
                            throw .line(path, line, "the header row is empty")
                        }
                        if pendingBlankLine == nil { pendingBlankLine = line }
                    } else {
                        try endField()
                        try endRow()
                    }
                    line += 1
                    rowStartLine = line
                case 13:
                    continue   // the CR of a CRLF line end
                case 34 where field.isEmpty && !fieldWasQuoted:
                    inQuotes = true
                    fieldWasQuoted = true
                default:
                    field.append(CChar(bitPattern: byte))
                }
            }
        }

        mutating func finish() throws(InputError) -> NumericTable {
            if inQuotes { throw .line(path, rowStartLine, "a quoted field is not closed before the end of the file") }
            if !field.isEmpty || fieldIndex > 0 || fieldWasQuoted {
                try endField()
                try endRow()
            }
            guard sawAnyByte else { throw .file(path, "the file is empty") }
            guard !names.isEmpty else { throw .file(path, "the file is empty") }
            guard rowCount > 0 else { throw .file(path, "only a header row, no data") }
            let p = names.count
            var columnMajor = [Double](repeating: 0, count: rowMajor.count)
            for i in 0 ..< rowCount {
                for j in 0 ..< p { columnMajor[j * rowCount + i] = rowMajor[i * p + j] }
            }
            return NumericTable(columnNames: names, rowCount: rowCount, values: columnMajor)
        }

        private mutating func endField() throws(InputError) {
            defer { field.removeAll(keepingCapacity: true); fieldWasQuoted = false; fieldIndex += 1 }
            if names.isEmpty {
                headerFields.append(String(decoding: field.map { UInt8(bitPattern: $0) }, as: UTF8.self))
                return
            }
            if let blank = pendingBlankLine {
                throw .line(path, blank, "an empty line inside the data; expected \(names.count) fields as in the header")
            }
            guard fieldIndex < names.count else {
                throw .line(path, rowStartLine, "expected \(names.count) fields as in the header, found more")
            }
            let column = fieldIndex + 1, name = names[fieldIndex]
            let count = field.count
            field.append(0)
            guard let value = NumberParser.parse(nullTerminated: &field, count: count) else {
                let text = String(decoding: field.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    .trimmingCharacters(in: " \t")
                let what: String
                if text.isEmpty { what = "missing value (empty cell)" }
                else if ["na", "nan", "null"].contains(text.lowercased()) { what = "missing value (\(text))" }
                else { what = "\"\(text.prefix(40))\" is not a number" }
                throw .cell(path, line: rowStartLine, column: column, name: name, what)
            }
            if value.isNaN { throw .cell(path, line: rowStartLine, column: column, name: name, "missing value (NaN)") }
            if value.isInfinite {
                throw .cell(path, line: rowStartLine, column: column, name: name, "infinite value is not allowed")
            }
            rowMajor.append(value)
        }

        private mutating func endRow() throws(InputError) {
            defer { fieldIndex = 0 }
            if names.isEmpty {
                for (k, name) in headerFields.enumerated() where name.trimmingCharacters(in: " \t").isEmpty {
                    throw .cell(path, line: rowStartLine, column: k + 1, name: nil, "empty column name in the header")
                }
                var seen = Set<String>()
                for name in headerFields where !seen.insert(name).inserted {
                    throw .line(path, rowStartLine, "the column name \"\(name)\" appears more than once in the header")
                }
                names = headerFields
                return
            }
            guard fieldIndex == names.count else {
                throw .line(path, rowStartLine, "expected \(names.count) fields as in the header, found \(fieldIndex)")
            }
            rowCount += 1
        }
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        String(Substring(self).trimmingCharacters(in: set))
    }
}
