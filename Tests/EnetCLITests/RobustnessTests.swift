import Foundation
import Testing

/// The same input gives the same bits, and an output file is never seen half-written.
struct RobustnessTests {
    /// fit, path and cv twice (cv with 1 and 2 threads): identical JSON apart from the manifest's date.
    @Test func repeatedRunsGiveTheSameBits() throws {
        func output(_ arguments: [String]) throws -> String {
            let run = try EnetRun(arguments + ["--format", "json"])
            #expect(run.status == 0, "\(run.stderr)")
            return run.stdout.split(separator: "\n").filter { !$0.contains("\"manifest\"") }.joined(separator: "\n")
        }
        for arguments in [["fit", EnetRun.diabetes, "--alpha", "0.3", "--lambda", "0.2"],
                          ["path", EnetRun.diabetes, "--nlambda", "30"]] {
            #expect(try output(arguments) == output(arguments))
        }
        let cv = ["cv", EnetRun.diabetes, "--folds", "5", "--nlambda", "25"]
        #expect(try output(cv + ["--threads", "1"]) == output(cv + ["--threads", "2"]))
    }

    /// An `enet` killed (SIGKILL) while it writes leaves the previous output whole, or the new one
    /// whole: the file is written under a temporary name and renamed.
    @Test func killedWriterLeavesAWholeFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let target = scratch.path("path.json")
        let original = "{\"previous\": true}\n"
        try original.write(toFile: target, atomically: false, encoding: .utf8)
        for delay in [0.02, 0.05, 0.1, 0.2, 0.4] {
            let process = Process()
            process.executableURL = EnetRun.executable
            process.arguments = ["cv", EnetRun.diabetes, "--folds", "3", "--output", target]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let text = try String(contentsOfFile: target, encoding: .utf8)
            let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8))
            #expect(text == original || parsed != nil, "after \(delay) s the file is neither the old one nor whole JSON")
        }
    }

    /// Ctrl-C (SIGINT) during a long `enet cv --output` stops it promptly with exit code 130 and
    /// leaves the old output as it was and no temporary file, whenever it lands (during the
    /// folds or while the model is written).
    @Test func interruptedCVStopsPromptlyAndWritesNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let target = scratch.path("model.json")
        let original = "{\"previous\": true}\n"
        // From 0.3 s on: a signal before the program has started (while the test runner's own
        // disposition, possibly "ignore", still applies) is not what a user's Ctrl-C is.
        for delay in [0.3, 1.0, 2.5] {
            try original.write(toFile: target, atomically: false, encoding: .utf8)
            let process = Process()
            process.executableURL = EnetRun.executable
            process.arguments = ["cv", EnetRun.shared("digits.csv"), "--family", "multinomial", "--folds", "10",
                                 "--output", target]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            let sent = Date()
            kill(process.processIdentifier, SIGINT)
            process.waitUntilExit()
            let stopped = Date().timeIntervalSince(sent)
            #expect(stopped < 2, "took \(stopped) s to stop")
            #expect(process.terminationReason == .exit && process.terminationStatus == 130)
            #expect(try String(contentsOfFile: target, encoding: .utf8) == original)
            let left = try scratch.contents()
            #expect(left == ["model.json"], "left behind: \(left)")
        }
    }
}
