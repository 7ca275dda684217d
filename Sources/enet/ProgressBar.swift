import ArgumentParser
import ElasticNetCore
import Foundation

/// `--quiet`: the switch for the progress bar of the long commands.
struct ProgressOptions: ParsableArguments {
    @Flag(help: "Show no progress bar (one is drawn on standard error only when it is a terminal).")
    var quiet = false
}

/// A one-line progress bar on standard error: what is being fitted (lambda k of N, fold f of k),
/// elapsed time and an estimate of the time left. Drawn only when standard error is a terminal,
/// so logs, pipes and tests see nothing; redrawn at most ten times a second. Folds finish on
/// several threads at once, hence the lock.
final class ProgressBar: @unchecked Sendable {
    private let stages: Int
    private var stage = 0
    private var phaseStart = Date()
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var lastKind = ""
    /// Is a bar on the screen (to be cleared by `finish`)?
    private var drawn = false
    private let lock = NSLock()

    /// Nil when no bar should be shown: `--quiet`, or standard error is not a terminal.
    init?(options: ProgressOptions, stages: Int = 1) {
        guard !options.quiet, isatty(STDERR_FILENO) != 0 else { return nil }
        self.stages = stages
    }

    /// The handler for the next stage (one alpha of `cv --alphas`, one fit of `report`).
    func nextStage() -> ProgressHandler {
        lock.lock()
        stage += 1
        let prefix = stages > 1 ? "step \(stage)/\(stages): " : ""
        lock.unlock()
        return { [self] progress in self.report(progress, prefix: prefix) }
    }

    /// Clears the bar, if one is drawn, so that what follows starts on a clean line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard drawn else { return }
        drawn = false
        StandardStreams.printError("\r\u{1B}[2K")
    }

    private func report(_ progress: FitProgress, prefix: String) {
        let (kind, done, total): (String, Int, Int)
        switch progress {
        case .lambda(let d, let t): (kind, done, total) = ("lambda", d, t)
        case .fold(let d, let t): (kind, done, total) = ("fold", d, t)
        }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        if kind + prefix != lastKind { lastKind = kind + prefix; phaseStart = now }
        guard done == total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        drawn = true
        let line = Self.line(label: prefix + kind, done: done, total: total, elapsed: now.timeIntervalSince(start),
                             phaseElapsed: now.timeIntervalSince(phaseStart))
        StandardStreams.printError("\r\u{1B}[2K\(line)")
    }

    /// `lambda  37/100 [########............] 0:03 elapsed, about 0:05 left`; the time left is
    /// this phase's rate applied to what remains of it.
    static func line(label: String, done: Int, total: Int, elapsed: Double, phaseElapsed: Double, width: Int = 24) -> String {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let digits = String(total).count
        let count = String(repeating: " ", count: max(0, digits - String(done).count)) + "\(done)/\(total)"
        var text = "\(label) \(count) [\(bar)] \(clock(elapsed)) elapsed"
        if done > 0 && done < total {
            text += ", about \(clock(phaseElapsed / Double(done) * Double(total - done))) left"
        }
        return text
    }

    /// m:ss, or h:mm:ss past an hour.
    static func clock(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        let two = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
    }
}
