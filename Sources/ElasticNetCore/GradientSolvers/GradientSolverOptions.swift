/// The algorithms that minimise the objective of CONVENTIONS.md. Coordinate descent is the
/// default; the others exist to show where the lasso's exact zeros come from (and where they do
/// not), and they all minimise the identical objective on the same `WorkingProblem`.
public enum SolverKind: String, Sendable, CaseIterable, Codable {
    /// Coordinate descent with soft-thresholding (`ElasticNet.fit`).
    case cd
    /// ISTA: a gradient step on the loss, then the penalty's proximal map (soft-thresholding).
    case proximalGradient = "proximal-gradient"
    /// FISTA: ISTA with Nesterov momentum and adaptive restart.
    case fista
    /// Stochastic (mini-batch) gradient with exact zeros from the cumulative L1 penalty or truncation.
    case sgd
    /// The textbook subgradient update, sign(0) = 0: a baseline whose "zeros" are not zeros.
    case subgradient
}

/// How SGD turns its L1 steps into exact zeros.
public enum SGDZeroMethod: String, Sendable, CaseIterable, Codable {
    /// Tsuruoka, Tsujii & Ananiadou (2009), "Stochastic gradient descent training for
    /// L1-regularized log-linear models with cumulative penalty", ACL: each weight receives the
    /// L1 penalty it should have received so far, clipped so that it never crosses zero.
    case cumulativePenalty = "cumulative"
    /// Langford, Li & Zhang (2009), "Sparse online learning via truncated gradient", JMLR 10:
    /// with truncation every step and no threshold this is the proximal (soft-threshold) step.
    case truncatedGradient = "truncated"
}

/// The step length of the subgradient method.
public enum StepSchedule: String, Sendable, CaseIterable, Codable {
    /// eta = 1 / L for every iteration (L bounds the loss's curvature).
    case fixed
    /// eta_k = 1 / (L sqrt(k + 1)): the classic schedule under which subgradient descent converges.
    case decreasing
}

/// The settings of the gradient solvers (the objective's settings are `FitOptions`).
public struct GradientSolverOptions: Sendable, Equatable {
    /// Which algorithm.
    public var kind: SolverKind = .proximalGradient
    /// Cap on iterations (full gradients); for `.sgd`, on epochs (passes over the rows).
    public var maxIterations: Int = 100_000
    /// SGD: rows per stochastic gradient.
    public var batchSize: Int = 1
    /// SGD: the seed of the row order (SplitMix64), so a run is reproducible bit for bit.
    public var seed: UInt64 = 1
    /// SGD: where its exact zeros come from.
    public var sgdZeros: SGDZeroMethod = .cumulativePenalty
    /// Subgradient: fixed or decreasing step.
    public var stepSchedule: StepSchedule = .decreasing
    /// Record one `SolverTrace` row per iteration (SGD: per epoch).
    public var recordTrace: Bool = false
    /// Wall-clock seconds after which the run stops, checked after each iteration (SGD: epoch);
    /// nil for none. What stops at it depends on the machine's speed, so such a run is not
    /// reproducible bit for bit: it is for demonstrations that must end (`enet compare`), not fits.
    public var timeLimit: Double? = nil

    public init(kind: SolverKind = .proximalGradient) { self.kind = kind }
}
