import Foundation

/// The path loop, written once for every solver: fit the unpenalised null model, derive
/// lambda_max from its gradient, then for each lambda screen (the penalty's strong rule), solve on
/// the working set to a certified gap (the KKT residual for a penalty that is not convex), and hand
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

    /// The null model and lambda_max (CONVENTIONS.md; the largest of the penalty's per-feature
    /// `lambdaMax` terms over the penalised features). Leaves the solver at the null model.
    /// `nullLoss` sets the scale of the stopping tolerance. A positive penalty factor so small
    /// that score / pf overflows has no lambda_max in double precision: that is refused, naming
    /// the feature (a factor of 0 says "unpenalised" exactly).
    func nullModel(nullLoss: Double) throws(ElasticNetError) -> (lambdaMax: Double, evaluation: Solver.Evaluation) {
        let unpenalised = (0 ..< problem.featureCount).filter { problem.isUnpenalised($0, lambda: 1) }
        let scale = max(nullLoss, .leastNormalMagnitude)
        let result = solver.fitRestricted(to: unpenalised, changeTolerance: options.tolerance * 1e-3 * scale,
                                          maxIterations: options.maxIterations)
        var lambdaMax = 0.0
        let scores = result.lambdaMaxScores(problem: problem)
        for j in 0 ..< problem.featureCount where !problem.isExcluded(j) && problem.penaltyFactors[j] > 0 {
            let bound = problem.penaltyKind.lambdaMax(score: scores[j], penaltyFactor: problem.penaltyFactors[j],
                                                      alpha: problem.alpha)
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
        // The rounding level of a gradient dL/dc_j = sum_i v_i z_ij r_i: about sqrt(n) machine
        // epsilons of its size, bounded by the largest at the null model (lambda_max alpha).
        let largestNullGradient = lambdaMax * max(problem.alpha, 1e-3)
        let gradientFloor = 16 * Double(problem.rowCount).squareRoot() * Double.ulpOfOne * largestNullGradient
        // A penalty that is not convex is certified by its KKT residual, judged against the
        // largest gradient at the null model (the residual's own units).
        let kktTolerance = options.tolerance * largestNullGradient
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
        for lambda in lambdas {
            let screened = strongSet(lambda: lambda, previousLambda: previousLambda, evaluation: evaluation)
            let point = solver.solve(lambda: lambda, initialWorkingSet: screened, tolerance: options.tolerance,
                                     absoluteFloor: floor, maxIterations: options.maxIterations, unmovedSince: evaluation,
                                     gradientFloor: gradientFloor, kktTolerance: kktTolerance)
            evaluation = point.evaluation
            previousLambda = lambda
            ratios.append(record(lambda, point))
            progress?(.lambda(done: ratios.count, total: lambdas.count))
            if !point.converged {
                if point.certificate.kind == .kkt {
                    let why = point.convergence == .stalled ? "the KKT residual stopped falling" : "the sweep cap was reached"
                    warnings.append("lambda \(lambda): stopped after \(point.iterations) sweeps (\(why)) with largest KKT residual \(point.certificate.maxKKTViolation), above the tolerance \(options.tolerance) x the largest null-model gradient \(largestNullGradient)")
                } else {
                    let why = point.convergence == .stalled ? "the duality gap stopped falling" : "the sweep cap was reached"
                    warnings.append("lambda \(lambda): stopped after \(point.iterations) sweeps (\(why)) with relative duality gap \(point.certificate.relativeGap), above the tolerance \(options.tolerance)")
                }
            }
            if mayStopEarly, let reason = Self.stopReason(ratios) { return (reason, warnings) }
        }
        return (nil, warnings)
    }

    /// Sequential strong rule (the penalty's `strongRuleThreshold`), plus every unpenalised
    /// feature. Nonzero coefficients join inside `solve`. The rule can be wrong; the KKT check in
    /// `solve` catches that.
    private func strongSet(lambda: Double, previousLambda: Double, evaluation: Solver.Evaluation) -> [Int] {
        let threshold = problem.penaltyKind.strongRuleThreshold(lambda: lambda, previousLambda: previousLambda,
                                                                alpha: problem.alpha)
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
