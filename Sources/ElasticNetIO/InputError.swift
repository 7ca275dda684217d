#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem with a file the user named: one line that names the file and, where there is one,
/// the physical line (1-based, the header is line 1) and column (1-based, with its header name).
///
///     data.csv: line 7, column 3 ("bmi"): "abc" is not a number
///     data.csv: line 5: expected 11 fields as in the header, found 10
///     data.csv: no such file
///
/// It is a message rather than an enum of cases because every caller does the same thing with
/// it: print it and stop. The static constructors keep the layout of the message in one place.
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The whole one-line message, file name first.
    public let message: String
    /// The column's name when a number was expected and the cell holds text: a caller that can
    /// read columns as categories may say how.
    public var textColumn: String? = nil
    /// The column's name when the cell is missing (empty, NA, NaN) and missing values were not
    /// let through: a caller may say how to fill them in or leave the row out.
    public var missingColumn: String? = nil

    /// An error whose message is `message`, used as given.
    public init(_ message: String) {
        self.message = message
    }

    /// Errors are equal when their messages are: the column names above are hints for a caller,
    /// not part of what went wrong.
    public static func == (a: InputError, b: InputError) -> Bool { a.message == b.message }

    /// The message, ready for `enet: error: ...` on standard error.
    public var description: String { message }

    /// `FILE: PROBLEM`, for problems with the file as a whole.
    public static func file(_ path: String, _ problem: String) -> InputError {
        InputError("\(path): \(problem)")
    }

    /// `FILE: line L: PROBLEM`, for problems with a whole line (a ragged row, an unsorted lambda).
    public static func line(_ path: String, _ line: Int, _ problem: String) -> InputError {
        InputError("\(path): line \(line): \(problem)")
    }

    /// `FILE: line L, column C ("NAME"): PROBLEM`, for one cell; without a name, the quoted part is left out.
    public static func cell(_ path: String, line: Int, column: Int, name: String?, _ problem: String) -> InputError {
        let label = name.map { " (\"\(oneLine($0))\")" } ?? ""
        return InputError("\(path): line \(line), column \(column)\(label): \(problem)")
    }

    /// `FILE: no such file` or `FILE: cannot read (REASON)`, from the `errno` of a failed open or read.
    public static func cannotRead(_ path: String, errno code: Int32) -> InputError {
        code == ENOENT ? .file(path, "no such file") : .file(path, "cannot read (\(reason(errno: code)))")
    }

    /// `FILE: cannot write (REASON)`, from the `errno` of a failed open, write, sync or rename.
    public static func cannotWrite(_ path: String, errno code: Int32) -> InputError {
        .file(path, "cannot write (\(reason(errno: code)))")
    }

    /// `text` with line breaks, tabs and other control characters written as escapes (`\n`), so
    /// that a name or cell quoted in a message keeps the message on one line.
    static func oneLine(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// strerror's text with a lower-case first letter, so it reads inside a sentence: "permission denied".
    static func reason(errno code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
