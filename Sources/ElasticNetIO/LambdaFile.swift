/// A user's lambda sequence: one number a line, strictly decreasing, each >= 0. Blank lines and
/// surrounding spaces are ignored.
public enum LambdaFile {
    public static func read(path: String) throws(InputError) -> [Double] {
        let bytes = try FileBytes.read(path)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .file(path, "is not UTF-8 text") }
        var lambdas = [Double]()
        var previousLine = 0
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let field = raw.trimmingCharacters(in: " \t\r")
            if field.isEmpty { continue }
            guard let value = NumberParser.parse(Array(field.utf8)) else {
                throw .line(path, line, "\"\(field.prefix(40))\" is not a number")
            }
            guard value.isFinite else { throw .line(path, line, "\(field) is not a finite number") }
            guard value >= 0 else { throw .line(path, line, "lambda \(field) is negative") }
            if let last = lambdas.last, !(value < last) {
                throw .line(path, line, "lambda \(field) is not below the previous one (line \(previousLine)); the sequence must be strictly decreasing")
            }
            lambdas.append(value)
            previousLine = line
        }
        guard !lambdas.isEmpty else { throw .file(path, "holds no lambdas") }
        return lambdas
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var s = self[...]
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return s
    }
}
