import Foundation

/// The loop every gradient solver shares: certify the current iterate with `DualityGap` (the
/// same certificate coordinate descent is judged by), record a trace row, stop when the gap
/// reaches the tolerance, the iteration cap is hit or the time limit has passed, else take one
/// more iteration (SGD: epoch).
/// The iterate is (c, b0) in working coordinates, starting from the intercept-only null model.
struct GradientDriver<F: GLMFamily> {
    let problem: WorkingProblem
    let lambda: Double
    let tolerance: Double
    let settings: GradientSolverOptions

    struct Outcome {
        var coefficients: [Double]
        var intercept: Double
        var evaluation: DualityGap<F>.Result
        var iterations: Int
        var converged: Bool
        /// Did the time limit end the run (before the tolerance or the iteration cap)?
        var stoppedByTimeLimit: Bool
        var trace: SolverTrace
        var seconds: Double
    }

    /// `step` advances (c, b0) by one iteration; it is called at most `settings.maxIterations` times.
    func run(step: (inout [Double], inout Double, Int) -> Void) -> Outcome {
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        let nullLoss = NullDeviance<F>(problem: problem).nullLoss()
        let floor = 1e-15 * max(nullLoss, .leastNormalMagnitude)
        var c = [Double](repeating: 0, count: problem.featureCount)
        var b0 = NullDeviance<F>(problem: problem).intercept()
        let gap = DualityGap<F>(problem: problem)
        func certify() -> DualityGap<F>.Result {
            c.withUnsafeBufferPointer { gap.evaluate(lambda: lambda, coefficients: $0, intercept: b0) }
        }
        func accepted(_ result: DualityGap<F>.Result) -> Bool {
            let g = result.certificate.dualityGap
            return g <= tolerance * result.certificate.scale || g <= floor
        }
        var trace = SolverTrace()
        var result = certify()
        var iterations = 0
        func record() {
            guard settings.recordTrace else { return }
            let zeros = c.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
            trace.rows.append(.init(iteration: iterations, seconds: elapsed(), objective: result.certificate.objective,
                                    dualityGap: result.certificate.dualityGap, nonzeros: c.count - zeros,
                                    exactZeros: zeros))
        }
        record()    // iteration 0: the starting point, so even a start that is already optimal has a row
        var outOfTime = false
        while !accepted(result) && iterations < settings.maxIterations && !outOfTime {
            step(&c, &b0, iterations)
            iterations += 1
            result = certify()
            record()
            if !result.certificate.objective.isFinite { break }
            outOfTime = settings.timeLimit.map { elapsed() >= $0 } ?? false
        }
        let converged = accepted(result)
        return Outcome(coefficients: c, intercept: b0, evaluation: result, iterations: iterations,
                       converged: converged, stoppedByTimeLimit: outOfTime && !converged && iterations < settings.maxIterations,
                       trace: trace, seconds: elapsed())
    }
}
