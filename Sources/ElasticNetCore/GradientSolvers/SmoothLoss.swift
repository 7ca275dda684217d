/// The smooth part of the objective, `L(c, b0) = sum_i v_i loss(y_i, b0 + offset_i + z_i . c)`,
/// on the standardised `WorkingProblem` that coordinate descent uses: the gradient solvers step
/// on it and leave the penalty to its proximal map (or, for the subgradient baseline, to its
/// subgradient). Rows of zero weight are skipped, so their (possibly infinite) losses never enter.
struct SmoothLoss<F: GLMFamily> {
    let problem: WorkingProblem

    /// An upper bound on the second derivative of the per-row loss in eta (the family's); nil
    /// when it is unbounded (poisson's e^eta).
    static var curvatureBound: Double? { F.curvatureBound }

    /// The loss at (c, b0); `eta` receives the linear predictor.
    func value(coefficients c: [Double], intercept b0: Double, eta: inout [Double]) -> Double {
        let n = problem.rowCount
        c.withUnsafeBufferPointer { coefficients in
            eta.withUnsafeMutableBufferPointer { problem.linearPredictor(coefficients: coefficients, intercept: b0, into: $0) }
        }
        let y = problem.response.buffer, v = problem.weights.buffer
        var loss = 0.0
        for i in 0 ..< n where v[i] > 0 { loss += v[i] * F.loss(y: y[i], eta: eta[i]) }
        return loss.isNaN ? .infinity : loss
    }

    /// The loss, dL/dc_j into `gradient` (0 for excluded features) and dL/db0 (0 without an
    /// intercept). `eta` is scratch.
    func valueAndGradient(coefficients c: [Double], intercept b0: Double, gradient: inout [Double],
                          eta: inout [Double]) -> (loss: Double, intercept: Double) {
        let n = problem.rowCount, p = problem.featureCount
        let loss = value(coefficients: c, intercept: b0, eta: &eta)
        let y = problem.response.buffer, v = problem.weights.buffer
        for i in 0 ..< n { eta[i] = v[i] > 0 ? v[i] * F.gradient(y: y[i], eta: eta[i]) : 0 }
        let interceptGradient = eta.withUnsafeBufferPointer { r in
            for j in 0 ..< p { gradient[j] = problem.isExcluded(j) ? 0 : problem.dot(j, r.baseAddress!) }
            return problem.intercept ? Kernel.sum(r.baseAddress!, n) : 0
        }
        return (loss, interceptGradient)
    }

    /// The largest eigenvalue of the loss's Hessian cannot exceed the bound times the trace of
    /// Z' V Z (plus 1 for the intercept's column of ones): a safe 1 / step for a fixed-step method.
    func traceCurvatureBound(lambda: Double) -> Double? {
        guard let bound = Self.curvatureBound else { return nil }
        var trace = problem.intercept ? 1.0 : 0
        var ridge = 0.0
        for j in 0 ..< problem.featureCount where !problem.isExcluded(j) {
            trace += problem.columnCurvature[j]
            ridge = max(ridge, problem.penalty(j, lambda: lambda).l2)
        }
        return bound * trace + ridge
    }
}
