@testable import enet
import Foundation
import Testing

/// The progress bar appears only on a terminal: run under a pseudo-terminal (util-linux
/// `script`), `enet path` and `enet cv` draw it on stderr; with --quiet, or when stderr is a
/// pipe, nothing is written.
struct ProgressBarTests {
    /// Runs `enet` with a pseudo-terminal as its stdout and stderr; nil where `script` is missing.
    static func onTerminal(_ arguments: [String]) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return nil }
        let line = ([EnetRun.executable.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            .joined(separator: " ") + " > /dev/null"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qfec", line, "/dev/null"]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func pathAndCVShowProgressOnATerminal() throws {
        let path = try #require(try Self.onTerminal(["path", EnetRun.diabetes, "--lambda-min-ratio", "0.01", "--nlambda", "40"]))
        #expect(path.contains("lambda ") && path.contains("/40 [") && path.contains("elapsed"), "no bar: \(path.debugDescription)")
        let cv = try #require(try Self.onTerminal(["cv", EnetRun.diabetes, "--folds", "4", "--threads", "2"]))
        #expect(cv.contains("fold 4/4 [########################]"), "no fold bar: \(cv.debugDescription)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func quietSilencesTheBar() throws {
        let output = try #require(try Self.onTerminal(["cv", EnetRun.diabetes, "--folds", "4", "--quiet"]))
        #expect(!output.contains("elapsed") && !output.contains("fold"), "\(output.debugDescription)")
    }

    @Test func noBarWhenStderrIsNotATerminal() throws {
        let run = try EnetRun(["cv", EnetRun.diabetes, "--folds", "4"])
        #expect(run.succeeded && run.stderr.isEmpty, "stderr: \(run.stderr.debugDescription)")
    }
}

/// The progress bar's estimate of the time left, as a unit: folds are estimated from measured
/// rounds of the worker threads, lambdas not at all (their cost grows along the path).
struct TimeLeftTests {
    /// Folds of equal cost T = 10 s on `threads` workers, each worker taking every threads-th fold
    /// (FoldScorer's schedule): fold k ends at ceil(k / workers) T. Asked right at each fold's end,
    /// the estimate is the true time left, for one thread, for two, and for more threads than folds.
    @Test(arguments: [(10, 1), (10, 2), (10, 8), (4, 8), (5, 3)])
    func foldEstimateIsTheTimeLeftForEqualFolds(total: Int, threads: Int) throws {
        let round = 10.0
        let workers = min(threads, total)
        let rounds = (total + workers - 1) / workers
        for done in 1 ..< total {
            let now = Double((done + workers - 1) / workers) * round
            let truth = Double(rounds) * round - now
            let left = TimeLeft.folds(done: done, total: total, threads: threads, elapsed: now, sinceLastFold: 0)
            if truth > 0 {
                let estimate = try #require(left, "no estimate after \(done) of \(total) folds on \(threads) threads")
                #expect(abs(estimate - truth) < 1e-9, "\(done)/\(total) on \(threads) threads: \(estimate) s left, truly \(truth) s")
            } else {
                #expect(left == nil, "the last round is running: no time is left to estimate")
            }
        }
    }

    /// The reported failure: ten folds on eight threads. Two folds end at 300 s, together; the
    /// old estimate, timed from the first fold's end, said "0:12 left" with a whole round (300 s)
    /// to go. From the fold phase's start it is 300 s.
    @Test func twoFoldsEndingTogetherDoNotMeanAlmostDone() throws {
        let left = try #require(TimeLeft.folds(done: 2, total: 10, threads: 8, elapsed: 300, sinceLastFold: 0))
        #expect(abs(left - 300) < 1e-9, "\(left)")
    }

    /// Between folds the estimate counts down with the clock, and disappears rather than stay at
    /// zero or grow negative once the folds take longer than measured.
    @Test func estimateCountsDownThenDisappears() throws {
        let atFold = try #require(TimeLeft.folds(done: 3, total: 10, threads: 1, elapsed: 30, sinceLastFold: 0))
        let later = try #require(TimeLeft.folds(done: 3, total: 10, threads: 1, elapsed: 50, sinceLastFold: 20))
        #expect(abs(atFold - 70) < 1e-9 && abs(later - 50) < 1e-9, "\(atFold), \(later)")
        #expect(TimeLeft.folds(done: 3, total: 10, threads: 1, elapsed: 120, sinceLastFold: 90) == nil)
    }

    @Test func noEstimateBeforeAnythingIsMeasuredNorForLambdas() {
        #expect(TimeLeft.folds(done: 0, total: 10, threads: 2, elapsed: 5, sinceLastFold: 5) == nil)
        #expect(TimeLeft.folds(done: 10, total: 10, threads: 2, elapsed: 50, sinceLastFold: 0) == nil)
        #expect(TimeLeft.lambdas() == nil)
    }

    @Test func lineShowsTheEstimateOnlyWhenThereIsOne() {
        #expect(ProgressBar.line(label: "fold", done: 3, total: 10, elapsed: 42, left: 84)
                == "fold  3/10 [#######.................] 0:42 elapsed, about 1:24 left")
        #expect(ProgressBar.line(label: "lambda", done: 91, total: 100, elapsed: 65, left: nil)
                == "lambda  91/100 [#####################...] 1:05 elapsed")
        #expect(ProgressBar.clock(3725) == "1:02:05")
    }
}
