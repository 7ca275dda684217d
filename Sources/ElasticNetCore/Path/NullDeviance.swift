import Foundation

/// Deviances relative to the intercept-only model (glmnet's dev.ratio), with the loss measured
/// above the saturated model's.
struct NullDeviance<F: GLMFamily> {
    let problem: WorkingProblem

    /// The intercept of the intercept-only model (0 without an intercept). Without an offset it is
    /// the link of the weighted mean response; with one, a one-dimensional Newton solve (the loss
    /// is convex in b0, and Newton from the no-offset value converges for these families).
    func intercept() -> Double {
        guard problem.intercept else { return 0 }
        let n = problem.rowCount
        let y = problem.response.buffer, v = problem.weights.buffer
        let meanResponse = Kernel.dot(y.baseAddress!, v.baseAddress!, n)
        guard let offset = problem.offset else { return F.link(mean: meanResponse) }
        var b0 = F.link(mean: meanResponse) - Kernel.dot(offset.buffer.baseAddress!, v.baseAddress!, n)
        for _ in 0 ..< 100 {
            var gradient = 0.0, curvature = 0.0
            for i in 0 ..< n where v[i] > 0 {
                let eta = offset[i] + b0, mu = F.mean(eta: eta)
                gradient += v[i] * F.gradient(y: y[i], eta: eta, mean: mu)
                curvature += v[i] * F.curvature(y: y[i], eta: eta, mean: mu)
            }
            guard curvature > 0 else { break }
            // Damped to at most 1 per step: far from the optimum exp-type losses overshoot.
            let step = max(-1, min(1, gradient / curvature))
            b0 -= step
            if abs(step) <= 1e-15 * max(1, abs(b0)) { break }
        }
        return b0
    }

    /// Loss of the intercept-only model (eta = offset without an intercept), above the saturated loss.
    func nullLoss() -> Double {
        let n = problem.rowCount
        let y = problem.response.buffer, v = problem.weights.buffer
        let b0 = intercept()
        var loss = 0.0
        for i in 0 ..< n {
            let eta = b0 + (problem.offset?[i] ?? 0)
            loss += v[i] * (F.loss(y: y[i], eta: eta) - F.saturatedLoss(y: y[i]))
        }
        return loss
    }

    func ratio(loss: Double, nullLoss: Double) -> Double {
        let y = problem.response.buffer, v = problem.weights.buffer
        var saturated = 0.0
        for i in 0 ..< problem.rowCount { saturated += v[i] * F.saturatedLoss(y: y[i]) }
        // No fit explains less than the intercept-only model; a ratio below 0 is rounding (-1e-16).
        return nullLoss > 0 ? max(0, 1 - (loss - saturated) / nullLoss) : 0
    }
}
