import ElasticNetIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and standard error, written with write(2) so that a failure is an error enet
/// reports (FileHandle's `write` traps on one): `enet path d.csv > /dev/full` or `>&-` must end in
/// one line on stderr and a non-zero exit, not a crash.
enum StandardStreams {
    /// Run first. A standard descriptor the parent closed (`>&-`) would be handed out again by the
    /// next open(2): the data file would become "standard input", or a temporary output file
    /// "standard error", and a warning would land inside the model file. /dev/null opened
    /// read-only holds the number, so a write to a closed stdout fails (EBADF) as it should.
    static func holdClosedDescriptors() {
        for descriptor: Int32 in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO]
        where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            closedAtStart.insert(descriptor)
            let placeholder = open("/dev/null", O_RDONLY)
            if placeholder >= 0 && placeholder != descriptor {
                dup2(placeholder, descriptor)
                close(placeholder)
            }
        }
    }

    /// The standard descriptors the parent had closed: `--output /dev/stdout` then names a closed
    /// stream, not the /dev/null that holds its number. Set once, before anything else runs.
    nonisolated(unsafe) private(set) static var closedAtStart: Set<Int32> = []

    /// Writes `text` to standard output, or throws the error naming why it could not.
    static func print(_ text: String) throws {
        let failure = AtomicFile.writeAll(Array(text.utf8), to: STDOUT_FILENO)
        guard failure == 0 else {
            let reason = failure == EBADF ? "it is closed" : String(cString: strerror(failure)).lowercased()
            throw CommandError("cannot write to standard output (\(reason))")
        }
    }

    /// Writes `text` to standard error. A failure is ignored: there is nowhere left to report it.
    static func printError(_ text: String) {
        _ = AtomicFile.writeAll(Array(text.utf8), to: STDERR_FILENO)
    }
}
