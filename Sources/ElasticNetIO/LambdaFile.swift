/// Reads a user's lambda sequence: one number a line, each >= 0, strictly decreasing down the file.
///
/// Blank lines and spaces around a number are ignored; LF or CRLF line ends. The order is checked
/// here rather than sorted because a file out of order is more likely a wrong file than a wish.
public enum LambdaFile {
    /// The lambdas in `path`, in file order. Errors name the file and, for a bad entry, the line:
    /// a non-number, NaN or an infinity, a negative value, or one not below the lambda before it.
    public static func read(path: String) throws(InputError) -> [Double] {
        let bytes = try FileReader(path: path).readAll(lineLimit: FileReader.shortLineLimit)
        return try NumberText.withCNumericLocale { () throws(InputError) in try parse(bytes, path: path) }
    }

    /// The lambdas in `bytes`, the contents of the file at `path`.
    static func parse(_ bytes: [UInt8], path: String) throws(InputError) -> [Double] {
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        var lambdas: [Double] = []
        var previous = (line: 0, text: "")
        for (index, lineBytes) in text.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let (reading, shown) = lineBytes.withUnsafeBufferPointer { (NumberText.read($0), NumberText.shown($0)) }
            if reading == .empty { continue }
            let lambda = try value(of: reading, shown: shown, path: path, line: line)
            guard lambda >= 0 else { throw .line(path, line, "lambda \(shown) is negative") }
            if let last = lambdas.last, !(lambda < last) {
                throw .line(path, line, "lambda \(shown) is not below \(previous.text) on line \(previous.line); "
                                        + "the lambdas must be strictly decreasing")
            }
            lambdas.append(lambda)
            previous = (line, shown)
        }
        guard !lambdas.isEmpty else { throw .file(path, "no lambdas (the file holds no numbers)") }
        return lambdas
    }

    /// The finite number a non-empty line holds, or the error naming the line.
    private static func value(of reading: NumberText.Reading, shown: String, path: String, line: Int) throws(InputError) -> Double {
        switch reading {
        case .number(let value): return value
        case .notANumberValue: throw .line(path, line, "NaN is not allowed")
        case .infinite: throw .line(path, line, "infinite value is not allowed (\"\(shown)\")")
        case .notNumeric, .empty: throw .line(path, line, "\"\(shown)\" is not a number")
        }
    }
}
