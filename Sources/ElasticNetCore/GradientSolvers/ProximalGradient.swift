import Foundation

/// Proximal gradient descent for the objective of CONVENTIONS.md on the working problem:
/// minimise `L(c, b0) + sum_j g_j(c_j)`, L the smooth loss and g_j feature j's elastic-net
/// penalty with its bounds.
///
/// ISTA (Beck & Teboulle 2009, SIAM J. Imaging Sci. 2(1)): `x+ = prox_{t g}(x - t grad L(x))`, the
/// prox being `CoordinatePenalty.minimizer` (soft-thresholding, then the ridge shrink and the
/// bounds), so a coordinate whose gradient step lands within t l1 of zero becomes exactly 0.0.
/// The intercept takes a plain gradient step (unpenalised). The step t = 1/L comes from a
/// backtracking line search on the smooth part: L doubles until
/// `L(x+) <= L(x) + grad . (x+ - x) + L/2 |x+ - x|^2` (L never decreases).
///
/// FISTA adds Nesterov's momentum, extrapolating y = x+ + (t_k - 1)/t_{k+1} (x+ - x), with the
/// gradient-based adaptive restart of O'Donoghue & Candes (2015, Found. Comput. Math. 15): the
/// momentum is reset whenever (y - x+) . (x+ - x) > 0, i.e. it points uphill.
///
/// Stopping rule: `GradientDriver` (duality gap <= tolerance x objective). One iteration costs one
/// gradient (n p) and one loss per backtracking trial (n p each).
final class ProximalGradient<F: GLMFamily> {
    let problem: WorkingProblem
    let lambda: Double
    let accelerated: Bool
    private let loss: SmoothLoss<F>
    private var lipschitz: Double
    private var momentum = 1.0
    private var yCoefficients: [Double]
    private var yIntercept: Double = 0
    private var gradient: [Double]
    private var eta: [Double]
    private var candidate: [Double]
    private var started = false

    init(problem: WorkingProblem, lambda: Double, accelerated: Bool) {
        self.problem = problem
        self.lambda = lambda
        self.accelerated = accelerated
        loss = SmoothLoss(problem: problem)
        let p = problem.featureCount
        // A lower bound on the curvature as the line search's start: it only ever doubles.
        let largestColumn = (0 ..< p).filter { !problem.isExcluded($0) }.map { problem.columnCurvature[$0] }.max() ?? 1
        lipschitz = max(largestColumn * (SmoothLoss<F>.curvatureBound ?? 1) * 0.5, 1e-12)
        yCoefficients = [Double](repeating: 0, count: p)
        gradient = [Double](repeating: 0, count: p)
        eta = [Double](repeating: 0, count: problem.rowCount)
        candidate = [Double](repeating: 0, count: p)
    }

    func step(coefficients c: inout [Double], intercept b0: inout Double) {
        let p = problem.featureCount
        if !started || !accelerated { yCoefficients = c; yIntercept = b0; started = true }
        let (f, g0) = loss.valueAndGradient(coefficients: yCoefficients, intercept: yIntercept, gradient: &gradient, eta: &eta)
        var newIntercept = yIntercept
        while true {
            let l = lipschitz
            for j in 0 ..< p {
                candidate[j] = problem.isExcluded(j) ? 0
                    : problem.penalty(j, lambda: lambda).minimizer(linear: l * yCoefficients[j] - gradient[j], curvature: l)
            }
            newIntercept = problem.intercept ? yIntercept - g0 / l : 0
            let fNew = loss.value(coefficients: candidate, intercept: newIntercept, eta: &eta)
            var linear = (newIntercept - yIntercept) * g0
            var squared = (newIntercept - yIntercept) * (newIntercept - yIntercept)
            for j in 0 ..< p {
                let d = candidate[j] - yCoefficients[j]
                linear += gradient[j] * d
                squared += d * d
            }
            // A relative slack of a few ulps of the loss: near the optimum both sides agree to
            // rounding, and without it L would double for ever.
            if fNew <= f + linear + 0.5 * l * squared + 1e-13 * abs(f) || !(l < 1e300) { break }
            lipschitz = 2 * l
        }
        if accelerated {
            var uphill = (yIntercept - newIntercept) * (newIntercept - b0)
            for j in 0 ..< p { uphill += (yCoefficients[j] - candidate[j]) * (candidate[j] - c[j]) }
            if uphill > 0 {
                momentum = 1
                yCoefficients = candidate
                yIntercept = newIntercept
            } else {
                let next = (1 + (1 + 4 * momentum * momentum).squareRoot()) / 2
                let weight = (momentum - 1) / next
                for j in 0 ..< p { yCoefficients[j] = candidate[j] + weight * (candidate[j] - c[j]) }
                yIntercept = newIntercept + weight * (newIntercept - b0)
                momentum = next
            }
        }
        c = candidate
        b0 = newIntercept
    }
}
