@testable import ElasticNetIO
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

    /// A folder is never a target: refused before anything is written, and left as it was.
    @Test func aFolderAsTargetIsRefusedAndLeftAlone() throws {
        try withTemporaryFolder { folder in
            let path = "\(folder.path)/taken"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            let error = try #require(inputError { try AtomicFile.write("x", to: path) })
            #expect(error.description == "\(path): cannot write (is a directory)")
            #expect(try folder.fileNames() == ["taken"])
            #expect(inputError { try AtomicFile.checkWritable(path) }?.description == "\(path): cannot write (is a directory)")
        }
    }
}

/// Only a regular file is ever renamed over: devices and pipes are written in place, links are
/// followed, and the temporary name fits beside any name the file system takes.
@Suite struct AtomicFileTargetTests {
    /// A FIFO receives the bytes through the pipe and stays a FIFO (renaming over it would
    /// replace it with a plain file that no reader sees).
    @Test func aPipeIsWrittenInPlace() throws {
        try withTemporaryFolder { folder in
            let path = "\(folder.path)/pipe"
            #expect(mkfifo(path, 0o600) == 0)
            let received = Received()
            let reading = DispatchGroup()
            DispatchQueue.global().async(group: reading) {
                received.data = FileHandle(forReadingAtPath: path)?.readDataToEndOfFile() ?? Data()
            }
            try AtomicFile.write("through the pipe\n", to: path)
            reading.wait()
            #expect(String(decoding: received.data, as: UTF8.self) == "through the pipe\n")
            #expect(fileTypeOf(path) == S_IFIFO)
            #expect(try folder.fileNames() == ["pipe"])
        }
    }

    /// A character device, and a link to one, are written in place: both stay what they were.
    @Test func aCharacterDeviceIsWrittenInPlace() throws {
        try withTemporaryFolder { folder in
            let device = "\(folder.path)/null"
            try makeDiscardingDevice(at: device)
            let kind = fileTypeOf(device)
            let link = "\(folder.path)/link"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "null")
            for path in [device, link] {
                try AtomicFile.checkWritable(path)
                try AtomicFile.write("discarded\n", to: path)
            }
            #expect(kind == S_IFCHR || kind == S_IFLNK)
            #expect(fileTypeOf(device) == kind)
            #expect(fileTypeOf(link) == S_IFLNK)
            #expect(try folder.fileNames() == ["link", "null"])
        }
    }

    /// A symbolic link to a regular file: the file gets the new content, the link stays a link.
    @Test func aLinkToAFileIsFollowed() throws {
        try withTemporaryFolder { folder in
            let real = try folder.write("old\n", to: "real.txt")
            let link = "\(folder.path)/link.txt"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.txt")
            try AtomicFile.write("new\n", to: link)
            #expect(try String(contentsOfFile: real, encoding: .utf8) == "new\n")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.txt")
            #expect(try folder.fileNames() == ["link.txt", "real.txt"])
        }
    }

    /// The longest legal names (255 bytes, in ASCII and in 2- and 3-byte characters) are written;
    /// the temporary name beside them is cut to fit, and none is left behind.
    @Test(arguments: [String(repeating: "a", count: 245) + ".json", String(repeating: "é", count: 127) + "x",
                      String(repeating: "€", count: 85)])
    func theLongestNamesAreWritten(name: String) throws {
        #expect(name.utf8.count >= 245 && name.utf8.count <= 255)
        try withTemporaryFolder { folder in
            let path = "\(folder.path)/\(name)"
            try AtomicFile.checkWritable(path)
            try AtomicFile.write("{}\n", to: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "{}\n")
            #expect(try folder.fileNames() == [name])
            let temporary = AtomicFile.temporaryPath(for: path)
            #expect(temporary.hasPrefix("\(folder.path)/."))
            #expect(URL(fileURLWithPath: temporary).lastPathComponent.utf8.count <= 255)
        }
    }

    /// A name longer than the file system takes is refused by the check made before the work.
    @Test func aNameTooLongIsRefusedBeforeTheWork() throws {
        try withTemporaryFolder { folder in
            let path = "\(folder.path)/" + String(repeating: "b", count: 256)
            let error = try #require(inputError { try AtomicFile.checkWritable(path) })
            #expect(error.description.hasSuffix("cannot write (file name too long)"))
            #expect(try folder.fileNames() == [])
        }
    }

    /// Names for the process's own descriptors are streams even when the shell pointed them at a
    /// regular file; other paths under /dev (such as /dev/shm, a tmpfs) are not.
    @Test func descriptorNamesAreStreams() {
        #expect(AtomicFile.namesADescriptor("/dev/stdout"))
        #expect(AtomicFile.namesADescriptor("/dev/fd/1"))
        #expect(AtomicFile.namesADescriptor("/proc/self/fd/2"))
        #expect(!AtomicFile.namesADescriptor("/dev/shm/model.json"))
        #expect(!AtomicFile.namesADescriptor("model.json"))
    }

    private final class Received: @unchecked Sendable {
        var data = Data()
    }
}

/// A character device at `path` that discards what is written: a private copy of /dev/null's
/// device (major 1, minor 3) when running as root, so that a regression cannot replace the
/// system's /dev/null; else a symbolic link to /dev/null, which a non-root process cannot replace.
func makeDiscardingDevice(at path: String) throws {
    if geteuid() == 0 && mknod(path, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0 { return }
    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/null")
}

/// The type bits of what `path` names, links not followed (S_IFCHR, S_IFLNK, S_IFIFO, ...).
func fileTypeOf(_ path: String) -> mode_t? {
    var status = stat()
    guard lstat(path, &status) == 0 else { return nil }
    return status.st_mode & S_IFMT
}

