import ArgumentParser
import ElasticNetIO
import Foundation

/// Where results go: standard output, or a file written atomically.
enum Output {
    static func emit(_ text: String, to path: String?) throws {
        if let path {
            try AtomicFile.write(text, to: path)
        } else {
            try StandardStreams.print(text)
        }
    }

    /// Refuses an output path that cannot be written, before any fitting: the write would fail
    /// the same way, but only after a cross-validation that may have taken minutes. A missing
    /// folder is named as such; the rest is `AtomicFile.checkWritable`'s (a folder or socket as
    /// the target, no permission, a read-only disk, a name too long).
    static func checkWritable(_ path: String, option: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("\(option) \(path): the folder \(folder) does not exist")
        }
        if let descriptor = AtomicFile.descriptor(namedBy: path), StandardStreams.closedAtStart.contains(descriptor) {
            throw ValidationError("\(option) \(path): cannot write (it is closed)")
        }
        do {
            try AtomicFile.checkWritable(path)
        } catch {
            throw ValidationError("\(option) \(error)")
        }
    }

    /// Warnings go to stderr, one line each, so stdout stays machine-readable.
    static func warn(_ warnings: [String]) {
        for warning in warnings {
            StandardStreams.printError("enet: warning: \(warning)\n")
        }
    }
}

/// Number and column formatting for text tables.
enum Text {
    /// Compact, for tables: 5 significant digits unless asked otherwise.
    static func number(_ x: Double, digits: Int = 5) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        return String(format: "%.\(digits)g", x)
    }

    static func fixed(_ x: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", x) }

    /// Exact: the shortest text that reads back as the same double.
    static func exact(_ x: Double) -> String { x == 0 ? "0" : x.description }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    static func padLeft(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
