import ElasticNetCore
import Foundation

/// A model file read back for prediction (see `ModelFile` for what is written).
struct SavedModel {
    let file: String
    let command: String
    let family: Family
    let alpha: Double
    let features: [String]
    let target: String
    let weightsColumn: String?
    let offsetColumn: String?
    let classLabels: [String]?
    let fits: ModelFile.Fits
    /// How input columns become features.
    let encoding: Encoding
    let lambdaMin: Double?
    let lambda1se: Double?
    /// The fraction of deviance explained per lambda, when the file carries it (path and cv).
    let devianceRatios: [Double]?
    /// Each feature's 1/n standard deviation in the training data (for standardised plots).
    let featureScales: [Double]?
    /// The cross-validation curve of a `cv` model file (its best alpha's when several were tried).
    let curve: SavedCurve?
    /// The saved options block, and the manifest, for an exact refit.
    let options: [String: Any]
    let manifest: [String: Any]

    init(path: String) throws {
        file = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("\(path): cannot read the model file (missing or unreadable)")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CommandError("\(path): not a JSON object; give a file written by enet fit, path or cv with --format json")
        }
        func field<T>(_ name: String, in object: [String: Any]? = nil, as type: T.Type = T.self) throws -> T {
            guard let value = (object ?? root)[name] as? T else {
                throw CommandError("\(path): the model file has no valid \"\(name)\"")
            }
            return value
        }
        guard (root["format"] as? String) == ModelFile.format else {
            throw CommandError("\(path): not an enet model file (no \"format\": \"\(ModelFile.format)\")")
        }
        // Compared as a number, not truncated to an Int: a version 1.5 is not version 1.
        let version = root["format_version"]
        guard (version as? NSNumber)?.doubleValue == Double(ModelFile.version) else {
            let shown = version.map { $0 is String ? "\"\($0)\"" : "\($0)" } ?? "(none)"
            throw CommandError("\(path): model format version \(shown) is not supported; this enet reads version \(ModelFile.version)")
        }
        command = try field("command")
        options = try field("options")
        manifest = try field("manifest")
        guard let family = Family(rawValue: try field("family", in: options)) else {
            throw CommandError("\(path): unknown family in the model file")
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
        let coefficients = try sparse.map { perClass in
            try perClass.map { entries in
                var b = [Double](repeating: 0, count: names.count)
                for (name, value) in entries {
                    guard let j = position[name] else { throw CommandError("\(path): coefficient for unknown feature \"\(name)\"") }
                    b[j] = value.doubleValue
                }
                return b
            }
        }
        guard !lambdas.isEmpty, intercepts.count == lambdas.count, coefficients.count == lambdas.count else {
            throw CommandError("\(path): the model block's lambdas, intercepts and coefficients do not match")
        }
        fits = ModelFile.Fits(lambdas: lambdas, intercepts: intercepts, coefficients: coefficients)
        encoding = (root["encoding"] as? [String: Any]).flatMap(Encoding.init(json:))
            ?? Encoding(inputColumns: names, levels: [:], imputed: [:], impute: nil)
    }
}

/// The CV curve as a model file stores it: top-level `cvm`, `cvsd`, `nzero`, `index_min` and
/// `index_1se` for one alpha, or one such object per alpha under `alphas` (the model's alpha is
/// the best one).
struct SavedCurve {
    let lambdas: [Double]
    let cvm: [Double]
    let cvsd: [Double]
    let nonzero: [Int]
    let indexMin: Int
    let index1se: Int
    let measure: String

    init?(root: [String: Any], alpha: Double) {
        let perAlpha = (root["alphas"] as? [[String: Any]])?.first { ($0["alpha"] as? NSNumber)?.doubleValue == alpha }
        let source = perAlpha ?? root
        func numbers(_ name: String) -> [Double]? {
            (source[name] as? [Any])?.map { ($0 as? NSNumber)?.doubleValue ?? .nan }
        }
        guard let lambdas = numbers("lambdas"), let cvm = numbers("cvm"), let cvsd = numbers("cvsd"),
              let nonzero = (source["nzero"] as? [NSNumber])?.map(\.intValue),
              let indexMin = (source["index_min"] as? NSNumber)?.intValue,
              let index1se = (source["index_1se"] as? NSNumber)?.intValue,
              [cvm.count, cvsd.count, nonzero.count].allSatisfy({ $0 == lambdas.count }),
              lambdas.indices.contains(indexMin), lambdas.indices.contains(index1se) else { return nil }
        self.lambdas = lambdas
        self.cvm = cvm
        self.cvsd = cvsd
        self.nonzero = nonzero
        self.indexMin = indexMin
        self.index1se = index1se
        measure = source["measure"] as? String ?? (root["measure"] as? String ?? "")
    }
}
