#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that a reader sees either the old content or all of the new, never a part:
/// after a crash, a full disk or a kill, the target is as it was.
///
/// The bytes go to a temporary file in the target's own folder (rename(2) is atomic only within
/// one file system), named `.NAME.tmp-PID-RANDOM` so that concurrent writers do not collide and a
/// leftover is recognisable; it is flushed to disk with fsync and then renamed over the target. On
/// any failure the temporary file is removed and the error names the target and the reason.
public enum AtomicFile {
    /// Writes `text` as UTF-8 to `path`, atomically.
    public static func write(_ text: String, to path: String) throws(InputError) {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path`, atomically, replacing any file there.
    public static func write(_ bytes: [UInt8], to path: String) throws(InputError) {
        let temporary = temporaryPath(for: path)
        InterruptCleanup.remember(temporary)
        defer { InterruptCleanup.forget() }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw .cannotWrite(path, errno: errno) }
        keepPermissions(of: path, on: descriptor)
        var failure = writeAll(bytes, to: descriptor)
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw .cannotWrite(path, errno: failure)
        }
        syncFolder(of: path)
    }

    /// `FOLDER/.NAME.tmp-PID-RANDOM`, beside `path`.
    static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let random = String(UInt64.random(in: 0 ... .max), radix: 16)
        return "\(folder).\(name).tmp-\(getpid())-\(random)"
    }

    /// Writes every byte and syncs; 0 on success, else the errno of the call that failed.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        bytes.withUnsafeBytes { raw -> Int32 in
            var written = 0
            while written < raw.count {
                let count = systemWrite(descriptor, raw.baseAddress! + written, raw.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return fsync(descriptor) == 0 ? 0 : errno
        }
    }

    /// Gives the new file the mode of the file it replaces, so that replacing does not change who
    /// may read it. Best effort: a new file keeps the default mode (0666 less the umask).
    private static func keepPermissions(of path: String, on descriptor: Int32) {
        var status = stat()
        if stat(path, &status) == 0 { _ = fchmod(descriptor, status.st_mode & 0o7777) }
    }

    /// Syncs the folder so the rename itself survives a power cut. Not reported when it fails: the
    /// new content is already in place and readers see it either way.
    private static func syncFolder(of path: String) {
        let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? "."
        let descriptor = open(folder, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}

/// write(2), under a name that `AtomicFile.write` does not shadow.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// Ctrl-C (SIGINT) or SIGTERM in the middle of `AtomicFile.write` would leave its temporary file
/// behind (the target itself is safe either way). `install()` sets a handler that removes the
/// temporary file being written, if any, says so on stderr and exits with 130 at once: unlink,
/// write and _exit are async-signal-safe, and the path sits in memory allocated up front, so the
/// handler allocates nothing.
public enum InterruptCleanup {
    private static let capacity = 4096
    nonisolated(unsafe) private static let pending: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        buffer.initialize(repeating: 0, count: capacity)
        return buffer
    }()

    /// Installs the handler for SIGINT and SIGTERM (once, at the start of the program).
    public static func install() {
        _ = pending
        // A parent may have blocked these signals; the user's Ctrl-C must still reach us.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { _ in
                if InterruptCleanup.pending[0] != 0 { unlink(InterruptCleanup.pending) }
                let message: StaticString = "enet: interrupted\n"
                _ = message.withUTF8Buffer { write(2, $0.baseAddress, $0.count) }
                _exit(130)
            }
        }
    }

    static func remember(_ path: String) {
        let bytes = Array(path.utf8.prefix(capacity - 1))
        pending[0] = 0
        for (k, byte) in bytes.enumerated().dropFirst() { pending[k] = CChar(bitPattern: byte) }
        pending[bytes.count] = 0
        if let first = bytes.first { pending[0] = CChar(bitPattern: first) }    // set last: the path is whole
    }

    static func forget() { pending[0] = 0 }
}
