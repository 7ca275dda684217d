import ElasticNetCore
import Foundation

extension ModelFile {
    /// What a model file says of a fitted model, written in the one order the format documents:
    /// the target and features with their standardisation, the classes, the options, the
    /// encoding of input columns, and the "model" block that `SavedModel` reads back. `enet`
    /// writes these members after its command's report and before its manifest of the input; a
    /// library caller writes them alone with `write(to:)`.
    public struct Contents: Sendable {
        /// What fitted the model: `enet`'s command ("fit", "path", "cv"), or the caller's word.
        public var command: String
        /// The response's name.
        public var target: String
        /// One name per feature (column of the design).
        public var features: [String]
        /// The class labels of a multinomial model, in class-index order; nil otherwise.
        public var classLabels: [String]?
        public var options: FitOptions
        public var fits: Fits
        /// Each feature's weighted mean and 1/n standard deviation in the training data.
        public var featureCenters: [Double]
        public var featureScales: [Double]
        /// How input columns became features (identity when nil: each feature is an input column).
        public var encoding: Encoding
        public var weightsColumn: String?
        public var offsetColumn: String?

        public init(command: String, target: String, features: [String], classLabels: [String]?, options: FitOptions,
                    fits: Fits, featureCenters: [Double], featureScales: [Double], encoding: Encoding? = nil,
                    weightsColumn: String? = nil, offsetColumn: String? = nil) {
            self.command = command
            self.target = target
            self.features = features
            self.classLabels = classLabels
            self.options = options
            self.fits = fits
            self.featureCenters = featureCenters
            self.featureScales = featureScales
            self.encoding = encoding ?? Encoding(inputColumns: features, levels: [:], imputed: [:], impute: nil)
            self.weightsColumn = weightsColumn
            self.offsetColumn = offsetColumn
        }

        /// A path the library fitted on `x` (with these observation weights, if any). Features are
        /// named x1, x2, ... unless `features` names them.
        public init(path: RegularizationPath, x: some DesignMatrix, weights: [Double]? = nil,
                    features: [String]? = nil, target: String = "y", command: String = "path") {
            let (centers, scales) = x.columnStatistics(weights: weights)
            self.init(command: command, target: target, features: features ?? Self.defaultNames(x.columnCount),
                      classLabels: nil, options: path.options, fits: Fits(path), featureCenters: centers,
                      featureScales: scales)
        }

        /// A multinomial path the library fitted on `x`; `classLabels[k]` names class index k
        /// (0, 1, ... when nil).
        public init(path: MultinomialPath, x: some DesignMatrix, weights: [Double]? = nil, classLabels: [String]? = nil,
                    features: [String]? = nil, target: String = "y", command: String = "path") {
            let (centers, scales) = x.columnStatistics(weights: weights)
            self.init(command: command, target: target, features: features ?? Self.defaultNames(x.columnCount),
                      classLabels: classLabels ?? (0 ..< path.classCount).map(String.init), options: path.options,
                      fits: Fits(path), featureCenters: centers, featureScales: scales)
        }

        private static func defaultNames(_ count: Int) -> [String] { (0 ..< count).map { "x\($0 + 1)" } }

        /// The members, in the documented order.
        public var members: [(String, JSON)] {
            let model: JSON = .object([
                ("features", .array(features.map { .string($0) })),
                ("lambdas", .numbers(fits.lambdas)),
                ("intercepts", .array(fits.intercepts.map { .numbers($0) })),
                // Sparse: a feature absent from a class's object has coefficient 0.
                ("coefficients", .array(fits.coefficients.map { perClass in
                    .array(perClass.map { b in .object(zip(features, b).filter { $0.1 != 0 }.map { ($0.0, .number($0.1)) }) })
                })),
            ])
            return [
                ("format", .string(format)),
                ("format_version", .integer(version)),
                ("command", .string(command)),
                ("target", .string(target)),
                ("weights_column", weightsColumn.map { .string($0) } ?? .null),
                ("offset_column", offsetColumn.map { .string($0) } ?? .null),
                ("class_labels", classLabels.map { .array($0.map { .string($0) }) } ?? .null),
                ("feature_centers", .numbers(featureCenters)),
                ("feature_scales", .numbers(featureScales)),
                ("options", .object([
                    ("family", .string(options.family.rawValue)),
                    ("alpha", .number(options.alpha)),
                    ("penalty", .string(Self.penaltyName(options.penalty))),
                    ("concavity", options.penalty.concavity.map { .number($0) } ?? .null),
                    ("standardize", .bool(options.standardize)),
                    ("intercept", .bool(options.intercept)),
                    ("grouped", .bool(options.grouped)),
                    ("penalty_factors", options.penaltyFactors.map { .numbers($0) } ?? .null),
                    ("lower_bounds", options.lowerBounds.map { .numbers($0) } ?? .null),
                    ("upper_bounds", options.upperBounds.map { .numbers($0) } ?? .null),
                    ("tolerance", .number(options.tolerance)),
                ])),
                ("encoding", encoding.json),
                ("model", model),
            ]
        }

        /// The penalty's name in a model file, as `enet --penalty` spells it.
        static func penaltyName(_ kind: PenaltyKind) -> String {
            switch kind {
            case .elasticNet: return "enet"
            case .mcp: return "mcp"
            case .scad: return "scad"
            }
        }

        /// Writes the model file alone (no command report, no manifest) to `path`, through a
        /// temporary file beside it renamed over it: a reader never sees half a model.
        public func write(to path: String) throws(ModelFileError) {
            let text = JSON.object(members).rendered()
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw ModelFileError("\(path): cannot write the model file (\(error.localizedDescription))")
            }
        }
    }
}
