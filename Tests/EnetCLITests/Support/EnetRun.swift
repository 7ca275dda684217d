import Foundation

/// Runs the built `enet` as a user would: arguments in, exit code and both streams out.
struct EnetRun {
    let status: Int32
    let stdout: String
    let stderr: String
    /// Ended by a signal (a trap or a crash), or killed after `timeout`: never acceptable.
    let crashed: Bool

    /// A run that takes longer than this is stuck: every input in these tests is tiny.
    static let timeout: TimeInterval = 120

    /// The `enet` built next to this test bundle. SwiftPM puts products and test bundles in one
    /// folder (`<scratch>/debug`, whatever `--scratch-path` says), so the folder is found from the
    /// running test executable (Linux runs the bundle itself; macOS runs it inside `xctest`, so the
    /// loaded .xctest bundle is asked too), then `.build/debug` beside the package as a last resort.
    static let executable: URL = {
        var starts = [URL(fileURLWithPath: CommandLine.arguments[0]), Bundle.main.bundleURL]
        if let running = Bundle.main.executableURL { starts.append(running) }
        starts += Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }
        for start in starts {
            var folder = start.deletingLastPathComponent()
            for _ in 0 ..< 4 {
                let candidate = folder.appendingPathComponent("enet")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                folder = folder.deletingLastPathComponent()
            }
        }
        return packageRoot.appendingPathComponent(".build/debug/enet")
    }()

    /// The package root (this file is Tests/EnetCLITests/Support/EnetRun.swift), for the bundled example.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static var diabetes: String { packageRoot.appendingPathComponent("Examples/diabetes.csv").path }

    /// A file of the shared data sets (../shared/data beside the clone, else /work/shared/data).
    static func shared(_ name: String) -> String {
        let beside = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/\(name)").path
        return FileManager.default.fileExists(atPath: beside) ? beside : "/work/shared/data/" + name
    }

    init(_ arguments: [String], in directory: URL? = nil) throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        try self.init(process, in: directory)
    }

    /// Runs a bash command line in which `"$ENET"` is the built `enet`: for what only a shell sets
    /// up (a pipe into enet, `<(...)`, `> /dev/full`, `>&-`). The streams are the shell's.
    init(shell script: String, in directory: URL? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = ProcessInfo.processInfo.environment.merging(["ENET": Self.executable.path]) { $1 }
        try self.init(process, in: directory)
    }

    private init(_ process: Process, in directory: URL?) throws {
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes are drained at once, so a child that fills one cannot block on it while the
        // other is read; a watchdog ends a child that hangs.
        let errData = Drained()
        let drained = DispatchGroup()
        DispatchQueue.global().async(group: drained) { errData.data = err.fileHandleForReading.readDataToEndOfFile() }
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.timeout, execute: watchdog)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        watchdog.cancel()
        status = process.terminationStatus
        crashed = process.terminationReason == .uncaughtSignal
        stdout = String(decoding: outData, as: UTF8.self)
        stderr = String(decoding: errData.data, as: UTF8.self)
    }

    /// The bytes read from a pipe on another thread; read only after the group has finished.
    private final class Drained: @unchecked Sendable {
        var data = Data()
    }

    /// stdout parsed as a JSON object.
    func json() throws -> [String: Any] {
        try Self.object(Data(stdout.utf8))
    }

    /// A JSON object from bytes, or an error.
    static func object(_ data: Data) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.propertyListReadCorrupt)
        }
        return object
    }

    /// stdout as CSV: the header's cells and the rows' cells.
    var csv: (header: [String], rows: [[String]]) {
        let lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        return (lines.first ?? [], Array(lines.dropFirst()))
    }

    /// A refusal as the CLI promises it: exit code 2, nothing on stdout, one line on stderr that
    /// starts "enet: error: ". Nil when so, else what differs (for the failure message).
    var refusalProblem: String? {
        if crashed { return "crashed (signal \(status))" }
        if status != 2 { return "exit code \(status), not 2; stderr: \(stderr)" }
        if !stdout.isEmpty { return "stdout is not empty: \(stdout.prefix(200))" }
        if !stderr.hasPrefix("enet: error: ") { return "stderr does not start with \"enet: error: \": \(stderr)" }
        if stderr.filter({ $0 == "\n" }).count != 1 || !stderr.hasSuffix("\n") { return "stderr is not one line: \(stderr)" }
        return nil
    }

    /// A success: exit code 0 and no crash.
    var succeeded: Bool { status == 0 && !crashed }
}

/// A fresh folder for one test's files, removed afterwards.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("enet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ text: String, _ name: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    /// The names in the folder, sorted (hidden ones too: a temporary file must not be left).
    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
