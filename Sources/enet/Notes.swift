import Foundation

/// Notes about how the input was read (an index column skipped, rows dropped), printed on stderr
/// once the command has succeeded: a failure leaves stderr with its one error line only, and a
/// note never comes between a progress bar and its line end.
enum Notes {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var pending: [String] = []
    nonisolated(unsafe) private static var muted = 0

    static func add(_ note: String) {
        lock.withLock { if muted == 0 { pending.append(note) } }
    }

    /// Runs `body` without keeping its notes: a refit reads the training data again, which the
    /// user already heard about when the model was fitted.
    static func muting<T>(_ body: () throws -> T) rethrows -> T {
        lock.withLock { muted += 1 }
        defer { lock.withLock { muted -= 1 } }
        return try body()
    }

    /// Prints the notes, one line each, and forgets them.
    static func flush() {
        let notes = lock.withLock { () -> [String] in
            defer { pending = [] }
            return pending
        }
        // Through write(2): FileHandle traps when stderr is closed or full (`2>&-`), and a note is not
        // worth a crash.
        for note in notes { StandardStreams.printError("enet: note: \(note)\n") }
    }
}
