import Foundation
import Testing

/// The progress bar appears only on a terminal: run under a pseudo-terminal (util-linux
/// `script`), `enet path` and `enet cv` draw it on stderr; with --quiet, or when stderr is a
/// pipe, nothing is written.
struct ProgressBarTests {
    /// Runs `enet` with a pseudo-terminal as its stdout and stderr; nil where `script` is missing.
    static func onTerminal(_ arguments: [String]) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return nil }
        let line = ([EnetRun.executable.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            .joined(separator: " ") + " > /dev/null"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qfec", line, "/dev/null"]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func pathAndCVShowProgressOnATerminal() throws {
        let path = try #require(try Self.onTerminal(["path", EnetRun.diabetes, "--lambda-min-ratio", "0.01", "--nlambda", "40"]))
        #expect(path.contains("lambda ") && path.contains("/40 [") && path.contains("elapsed"), "no bar: \(path.debugDescription)")
        let cv = try #require(try Self.onTerminal(["cv", EnetRun.diabetes, "--folds", "4", "--threads", "2"]))
        #expect(cv.contains("fold 4/4 [########################]"), "no fold bar: \(cv.debugDescription)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func quietSilencesTheBar() throws {
        let output = try #require(try Self.onTerminal(["cv", EnetRun.diabetes, "--folds", "4", "--quiet"]))
        #expect(!output.contains("elapsed") && !output.contains("fold"), "\(output.debugDescription)")
    }

    @Test func noBarWhenStderrIsNotATerminal() throws {
        let run = try EnetRun(["cv", EnetRun.diabetes, "--folds", "4"])
        #expect(run.succeeded && run.stderr.isEmpty, "stderr: \(run.stderr.debugDescription)")
    }
}
