/// A problem with a file the user gave: one line that names the file and, where there is one,
/// the line and column.
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The whole message, e.g. `data.csv: line 7, column 3 ("bmi"): "abc" is not a number`.
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// `file: line L, column C ("name"): what`
    static func cell(_ file: String, line: Int, column: Int, name: String?, _ what: String) -> InputError {
        let label = name.map { " (\"\($0)\")" } ?? ""
        return InputError("\(file): line \(line), column \(column)\(label): \(what)")
    }

    /// `file: line L: what`
    static func line(_ file: String, _ line: Int, _ what: String) -> InputError {
        InputError("\(file): line \(line): \(what)")
    }

    /// `file: what`
    static func file(_ file: String, _ what: String) -> InputError {
        InputError("\(file): \(what)")
    }
}
