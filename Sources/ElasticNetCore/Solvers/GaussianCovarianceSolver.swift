/// Cyclic coordinate descent for the gaussian elastic net with covariance updates
/// (Friedman, Hastie & Tibshirani 2010, JSS 33(1), section 2.2).
///
/// Objective: `1/2 sum_i v_i (y_i - b0 - z_i . c)^2 + sum_j g_j(c_j)` in penalty coordinates.
/// State: the gradient `grad_j = z_j' V r` for every feature, kept current by subtracting
/// `delta * G[:, k]` when c_k moves, where `G[:, k] = Z' V z_k` is computed the first time feature k
/// becomes nonzero (only active features ever need a Gram column). A sweep costs
/// O(|working set|) plus O(p) per coefficient that moves, independent of n: the method of choice
/// when n > p. The intercept is the weighted mean of y: the columns must be weighted-centred
/// (dense designs; a sparse one goes to `GaussianResidualSolver`).
final class GaussianCovarianceSolver: SingleResponseSolver {
    typealias Loss = Gaussian
    let problem: WorkingProblem
    let coefficients: Vector
    let intercept: Double
    /// z_j' V r, minus the loss gradient.
    private let correlation: Vector
    private var gramColumns: [Vector?]
    /// The inner tolerance of the last sweep (objective units): an iterative polish
    /// (`ActiveSetNewton.conjugateGradient`) stops well below it rather than at rounding.
    private var innerTolerance = 0.0

    init(problem: WorkingProblem) {
        precondition(problem.columnsCentred || !problem.intercept, "covariance updates need centred columns")
        self.problem = problem
        let n = problem.rowCount, p = problem.featureCount
        coefficients = Vector(count: p)
        let y = problem.response.buffer.baseAddress!, v = problem.weights.buffer.baseAddress!
        intercept = problem.intercept ? Kernel.dot(y, v, n) : 0
        correlation = Vector(count: p)
        gramColumns = [Vector?](repeating: nil, count: p)
        // r = y - b0 at c = 0; grad_j = z_j' V (y - b0) = z_j' V y when columns are centred.
        let centred = Vector(count: n)
        for i in 0 ..< n { centred[i] = v[i] * (y[i] - intercept) }
        for j in 0 ..< p where !problem.isExcluded(j) {
            correlation[j] = problem.dot(j, centred.buffer.baseAddress!)
        }
    }

    func step(over workingSet: [Int], lambda: Double, innerTolerance: Double) -> (change: Double, sweeps: Int) {
        self.innerTolerance = innerTolerance
        let p = problem.featureCount
        let c = coefficients.buffer, g = correlation.buffer.baseAddress!
        var largestChange = 0.0
        for j in workingSet {
            let h = problem.columnCurvature[j]
            let old = c[j]
            let new = problem.penalty(j, lambda: lambda).minimizer(linear: h * old + g[j], curvature: h)
            guard new != old else { continue }
            let delta = new - old
            c[j] = new
            Kernel.axpy(-delta, gramColumn(j), g, p)
            largestChange = max(largestChange, h * delta * delta)
        }
        return (largestChange, 1)
    }

    func polish(over workingSet: [Int], lambda: Double) {
        let active = ActiveSetNewton.activeCoordinates(workingSet, coefficients: coefficients, problem: problem)
        let k = active.count
        guard k > 0, k <= ActiveSetNewton.maximumActiveCount(problem) else { return }
        var matrix = [Double](repeating: 0, count: k * k)
        var rhs = [Double](repeating: 0, count: k)
        for (b, j) in active.enumerated() {
            let column = gramColumn(j)
            let pen = problem.penalty(j, lambda: lambda)
            // Row b (G is exactly symmetric, `gramColumn`): contiguous writes.
            for (a, i) in active.enumerated() { matrix[b * k + a] = column[i] }
            matrix[b * k + b] += pen.l2
            rhs[b] = ActiveSetNewton.rightHandSide(correlation: correlation[j], coefficient: coefficients[j], penalty: pen)
        }
        let solved = k >= ActiveSetNewton.iterativeSolveSize
            ? ActiveSetNewton.conjugateGradient(matrix, rhs, size: k,
                                                decreaseTarget: ActiveSetNewton.iterativeDecreaseRatio * innerTolerance,
                                                maxIterations: max(10, k / 4))
            : ActiveSetNewton.solve(consume matrix, rhs, size: k)
        guard let direction = solved else { return }
        let changes = ActiveSetNewton.takeStep(direction: direction, active: active, coefficients: coefficients, problem: problem, lambda: lambda)
        for (a, j) in active.enumerated() where changes[a] != 0 {
            Kernel.axpy(-changes[a], gramColumn(j), correlation.buffer.baseAddress!, problem.featureCount)
        }
    }

    func refresh(from result: DualityGap<Gaussian>.Result) {
        for j in 0 ..< problem.featureCount { correlation[j] = -result.gradient[j] }
    }

    /// G[:, k] = Z' V z_k, computed once per feature that ever moves. G is symmetric: an entry
    /// whose row already has its own column is copied from it, so the Gram matrix of the features
    /// that ever become active costs half its n-length dot products, and is exactly symmetric.
    private func gramColumn(_ k: Int) -> UnsafePointer<Double> {
        if let column = gramColumns[k] { return UnsafePointer(column.buffer.baseAddress!) }
        let n = problem.rowCount, p = problem.featureCount
        let column = Vector(count: p)
        let weighted = Vector(count: n)
        problem.axpyWeighted(1, k, problem.weights.buffer.baseAddress!, weighted.buffer.baseAddress!)
        for j in 0 ..< p where !problem.isExcluded(j) {
            if let known = gramColumns[j] { column[j] = known[k]; continue }
            column[j] = problem.dot(j, weighted.buffer.baseAddress!)
        }
        gramColumns[k] = column
        return UnsafePointer(column.buffer.baseAddress!)
    }
}
