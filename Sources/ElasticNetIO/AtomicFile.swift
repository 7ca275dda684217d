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
///
/// Only a regular file (or a name not yet taken) is ever renamed over. A character device or a
/// pipe (`/dev/null`, a FIFO, `/dev/stdout`) is written in place, as a shell's `>` would: renaming
/// over it would replace the device or pipe with a plain file. A symbolic link to a regular file is
/// followed, so the link stays and the file it names gets the new content.
public enum AtomicFile {
    /// Writes `text` as UTF-8 to `path`, atomically.
    public static func write(_ text: String, to path: String) throws(InputError) {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path`: atomically for a regular file, in place for a device or a pipe.
    public static func write(_ bytes: [UInt8], to path: String) throws(InputError) {
        switch try destination(of: path) {
        case .stream: try writeInPlace(bytes, to: path)
        case .file(let target): try replace(target, with: bytes, named: path)
        }
    }

    /// Checks, before any work, what can be checked of a later `write(_:to:)`: that the target is
    /// something enet writes (not a folder or a socket), and, for a file, that its name fits and
    /// that a temporary file can be made beside it (the folder exists, is writable and not on a
    /// read-only disk). The probe file is removed at once.
    public static func checkWritable(_ path: String) throws(InputError) {
        switch try destination(of: path) {
        case .stream:
            guard access(path, W_OK) == 0 else { throw .cannotWrite(path, errno: errno) }
        case .file(let target):
            guard fileName(of: target).utf8.count <= maximumNameLength(inFolderOf: target) else {
                throw .cannotWrite(path, errno: ENAMETOOLONG)
            }
            let probe = temporaryPath(for: target)
            InterruptCleanup.remember(probe)
            defer { InterruptCleanup.forget() }
            let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw .cannotWrite(path, errno: errno) }
            close(descriptor)
            unlink(probe)
        }
    }

    /// How a path is written.
    enum Destination: Equatable {
        /// A regular file, or a name not yet taken: replaced atomically at this path (the
        /// symbolic links on the way resolved).
        case file(String)
        /// A character device or a pipe, or a name for one of enet's own descriptors
        /// (`/dev/stdout`, `/dev/fd/N`): written in place, never renamed over.
        case stream
    }

    /// What `path` names, or the error for a target enet does not write (a folder, a socket,
    /// a block device, a dangling symbolic link).
    static func destination(of path: String) throws(InputError) -> Destination {
        if namesADescriptor(path) { return .stream }
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            guard code == ENOENT else { throw .cannotWrite(path, errno: code) }
            var link = stat()
            if lstat(path, &link) == 0 { throw .file(path, "cannot write (a symbolic link to a missing file)") }
            return .file(path)
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file(resolved(path))
        case S_IFCHR, S_IFIFO: return .stream
        case S_IFDIR: throw .cannotWrite(path, errno: EISDIR)
        default: throw .file(path, "cannot write (not a regular file, a character device or a pipe)")
        }
    }

    /// True when `path`, or a symbolic link on the way to its target, is one of the process's own
    /// descriptors (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`). Linux resolves those to the
    /// file behind the descriptor, which may be a regular file opened by the shell (`> out.txt`,
    /// `>> log`): renaming over it would drop what `>>` promised to keep, so it is written in place.
    static func namesADescriptor(_ path: String) -> Bool {
        descriptor(namedBy: path) != nil
    }

    /// The descriptor `path` names (`/dev/stdout` is 1, `/dev/fd/3` is 3), following symbolic
    /// links; nil when it names none. -1 for a descriptor name whose number does not read.
    public static func descriptor(namedBy path: String) -> Int32? {
        let aliases: [String: Int32] = ["/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2]
        let prefixes = ["/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"]
        var current = path
        for _ in 0 ..< 40 {
            if let number = aliases[current] { return number }
            if let prefix = prefixes.first(where: current.hasPrefix) { return Int32(current.dropFirst(prefix.count)) ?? -1 }
            guard let target = linkTarget(current) else { return nil }
            current = target.hasPrefix("/") ? target : folder(of: current) + target
        }
        return nil
    }

    /// What the symbolic link at `path` holds, or nil when it is not a link.
    private static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, Int(PATH_MAX))
        guard count > 0 else { return nil }
        return String(decoding: buffer[0 ..< count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path` with its symbolic links resolved (the path itself when that fails).
    private static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    /// Writes to the temporary file beside `target`, then renames it over `target`; errors name `shown`.
    private static func replace(_ target: String, with bytes: [UInt8], named shown: String) throws(InputError) {
        let temporary = temporaryPath(for: target)
        InterruptCleanup.remember(temporary)
        defer { InterruptCleanup.forget() }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw .cannotWrite(shown, errno: errno) }
        keepPermissions(of: target, on: descriptor)
        var failure = writeAll(bytes, to: descriptor, sync: true)
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, target) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw .cannotWrite(shown, errno: failure)
        }
        syncFolder(of: target)
    }

    /// Writes to a device or pipe as it is. O_APPEND because a descriptor name may lead to a file
    /// the shell opened for appending (`>> log`); for a device or a pipe it changes nothing.
    private static func writeInPlace(_ bytes: [UInt8], to path: String) throws(InputError) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotWrite(path, errno: errno) }
        var failure = writeAll(bytes, to: descriptor, sync: false)
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        guard failure == 0 else { throw .cannotWrite(path, errno: failure) }
    }

    /// `FOLDER/.NAME.tmp-PID-RANDOM`, beside `path`. NAME is cut short (at a character boundary) so
    /// that the temporary name fits the file system's limit whenever `path`'s own name does.
    static func temporaryPath(for path: String) -> String {
        let random = String(UInt64.random(in: 0 ... .max), radix: 16)
        let suffix = ".tmp-\(getpid())-\(random)"
        let budget = maximumNameLength(inFolderOf: path) - 1 - suffix.utf8.count
        var name = ""
        var length = 0
        for character in fileName(of: path) {
            length += character.utf8.count
            if length > budget { break }
            name.append(character)
        }
        return "\(folder(of: path)).\(name)\(suffix)"
    }

    /// The folder part of `path` with its trailing slash ("" for a bare name).
    private static func folder(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    }

    /// The last component of `path`.
    private static func fileName(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    /// The longest file name (in bytes) the folder of `path` takes: NAME_MAX, 255 on Linux and macOS.
    private static func maximumNameLength(inFolderOf path: String) -> Int {
        let folder = folder(of: path)
        let limit = pathconf(folder.isEmpty ? "." : folder, Int32(_PC_NAME_MAX))
        return limit > 0 ? min(limit, 255) : 255
    }

    /// Writes every byte (retrying short and interrupted writes) and, with `sync`, flushes it to the
    /// disk; 0 on success, else the errno of the call that failed. Standard output goes through it too.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32, sync: Bool = false) -> Int32 {
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
            return !sync || fsync(descriptor) == 0 ? 0 : errno
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
        let folder = folder(of: path)
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}

/// write(2), under a name that `AtomicFile.write` does not shadow.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
