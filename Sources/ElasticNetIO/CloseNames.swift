/// What to tell a user whose NAME (a column or a feature) is not among the names: the close
/// ones, so that a typo (`Divison`) is fixed at a glance, else a short list. A file with 200,000
/// columns must not print them all on one error line.
public enum CloseNames {
    /// "did you mean "Division"?", or "the columns are a, b, c" (the first few, then the count).
    public static func hint(for name: String, among names: [String], kind: String = "columns") -> String {
        let close = closest(to: name, among: names)
        if !close.isEmpty { return "did you mean " + close.map { "\"\($0)\"" }.joined(separator: " or ") + "?" }
        let shown = names.prefix(10).joined(separator: ", ")
        return "the \(kind) are \(shown)" + (names.count > 10 ? ", ... (\(names.count) in all)" : "")
    }

    /// Up to three names within a small edit distance of `name` (a third of its length, at least
    /// 1; letter case ignored), nearest first and in file order among equals.
    public static func closest(to name: String, among names: [String]) -> [String] {
        let target = Array(name.lowercased())
        let limit = max(1, target.count / 3)
        let scored = names.compactMap { candidate -> (Int, String)? in
            let distance = editDistance(target, Array(candidate.lowercased()), limit: limit)
            return distance.map { ($0, candidate) }
        }
        let ranked = scored.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }
        return ranked.prefix(3).map(\.element.1)
    }

    /// The Levenshtein distance of `a` and `b` when it is at most `limit`, else nil (a length
    /// difference beyond the limit is rejected without the table).
    static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int? {
        guard abs(a.count - b.count) <= limit else { return nil }
        var previous = Array(0 ... b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + [Int](repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            guard current.min()! <= limit else { return nil }
            previous = current
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }
}
