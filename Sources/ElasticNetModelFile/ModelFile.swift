import ElasticNetCore

/// The model file: every JSON that `enet fit`, `path` and `cv` print is also a versioned,
/// self-describing model that `enet predict`, `explain` and `plot` read back (`SavedModel`).
/// Besides the command's own report it carries a "model" block (lambdas, intercepts and sparse
/// coefficients per class, the one place a reader takes them from), the features with their
/// standardisation, the classes, the options, and a manifest of the input (path, shape, SHA-256
/// of its bytes, the arguments, tool version, date) so a prediction at a lambda between grid
/// points can refit on exactly the same data. The writer is in the `enet` target
/// (`ModelFile+Writing.swift`); the names and the fitted values both sides share are here.
public enum ModelFile {
    /// The value of the top-level "format" key.
    public static let format = "enet-model"
    /// The value of "format_version": a reader refuses any other.
    public static let version = 1

    /// One fitted model along a path, in original units: per lambda, per class, per feature.
    public struct Fits: Sendable {
        public var lambdas: [Double]
        public var intercepts: [[Double]]
        public var coefficients: [[[Double]]]

        public init(_ path: RegularizationPath) {
            lambdas = path.lambdas
            intercepts = path.fits.map { [$0.intercept] }
            coefficients = path.fits.map { [$0.coefficients.array] }
        }

        public init(_ path: MultinomialPath) {
            lambdas = path.lambdas
            intercepts = path.fits.map(\.intercepts)
            coefficients = path.fits.map(\.coefficients)
        }

        public init(lambdas: [Double], intercepts: [[Double]], coefficients: [[[Double]]]) {
            self.lambdas = lambdas
            self.intercepts = intercepts
            self.coefficients = coefficients
        }
    }
}
