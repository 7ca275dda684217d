#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ElasticNetIO
import ElasticNetModelFile
import Foundation

/// The files a command reads and the files it writes, so that an output never replaces an input:
/// `enet fit d.csv --output d.csv` would put the model where the training data were. Checked once,
/// in `Enet.main`, before any work, for every command that adopts it.
protocol FileRoles {
    /// What each file read is ("the data file", "--response") and its path, nil when not given.
    var inputFiles: [(role: String, path: String?)] { get }
    /// The option that names each file written ("--output", "--trace") and its path.
    var outputFiles: [(option: String, path: String?)] { get }
}

extension FileRoles {
    /// Refuses an output that is the same file as an input: the same device and inode after
    /// symbolic links, so `./d.csv`, `../x/d.csv`, a link or a hard link to it all count. Only a
    /// regular file can be lost this way; a terminal or /dev/null may well be both. Two outputs
    /// that name one file (`--output r.csv --keep r.csv`) are refused too: the second would
    /// replace the first.
    func refuseOutputOverInput() throws {
        var written: [(option: String, path: String, place: String)] = []
        for output in outputFiles {
            guard let path = output.path, let place = FileIdentity.place(of: path) else { continue }
            if let first = written.first(where: { $0.place == place }) {
                throw CommandError("\(output.option) \(path) is the file of \(first.option) \(first.path): one would replace the other; choose two names")
            }
            written.append((output.option, path, place))
        }
        let existing = outputFiles.compactMap { output -> (option: String, path: String, identity: FileIdentity)? in
            guard let path = output.path, let identity = FileIdentity(path) else { return nil }
            return (output.option, path, identity)
        }
        guard !existing.isEmpty else { return }
        // Computed once, and only here: a model's training files are found by reading the model.
        let inputs = inputFiles
        for (option, path, identity) in existing {
            for input in inputs {
                guard let inputPath = input.path, FileIdentity(inputPath) == identity else { continue }
                let spelling = inputPath == path ? "" : " (\(inputPath))"
                throw CommandError("\(option) \(path) is \(input.role)\(spelling): writing it would destroy the input; choose another output file")
            }
        }
    }
}

/// A regular file's device and inode: what makes two paths the same file.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64

    /// Where a regular file at `path` is, or would be created: its folder's real path and its name,
    /// links followed. Nil for a device, a pipe or a descriptor's name, which two outputs may share.
    static func place(of path: String) -> String? {
        if AtomicFile.descriptor(namedBy: path) != nil { return nil }
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFREG, let real = realpath(path, nil) else { return nil }
            defer { free(real) }
            return String(cString: real)
        }
        let url = URL(fileURLWithPath: path)
        guard let folder = realpath(url.deletingLastPathComponent().path, nil) else { return nil }
        defer { free(folder) }
        return String(cString: folder) + "/" + url.lastPathComponent
    }

    /// The identity of the regular file at `path` (links followed), nil when there is none.
    init?(_ path: String) {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

/// The files a model's manifest names: an exact refit (`predict --s`, `explain MODEL`) reads them
/// again, so they are inputs of the command too. None when `path` is not a readable model, or not
/// a regular file: a model piped in (`<(cat m.json)`) can be read only once, by the command itself.
func trainingFiles(ofModel path: String) -> [(role: String, path: String?)] {
    guard FileIdentity(path) != nil, let manifest = (try? SavedModel(path: path))?.manifest else { return [] }
    return [("the model's training data", manifest["input_absolute"] as? String),
            ("the model's --response file", manifest["response_absolute"] as? String),
            ("the model's --feature-names file", manifest["feature_names_absolute"] as? String)]
}

extension CommonOptions {
    /// The data file and the files that complete a .npy or svmlight design.
    var inputFiles: [(role: String, path: String?)] {
        [("the data file", data), ("the --response file", response), ("the --feature-names file", featureNames)]
    }
}

extension FitCommand: FileRoles {
    var inputFiles: [(role: String, path: String?)] { common.inputFiles }
    var outputFiles: [(option: String, path: String?)] { [("--output", outputOptions.output), ("--trace", solverOptions.trace)] }
}

extension PathCommand: FileRoles {
    var inputFiles: [(role: String, path: String?)] { common.inputFiles + [("the --lambdas file", sequence.lambdas)] }
    var outputFiles: [(option: String, path: String?)] { [("--output", outputOptions.output)] }
}

extension CVCommand: FileRoles {
    var inputFiles: [(role: String, path: String?)] {
        common.inputFiles + [("the --lambdas file", sequence.lambdas), ("the --foldid file", foldOptions.foldid)]
    }
    var outputFiles: [(option: String, path: String?)] { [("--output", outputOptions.output), ("--keep", keep)] }
}

extension CompareCommand: FileRoles {
    var inputFiles: [(role: String, path: String?)] { common.inputFiles }
    var outputFiles: [(option: String, path: String?)] { [("--output", outputOptions.output)] }
}

extension ExplainCommand: FileRoles {
    var inputFiles: [(role: String, path: String?)] {
        common.inputFiles + (FileIdentity(common.data) != nil && Self.isModelFile(common.data) ? trainingFiles(ofModel: common.data) : [])
    }
    var outputFiles: [(option: String, path: String?)] { [("--output", outputOptions.output)] }
}

extension PredictCommand: FileRoles {
    var inputFiles: [(role: String, path: String?)] {
        [("the model file", model), ("the data file", data), ("the --feature-names file", featureNames)]
            + trainingFiles(ofModel: model)
    }
    var outputFiles: [(option: String, path: String?)] { [("--output", output)] }
}

extension ReportCommand: FileRoles {
    var inputFiles: [(role: String, path: String?)] {
        common.inputFiles + [("the --lambdas file", sequence.lambdas), ("the --foldid file", foldOptions.foldid)]
    }
    var outputFiles: [(option: String, path: String?)] { [("--output", page.output)] }
}

extension PlotPathCommand: FileRoles {
    var inputFiles: [(role: String, path: String?)] { common.inputFiles + [("the --lambdas file", sequence.lambdas)] }
    var outputFiles: [(option: String, path: String?)] { [("--output", picture.output)] }
}

extension PlotCVCommand: FileRoles {
    var inputFiles: [(role: String, path: String?)] {
        common.inputFiles + [("the --lambdas file", sequence.lambdas), ("the --foldid file", foldOptions.foldid)]
    }
    var outputFiles: [(option: String, path: String?)] { [("--output", picture.output)] }
}

extension PlotCompareCommand: FileRoles {
    var inputFiles: [(role: String, path: String?)] { common.inputFiles + [("the --lambdas file", sequence.lambdas)] }
    var outputFiles: [(option: String, path: String?)] { [("--output", picture.output)] }
}

extension PlotTraceCommand: FileRoles {
    var inputFiles: [(role: String, path: String?)] { common.inputFiles }
    var outputFiles: [(option: String, path: String?)] { [("--output", picture.output)] }
}
