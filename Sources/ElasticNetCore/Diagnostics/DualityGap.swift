import Foundation

/// What a solution is worth, computed from the coefficients alone (never from a solver's running
/// sums): the objective, a duality gap that bounds its suboptimality, and the largest violation of
/// the KKT conditions of CONVENTIONS.md.
public struct Certificate: Sendable, Equatable {
    /// What certifies the fit: a duality gap (a convex penalty), or the KKT conditions alone
    /// (stationarity, for a penalty that is not convex; `dualityGap` is then NaN).
    public enum Kind: String, Sendable {
        case dualityGap = "duality_gap"
        case kkt
    }
    /// The objective: loss plus penalty, in the user's units.
    public var objective: Double
    /// Primal minus a feasible dual value: objective - optimum <= dualityGap.
    public var dualityGap: Double
    /// The largest |KKT residual| over the coefficients (penalty coordinates) and the intercept.
    public var maxKKTViolation: Double
    /// The loss part of the objective.
    public var loss: Double
    /// The objective minus the saturated model's loss: the positive scale against which the gap is
    /// judged (equal to the objective for gaussian and binomial, whose saturated loss is 0).
    public var scale: Double
    /// The duality gap's certificate, or the KKT conditions' when the penalty is not convex.
    public var kind: Kind = .dualityGap

    /// The gap relative to the objective: an upper bound on the relative suboptimality.
    public var relativeGap: Double { scale > 0 ? dualityGap / scale : dualityGap }
}

/// The dual certificate of a GLM elastic net (Fenchel duality).
///
/// Primal: `P(c, b0) = F(Z c + b0) + sum_j g_j(c_j)`, F the weighted loss, g_j the feature's
/// penalty with its bounds. A dual point theta gives `D = -F*(theta) - sum_j g_j*(-z_j . theta)`
/// with the constraints `sum theta = 0` (intercept) and `z_j . theta = 0` (unpenalised features).
/// The gap splits into non-negative Fenchel-Young terms, one per observation and one per feature,
/// which are summed without catastrophic cancellation.
///
/// The dual point is built from the gradient at the primal, `theta = v u` with u_i the family's
/// gradient in eta (`mu - y` for a canonical link), made to satisfy
/// the equality constraints by one Newton step on the unpenalised coordinates (a projection in the
/// metric of the loss's Hessian, which keeps binomial dual means inside [0, 1]), then scaled into
/// the domain of the lasso conjugates (the classic residual rescaling). At the optimum it is the
/// optimal dual point and the gap is zero.
struct DualityGap<F: GLMFamily> {
    let problem: WorkingProblem

    struct Result {
        var certificate: Certificate
        /// dL/dc_j at the primal point, for every feature (0 for excluded ones): reused by the
        /// solvers for screening and for refreshing their running gradients.
        var gradient: [Double]
        /// The linear predictor at the primal point, computed from scratch.
        var linearPredictor: Vector
        /// The saturated model's loss (the certificate's objective minus its scale, unrounded).
        var saturatedLoss: Double
        /// z_j . theta at the feasible dual point theta behind the gap, for every penalised
        /// feature whose dual constraint is an inequality (0 otherwise): what the gap-safe
        /// sphere test compares with l1_j.
        var dualCorrelations: [Double] = []
    }

    /// The certificate at (c, b0). `samePoint`, when given, must be an evaluation of these very
    /// coefficients and intercept at another lambda: the loss part does not depend on lambda, so
    /// its gradient and linear predictor serve as they are (the pass over the whole design and
    /// the one over the active columns saved).
    func evaluate(lambda: Double, coefficients c: UnsafeBufferPointer<Double>, intercept b0: Double,
                  samePoint: Result? = nil) -> Result {
        let n = problem.rowCount, p = problem.featureCount
        let y = problem.response.buffer, v = problem.weights.buffer
        let u = Vector(count: n), theta = Vector(count: n), curvature = Vector(count: n)
        let knownGradient = samePoint?.gradient
        let eta: Vector
        if let samePoint { eta = samePoint.linearPredictor } else {
            eta = Vector(count: n)
            problem.linearPredictor(coefficients: c, intercept: b0, into: eta.buffer)
        }
        // The loss sums are the same point's at any lambda too (their logarithms saved).
        let sumLosses = samePoint == nil
        var loss = samePoint?.certificate.loss ?? 0, saturated = samePoint?.saturatedLoss ?? 0
        for i in 0 ..< n {
            if sumLosses {
                loss += v[i] * F.loss(y: y[i], eta: eta[i])
                saturated += v[i] * F.saturatedLoss(y: y[i])
            }
            let mu = F.mean(eta: eta[i])
            u[i] = F.gradient(y: y[i], eta: eta[i], mean: mu)
            theta[i] = v[i] * u[i]
            curvature[i] = v[i] * F.curvature(y: y[i], eta: eta[i], mean: mu)
        }
        var penaltyValue = 0.0
        var gradient = knownGradient ?? [Double](repeating: 0, count: p)
        var maxKKT = problem.intercept ? abs(Kernel.sum(theta.buffer.baseAddress!, n)) : 0
        for j in 0 ..< p where !problem.isExcluded(j) {
            let pen = problem.penalty(j, lambda: lambda)
            penaltyValue += pen.value(c[j])
            if knownGradient == nil { gradient[j] = problem.dot(j, theta.buffer.baseAddress!) }
            maxKKT = max(maxKKT, pen.kktViolation(coefficient: c[j], gradient: gradient[j]))
        }
        let objective = loss + penaltyValue

        // Dual variables u_i (theta_i = v_i u_i), projected onto the unpenalised constraints.
        let free = unpenalisedFreeFeatures(lambda: lambda, coefficients: c)
        let shift = newtonShift(onto: free, theta: theta, curvature: curvature)
        if let shift {
            for i in 0 ..< n where v[i] > 0 {
                u[i] -= curvature[i] / v[i] * shift[i]
                theta[i] = v[i] * u[i]
            }
        }

        // Scale into the domain of the L1 conjugates; record dual slopes s_j = -z_j . theta.
        var slopes = [Double](repeating: 0, count: p)
        var scale = 1.0
        var isFree = [Bool](repeating: false, count: p)
        for j in free { isFree[j] = true }
        // A quadratic loss, centred columns, only the intercept projected: the shift moves theta
        // along the curvature, a multiple of v, and z_j . v = 0 for a weighted-centred column, so
        // every z_j . theta is unchanged and the gradient serves (a second pass over the design saved).
        let slopesUnchanged = shift == nil || (free.isEmpty && problem.columnsCentred && F.isQuadratic)
        for j in 0 ..< p where !problem.isExcluded(j) && !isFree[j] {
            slopes[j] = slopesUnchanged ? -gradient[j] : -problem.dot(j, theta.buffer.baseAddress!)
            scale = min(scale, problem.penalty(j, lambda: lambda).dualScale(forSlope: slopes[j]))
        }

        var gap = 0.0
        for i in 0 ..< n where v[i] > 0 {
            let ui = scale * u[i]
            guard F.isDualFeasible(y: y[i], dual: ui) else { gap = .infinity; break }
            gap += v[i] * F.fenchelYoungGap(y: y[i], eta: eta[i], dual: ui)
        }
        for j in 0 ..< p where !problem.isExcluded(j) && !isFree[j] {
            gap += problem.penalty(j, lambda: lambda).conjugateGap(coefficient: c[j], dualSlope: scale * slopes[j])
        }
        if gap.isNaN { gap = .infinity }
        var certificate = Certificate(objective: objective, dualityGap: gap, maxKKTViolation: maxKKT, loss: loss,
                                      scale: objective - saturated)
        guard problem.penaltyKind.isConvex else {
            // No conjugate, no gap: the KKT residual above is the certificate (and no gap-safe test).
            certificate.dualityGap = .nan
            certificate.kind = .kkt
            return Result(certificate: certificate, gradient: gradient, linearPredictor: eta, saturatedLoss: saturated)
        }
        return Result(certificate: certificate, gradient: gradient, linearPredictor: eta, saturatedLoss: saturated,
                      dualCorrelations: slopes.map { -scale * $0 })
    }

    /// Features with no penalty at `lambda` whose coefficient is not held at a bound: their dual
    /// constraint is an equality, like the intercept's.
    private func unpenalisedFreeFeatures(lambda: Double, coefficients c: UnsafeBufferPointer<Double>) -> [Int] {
        (0 ..< problem.featureCount).filter { j in
            problem.isUnpenalised(j, lambda: lambda) && c[j] > problem.lower[j] && c[j] < problem.upper[j]
        }
    }

    /// The change in eta of one Newton step on the intercept and the `free` features:
    /// delta = Z_U (Z_U' H Z_U)^-1 Z_U' theta, with H = diag(curvature). Subtracting H delta from
    /// theta makes Z_U' theta = 0. Nil when there is nothing to project on.
    private func newtonShift(onto free: [Int], theta: Vector, curvature: Vector) -> [Double]? {
        let n = problem.rowCount
        var columns: [[Double]?] = free.map { problem.denseColumn($0) }
        if problem.intercept { columns.append(nil) }      // nil stands for the column of ones
        guard !columns.isEmpty else { return nil }
        let k = columns.count
        let h = curvature.buffer.baseAddress!
        var gram = [Double](repeating: 0, count: k * k)
        var rhs = [Double](repeating: 0, count: k)
        var scratch = [Double](repeating: 0, count: n)
        for a in 0 ..< k {
            for i in 0 ..< n { scratch[i] = h[i] * (columns[a]?[i] ?? 1) }
            for b in 0 ... a {
                var s = 0.0
                for i in 0 ..< n { s += scratch[i] * (columns[b]?[i] ?? 1) }
                gram[a * k + b] = s
                gram[b * k + a] = s
            }
            var s = 0.0
            for i in 0 ..< n { s += theta[i] * (columns[a]?[i] ?? 1) }
            rhs[a] = s
        }
        let solution = SmallLinearSolve.symmetricPositive(gram, rhs, size: k)
        var shift = [Double](repeating: 0, count: n)
        for a in 0 ..< k where solution[a] != 0 {
            for i in 0 ..< n { shift[i] += solution[a] * (columns[a]?[i] ?? 1) }
        }
        return shift
    }
}

/// Small dense solves for the unpenalised block (usually just the intercept).
enum SmallLinearSolve {
    /// Solves A x = b for symmetric positive semi-definite A (k x k, row-major) by Cholesky,
    /// dropping directions whose pivot is negligible (collinear unpenalised columns): those
    /// components of x are set to 0, which still yields a solution when b lies in A's range.
    /// `a` is factored in place (its lower triangle becomes L): pass it as its last use and no
    /// second k x k matrix is made, which at k = 1000 is 8 MB of peak memory.
    static func symmetricPositive(_ a: consuming [Double], _ b: [Double], size k: Int) -> [Double] {
        // L is row-major, over a's lower triangle (an entry is read once, just before L's value
        // replaces it); a dropped pivot has its column of L set to zero, so the inner products
        // may run over whole row prefixes (contiguous, vectorised) without skipping it.
        var kept = [Bool](repeating: true, count: k)
        var z = [Double](repeating: 0, count: k)
        var x = [Double](repeating: 0, count: k)
        a.withUnsafeMutableBufferPointer { buffer in
            let l = buffer.baseAddress!
            for j in 0 ..< k {
                let diagonal = l[j * k + j]
                let d = diagonal - Kernel.dot(l + j * k, l + j * k, j)
                if !(d > 1e-13 * max(diagonal, .leastNormalMagnitude)) {
                    kept[j] = false
                    for i in j ..< k { l[i * k + j] = 0 }
                    continue
                }
                let root = d.squareRoot()
                l[j * k + j] = root
                for i in (j + 1) ..< max(k, j + 1) {
                    l[i * k + j] = (l[i * k + j] - Kernel.dot(l + i * k, l + j * k, j)) / root
                }
            }
            z.withUnsafeMutableBufferPointer { z in
                for i in 0 ..< k where kept[i] {
                    z[i] = (b[i] - Kernel.dot(l + i * k, z.baseAddress!, i)) / l[i * k + i]
                }
            }
            for i in stride(from: k - 1, through: 0, by: -1) where kept[i] {
                var s = z[i]
                for m in (i + 1) ..< max(k, i + 1) { s -= l[m * k + i] * x[m] }
                x[i] = s / l[i * k + i]
            }
        }
        return x
    }
}
