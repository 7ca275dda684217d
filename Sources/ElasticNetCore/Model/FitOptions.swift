/// The response distribution and its loss (CONVENTIONS.md, "Losses").
public enum Family: String, Sendable, CaseIterable, Codable {
    /// Squared error, identity link.
    case gaussian
    /// Bernoulli log-likelihood, logit link; the response is 0/1.
    case binomial
    /// Poisson log-likelihood, log link; the response is a non-negative count (or rate).
    case poisson
    /// Gamma log-likelihood (unit dispersion), log link: per row `y e^-eta + eta`; the response is
    /// strictly positive.
    case gamma
    /// Multinomial log-likelihood over K >= 2 classes (softmax); fitted with the `multinomial*`
    /// methods of `ElasticNet`, which take class labels.
    case multinomial
}

/// Everything that defines the objective apart from the data and lambda.
///
/// Per-feature arrays (`penaltyFactors`, `lowerBounds`, `upperBounds`) are `nil` for the defaults
/// (1, -infinity, +infinity) or hold one value per feature. Bounds are in the coefficients' original
/// units and must contain 0.
public struct FitOptions: Sendable, Equatable {
    /// The loss.
    public var family: Family = .gaussian
    /// The L1 share of the penalty, in [0, 1]: 1 is the lasso, 0 ridge.
    public var alpha: Double = 1
    /// The kind of penalty that lambda, alpha and the penalty factors scale: the elastic net
    /// (lasso, ridge and between) unless another `PenaltyKind` is asked for.
    public var penalty: PenaltyKind = .elasticNet
    /// Penalise coefficients in units of each column's 1/n standard deviation.
    public var standardize: Bool = true
    /// Fit an unpenalised intercept.
    public var intercept: Bool = true
    /// Per-feature multipliers of the penalty: 0 never penalised, `.infinity` excluded.
    public var penaltyFactors: [Double]? = nil
    /// Per-feature lower bounds on the coefficients (each <= 0).
    public var lowerBounds: [Double]? = nil
    /// Per-feature upper bounds on the coefficients (each >= 0).
    public var upperBounds: [Double]? = nil
    /// Convergence: the duality gap relative to the objective (gap <= tolerance * objective).
    /// The default 1e-7 certifies a relative suboptimality of 1e-7 or better.
    public var tolerance: Double = 1e-7
    /// Multinomial only: the group lasso over the classes of each feature (a feature is in or out
    /// for every class at once) instead of a penalty on each class coefficient.
    public var grouped: Bool = false
    /// Cap on coordinate-descent sweeps per lambda (and on Newton steps x sweeps for binomial).
    public var maxIterations: Int = 100_000
    /// The user's feature numbers (0-based) of the design's columns, when empty columns were set
    /// aside before the fit (`EmptyColumns`), so that messages name features as the user counts them.
    var featureNumbers: [Int]? = nil

    /// The defaults: gaussian lasso, standardised, with an intercept.
    public init() {}

    /// Options with the commonest fields set.
    public init(family: Family = .gaussian, alpha: Double = 1, standardize: Bool = true, intercept: Bool = true) {
        self.family = family
        self.alpha = alpha
        self.standardize = standardize
        self.intercept = intercept
    }
}
