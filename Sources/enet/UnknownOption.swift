import ArgumentParser
import ElasticNetModelFile
import Foundation

/// ArgumentParser runs a command's `validate()` as soon as the command is decoded
/// (`CommandParser.descendingParse`), before it looks for the arguments nothing used and reports
/// "Unknown option", so `enet fit --lamda 0.1` was told "give --lambda L" instead of hearing that
/// --lamda is no option. When parsing fails, `Enet.main` asks here first, and names the closest
/// option the command does take. The options come from `_dumpHelp()`, ArgumentParser's own
/// description of every command (the JSON behind --experimental-dump-help): underscored but
/// public, and the one place that lists each command's names, so no list here can drift from them.
enum UnknownOption {
    /// "unknown option '--lamda' for enet fit; did you mean --lambda?", for the first `--word`
    /// (before any `--`) that the command named by `arguments` does not take; nil when none.
    static func message(arguments: [String]) -> String? {
        guard let root = try? JSONSerialization.jsonObject(with: Data(Enet._dumpHelp().utf8)) as? [String: Any],
              var command = root["command"] as? [String: Any] else { return nil }
        var commandPath = ["enet"]
        for word in arguments {
            if word == "--" { return nil }
            let subcommands = command["subcommands"] as? [[String: Any]] ?? []
            if let sub = subcommands.first(where: { $0["commandName"] as? String == word }) {
                command = sub
                commandPath.append(word)
                continue
            }
            guard word.hasPrefix("--") else { continue }
            let given = String(word.prefix { $0 != "=" })
            let known = longNames(command) + ["--help", "--version"]
            guard !known.contains(given) else { continue }
            let hint = closest(to: given, among: known).map { "; did you mean \($0)?" } ?? ""
            return "unknown option '\(given)' for \(commandPath.joined(separator: " "))\(hint)"
        }
        return nil
    }

    /// The command's options and flags as written: "--lambda", "--no-standardize".
    private static func longNames(_ command: [String: Any]) -> [String] {
        let arguments = command["arguments"] as? [[String: Any]] ?? []
        return arguments.flatMap { argument in
            (argument["names"] as? [[String: Any]] ?? []).compactMap { name in
                name["kind"] as? String == "long" ? (name["name"] as? String).map { "--" + $0 } : nil
            }
        }
    }

    /// The name nearest to `word` in edits, when it is a plausible typo (at most 2 edits, or
    /// `word` begins the name).
    static func closest(to word: String, among names: [String]) -> String? {
        let scored = names.map { ($0, editDistance(word, $0)) }
        if let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 { return best.0 }
        return names.first { $0.hasPrefix(word) && word.count > 3 }
    }

    /// Levenshtein distance: insertions, deletions and substitutions of one character.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0 ... b.count)
        for i in 1 ... a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1 ... b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
