/// Cyclic coordinate descent for the gaussian elastic net with residual ("naive") updates
/// (Friedman, Hastie & Tibshirani 2010, JSS 33(1), section 2.1).
///
/// Objective: `1/2 sum_i v_i (y_i - b0 - z_i . c)^2 + sum_j g_j(c_j)` in penalty coordinates.
/// State: the residual r = y - b0 - Z c. Updating c_j reads z_j' V r and, if c_j moves, subtracts
/// delta z_j from r: O(n) per coordinate, no O(p^2) memory, the method of choice when p >= n.
/// With centred columns the intercept is the weighted mean of y; with uncentred (sparse) columns it
/// is one more coordinate, moved to the weighted mean of the residual after each sweep. That move
/// shifts every residual by the same amount, so it is kept as one number (`pendingShift`, with the
/// weighted residual sum kept alongside) rather than written into n residuals: a sweep over a few
/// sparse columns then costs their nonzeros, not n (glmnet's sparse trick).
final class GaussianResidualSolver: SingleResponseSolver {
    typealias Loss = Gaussian
    let problem: WorkingProblem
    let coefficients: Vector
    private(set) var intercept: Double
    /// The residual is `residual + pendingShift`, elementwise.
    private let residual: Vector
    private var pendingShift = 0.0
    /// sum_i v_i (residual_i + pendingShift), kept current through the sweeps (uncentred columns).
    private var weightedResidualSum = 0.0
    /// m_j = sum_i v_i z_ij (uncentred columns; 0 for centred ones).
    private let columnWeightedSums: [Double]
    private var curvatureCache = CurvatureCache()
    private var anderson = AndersonExtrapolation()
    /// The residual before an extrapolation is tried, to return to it exactly.
    private let savedResidual: Vector

    init(problem: WorkingProblem) {
        self.problem = problem
        let n = problem.rowCount
        coefficients = Vector(count: problem.featureCount)
        let y = problem.response.buffer.baseAddress!, v = problem.weights.buffer.baseAddress!
        intercept = problem.intercept ? Kernel.dot(y, v, n) : 0
        residual = Vector(count: n)
        savedResidual = Vector(count: n)
        for i in 0 ..< n { residual[i] = y[i] - intercept }
        columnWeightedSums = problem.columnsCentred ? [] : (0 ..< problem.featureCount).map { problem.dot($0, v) }
        recountWeightedResidualSum()
    }

    /// Recomputes `weightedResidualSum` after the residuals were written whole (uncentred columns
    /// only: with centred ones nothing reads it).
    private func recountWeightedResidualSum() {
        guard !problem.columnsCentred else { return }
        weightedResidualSum = Kernel.dot(problem.weights.buffer.baseAddress!, residual.buffer.baseAddress!, problem.rowCount)
    }

    func step(over workingSet: [Int], lambda: Double, innerTolerance: Double) -> (change: Double, sweeps: Int) {
        let c = coefficients.buffer, r = residual.buffer.baseAddress!, v = problem.weights.buffer.baseAddress!
        let uniformWeight = problem.hasUniformWeights ? v[0] : 0
        let shifted = !problem.columnsCentred
        var largestChange = 0.0
        for j in workingSet {
            var correlation = uniformWeight > 0 ? uniformWeight * problem.dot(j, r) : problem.dot3(j, v, r)
            if shifted { correlation += pendingShift * columnWeightedSums[j] }
            let h = problem.columnCurvature[j]
            let old = c[j]
            let new = problem.penalty(j, lambda: lambda).minimizer(linear: h * old + correlation, curvature: h)
            guard new != old else { continue }
            let delta = new - old
            c[j] = new
            problem.axpy(-delta, j, r)
            if shifted { weightedResidualSum -= delta * columnWeightedSums[j] }
            largestChange = max(largestChange, h * delta * delta)
        }
        if problem.intercept && shifted {
            // Weights sum to 1, so the curvature along the intercept is 1 and its step is the
            // weighted mean residual.
            let delta = weightedResidualSum
            if delta != 0 {
                intercept += delta
                pendingShift -= delta
                weightedResidualSum = 0
                largestChange = max(largestChange, delta * delta)
            }
        }
        return (largestChange, 1)
    }

    /// Writes the pending shift into the residuals (before anything reads them whole).
    private func settleShift() {
        guard pendingShift != 0 else { return }
        let r = residual.buffer.baseAddress!
        for i in 0 ..< problem.rowCount { r[i] += pendingShift }
        pendingShift = 0
    }

    func polish(over workingSet: [Int], lambda: Double) {
        // The sweeps' history describes the map before this jump; extrapolating across it is wasted.
        anderson.reset()
        settleShift()
        defer { recountWeightedResidualSum() }
        let active = ActiveSetNewton.activeCoordinates(workingSet, coefficients: coefficients, problem: problem)
        // Uncentred columns couple with the intercept, which then joins the system.
        let withIntercept = problem.intercept && !problem.columnsCentred
        let k = active.count + (withIntercept ? 1 : 0)
        guard active.count > 0, active.count <= ActiveSetNewton.maximumActiveCount(problem) else { return }
        let n = problem.rowCount
        let v = problem.weights.buffer.baseAddress!, r = residual.buffer.baseAddress!
        // The curvature is the fixed weights: the matrix serves as long as the active set stays.
        let curvature = curvatureCache.matrix(active: active, withIntercept: withIntercept, problem: problem, curvature: v,
                                         reusable: true).matrix
        var (matrix, rhs) = ActiveSetNewton.system(active: active, size: k, curvature: curvature, coefficients: coefficients,
                                                   problem: problem, lambda: lambda) { problem.dot3($0, v, r) }
        if withIntercept { rhs[k - 1] = Kernel.dot(v, r, n) }
        guard let direction = ActiveSetNewton.solve(consume matrix, rhs, size: k) else { return }
        let before = objective(active, lambda: lambda)
        let (startIntercept, start) = (intercept, active.map { coefficients[$0] })
        let changes = ActiveSetNewton.takeStep(direction: Array(direction.prefix(active.count)), active: active,
                                               coefficients: coefficients, problem: problem, lambda: lambda)
        for (a, j) in active.enumerated() where changes[a] != 0 {
            problem.axpy(-changes[a], j, r)
        }
        if withIntercept {
            // Along a shortened step the intercept's best value moves too: re-solve it exactly.
            let delta = Kernel.dot(v, r, n)
            intercept += delta
            for i in 0 ..< n { r[i] -= delta }
        }
        // With as many active features as rows the system is singular up to rounding, and a
        // solve that drops the wrong pivot can point uphill: keep the step only if it helps.
        guard objective(active, lambda: lambda) > before else { return }
        for (a, j) in active.enumerated() where changes[a] != 0 {
            coefficients[j] = start[a]
            problem.axpy(changes[a], j, r)
        }
        let shift = intercept - startIntercept
        intercept = startIntercept
        if shift != 0 { for i in 0 ..< n { r[i] += shift } }
    }

    /// Offers the sweep's iterate (the swept coefficients, and the intercept when it moves as a
    /// coordinate) to the Anderson extrapolation, and moves to its proposal when that lowers the
    /// objective; otherwise the point and its residual are put back exactly as they were.
    func accelerate(over swept: [Int], lambda: Double) {
        let withIntercept = problem.intercept && !problem.columnsCentred
        var x = swept.map { coefficients[$0] }
        if withIntercept { x.append(intercept) }
        guard let proposal = anderson.record(x, over: swept) else { return }
        settleShift()
        defer { recountWeightedResidualSum() }
        let r = residual.buffer.baseAddress!, n = problem.rowCount
        let before = objective(swept, lambda: lambda)
        savedResidual.copy(from: residual)
        for (a, j) in swept.enumerated() {
            let new = min(max(proposal[a], problem.lower[j]), problem.upper[j])
            guard new != x[a] else { continue }
            coefficients[j] = new
            problem.axpy(-(new - x[a]), j, r)
        }
        if withIntercept {
            let change = proposal[swept.count] - intercept
            intercept = proposal[swept.count]
            if change != 0 { for i in 0 ..< n { r[i] -= change } }
        }
        guard objective(swept, lambda: lambda) >= before else { return }
        for (a, j) in swept.enumerated() { coefficients[j] = x[a] }
        if withIntercept { intercept = x[swept.count] }
        residual.copy(from: savedResidual)
    }

    /// The objective up to the penalty of features outside `active` (unchanged by a polish).
    private func objective(_ active: [Int], lambda: Double) -> Double {
        let r = residual.buffer.baseAddress!, v = problem.weights.buffer.baseAddress!
        return 0.5 * Kernel.dot3(r, r, v, problem.rowCount)
            + active.reduce(0) { $0 + problem.penalty($1, lambda: lambda).value(coefficients[$1]) }
    }

    func refresh(from result: DualityGap<Gaussian>.Result) {
        anderson.reset()
        let y = problem.response.buffer, eta = result.linearPredictor.buffer
        for i in 0 ..< problem.rowCount { residual[i] = y[i] - eta[i] }
        pendingShift = 0
        recountWeightedResidualSum()
    }
}
