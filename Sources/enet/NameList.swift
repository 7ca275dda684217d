/// Comma-separated lists on the command line (`--categorical`, `--penalty-factor`, `--lower`,
/// `--upper`): an item may be double-quoted, CSV-style, so a column name with a comma survives:
/// `--categorical '"col,our",size'`; `""` inside quotes is one quote. The refit that `predict`
/// and `explain` run writes names back the same way (`quoted`).
enum NameList {
    /// The items of `text`, quotes removed, surrounding spaces trimmed; empty items kept.
    static func split(_ text: String) -> [String] {
        var items: [String] = [], current = "", inQuotes = false
        var characters = Array(text)[...]
        while let c = characters.popFirst() {
            if c == "\"" {
                if inQuotes && characters.first == "\"" { current.append("\""); characters.removeFirst() } else { inQuotes.toggle() }
            } else if c == "," && !inQuotes {
                items.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(c)
            }
        }
        items.append(current.trimmingCharacters(in: .whitespaces))
        return items
    }

    /// `name` as one list item: quoted when it holds a comma or a quote (or starts or ends with a space).
    static func quoted(_ name: String) -> String {
        let needs = name.contains(",") || name.contains("\"") || name.first == " " || name.last == " "
        return needs ? "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : name
    }
}
