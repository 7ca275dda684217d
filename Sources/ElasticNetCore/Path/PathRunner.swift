import Foundation

/// The path loop, written once for every solver: fit the unpenalised null model, derive
/// lambda_max from its gradient, then for each lambda screen (sequential strong rule,
/// Tibshirani et al. 2012, JRSS-B 74(2)), solve on the working set to a certified gap, and record.
struct PathRunner<Solver: CoordinateSolver> {
    let solver: Solver
    let options: FitOptions
    var problem: WorkingProblem { solver.problem }

    /// glmnet's early-stopping constants for the automatic sequence.
    static var saturatedDevianceRatio: Double { 0.999 }
    static var stalledDevianceChange: Double { 1e-5 }
    /// glmnet fits at least this many lambdas before testing the deviance rules.
    static var minimumFitsBeforeStopping: Int { 5 }

    /// The null model and lambda_max. Leaves the solver at the null model.
    func nullModel() -> (lambdaMax: Double, gradient: [Double]) {
        let unpenalised = (0 ..< problem.featureCount).filter { problem.isUnpenalised($0, lambda: 1) }
        let scale = max(NullDeviance<Solver.Loss>(problem: problem).nullLoss(), .leastNormalMagnitude)
        let result = solver.fitRestricted(to: unpenalised, changeTolerance: options.tolerance * 1e-3 * scale,
                                          maxIterations: options.maxIterations)
        let alphaFloor = max(problem.alpha, 1e-3)
        var lambdaMax = 0.0
        for j in 0 ..< problem.featureCount where !problem.isExcluded(j) && problem.penaltyFactors[j] > 0 {
            lambdaMax = max(lambdaMax, abs(result.gradient[j]) / (problem.penaltyFactors[j] * alphaFloor))
        }
        return (lambdaMax, result.gradient)
    }

    func run(sequence: LambdaSequence) throws(ElasticNetError) -> RegularizationPath {
        let (lambdaMax, nullGradient) = nullModel()
        let lambdas = try sequence.values(lambdaMax: lambdaMax, rowCount: problem.rowCount,
                                          featureCount: problem.featureCount)
        return fit(lambdas: lambdas, lambdaMax: lambdaMax, nullGradient: nullGradient,
                   mayStopEarly: sequence.isAutomatic)
    }

    func fit(lambdas: [Double], lambdaMax: Double, nullGradient: [Double], mayStopEarly: Bool) -> RegularizationPath {
        let deviance = NullDeviance<Solver.Loss>(problem: problem)
        let nullLoss = deviance.nullLoss()
        let floor = 1e-15 * max(nullLoss, .leastNormalMagnitude)
        var gradient = nullGradient
        var previousLambda = max(lambdaMax, lambdas.first ?? 0)
        var fits = [ElasticNetFit]()
        var warnings = [String]()
        var earlyStop: EarlyStop? = nil
        if lambdaMax == 0 {
            warnings.append("every penalised coefficient is zero at any lambda: the null model already satisfies the optimality conditions")
        }

        for lambda in lambdas {
            let screened = strongSet(lambda: lambda, previousLambda: previousLambda, gradient: gradient)
            let point = solver.solve(lambda: lambda, initialWorkingSet: screened, tolerance: options.tolerance,
                                     absoluteFloor: floor, maxIterations: options.maxIterations)
            gradient = point.gradient
            previousLambda = lambda
            let (b0, b) = problem.originalUnits(coefficients: solver.coefficients.array, intercept: solver.intercept)
            let ratio = deviance.ratio(loss: point.certificate.loss, nullLoss: nullLoss)
            fits.append(ElasticNetFit(lambda: lambda, intercept: b0, coefficients: b, certificate: point.certificate,
                                      iterations: point.iterations, converged: point.converged, devianceRatio: ratio))
            if !point.converged {
                warnings.append("lambda \(lambda): stopped after \(point.iterations) sweeps with relative duality gap \(point.certificate.relativeGap), above the tolerance \(options.tolerance)")
            }
            if mayStopEarly, let reason = stopReason(fits) { earlyStop = reason; break }
        }
        if Solver.Loss.self == Binomial.self, let last = fits.last, last.devianceRatio > 0.99 {
            warnings.append("fitted probabilities numerically 0 or 1 occur at the smallest lambda: the classes are (nearly) separable, so the coefficients grow without bound as lambda falls")
        }
        let n = Double(problem.rowCount)
        return RegularizationPath(options: options, lambdaMax: lambdaMax,
                                  nullDeviance: 2 * n * (nullLoss), fits: fits, requestedCount: lambdas.count,
                                  earlyStop: earlyStop, warnings: warnings)
    }

    /// Sequential strong rule: keep feature j when |grad_j| >= alpha pf_j (2 lambda - lambda_prev),
    /// plus every unpenalised feature. Nonzero coefficients join inside `solve`. The rule can be
    /// wrong; the KKT check in `solve` catches that.
    private func strongSet(lambda: Double, previousLambda: Double, gradient: [Double]) -> [Int] {
        let threshold = problem.alpha * (2 * lambda - previousLambda)
        return (0 ..< problem.featureCount).filter { j in
            !problem.isExcluded(j) && abs(gradient[j]) >= threshold * problem.penaltyFactors[j]
        }
    }

    private func stopReason(_ fits: [ElasticNetFit]) -> EarlyStop? {
        guard fits.count > Self.minimumFitsBeforeStopping else { return nil }
        let ratio = fits[fits.count - 1].devianceRatio, before = fits[fits.count - 2].devianceRatio
        if ratio > Self.saturatedDevianceRatio { return .devianceSaturated(threshold: Self.saturatedDevianceRatio) }
        if ratio - before < Self.stalledDevianceChange * ratio {
            return .devianceStalled(relativeChange: Self.stalledDevianceChange)
        }
        return nil
    }
}
