import ArgumentParser
import ElasticNetCore
import Foundation

/// `--quiet`: the switch for the progress bar of the long commands.
struct ProgressOptions: ParsableArguments {
    @Flag(help: "Show no progress bar (one is drawn on standard error only when it is a terminal).")
    var quiet = false
}

/// A one-line progress bar on standard error: what is being fitted (lambda k of N, fold f of k),
/// the time elapsed, and the time left only where the work done so far predicts it (see
/// `TimeLeft`). Drawn only when standard error is a terminal, so logs, pipes and tests see
/// nothing; redrawn at each report (at most ten times a second) and once a second in between, so
/// the elapsed time keeps moving while one long lambda is fitted. Folds finish on several
/// threads at once and the clock ticks on another, hence the lock.
final class ProgressBar: @unchecked Sendable {
    private let stages: Int
    /// Threads that fit folds (`--threads`); with the folds' count it fixes how many rounds run.
    private let foldThreads: Int
    private var stage = 0
    private let start = Date()
    /// The latest report, and when the phase it belongs to began.
    private var latest: (progress: FitProgress, prefix: String)?
    private var phaseStart = Date()
    /// When the previous report arrived: a new phase (folds after the full path) starts there.
    private var lastReport = Date()
    private var lastDraw = Date.distantPast
    /// Is a bar on the screen (to be cleared by `finish`)?
    private var drawn = false
    private var ticker: DispatchSourceTimer?
    private let lock = NSLock()

    /// Nil when no bar should be shown: `--quiet`, or standard error is not a terminal.
    init?(options: ProgressOptions, stages: Int = 1, foldThreads: Int = 1) {
        guard !options.quiet, isatty(STDERR_FILENO) != 0 else { return nil }
        self.stages = stages
        self.foldThreads = max(1, foldThreads)
    }

    deinit { ticker?.cancel() }

    /// The handler for the next stage (one alpha of `cv --alphas`, one fit of `report`).
    func nextStage() -> ProgressHandler {
        lock.lock()
        stage += 1
        let prefix = stages > 1 ? "step \(stage)/\(stages): " : ""
        // The stage's first phase starts now, not at its first report (which comes a lambda or a fold later).
        phaseStart = Date()
        lastReport = phaseStart
        latest = nil
        lock.unlock()
        return { [self] progress in self.report(progress, prefix: prefix) }
    }

    /// Clears the bar, if one is drawn, so that what follows starts on a clean line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        ticker?.cancel()
        ticker = nil
        guard drawn else { return }
        drawn = false
        StandardStreams.printError("\r\u{1B}[2K")
    }

    private func report(_ progress: FitProgress, prefix: String) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        if let latest, !Self.samePhase(latest.progress, progress) || latest.prefix != prefix { phaseStart = lastReport }
        lastReport = now
        latest = (progress, prefix)
        if ticker == nil { startTicker() }
        let (done, total) = Self.counts(progress)
        guard done == total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        draw(now: now)
    }

    /// Redraws the latest report once a second, so that the elapsed time (and the time left) move
    /// while no report comes.
    private func startTicker() {
        let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            self.lock.lock()
            defer { self.lock.unlock() }
            if self.drawn { self.draw(now: Date()) }
        }
        ticker = timer
        timer.resume()
    }

    /// Writes the bar for the latest report; the caller holds the lock.
    private func draw(now: Date) {
        guard let latest else { return }
        let (progress, prefix) = latest
        lastDraw = now
        drawn = true
        let (done, total) = Self.counts(progress)
        let phaseElapsed = now.timeIntervalSince(phaseStart)
        let left: Double?
        switch progress {
        case .lambda: left = TimeLeft.lambdas()
        case .fold: left = TimeLeft.folds(done: done, total: total, threads: foldThreads, elapsed: phaseElapsed,
                                          sinceLastFold: now.timeIntervalSince(lastReport))
        }
        let line = Self.line(label: prefix + (progress.isFold ? "fold" : "lambda"), done: done, total: total,
                             elapsed: now.timeIntervalSince(start), left: left)
        StandardStreams.printError("\r\u{1B}[2K\(line)")
    }

    private static func counts(_ progress: FitProgress) -> (done: Int, total: Int) {
        switch progress {
        case .lambda(let done, let total), .fold(let done, let total): return (done, total)
        }
    }

    private static func samePhase(_ a: FitProgress, _ b: FitProgress) -> Bool { a.isFold == b.isFold }

    /// `fold  3/10 [#######.................] 0:42 elapsed, about 1:24 left`; without an estimate
    /// the line ends at the elapsed time.
    static func line(label: String, done: Int, total: Int, elapsed: Double, left: Double?, width: Int = 24) -> String {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let digits = String(total).count
        let count = String(repeating: " ", count: max(0, digits - String(done).count)) + "\(done)/\(total)"
        var text = "\(label) \(count) [\(bar)] \(clock(elapsed)) elapsed"
        if done < total, let left { text += ", about \(clock(left)) left" }
        return text
    }

    /// m:ss, or h:mm:ss past an hour.
    static func clock(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        let two = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
    }
}

private extension FitProgress {
    var isFold: Bool { if case .fold = self { return true } else { return false } }
}

/// What the bar may say about the time left: an estimate from measured work where the work left
/// is known to cost like the work done, and nothing where it is not.
enum TimeLeft {
    /// Lambdas: no estimate. The cost of a lambda grows with its active set, so the last lambdas
    /// of a path cost far more than the first (a path spent its first 90 lambdas in seconds and
    /// its last ten in over a minute, while a count-based rate said "0:04 left"), and a path may
    /// stop early, before its last lambda. Nothing measured so far predicts that, so the bar shows
    /// the elapsed time only.
    static func lambdas() -> Double? { nil }

    /// Folds: every fold fits the whole path on most of the rows, so folds cost about the same,
    /// and `threads` workers each take every `threads`-th fold (FoldScorer's schedule) from the
    /// start of the fold phase. The k-th fold to finish ends round ceil(k / workers), which gives
    /// the measured time of one round; the folds need ceil(total / workers) rounds. No estimate
    /// before the first fold ends (nothing measured yet), nor once the estimate has run out while
    /// folds are still running (it was wrong; a new count will come with the next fold).
    /// `elapsed` runs from the start of the fold phase; `sinceLastFold` from the latest fold's end.
    static func folds(done: Int, total: Int, threads: Int, elapsed: Double, sinceLastFold: Double) -> Double? {
        guard done >= 1, done < total, elapsed > 0 else { return nil }
        let workers = max(1, min(threads, total))
        let roundsDone = (done + workers - 1) / workers, rounds = (total + workers - 1) / workers
        let measuredAt = elapsed - max(0, sinceLastFold)
        let round = measuredAt / Double(roundsDone)
        let left = Double(rounds) * round - elapsed
        return left > 0 ? left : nil
    }
}
