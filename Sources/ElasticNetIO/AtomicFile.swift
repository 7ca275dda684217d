#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers only ever see the old content or the whole new content: the
/// bytes go to a temporary file in the same folder, are flushed to disk, and the temporary file is
/// renamed over the target (rename is atomic within one file system).
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(InputError) {
        try write(Array(text.utf8), to: path)
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(InputError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = "\(folder.isEmpty ? "" : folder + "/").\(name).tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw .file(path, "cannot write (\(reason()))") }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let k = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
                if k < 0 { if errno == EINTR { continue }; return false }
                written += k
            }
            return fsync(fd) == 0
        }
        let why = ok ? "" : reason()
        close(fd)
        guard ok else { unlink(temporary); throw .file(path, "cannot write (\(why))") }
        guard rename(temporary, path) == 0 else {
            let why = reason()
            unlink(temporary)
            throw .file(path, "cannot write (\(why))")
        }
    }

    static func reason() -> String { String(cString: strerror(errno)) }
}
