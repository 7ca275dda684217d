import Foundation
import Testing

/// docs/CLI.md is every command's --help, written by Scripts/cli-reference: the two must not disagree.
@Suite struct CLIReferenceTests {
    @Test func theCommittedReferenceIsTheProgramsOwnHelp() throws {
        let root = EnetRun.packageRoot
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        script.arguments = ["bash", root.appendingPathComponent("Scripts/cli-reference").path, EnetRun.executable.path]
        let out = Pipe()
        script.standardOutput = out
        try script.run()
        let generated = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        script.waitUntilExit()
        #expect(script.terminationStatus == 0)
        let committed = try String(contentsOf: root.appendingPathComponent("docs/CLI.md"), encoding: .utf8)
        #expect(generated.contains("## enet plot path"), "the script found no subcommands")
        #expect(generated == committed, "docs/CLI.md is out of date: run Scripts/cli-reference > docs/CLI.md")
    }
}
