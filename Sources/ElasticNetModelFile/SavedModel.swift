import ElasticNetCore
import Foundation

/// A model file read back for prediction (see `ModelFile` for what is written).
public struct SavedModel {
    public let file: String
    public let command: String
    public let family: Family
    public let alpha: Double
    public let features: [String]
    public let target: String
    public let weightsColumn: String?
    public let offsetColumn: String?
    public let classLabels: [String]?
    public let fits: ModelFile.Fits
    /// How input columns become features.
    public let encoding: Encoding
    public let lambdaMin: Double?
    public let lambda1se: Double?
    /// The fraction of deviance explained per lambda, when the file carries it (path and cv).
    public let devianceRatios: [Double]?
    /// Each feature's 1/n standard deviation in the training data (for standardised plots).
    public let featureScales: [Double]?
    /// The cross-validation curve of a `cv` model file (its best alpha's when several were tried).
    public let curve: SavedCurve?
    /// The saved options block, and the manifest (empty when the library wrote the file), for an
    /// exact refit.
    public let options: [String: Any]
    public let manifest: [String: Any]

    /// Reads and checks the model file at `path`; every error names it. Read through a file handle
    /// to its end, so a model piped in (`enet predict <(cat m.json) d.csv`) reads as a file does.
    public init(path: String) throws(ModelFileError) {
        try self.init(data: try Self.read(path: path), path: path)
    }

    /// The file's bytes, read in chunks: one that does not open with "{" (after spaces) is no
    /// model file and is refused on its first chunk, and none is read past the memory budget, so
    /// a link to /dev/zero ends in an error rather than in the allocator.
    private static func read(path: String) throws(ModelFileError) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ModelFileError("\(path): cannot read the model file (missing or unreadable)")
        }
        defer { try? handle.close() }
        var data = Data()
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                throw ModelFileError("\(path): cannot read the model file (\(error.localizedDescription))")
            }
            if chunk.isEmpty { return data }
            if data.isEmpty, let first = chunk.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }),
               first != UInt8(ascii: "{") {
                throw ModelFileError("\(path): not an enet model file (a model file is a JSON object, opening with \"{\")")
            }
            // ElasticNetIO's MemoryBudget is not linked here (the fuzzer builds this module alone).
            guard UInt64(data.count + chunk.count) <= ProcessInfo.processInfo.physicalMemory else {
                throw ModelFileError("\(path): the model file goes on past \(data.count) bytes, more than this machine's physical memory")
            }
            data.append(chunk)
        }
    }

    /// Reads a model file's bytes (`path` names it in errors). Besides the format, version and
    /// fields, it checks what every reader relies on, so that none of them can index past an
    /// array: one intercept and one coefficient vector per class at every lambda (one class
    /// unless multinomial, whose classes are its labels), a coefficient per feature, lambdas
    /// finite and >= 0, and per-lambda and per-feature arrays as long as what they describe.
    public init(data: Data, path: String) throws(ModelFileError) {
        file = path
        guard let root = ExactJSON.parse(data) as? [String: Any] else {
            throw ModelFileError("\(path): not a JSON object; give a file written by enet fit, path or cv with --format json")
        }
        func field<T>(_ name: String, in object: [String: Any]? = nil, as type: T.Type = T.self) throws(ModelFileError) -> T {
            guard let value = (object ?? root)[name] as? T else {
                throw ModelFileError("\(path): the model file has no valid \"\(name)\"")
            }
            return value
        }
        guard (root["format"] as? String) == ModelFile.format else {
            throw ModelFileError("\(path): not an enet model file (no \"format\": \"\(ModelFile.format)\")")
        }
        // Compared as a number, not truncated to an Int: a version 1.5 is not version 1.
        let version = root["format_version"]
        guard (version as? NSNumber)?.doubleValue == Double(ModelFile.version) else {
            let shown = version.map { $0 is String ? "\"\($0)\"" : "\($0)" } ?? "(none)"
            throw ModelFileError("\(path): model format version \(shown) is not supported; this enet reads version \(ModelFile.version)")
        }
        command = try field("command")
        options = try field("options")
        // The manifest of the input is the CLI's (a model the library wrote has none): without
        // it, only an exact refit (`enet predict --s` off the grid) is refused.
        if let written = root["manifest"] {
            guard let object = written as? [String: Any] else { throw ModelFileError("\(path): the model file has no valid \"manifest\"") }
            manifest = object
        } else {
            manifest = [:]
        }
        guard let family = Family(rawValue: try field("family", in: options)) else {
            throw ModelFileError("\(path): unknown family in the model file")
        }
        self.family = family
        alpha = try field("alpha", in: options, as: NSNumber.self).doubleValue
        let model: [String: Any] = try field("model")
        let names = try field("features", in: model, as: [String].self)
        features = names
        target = try field("target")
        weightsColumn = root["weights_column"] as? String
        offsetColumn = root["offset_column"] as? String
        classLabels = root["class_labels"] as? [String]
        lambdaMin = (root["lambda_min"] as? NSNumber)?.doubleValue
        lambda1se = (root["lambda_1se"] as? NSNumber)?.doubleValue
        devianceRatios = (root["dev_ratio"] as? [NSNumber])?.map(\.doubleValue)
        featureScales = (root["feature_scales"] as? [NSNumber])?.map(\.doubleValue)
        curve = SavedCurve(root: root, alpha: alpha)

        let lambdas = try field("lambdas", in: model, as: [NSNumber].self).map(\.doubleValue)
        let intercepts = try field("intercepts", in: model, as: [[NSNumber]].self).map { $0.map(\.doubleValue) }
        let sparse = try field("coefficients", in: model, as: [[[String: NSNumber]]].self)
        let position = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var coefficients = [[[Double]]]()
        for perClass in sparse {
            var vectors = [[Double]]()
            for entries in perClass {
                var b = [Double](repeating: 0, count: names.count)
                for (name, value) in entries {
                    guard let j = position[name] else { throw ModelFileError("\(path): coefficient for unknown feature \"\(name)\"") }
                    b[j] = value.doubleValue
                }
                vectors.append(b)
            }
            coefficients.append(vectors)
        }
        guard !lambdas.isEmpty, intercepts.count == lambdas.count, coefficients.count == lambdas.count else {
            throw ModelFileError("\(path): the model block's lambdas, intercepts and coefficients do not match")
        }
        if let bad = lambdas.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
            throw ModelFileError("\(path): the model block's lambda \(bad + 1) is \(lambdas[bad]); a lambda is a finite number >= 0")
        }
        let classCount: Int
        if family == .multinomial {
            guard let labels = classLabels, labels.count >= 2 else {
                throw ModelFileError("\(path): a multinomial model needs \"class_labels\", two or more")
            }
            classCount = labels.count
        } else {
            classCount = 1
        }
        for i in lambdas.indices where intercepts[i].count != classCount || coefficients[i].count != classCount {
            let expected = family == .multinomial ? "one per class label (\(classCount))" : "one"
            throw ModelFileError("\(path): the model block has \(intercepts[i].count) intercepts and \(coefficients[i].count) coefficient sets at lambda \(i + 1); a \(family.rawValue) model has \(expected)")
        }
        for name in ["lambda_min", "lambda_1se"] {
            if let value = (root[name] as? NSNumber)?.doubleValue, !(value >= 0 && value.isFinite) {
                throw ModelFileError("\(path): \"\(name)\" is \(value); a lambda is a finite number >= 0")
            }
        }
        if let ratios = devianceRatios, ratios.count != lambdas.count {
            throw ModelFileError("\(path): \"dev_ratio\" has \(ratios.count) values for the model's \(lambdas.count) lambdas")
        }
        if let scales = featureScales {
            guard scales.count == names.count else {
                throw ModelFileError("\(path): \"feature_scales\" has \(scales.count) values for the model's \(names.count) features")
            }
            if let bad = scales.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
                throw ModelFileError("\(path): \"feature_scales\" value \(bad + 1) is \(scales[bad]); a scale is a finite number >= 0")
            }
        }
        fits = ModelFile.Fits(lambdas: lambdas, intercepts: intercepts, coefficients: coefficients)
        encoding = (root["encoding"] as? [String: Any]).flatMap(Encoding.init(json:))
            ?? Encoding(inputColumns: names, levels: [:], imputed: [:], impute: nil)
    }
}
