import ElasticNetIO
import Foundation
import Testing

/// A scratch folder with the files the tests below read: the diabetes CSV, a link and a hard
/// link to it, a lambda list, fold ids, a .npy design with its response and names, and a model.
private struct Inputs {
    let scratch: Scratch

    init() throws {
        scratch = try Scratch()
        let csv = try String(contentsOfFile: EnetRun.diabetes, encoding: .utf8)
        _ = try scratch.write(csv, "d.csv")
        try FileManager.default.createSymbolicLink(atPath: scratch.path("link.csv"), withDestinationPath: "d.csv")
        try FileManager.default.linkItem(atPath: scratch.path("d.csv"), toPath: scratch.path("hard.csv"))
        _ = try scratch.write("100\n10\n1\n", "lambdas.txt")
        _ = try scratch.write(csv.split(separator: "\n").prefix(3).joined(separator: "\n") + "\n", "new.csv")
        _ = try scratch.write((0 ..< 442).map { String($0 % 3 + 1) }.joined(separator: "\n") + "\n", "folds.txt")
        let table = try CSVReader.read(path: EnetRun.diabetes)
        let n = table.rowCount, p = table.columnCount - 1
        try NpyInputTests.npy(shape: "(\(n), \(p))", fortran: true, values: Array(table.values[0 ..< n * p]))
            .write(to: scratch.url.appendingPathComponent("x.npy"))
        _ = try scratch.write(table.column(p).map { String($0) }.joined(separator: "\n") + "\n", "y.txt")
        _ = try scratch.write(table.columnNames.prefix(p).joined(separator: "\n") + "\n", "names.txt")
        let model = try EnetRun(["cv", "d.csv", "--folds", "3", "--nlambda", "10", "--output", "m.json"], in: scratch.url)
        #expect(model.succeeded, "\(model.stderr)")
    }

    func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: scratch.path(name))) }
}

/// Every option that names a file to write, with OUT where the file goes.
private let writers: [[String]] = [
    ["fit", "d.csv", "--lambda", "1", "--output", "OUT"],
    ["fit", "d.csv", "--lambda", "1", "--solver", "fista", "--trace", "OUT"],
    ["path", "d.csv", "--nlambda", "5", "--output", "OUT"],
    ["cv", "d.csv", "--folds", "3", "--nlambda", "5", "--output", "OUT"],
    ["cv", "d.csv", "--folds", "3", "--nlambda", "5", "--keep", "OUT"],
    ["compare", "d.csv", "--output", "OUT"],
    ["explain", "d.csv", "--output", "OUT"],
    ["predict", "m.json", "d.csv", "--output", "OUT"],
    ["plot", "path", "d.csv", "--nlambda", "5", "--out", "OUT"],
    ["report", "d.csv", "--folds", "3", "--nlambda", "5", "--iterations", "20", "--quiet", "--out", "OUT"],
    ["demo", "l1-vs-l2", "--svg", "OUT"],
]

/// Lost or corrupted data: an output never replaces a device, a pipe or an input.
struct OutputTargetTests {
    /// Into a character device that discards what it gets, every writer succeeds and the device
    /// stays one; into a FIFO the output arrives through the pipe and the FIFO stays one. Renaming
    /// over either would have put a plain file in its place.
    @Test(arguments: writers)
    func devicesAndPipesAreWrittenInPlace(arguments: [String]) throws {
        let inputs = try Inputs()
        defer { inputs.scratch.remove() }
        let scratch = inputs.scratch
        try makeDiscardingDevice(at: scratch.path("null"))
        let kind = fileTypeOf(scratch.path("null"))
        let toDevice = try EnetRun(arguments.map { $0 == "OUT" ? "null" : $0 }, in: scratch.url)
        #expect(toDevice.succeeded, "\(toDevice.stderr)")
        #expect(kind == S_IFCHR || kind == S_IFLNK)
        #expect(fileTypeOf(scratch.path("null")) == kind)

        let fifo = scratch.path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = Received()
        let reading = DispatchGroup()
        DispatchQueue.global().async(group: reading) {
            received.data = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data()
        }
        let toPipe = try EnetRun(arguments.map { $0 == "OUT" ? "pipe" : $0 }, in: scratch.url)
        // If enet never opened the pipe, a writer opened and closed here ends the reader's wait.
        let release = open(fifo, O_WRONLY | O_NONBLOCK)
        if release >= 0 { close(release) }
        reading.wait()
        #expect(toPipe.succeeded, "\(toPipe.stderr)")
        #expect(!received.data.isEmpty)
        #expect(fileTypeOf(fifo) == S_IFIFO)
        #expect(!(try scratch.contents()).contains { $0.contains(".tmp-") })
    }

    /// An output that is an input, however it is spelled (the same name, ./, a link, a hard link),
    /// is refused before the work with one line naming the option; the input is untouched.
    @Test(arguments: [
        (["fit", "d.csv", "--lambda", "1", "--output", "d.csv"], "d.csv"),
        (["fit", "d.csv", "--lambda", "1", "--output", "./hard.csv"], "d.csv"),
        (["fit", "link.csv", "--lambda", "1", "--format", "json", "--output", "d.csv"], "d.csv"),
        (["fit", "d.csv", "--lambda", "1", "--solver", "fista", "--trace", "link.csv"], "d.csv"),
        (["path", "d.csv", "--lambdas", "lambdas.txt", "--output", "lambdas.txt"], "lambdas.txt"),
        (["cv", "d.csv", "--foldid", "folds.txt", "--output", "folds.txt"], "folds.txt"),
        (["cv", "d.csv", "--folds", "3", "--keep", "d.csv"], "d.csv"),
        (["fit", "x.npy", "--response", "y.txt", "--feature-names", "names.txt", "--lambda", "1", "--output", "y.txt"], "y.txt"),
        (["fit", "x.npy", "--response", "y.txt", "--feature-names", "names.txt", "--lambda", "1", "--output", "names.txt"], "names.txt"),
        (["fit", "x.npy", "--response", "y.txt", "--lambda", "1", "--output", "x.npy"], "x.npy"),
        (["predict", "m.json", "d.csv", "--output", "m.json"], "m.json"),
        (["predict", "m.json", "d.csv", "--output", "hard.csv"], "d.csv"),
        (["predict", "m.json", "new.csv", "--s", "0.5", "--output", "d.csv"], "d.csv"),
        (["explain", "m.json", "--output", "link.csv"], "d.csv"),
        (["plot", "path", "d.csv", "--out", "d.csv"], "d.csv"),
        (["report", "d.csv", "--out", "d.csv"], "d.csv"),
    ])
    func anOutputThatIsAnInputIsRefused(arguments: [String], input: String) throws {
        let inputs = try Inputs()
        defer { inputs.scratch.remove() }
        let before = try inputs.bytes(input)
        let run = try EnetRun(arguments, in: inputs.scratch.url)
        #expect(run.refusalProblem == nil, "\(run.refusalProblem ?? "")")
        let option = try #require(arguments.first { ["--output", "--trace", "--keep", "--out"].contains($0) })
        #expect(run.stderr.contains(option) && run.stderr.contains("would destroy the input"), "\(run.stderr)")
        #expect(try inputs.bytes(input) == before)
    }

    /// Two outputs that name one file are refused before the work, whether it exists or not.
    @Test(arguments: [["fit", "d.csv", "--lambda", "1", "--solver", "fista", "--output", "r.txt", "--trace", "./r.txt"],
                      ["cv", "d.csv", "--folds", "3", "--output", "d.json", "--keep", "d.json"],
                      ["cv", "d.csv", "--folds", "3", "--output", "m.json", "--keep", "../\u{0}/m.json"]])
    func twoOutputsToOneFileAreRefused(arguments: [String]) throws {
        let inputs = try Inputs()
        defer { inputs.scratch.remove() }
        let folder = inputs.scratch.url.lastPathComponent
        let before = try inputs.bytes("m.json")
        let run = try EnetRun(arguments.map { $0.replacingOccurrences(of: "\u{0}", with: folder) }, in: inputs.scratch.url)
        #expect(run.refusalProblem == nil, "\(run.refusalProblem ?? "")")
        #expect(run.stderr.contains("one would replace the other"), "\(run.stderr)")
        #expect(try inputs.bytes("m.json") == before)
        #expect(!(try inputs.scratch.contents()).contains { $0 == "r.txt" || $0 == "d.json" })
        try makeDiscardingDevice(at: inputs.scratch.path("null"))
        let apart = try EnetRun(["fit", "d.csv", "--lambda", "1", "--output", "null", "--solver", "fista", "--trace", "null"],
                                in: inputs.scratch.url)
        #expect(apart.succeeded, "\(apart.stderr)")
    }

    /// The longest legal name (245 characters here) is written; a name longer than the file
    /// system takes, or a folder, is refused before the data are even read (the data file below
    /// has a bad cell, and the error is about the output).
    @Test func outputNamesAreCheckedBeforeTheWork() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.write(try String(contentsOfFile: EnetRun.diabetes, encoding: .utf8), "d.csv")
        let long = String(repeating: "m", count: 240) + ".json"
        let written = try EnetRun(["cv", "d.csv", "--folds", "3", "--nlambda", "5", "--output", long], in: scratch.url)
        #expect(written.succeeded, "\(written.stderr)")
        #expect(try scratch.contents() == ["d.csv", long])
        #expect(try EnetRun(["predict", long, "d.csv"], in: scratch.url).succeeded)

        _ = try scratch.write("a,y\n1,2\nabc,3\n", "bad.csv")
        try FileManager.default.createDirectory(atPath: scratch.path("folder"), withIntermediateDirectories: false)
        for (target, reason) in [(String(repeating: "n", count: 256), "file name too long"), ("folder", "is a directory")] {
            let refused = try EnetRun(["fit", "bad.csv", "--lambda", "1", "--output", target], in: scratch.url)
            #expect(refused.refusalProblem == nil, "\(refused.refusalProblem ?? "")")
            #expect(refused.stderr.contains("--output") && refused.stderr.contains(reason), "\(refused.stderr)")
        }
        #expect(try scratch.contents() == ["bad.csv", "d.csv", "folder", long])
    }

    /// SIGHUP (a closed terminal), SIGQUIT and SIGTERM during `enet cv --output` stop it at once
    /// with 128 + the signal's number, the old output as it was and no temporary file left,
    /// whenever they land (while the probe file exists, during the folds or while writing).
    @Test(arguments: [(SIGHUP, 0.3), (SIGHUP, 1.2), (SIGQUIT, 0.6), (SIGTERM, 0.6)])
    func aSignalLeavesNoTemporaryFile(signal: Int32, delay: Double) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let target = scratch.path("model.json")
        let original = "{\"previous\": true}\n"
        try original.write(toFile: target, atomically: false, encoding: .utf8)
        let process = Process()
        process.executableURL = EnetRun.executable
        process.arguments = ["cv", EnetRun.shared("digits.csv"), "--family", "multinomial", "--folds", "10", "--output", target]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 128 + signal)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == original)
        #expect(try scratch.contents() == ["model.json"])
    }

    private final class Received: @unchecked Sendable {
        var data = Data()
    }
}

/// Valid input refused before: pipes, CRLF line files, and predict's target column.
struct InputSourceTests {
    /// A fit read from a pipe works, and its manifest's SHA-256 is the data's; a cv model read
    /// through process substitution predicts at its own lambdas, and an exact refit, which would
    /// need the stream again, is refused with a reason.
    @Test func pipesAndProcessSubstitutionWork() throws {
        let inputs = try Inputs()
        defer { inputs.scratch.remove() }
        let piped = try EnetRun(shell: "cat d.csv | \"$ENET\" fit /dev/stdin --lambda 0.1 --format json", in: inputs.scratch.url)
        #expect(piped.succeeded, "\(piped.stderr)")
        let manifest = try #require(try piped.json()["manifest"] as? [String: Any])
        #expect(manifest["sha256"] as? String == ModelDigest.sha256(inputs.scratch.path("d.csv")))
        let fromFile = try EnetRun(["fit", "d.csv", "--lambda", "0.1", "--format", "json"], in: inputs.scratch.url)
        #expect(try piped.json()["coefficients"] as? [String: Double] == fromFile.json()["coefficients"] as? [String: Double])

        let cv = try EnetRun(shell: "\"$ENET\" cv <(cat d.csv) --folds 3 --nlambda 10 --output p.json", in: inputs.scratch.url)
        #expect(cv.succeeded, "\(cv.stderr)")
        let predicted = try EnetRun(["predict", "p.json", "d.csv"], in: inputs.scratch.url)
        #expect(predicted.succeeded, "\(predicted.stderr)")
        let pipedModel = try EnetRun(shell: "\"$ENET\" predict <(cat p.json) <(cat d.csv)", in: inputs.scratch.url)
        #expect(pipedModel.succeeded, "\(pipedModel.stderr)")
        #expect(pipedModel.stdout == predicted.stdout)
        let refit = try EnetRun(["predict", "p.json", "d.csv", "--s", "0.123"], in: inputs.scratch.url)
        #expect(refit.refusalProblem == nil, "\(refit.refusalProblem ?? "")")
        #expect(refit.stderr.contains("--interpolate"))
    }

    /// The manifest's digests are of the files' bytes for each format (CSV, .npy with its
    /// --response and --feature-names files, svmlight); an exact refit checks each of them.
    @Test func theManifestDigestsAreTheInputsSHA256() throws {
        let inputs = try Inputs()
        defer { inputs.scratch.remove() }
        let scratch = inputs.scratch
        _ = try scratch.write("1 1:0.5 3:2\n0 2:1\n1 1:1.5\n0 3:0.5\n", "s.svm")
        for (arguments, file) in [(["d.csv"], "d.csv"), (["x.npy", "--response", "y.txt", "--feature-names", "names.txt"], "x.npy"),
                                  (["s.svm"], "s.svm")] {
            let run = try EnetRun(["fit"] + arguments + ["--lambda", "0.01", "--format", "json"], in: scratch.url)
            #expect(run.succeeded, "\(run.stderr)")
            let manifest = try #require(try run.json()["manifest"] as? [String: Any])
            #expect(manifest["sha256"] as? String == ModelDigest.sha256(scratch.path(file)), "\(file)")
            let npy = file == "x.npy"
            #expect((manifest["response_sha256"] as? String) == (npy ? ModelDigest.sha256(scratch.path("y.txt")) : nil))
            #expect((manifest["feature_names_sha256"] as? String) == (npy ? ModelDigest.sha256(scratch.path("names.txt")) : nil))
        }
        let path = try EnetRun(["path", "x.npy", "--response", "y.txt", "--nlambda", "5", "--output", "p.json"], in: scratch.url)
        #expect(path.succeeded, "\(path.stderr)")
        #expect(try EnetRun(["predict", "p.json", "--s", "3.3", "--type", "coefficients"], in: scratch.url).succeeded)
        // The same number of values, one changed: only the response's digest can tell.
        let response = try scratch.read("y.txt")
        _ = try scratch.write("1" + response, "y.txt")
        let changed = try EnetRun(["predict", "p.json", "--s", "3.3", "--type", "coefficients"], in: scratch.url)
        #expect(changed.refusalProblem == nil, "\(changed.refusalProblem ?? "")")
        #expect(changed.stderr.contains("y.txt has changed"), "\(changed.stderr)")
    }

    /// --response and --feature-names files with CRLF line ends (and a byte-order mark) give the
    /// fit of the LF files, bit for bit.
    @Test func crlfLineFilesReadAsLF() throws {
        let inputs = try Inputs()
        defer { inputs.scratch.remove() }
        let scratch = inputs.scratch
        for name in ["y.txt", "names.txt"] {
            let text = try scratch.read(name)
            _ = try scratch.write("\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n"), "crlf-" + name)
        }
        func coefficients(_ response: String, _ names: String) throws -> [String: Double] {
            let run = try EnetRun(["fit", "x.npy", "--response", response, "--feature-names", names, "--lambda", "0.3",
                                   "--format", "json"], in: scratch.url)
            #expect(run.succeeded, "\(run.stderr)")
            return try #require(try run.json()["coefficients"] as? [String: Double])
        }
        let lf = try coefficients("y.txt", "names.txt")
        #expect(lf.keys.contains("bmi"))
        #expect(try coefficients("crlf-y.txt", "crlf-names.txt") == lf)
    }

    /// New svmlight data whose labels are left out, or are not numbers, predict as the same lines
    /// with labels.
    @Test func predictIgnoresSvmlightLabels() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.write("1 1:0.5 3:2\n0 2:1\n1 1:1.5 3:1\n0 2:0.5 3:0.2\n1 1:2\n0 2:2 3:0.1\n", "train.svm")
        _ = try scratch.write("1 1:0.5 3:2\n0 2:1\n", "labelled.svm")
        _ = try scratch.write("1:0.5 3:2\n? 2:1\n", "unlabelled.svm")
        let fit = try EnetRun(["fit", "train.svm", "--family", "binomial", "--lambda", "0.01", "--output", "m.json"], in: scratch.url)
        #expect(fit.succeeded, "\(fit.stderr)")
        let expected = try EnetRun(["predict", "m.json", "labelled.svm"], in: scratch.url)
        let run = try EnetRun(["predict", "m.json", "unlabelled.svm"], in: scratch.url)
        #expect(expected.succeeded && run.succeeded, "\(run.stderr)")
        #expect(run.stdout == expected.stdout)
        #expect(run.csv.rows.count == 2)
    }

    /// New data whose target (and weights) column is blank, or holds a label never seen, predict
    /// as the same rows with the training values: predict never reads those columns.
    @Test func predictIgnoresTheTargetAndWeightsColumns() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.write("a,b,w,y\n1,2,1,yes\n2,1,2,no\n3,5,1,yes\n4,3,1,no\n5,6,2,yes\n6,2,1,no\n0,4,1,yes\n7,1,1,no\n", "train.csv")
        _ = try scratch.write("a,b,w,y\n1,2,1,yes\n6,2,1,no\n", "known.csv")
        _ = try scratch.write("a,b,w,y\n1,2,,\n6,2,,\n", "blank.csv")
        _ = try scratch.write("a,b,w,y\n1,2,NA,maybe\n6,2,x,?\n", "unknown.csv")
        _ = try scratch.write("a,b\n1,2\n6,2\n", "features.csv")
        for family in ["binomial", "gaussian"] {
            let training = family == "gaussian" ? "numeric.csv" : "train.csv"
            if family == "gaussian" {
                _ = try scratch.write("a,b,w,y\n1,2,1,3\n2,1,2,1\n3,5,1,4\n4,3,1,2\n5,6,2,7\n6,2,1,1\n", "numeric.csv")
            }
            let fit = try EnetRun(["fit", training, "--family", family, "--weights", "w", "--lambda", "0.01",
                                   "--output", "\(family).json"], in: scratch.url)
            #expect(fit.succeeded, "\(fit.stderr)")
            let expected = try EnetRun(["predict", "\(family).json", "features.csv"], in: scratch.url)
            #expect(expected.succeeded, "\(expected.stderr)")
            for data in family == "gaussian" ? ["blank.csv"] : ["known.csv", "blank.csv", "unknown.csv"] {
                let run = try EnetRun(["predict", "\(family).json", data], in: scratch.url)
                #expect(run.succeeded, "\(family) \(data): \(run.stderr)")
                #expect(run.stdout == expected.stdout, "\(family) \(data)")
            }
        }
    }
}

/// Standard output that cannot be written: one error line and exit code 2 from every command
/// that prints, never a trap.
struct StandardOutputTests {
    @Test(arguments: [
        "fit d.csv --lambda 1", "path d.csv --nlambda 5", "cv d.csv --folds 3 --nlambda 5",
        // A budget no run reaches: on a loaded machine the default one stops SGD with a note on stderr.
        "compare d.csv --time-budget 600",
        "explain d.csv", "predict m.json d.csv", "predict m.json --type coefficients", "demo l1-vs-l2", "--help",
        "fit --help", "--version",
    ])
    func aFullOrClosedStandardOutputIsAnError(command: String) throws {
        let inputs = try Inputs()
        defer { inputs.scratch.remove() }
        for (redirect, reason) in [("> /dev/full", "no space left on device"), (">&-", "it is closed")] {
            let run = try EnetRun(shell: "\"$ENET\" \(command) \(redirect)", in: inputs.scratch.url)
            #expect(run.refusalProblem == nil, "\(command) \(redirect): \(run.refusalProblem ?? "")")
            #expect(run.stderr == "enet: error: cannot write to standard output (\(reason))\n", "\(command) \(redirect)")
        }
    }

    /// An output file named for a closed standard stream is refused, not written to the /dev/null
    /// that holds the stream's number.
    @Test(arguments: ["/dev/stdout", "/dev/fd/1"])
    func anOutputNamingAClosedStreamIsRefused(name: String) throws {
        let inputs = try Inputs()
        defer { inputs.scratch.remove() }
        let run = try EnetRun(shell: "\"$ENET\" fit d.csv --lambda 1 --output \(name) >&-", in: inputs.scratch.url)
        #expect(run.refusalProblem == nil, "\(run.refusalProblem ?? "")")
        #expect(run.stderr == "enet: error: --output \(name): cannot write (it is closed)\n")
        // With standard error closed there is no message to see; the exit code still says it.
        let quiet = try EnetRun(shell: "\"$ENET\" fit d.csv --lambda 1 --output /dev/stderr 2>&-; echo $?", in: inputs.scratch.url)
        #expect(quiet.stdout == "2\n")
    }
}

/// A character device at `path` that discards what is written: a private copy of /dev/null's
/// device (major 1, minor 3) when running as root, so that a regression cannot replace the
/// system's /dev/null; else a symbolic link to /dev/null, which a non-root process cannot replace.
func makeDiscardingDevice(at path: String) throws {
    if geteuid() == 0 && mknod(path, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0 { return }
    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/null")
}

/// The type bits of what `path` names, links not followed (S_IFCHR, S_IFLNK, S_IFIFO, ...).
func fileTypeOf(_ path: String) -> mode_t? {
    var status = stat()
    guard lstat(path, &status) == 0 else { return nil }
    return status.st_mode & S_IFMT
}
