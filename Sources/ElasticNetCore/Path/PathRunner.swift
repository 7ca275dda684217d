import Foundation

/// The path of a single-response family (any `GLMFamily`): `PathWalk` with each
/// solution recorded as an `ElasticNetFit` in original units.
struct PathRunner<Solver: SingleResponseSolver> {
    let solver: Solver
    let options: FitOptions
    var progress: ProgressHandler? = nil
    var problem: WorkingProblem { solver.problem }
    private var walker: PathWalk<Solver> { PathWalk(solver: solver, options: options, progress: progress) }
    private var deviance: NullDeviance<Solver.Loss> { NullDeviance(problem: problem) }

    /// The null model and lambda_max. Leaves the solver at the null model.
    func nullModel() throws(ElasticNetError) -> (lambdaMax: Double, evaluation: Solver.Evaluation) {
        try walker.nullModel(nullLoss: deviance.nullLoss())
    }

    /// Fits the sequence; an automatic one starts at `startFactor` times lambda_max (1 but for the
    /// unit-free gaussian ridge sequence, `ResponseScale.sequenceStartFactor`).
    func run(sequence: LambdaSequence, startFactor: Double = 1) throws(ElasticNetError) -> RegularizationPath {
        let (lambdaMax, evaluation) = try nullModel()
        let lambdas = try sequence.values(lambdaMax: lambdaMax * startFactor, rowCount: problem.rowCount,
                                          featureCount: problem.featureCount)
        return fit(lambdas: lambdas, lambdaMax: lambdaMax, start: evaluation, mayStopEarly: sequence.isAutomatic)
    }

    func fit(lambdas: [Double], lambdaMax: Double, start: Solver.Evaluation, mayStopEarly: Bool) -> RegularizationPath {
        let nullLoss = deviance.nullLoss()
        var fits = [ElasticNetFit]()
        var (earlyStop, warnings) = walker.walk(lambdas: lambdas, lambdaMax: lambdaMax, start: start, nullLoss: nullLoss,
                                                mayStopEarly: mayStopEarly) { lambda, point in
            let (b0, b) = problem.originalUnits(coefficients: solver.coefficients.array, intercept: solver.intercept)
            let ratio = deviance.ratio(loss: point.certificate.loss, nullLoss: nullLoss)
            fits.append(ElasticNetFit(family: options.family, lambda: lambda, intercept: b0, coefficients: b, certificate: point.certificate,
                                      iterations: point.iterations, converged: point.converged, devianceRatio: ratio))
            fits[fits.count - 1].convergence = point.convergence
            return ratio
        }
        if Solver.Loss.meansCanSaturate, let last = fits.last, last.devianceRatio > 0.99 {
            warnings.append("fitted probabilities numerically 0 or 1 occur at the smallest lambda: the classes are (nearly) separable, so the coefficients grow without bound as lambda falls")
        }
        return RegularizationPath(options: options, lambdaMax: lambdaMax,
                                  nullDeviance: 2 * Double(problem.rowCount) * nullLoss, fits: fits,
                                  requestedCount: lambdas.count, earlyStop: earlyStop, warnings: warnings)
    }
}
