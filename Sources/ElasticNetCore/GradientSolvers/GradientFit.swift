/// A fit by one of the gradient solvers, reported exactly as coordinate descent reports its fits.
public struct GradientFit: Sendable, Equatable {
    /// The algorithm used.
    public var solver: SolverKind
    /// Coefficients in original units, certificate (objective, duality gap, KKT violation),
    /// iterations (SGD: epochs) and whether the gap reached the tolerance.
    public var fit: ElasticNetFit
    /// One row per iteration or epoch, when asked for (`GradientSolverOptions.recordTrace`).
    public var trace: SolverTrace
    /// Wall-clock seconds spent (excluding the building of the working problem).
    public var seconds: Double
    /// Did `GradientSolverOptions.timeLimit` end the run before the tolerance or the iteration cap?
    public var stoppedByTimeLimit: Bool = false

    /// The threshold below which a nonzero counts as "near zero".
    public static let nearZeroThreshold = 1e-8

    /// Coefficients that are exactly 0.0.
    public var exactZeroCount: Int { fit.coefficients.reduce(0) { $0 + ($1 == 0 ? 1 : 0) } }
    /// Coefficients with |b| < 1e-8, exact zeros included.
    public var belowThresholdCount: Int {
        fit.coefficients.reduce(0) { $0 + (abs($1) < Self.nearZeroThreshold ? 1 : 0) }
    }
    /// Nonzero coefficients with |b| < 1e-8: zeros in print, not in fact.
    public var tinyNonzeroCount: Int { belowThresholdCount - exactZeroCount }
}
