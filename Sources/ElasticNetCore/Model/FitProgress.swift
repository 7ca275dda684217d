import Foundation

/// How far a long computation has got, for a progress display. Reported from the thread doing
/// the work (cross-validation folds run in parallel, so a handler must be thread-safe); it never
/// changes a result.
public enum FitProgress: Sendable, Equatable {
    /// `done` of `total` lambdas of a path fitted (a path that stops early ends below `total`).
    case lambda(done: Int, total: Int)
    /// `done` of `total` cross-validation folds fitted.
    case fold(done: Int, total: Int)
}

/// Receives `FitProgress` reports; see `ElasticNet.progress`.
public typealias ProgressHandler = @Sendable (FitProgress) -> Void

/// Counts finished folds across threads and reports each.
final class FoldProgress: @unchecked Sendable {
    private let total: Int
    private let handler: ProgressHandler?
    private var done = 0
    private let lock = NSLock()

    init(total: Int, handler: ProgressHandler?) {
        self.total = total
        self.handler = handler
    }

    func finishedOne() {
        guard let handler else { return }
        lock.lock()
        done += 1
        let count = done
        lock.unlock()
        handler(.fold(done: count, total: total))
    }
}
