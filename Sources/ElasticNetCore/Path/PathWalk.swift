import Foundation

/// The path loop, written once for every solver: fit the unpenalised null model, derive
/// lambda_max from its gradient, then for each lambda screen (sequential strong rule,
/// Tibshirani et al. 2012, JRSS-B 74(2)), solve on the working set to a certified gap, and hand
/// the solution to the caller, which records it in its own shape.
struct PathWalk<Solver: CoordinateSolver> {
    let solver: Solver
    let options: FitOptions
    var progress: ProgressHandler? = nil
    var problem: WorkingProblem { solver.problem }

    /// glmnet's early-stopping constants for the automatic sequence.
    static var saturatedDevianceRatio: Double { 0.999 }
    static var stalledDevianceChange: Double { 1e-5 }
    /// glmnet fits at least this many lambdas before testing the deviance rules.
    static var minimumFitsBeforeStopping: Int { 5 }

    /// Below this fraction of lambda_max a penalty is smaller than the rounding of the gradient it
    /// is weighed against (about 1e-16 of lambda_max, times the rows' spread): no dual point can be
    /// shown feasible, so the duality gap cannot certify the fit, and the solver would run to its
    /// iteration cap. Such a lambda is solved as lambda 0, whose minimisers are the same to working
    /// precision (the objectives differ by lambda x the penalty, below the objective's rounding).
    static var negligibleLambdaRatio: Double { 1e-12 }

    /// The lambda the solver is given for `lambda`: 0 when it is negligible (see above).
    static func workingLambda(_ lambda: Double, lambdaMax: Double) -> Double {
        lambda < negligibleLambdaRatio * lambdaMax ? 0 : lambda
    }

    /// The null model and lambda_max (CONVENTIONS.md; the largest screening score over the
    /// penalised features, divided by pf_j max(alpha, 0.001)). Leaves the solver at the null model.
    /// `nullLoss` sets the scale of the stopping tolerance. A positive penalty factor so small
    /// that score / pf overflows has no lambda_max in double precision: that is refused, naming
    /// the feature (a factor of 0 says "unpenalised" exactly).
    func nullModel(nullLoss: Double) throws(ElasticNetError) -> (lambdaMax: Double, evaluation: Solver.Evaluation) {
        let unpenalised = (0 ..< problem.featureCount).filter { problem.isUnpenalised($0, lambda: 1) }
        let scale = max(nullLoss, .leastNormalMagnitude)
        let result = solver.fitRestricted(to: unpenalised, changeTolerance: options.tolerance * 1e-3 * scale,
                                          maxIterations: options.maxIterations)
        let alphaFloor = max(problem.alpha, 1e-3)
        var lambdaMax = 0.0
        let scores = result.screeningScores()
        for j in 0 ..< problem.featureCount where !problem.isExcluded(j) && problem.penaltyFactors[j] > 0 {
            let bound = scores[j] / (problem.penaltyFactors[j] * alphaFloor)
            guard bound.isFinite else {
                throw .outOfRange("feature \((options.featureNumbers?[j] ?? j) + 1): its penalty factor \(problem.penaltyFactors[j]) is so small that lambda_max overflows double precision; use 0 to leave it unpenalised")
            }
            lambdaMax = max(lambdaMax, bound)
        }
        return (lambdaMax, result)
    }

    /// Solves every lambda in turn from the null model's evaluation; `record` receives each
    /// solution and returns its fraction of deviance explained (for the early-stopping rules).
    func walk(lambdas: [Double], lambdaMax: Double, start: Solver.Evaluation, nullLoss: Double, mayStopEarly: Bool,
              record: (Double, PointSolution<Solver.Evaluation>) -> Double) -> (earlyStop: EarlyStop?, warnings: [String]) {
        let floor = 1e-15 * max(nullLoss, .leastNormalMagnitude)
        var evaluation = start
        var previousLambda = max(lambdaMax, lambdas.first ?? 0)
        var ratios = [Double]()
        var warnings = [String]()
        if lambdaMax == 0 {
            warnings.append("every penalised coefficient is zero at any lambda: the null model already satisfies the optimality conditions")
        }
        if problem.alpha == 1, let (first, second) = problem.duplicatedColumns() {
            let number = { (j: Int) in (options.featureNumbers?[j] ?? j) + 1 }
            warnings.append("features \(number(first)) and \(number(second)) are the same column (after standardisation): the lasso keeps one of them arbitrarily; an elastic net (alpha < 1) shares the weight between them")
        }
        var warnedNegligible = false
        for lambda in lambdas {
            let solved = Self.workingLambda(lambda, lambdaMax: lambdaMax)
            if solved != lambda && !warnedNegligible {
                warnedNegligible = true
                warnings.append("lambda \(lambda) is below \(Self.negligibleLambdaRatio) x lambda_max (\(lambdaMax)), under the rounding of the gradient: solved as lambda 0, the same minimisers to double precision")
            }
            let screened = strongSet(lambda: solved, previousLambda: previousLambda, evaluation: evaluation)
            let point = solver.solve(lambda: solved, initialWorkingSet: screened, tolerance: options.tolerance,
                                     absoluteFloor: floor, maxIterations: options.maxIterations, unmovedSince: evaluation)
            evaluation = point.evaluation
            previousLambda = solved
            ratios.append(record(lambda, point))
            progress?(.lambda(done: ratios.count, total: lambdas.count))
            if !point.converged {
                warnings.append("lambda \(lambda): stopped after \(point.iterations) sweeps with relative duality gap \(point.certificate.relativeGap), above the tolerance \(options.tolerance)")
            }
            if mayStopEarly, let reason = Self.stopReason(ratios) { return (reason, warnings) }
        }
        return (nil, warnings)
    }

    /// Sequential strong rule: keep feature j when its score >= alpha pf_j (2 lambda - lambda_prev),
    /// plus every unpenalised feature. Nonzero coefficients join inside `solve`. The rule can be
    /// wrong; the KKT check in `solve` catches that.
    private func strongSet(lambda: Double, previousLambda: Double, evaluation: Solver.Evaluation) -> [Int] {
        let threshold = problem.alpha * (2 * lambda - previousLambda)
        let scores = evaluation.screeningScores()
        return (0 ..< problem.featureCount).filter { j in
            !problem.isExcluded(j) && scores[j] >= threshold * problem.penaltyFactors[j]
        }
    }

    /// glmnet's rules on the deviance explained, after the first few fits.
    static func stopReason(_ ratios: [Double]) -> EarlyStop? {
        guard ratios.count > minimumFitsBeforeStopping else { return nil }
        let ratio = ratios[ratios.count - 1], before = ratios[ratios.count - 2]
        if ratio > saturatedDevianceRatio { return .devianceSaturated(threshold: saturatedDevianceRatio) }
        if ratio - before < stalledDevianceChange * ratio { return .devianceStalled(relativeChange: stalledDevianceChange) }
        return nil
    }
}
