import Foundation
import Testing

/// Options that agree across commands (issue 18): one name for the output file, help that lists
/// only what a command takes and each default once, and a misspelt option named as such.
struct OptionAgreementTests {
    /// Every command and subcommand, as typed after `enet`.
    static let commands: [[String]] = [
        ["fit"], ["path"], ["cv"], ["predict"], ["compare"], ["explain"], ["demo"],
        ["plot", "path"], ["plot", "cv"], ["plot", "compare"], ["plot", "trace"], ["plot", "demo"], ["report"],
    ]
    /// The commands that write a picture or a page rather than text or JSON.
    static let fileWriters: [[String]] = [["plot", "path"], ["plot", "cv"], ["plot", "compare"], ["plot", "trace"],
                                          ["plot", "demo"], ["report"]]

    static func help(_ command: [String]) throws -> String {
        let run = try EnetRun(command + ["--help"])
        #expect(run.succeeded, "\(run.stderr)")
        // Wrapped lines joined, so a default split across lines is still one phrase.
        return run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test(arguments: commands.map { $0.joined(separator: " ") })
    func helpStatesEachDefaultOnce(command: String) throws {
        let text = try Self.help(command.split(separator: " ").map(String.init))
        let doubled = try NSRegularExpression(pattern: #"\(default[^()]*\)\.? \(default: "#)
        let match = doubled.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        #expect(match == nil, "enet \(command) --help states a default twice: \(match.map { String(text[Range($0.range, in: text)!]) } ?? "")")
    }

    /// `--output` names the file for every command that writes one; plot and report list no
    /// `--format`, which they could not honour.
    @Test(arguments: commands.map { $0.joined(separator: " ") })
    func theOutputFileIsOutputEverywhere(command: String) throws {
        let words = command.split(separator: " ").map(String.init)
        let text = try Self.help(words)
        if words != ["demo"] { #expect(text.contains("--output <"), "enet \(command) --help lists no --output") }
        if Self.fileWriters.contains(words) {
            #expect(!text.contains("--format"), "enet \(command) --help lists --format, which it refuses")
            #expect(text.contains("--output, --out <"), "enet \(command) --help does not show --out as the same option")
        }
    }

    /// `--out`, the name plot and report first took, still writes the same file.
    @Test func outIsAnAliasOfOutput() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let long = try EnetRun(["plot", "demo", "--output", scratch.path("a.svg")])
        let short = try EnetRun(["plot", "demo", "--out", scratch.path("b.svg")])
        #expect(long.succeeded && short.succeeded, "\(long.stderr)\(short.stderr)")
        #expect(try scratch.read("a.svg") == scratch.read("b.svg"))
    }

    /// An unknown option is reported before any rule of the command it was meant for, with the
    /// nearest option the command takes.
    @Test(arguments: [
        (["fit", "DATA", "--lamda", "0.1"], "'--lamda'", "did you mean --lambda?"),
        (["cv", "DATA", "--fodls", "3"], "'--fodls'", "did you mean --folds?"),
        (["plot", "path", "DATA", "--ouptut", "p.svg"], "'--ouptut'", "did you mean --output?"),
        (["fit", "DATA", "--lambda", "0.1", "--drop-missing", "--target", "y"], "'--drop-missing'", "did you mean --drop-missing-target?"),
        (["path", "DATA", "--zzzzzzzz=1"], "'--zzzzzzzz'", "enet path"),
    ])
    func unknownOptionsAreNamedFirst(arguments: [String], option: String, says: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write("a,b,y\n1,2,3\n2,1,4\n3,3,5\n", "data.csv")
        let run = try EnetRun(arguments.map { $0 == "DATA" ? data : $0 })
        #expect(run.refusalProblem == nil, "\(run.refusalProblem ?? "")")
        #expect(run.stderr.contains("unknown option " + option) && run.stderr.contains(says), "\(run.stderr)")
    }
}
