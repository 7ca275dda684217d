import Foundation

/// The textbook subgradient method on the objective of CONVENTIONS.md, kept as a baseline that
/// shows why it does not give the lasso's zeros:
///
///     c_j <- c_j - eta * (dL/dc_j + penalty'(c_j)),   penalty'(0) = 0
///
/// (`CoordinatePenalty.slope`; for the elastic net `l1_j sign(c_j) + l2_j c_j` with
/// l1_j = lambda alpha pf_j and l2_j = lambda (1 - alpha) pf_j); the intercept takes the same step
/// without a penalty, and a bound is enforced by clipping (projected subgradient). A coefficient
/// whose optimum is 0 is kicked by l1 from one side of zero to the other, so it ends within about
/// eta (l1 + |dL/dc_j|) of zero but practically never on it: its "zeros" are small nonzeros.
/// The step is 1/L (fixed) or 1/(L sqrt(k + 1)) (decreasing), L the trace bound of
/// `SmoothLoss.traceCurvatureBound`. The iterate is not monotone in the objective; the last one
/// is reported, as it is. One iteration costs one gradient (n p).
final class SubgradientDescent<F: GLMFamily> {
    let problem: WorkingProblem
    let lambda: Double
    let schedule: StepSchedule
    private let loss: SmoothLoss<F>
    private let initialRate: Double
    private var gradient: [Double]
    private var eta: [Double]

    init(problem: WorkingProblem, lambda: Double, schedule: StepSchedule, curvature: Double) {
        self.problem = problem
        self.lambda = lambda
        self.schedule = schedule
        loss = SmoothLoss(problem: problem)
        initialRate = 1 / max(curvature, 1e-12)
        gradient = [Double](repeating: 0, count: problem.featureCount)
        eta = [Double](repeating: 0, count: problem.rowCount)
    }

    func step(coefficients c: inout [Double], intercept b0: inout Double, iteration k: Int) {
        let (_, g0) = loss.valueAndGradient(coefficients: c, intercept: b0, gradient: &gradient, eta: &eta)
        let rate = schedule == .fixed ? initialRate : initialRate / Double(k + 1).squareRoot()
        if problem.intercept { b0 -= rate * g0 }
        for j in 0 ..< problem.featureCount where !problem.isExcluded(j) {
            let penalty = problem.penalty(j, lambda: lambda)
            let w = c[j] - rate * (gradient[j] + penalty.slope(at: c[j]))
            c[j] = min(max(w, penalty.lower), penalty.upper)
        }
    }
}
