/// A method that improves a solution one working set at a time, at one lambda.
///
/// The shared loop (`solve(lambda:initialWorkingSet:)`) owns the strategy every solver follows:
/// sweep the working set until its coefficients settle, check the KKT conditions of every feature
/// outside it (screening never changes the answer), and accept only when the duality gap certifies
/// the requested relative accuracy; otherwise tighten the inner tolerance and continue.
/// A feature may carry one coefficient (gaussian, binomial, poisson, gamma) or one per class (multinomial);
/// the loop only sees features.
protocol CoordinateSolver: AnyObject {
    associatedtype Evaluation: SolverEvaluation
    var problem: WorkingProblem { get }
    /// Does feature j have a nonzero coefficient now?
    func isNonzero(_ j: Int) -> Bool
    /// One pass over `workingSet` (a sweep, or a Newton step with its inner sweeps). Returns the
    /// largest curvature-weighted squared change of a coefficient (objective units) and the number
    /// of coordinate sweeps it took.
    func step(over workingSet: [Int], lambda: Double, innerTolerance: Double) -> (change: Double, sweeps: Int)
    /// An exact step on the active set with signs fixed (see `ActiveSetNewton`), after the sweeps
    /// over `workingSet` have settled.
    func polish(over workingSet: [Int], lambda: Double)
    /// Called after every sweep of `solve` that has not yet settled (its change above the inner
    /// tolerance), with the coordinates swept: a solver may propose a better point from its
    /// recent iterates (`AndersonExtrapolation`).
    func accelerate(over swept: [Int], lambda: Double)
    /// The certificate of the current point, computed from scratch; running state (residuals,
    /// gradients) is brought back in line with it, so rounding does not accumulate along the path.
    func certify(lambda: Double) -> Evaluation
    /// `certify(lambda:)` of the point `previous` certified at another lambda (the solver has
    /// not moved since), reusing what does not depend on lambda where the certificate allows.
    func certify(lambda: Double, unmovedSince previous: Evaluation) -> Evaluation
    /// Puts the solution in its canonical form: rounding residues set to exactly 0.0
    /// (`SingleResponseSolver`), multinomial blocks centred where the objective allows it
    /// (`MultinomialSolver`). Returns the new point's certificate if `isAccepted` approves it;
    /// otherwise restores the point and returns nil. Nil too when there is nothing to change.
    func canonicalise(lambda: Double, isAccepted: (Evaluation) -> Bool) -> Evaluation?
    /// Sweeps between two certificates at most (`solve`).
    var sweepsBetweenCertificates: Int { get }
}

/// What the shared loop needs from a certificate: its numbers, and the KKT test at zero.
/// Both tests answer for every feature at once: asked one feature at a time from the generic
/// loop, each call went through the generic runtime (metadata checks, reference counting),
/// about a tenth of a 100 x 20000 path.
protocol SolverEvaluation {
    var certificate: Certificate { get }
    /// The features not `inSet`, not excluded, whose zero would violate the KKT conditions at `lambda`.
    func zeroKKTViolators(lambda: Double, problem: WorkingProblem, skipping inSet: [Bool]) -> [Int]
    /// Per feature, the size of its loss gradient, for the strong rule and lambda_max (compared
    /// with alpha pf lambda).
    func screeningScores() -> [Double]
    /// Per feature, the part of its loss gradient that a move away from zero allowed by its bounds
    /// can use (CONVENTIONS.md, lambda_max under bounds): |g_j| without bounds at zero,
    /// max(0, -g_j) when lower_j = 0 (it can only rise), max(0, g_j) when upper_j = 0, 0 when both.
    func lambdaMaxScores(problem: WorkingProblem) -> [Double]
}

extension WorkingProblem {
    /// The size of the loss gradient g along feature j that its bounds let it follow from zero.
    @inline(__always) func boundedScore(_ j: Int, gradient g: Double) -> Double {
        let canRise = upper[j] > 0, canFall = lower[j] < 0
        return max(canRise ? -g : 0, canFall ? g : 0, 0)
    }
}

/// A solver with one coefficient per feature, certified by `DualityGap` of its family.
protocol SingleResponseSolver: CoordinateSolver where Evaluation == DualityGap<Loss>.Result {
    associatedtype Loss: GLMFamily
    /// c, in penalty coordinates.
    var coefficients: Vector { get }
    /// The intercept in working coordinates (b0' of WorkingProblem).
    var intercept: Double { get }
    /// Brings running state (residuals, gradients) back in line with the exact values computed
    /// by a certificate.
    func refresh(from result: DualityGap<Loss>.Result)
}

extension SingleResponseSolver {
    func certify(lambda: Double) -> DualityGap<Loss>.Result {
        certify(lambda: lambda, samePoint: nil)
    }

    /// The loss gradient and linear predictor are the same at any lambda: a pass over the design
    /// and one over the active columns saved per lambda.
    func certify(lambda: Double, unmovedSince previous: DualityGap<Loss>.Result) -> DualityGap<Loss>.Result {
        certify(lambda: lambda, samePoint: previous)
    }

    private func certify(lambda: Double, samePoint: DualityGap<Loss>.Result?) -> DualityGap<Loss>.Result {
        let result = DualityGap<Loss>(problem: problem).evaluate(
            lambda: lambda, coefficients: UnsafeBufferPointer(coefficients.buffer), intercept: intercept,
            samePoint: samePoint)
        refresh(from: result)
        return result
    }

    func isNonzero(_ j: Int) -> Bool { coefficients[j] != 0 }

    /// A nonzero whose contribution to the linear predictor, |c_j| * rms(z_j), is below
    /// `residueRatio` times the largest contribution is not resolved by double precision: exactly
    /// collinear columns (one-hot levels beside the intercept, a duplicated column) leave such
    /// values where the exact optimum has 0 (5e-14 against coefficients of 100). They are set to
    /// 0.0 and the point re-certified; if the certificate no longer passes they are restored, so a
    /// coefficient is either 0.0 or a nonzero of a certified point.
    func canonicalise(lambda: Double, isAccepted: (DualityGap<Loss>.Result) -> Bool) -> DualityGap<Loss>.Result? {
        let c = coefficients.buffer, h = problem.columnCurvature
        var largest = 0.0
        for j in 0 ..< problem.featureCount where c[j] != 0 { largest = max(largest, abs(c[j]) * h[j].squareRoot()) }
        let residues = (0 ..< problem.featureCount).filter { j in
            c[j] != 0 && abs(c[j]) * h[j].squareRoot() <= Self.residueRatio * largest
        }
        guard !residues.isEmpty else { return nil }
        let saved = residues.map { c[$0] }
        for j in residues { c[j] = 0 }
        let result = certify(lambda: lambda)
        if isAccepted(result) { return result }
        for (a, j) in residues.enumerated() { c[j] = saved[a] }
        _ = certify(lambda: lambda)
        return nil
    }

    /// Contributions this far below the largest are rounding (double precision resolves about 1e-16).
    static var residueRatio: Double { 1e-10 }
}

extension DualityGap.Result: SolverEvaluation {
    func zeroKKTViolators(lambda: Double, problem: WorkingProblem, skipping inSet: [Bool]) -> [Int] {
        (0 ..< problem.featureCount).filter { j in
            !inSet[j] && !problem.isExcluded(j)
                && problem.penalty(j, lambda: lambda).kktViolation(coefficient: 0, gradient: gradient[j]) > 0
        }
    }

    func screeningScores() -> [Double] { gradient.map(abs) }

    func lambdaMaxScores(problem: WorkingProblem) -> [Double] {
        (0 ..< problem.featureCount).map { problem.boundedScore($0, gradient: gradient[$0]) }
    }
}

/// The outcome of solving at one lambda.
struct PointSolution<Evaluation: SolverEvaluation> {
    var evaluation: Evaluation
    var iterations: Int
    var convergence: Convergence
    var converged: Bool { convergence.isConverged }
    var certificate: Certificate { evaluation.certificate }
}

extension CoordinateSolver {
    func accelerate(over swept: [Int], lambda: Double) {}

    func canonicalise(lambda: Double, isAccepted: (Evaluation) -> Bool) -> Evaluation? { nil }

    /// Coordinate-descent sweeps are cheap next to a certificate's pass over the design, but not
    /// a hundred of them: the gap is checked at least that often (celer checks it every 10
    /// epochs). Sweeping on until the steps settled took 40,000 sweeps on six rows at small
    /// lambda, at a point the gap had certified long before.
    var sweepsBetweenCertificates: Int { 100 }

    /// For the Newton solvers (binomial, poisson, multinomial): a Newton step already ends in an
    /// exact solve of its model and its sweeps are counted inside it, so the steps of a round run
    /// until they settle, checked only every 2000 sweeps (checking the gap between every step
    /// slowed the nearly separable fits 10-fold; never checking let a logistic lasso at lambda
    /// 1e-12 sweep 40,000 times before the stagnation test could look).
    static var newtonSweepsBetweenCertificates: Int { 2000 }

    /// Solves at `lambda` to `tolerance` (duality gap relative to the objective), starting from the
    /// current coefficients and growing the working set from `initialWorkingSet` as the KKT
    /// conditions require. `absoluteFloor` is the gap below which rounding dominates (a problem
    /// whose optimum is 0). The gap covers every feature, so a certified point is accepted even if
    /// some feature outside the working set has a (negligible) KKT violation.
    /// `gradientFloor` is the rounding level of a loss gradient (dL/dc_j): an L1 threshold below it
    /// cannot be resolved, and the duality gap, whose dual point is scaled to |X'theta| <= lambda
    /// alpha, cannot certify such a lambda (at lambda 1e-18 a least-squares fit shows relative gap
    /// 1.0). There a point whose every KKT residual is below the floor is accepted as converged to
    /// machine precision.
    /// A penalty that is not convex has no duality gap (its certificate's kind is `.kkt`): the
    /// measure is then the largest KKT residual, accepted at `kktTolerance` (gradient units), and
    /// at `gradientFloor` as machine precision.
    func solve(lambda: Double, initialWorkingSet: [Int], tolerance: Double, absoluteFloor: Double,
               maxIterations: Int, unmovedSince previous: Evaluation? = nil, gradientFloor: Double = 0,
               kktTolerance: Double = 0) -> PointSolution<Evaluation> {
        let p = problem.featureCount
        var inSet = [Bool](repeating: false, count: p)
        for j in initialWorkingSet where !problem.isExcluded(j) { inSet[j] = true }
        for j in 0 ..< p where isNonzero(j) { inSet[j] = true }
        var workingSet = (0 ..< p).filter { inSet[$0] }

        var result = previous.map { certify(lambda: lambda, unmovedSince: $0) } ?? certify(lambda: lambda)
        let unresolvable = lambda * problem.alpha <= gradientFloor
        func certifiedByKKT(_ certificate: Certificate) -> Bool {
            unresolvable && certificate.maxKKTViolation <= gradientFloor
        }
        /// The certificate's measure and its thresholds: (measure, tolerance, machine precision).
        func measured(_ certificate: Certificate) -> (value: Double, tolerance: Double, floor: Double) {
            if certificate.kind == .kkt { return (certificate.maxKKTViolation, kktTolerance, gradientFloor) }
            return (certificate.dualityGap, tolerance * certificate.scale, absoluteFloor)
        }
        func isCertified(_ certificate: Certificate) -> Bool {
            let (value, tolerance, floor) = measured(certificate)
            return value <= tolerance || value <= floor || certifiedByKKT(certificate)
        }
        func accepted() -> Bool { isCertified(result.certificate) }
        /// The gap, or for a KKT certificate the residual (the stagnation test's objective clause,
        /// in gap units, is then left out).
        func history(_ sweeps: Int, _ certificate: Certificate) -> (sweeps: Int, gap: Double, objective: Double) {
            if certificate.kind == .kkt { return (sweeps, certificate.maxKKTViolation, 0.0) }
            return (sweeps, certificate.dualityGap, certificate.objective)
        }
        var innerTolerance = max(tolerance * result.certificate.scale, absoluteFloor)
        var iterations = 0
        var stalledRounds = 0
        // The sweeps done and the gap at each certificate, for the stagnation test.
        var gaps = [history(0, result.certificate)]
        var stagnated = false
        while !accepted() && iterations < maxIterations && stalledRounds < 3 && !stagnated {
            var moved = false
            let checkAt = iterations + sweepsBetweenCertificates
            while iterations < maxIterations && iterations < checkAt {
                let (change, sweeps) = step(over: workingSet, lambda: lambda, innerTolerance: innerTolerance)
                iterations += sweeps
                moved = moved || change > 0
                if change <= innerTolerance { break }
                accelerate(over: workingSet, lambda: lambda)
                // Converge on the nonzero coefficients alone before the next full sweep (glmnet's
                // active-set cycling): a sweep over them costs |active| columns instead of
                // |working set|, which at small lambda with p >> n is a hundred times fewer.
                let active = workingSet.filter(isNonzero)
                guard active.count < workingSet.count else { continue }
                while iterations < maxIterations && iterations < checkAt {
                    let (activeChange, activeSweeps) = step(over: active, lambda: lambda, innerTolerance: innerTolerance)
                    iterations += activeSweeps
                    moved = moved || activeChange > 0
                    if activeChange <= innerTolerance { break }
                    accelerate(over: active, lambda: lambda)
                }
            }
            // Rounds in which nothing moves at the finest inner tolerance mean rounding has won:
            // stop and report the gap reached rather than spin.
            stalledRounds = moved ? 0 : stalledRounds + 1
            polish(over: workingSet, lambda: lambda)
            result = certify(lambda: lambda)
            gaps.append(history(iterations, result.certificate))
            stagnated = Self.hasStagnated(gaps)
            let entering = violators(of: result, lambda: lambda, inSet: inSet)
            if entering.isEmpty {
                innerTolerance = max(innerTolerance * 0.1, absoluteFloor * 1e-6)
            } else {
                stagnated = false
                for j in entering { inSet[j] = true }
                workingSet = (0 ..< p).filter { inSet[$0] }
            }
        }
        // The canonical form (exact zeros for rounding residues, centred multinomial blocks) is
        // kept when it is certified, or no worse than the point reached.
        let reached = measured(result.certificate).value
        if let canonical = canonicalise(lambda: lambda, isAccepted: { candidate in
            let value = measured(candidate.certificate).value
            let slack = candidate.certificate.kind == .kkt ? 1e-12 * kktTolerance : 1e-12 * candidate.certificate.scale
            return isCertified(candidate.certificate) || value <= reached + slack
        }) {
            result = canonical
        }
        let (value, accuracy, floor) = measured(result.certificate)
        let convergence: Convergence = value <= accuracy ? .tolerance
            : value <= floor || certifiedByKKT(result.certificate) ? .machinePrecision
            : iterations >= maxIterations ? .iterationCap : .stalled
        return PointSolution(evaluation: result, iterations: iterations, convergence: convergence)
    }

    /// The solver has stopped making progress: over the last `stagnationSweeps` sweeps the gap
    /// did not shrink to half of what it was (a steady linear rate that closes the gap within the
    /// sweep cap halves it many times over), and the objective fell by less than a hundredth of
    /// the gap still open (at that rate closing it would take over a hundred times as long; near
    /// separation the gap can stay put while the objective falls fast, and that is progress).
    /// Stopping then, with the gap reached reported, is honest; running on to the 100,000-sweep
    /// cap was silent and took seconds. A gap that is not finite (no feasible dual point yet)
    /// says nothing.
    static func hasStagnated(_ history: [(sweeps: Int, gap: Double, objective: Double)]) -> Bool {
        guard let now = history.last, now.gap.isFinite,
              let then = history.last(where: { $0.sweeps <= now.sweeps - stagnationSweeps }), then.gap.isFinite
        else { return false }
        return !(now.gap <= 0.5 * then.gap) && !(then.objective - now.objective >= 0.1 * now.gap)
    }

    /// Sweeps within which the gap has to halve.
    static var stagnationSweeps: Int { 2000 }

    /// Fits only the features of `workingSet` (all others held at zero) until the steps stop
    /// changing anything measurable: the unpenalised "null" model behind lambda_max.
    func fitRestricted(to workingSet: [Int], changeTolerance: Double, maxIterations: Int) -> Evaluation {
        var iterations = 0
        while iterations < maxIterations {
            let (change, sweeps) = step(over: workingSet, lambda: nullLambda, innerTolerance: changeTolerance)
            iterations += sweeps
            if change <= changeTolerance { break }
        }
        return certify(lambda: nullLambda)
    }

    /// A lambda so large that every penalised feature is pinned at zero and only unpenalised ones
    /// (penalty factor 0) are free: the null model's lambda. Finite, so 0 * lambda stays 0.
    var nullLambda: Double { .greatestFiniteMagnitude }

    /// Features outside the working set whose zero violates the KKT conditions.
    private func violators(of result: Evaluation, lambda: Double, inSet: [Bool]) -> [Int] {
        result.zeroKKTViolators(lambda: lambda, problem: problem, skipping: inSet)
    }
}
