/// One fitted model: the coefficients at one lambda with the certificate that vouches for them.
public struct ElasticNetFit: Sendable, Equatable {
    /// The family fitted: what the linear predictor's inverse link means (see `predictor`).
    public var family: Family
    /// The penalty strength.
    public var lambda: Double
    /// The intercept, in the response's units (0 when no intercept is fitted).
    public var intercept: Double
    /// One coefficient per feature, in the features' original units; zeros are exactly 0.0.
    public var coefficients: CoefficientVector
    /// Objective, duality gap and largest KKT violation, recomputed from the coefficients.
    public var certificate: Certificate
    /// Coordinate-descent sweeps spent at this lambda.
    public var iterations: Int
    /// Did the duality gap reach the requested tolerance?
    public var converged: Bool
    /// Fraction of the null deviance explained: 1 - deviance / null deviance.
    public var devianceRatio: Double
    /// How the solver stopped (`converged` is `convergence.isConverged` when fitted by a path).
    public var convergence: Convergence = .tolerance

    /// df: the number of nonzero coefficients.
    public var nonzeroCount: Int { coefficients.nonzeroCount }

    public init(family: Family, lambda: Double, intercept: Double, coefficients: [Double], certificate: Certificate,
                iterations: Int, converged: Bool, devianceRatio: Double) {
        self.family = family
        self.lambda = lambda
        self.intercept = intercept
        self.coefficients = CoefficientVector(coefficients)
        self.certificate = certificate
        self.iterations = iterations
        self.converged = converged
        self.devianceRatio = devianceRatio
    }
}

/// How the solver stopped at one lambda.
public enum Convergence: String, Sendable, Equatable, Codable {
    /// The duality gap reached the requested tolerance times the objective's scale.
    case tolerance
    /// The gap is below the absolute floor where rounding dominates (1e-15 times the null model's
    /// loss, about 4.5 machine epsilons of it): the relative target was finer than doubles resolve
    /// (an objective of 1e-12 at lambda 1e-13), and the point is as good as double precision allows.
    case machinePrecision = "machine precision"
    /// The gap stopped falling before reaching either (`CoordinateSolver.hasStagnated`): the
    /// gap reached is reported as it is.
    case stalled
    /// `maxIterations` sweeps were spent first.
    case iterationCap = "iteration cap"

    /// Certified: to the tolerance, or to machine precision.
    public var isConverged: Bool { self == .tolerance || self == .machinePrecision }
}

/// Why a path on the automatic sequence stopped before its last lambda (glmnet's rules).
public enum EarlyStop: Sendable, Equatable, CustomStringConvertible {
    /// The deviance explained reached `threshold` (0.999).
    case devianceSaturated(threshold: Double)
    /// The deviance explained grew by less than `relativeChange` (1e-5) of itself.
    case devianceStalled(relativeChange: Double)

    public var description: String {
        switch self {
        case .devianceSaturated(let t): return "the fraction of deviance explained reached \(t)"
        case .devianceStalled(let r): return "the fraction of deviance explained changed by less than \(r) of itself"
        }
    }
}

/// Fits along a decreasing lambda sequence, warm-started from one lambda to the next.
public struct RegularizationPath: Sendable {
    /// The options the path was fitted with.
    public var options: FitOptions
    /// The smallest lambda with every penalised coefficient zero (CONVENTIONS.md).
    public var lambdaMax: Double
    /// Deviance of the intercept-only model (eta = 0 without an intercept), weights summing to n.
    public var nullDeviance: Double
    /// One fit per lambda, in the order fitted (decreasing lambda).
    public var fits: [ElasticNetFit]
    /// How many lambdas the sequence asked for; more than `fits.count` when the path stopped early.
    public var requestedCount: Int
    /// Why the path stopped early, if it did.
    public var earlyStop: EarlyStop?
    /// Things the user should know (non-convergence, separation), one sentence each.
    public var warnings: [String]
    /// Set when the default sequence of a gaussian model with alpha < 1 was made unit-free
    /// (`ResponseScale`): the scale of y and the alpha asked for, read on the standardised response;
    /// `options.alpha` is then the documented objective's alpha that every fit minimises.
    public var responseScale: ResponseScale? = nil

    /// The lambdas fitted.
    public var lambdas: [Double] { fits.map(\.lambda) }
}
