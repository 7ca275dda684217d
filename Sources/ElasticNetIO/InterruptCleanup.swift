#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A signal that ends the program in the middle of `AtomicFile.write` would leave its temporary
/// file behind (the target itself is safe either way). `install()` sets a handler that removes the
/// temporary file being written, if any, says why on stderr and exits at once with 128 + the
/// signal's number, as a shell reports a program the signal killed: unlink, write and _exit are
/// async-signal-safe, and the path sits in memory allocated up front, so the handler allocates nothing.
///
/// The signals are the ones that stop a program from outside: Ctrl-C (SIGINT), kill (SIGTERM), a
/// closed terminal or ssh session (SIGHUP), Ctrl-\ (SIGQUIT, without its core dump), and a reader
/// that went away (SIGPIPE, from `enet ... | head` or a FIFO whose reader closed it).
public enum InterruptCleanup {
    private static let capacity = 4096
    nonisolated(unsafe) private static let pending: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        buffer.initialize(repeating: 0, count: capacity)
        return buffer
    }()

    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE]

    /// Installs the handler (once, at the start of the program).
    public static func install() {
        _ = pending
        // A parent may have blocked these signals; the user's Ctrl-C must still reach us.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signalNumber in signals { sigaddset(&unblock, signalNumber) }
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        for signalNumber in signals {
            signal(signalNumber) { received in
                if InterruptCleanup.pending[0] != 0 { unlink(InterruptCleanup.pending) }
                // A broken pipe stops silently, as other Unix tools do: `enet path d.csv | head` is a
                // reader that has seen enough, not a fault worth a line on stderr.
                let message: StaticString
                switch received {
                case SIGHUP: message = "enet: hung up\n"
                case SIGPIPE: message = ""
                case SIGQUIT: message = "enet: quit\n"
                case SIGTERM: message = "enet: terminated\n"
                default: message = "enet: interrupted\n"
                }
                if message.utf8CodeUnitCount > 0 { _ = message.withUTF8Buffer { write(2, $0.baseAddress, $0.count) } }
                _exit(128 + received)
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
