import ElasticNetIO
import Foundation
import Testing

/// An atomic write leaves the target holding the old or the new content, and nothing else in
/// the folder, whether it succeeds or fails.
@Suite struct AtomicFileTests {
    @Test func writesTheContentAndLeavesNoTemporaryFile() throws {
        try withTemporaryFolder { folder in
            let path = "\(folder.path)/result.json"
            try AtomicFile.write("{\"lambda\": 0.5}\n", to: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"lambda\": 0.5}\n")
            try AtomicFile.write([0, 1, 2, 255], to: "\(folder.path)/bytes.bin")
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(folder.path)/bytes.bin")) == Data([0, 1, 2, 255]))
            #expect(try folder.fileNames() == ["bytes.bin", "result.json"])
        }
    }

    @Test func overwritingReplacesTheContentAndKeepsTheMode() throws {
        try withTemporaryFolder { folder in
            let path = try folder.write("old content that is longer\n", to: "out.txt")
            chmod(path, 0o600)
            try AtomicFile.write("new\n", to: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
            var status = stat()
            stat(path, &status)
            #expect(status.st_mode & 0o777 == 0o600)
            #expect(try folder.fileNames() == ["out.txt"])
        }
    }

    /// While one task rewrites the file over and over, alternating two contents, another reads it:
    /// every read must be one content whole, never a mix or a truncated file.
    @Test func concurrentReadersSeeOldOrNewNeverAPart() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ElasticNetIOTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: url) }
        let path = url.appendingPathComponent("shared.txt").path
        let contents = [String(repeating: "a", count: 200_000), String(repeating: "b", count: 300_000)]
        try AtomicFile.write(contents[0], to: path)
        let writer = Task {
            for round in 1 ... 40 { try AtomicFile.write(contents[round % 2], to: path) }
        }
        var reads = 0
        while reads < 200 {
            let seen = try String(contentsOfFile: path, encoding: .utf8)
            #expect(contents.contains(seen), "read \(seen.count) bytes")
            reads += 1
            await Task.yield()
        }
        try await writer.value
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.path) == ["shared.txt"])
    }

    @Test func writingIntoAMissingFolderFailsAndLeavesNothing() throws {
        try withTemporaryFolder { folder in
            let path = "\(folder.path)/missing/out.txt"
            let error = try #require(inputError { try AtomicFile.write("x", to: path) })
            #expect(error.description == "\(path): cannot write (no such file or directory)")
            #expect(try folder.fileNames() == [])
        }
    }

    /// Here the temporary file is written and the rename fails: the temporary file must go.
    @Test func failedRenameRemovesTheTemporaryFile() throws {
        try withTemporaryFolder { folder in
            let path = "\(folder.path)/taken"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            let error = try #require(inputError { try AtomicFile.write("x", to: path) })
            #expect(error.description == "\(path): cannot write (is a directory)")
            #expect(try folder.fileNames() == ["taken"])
        }
    }
}
