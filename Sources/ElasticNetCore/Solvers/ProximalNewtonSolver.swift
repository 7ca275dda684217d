/// Proximal Newton (IRLS) with coordinate descent inside, for GLM families with a non-quadratic
/// loss (Friedman, Hastie & Tibshirani 2010, section 3; Lee, Sun & Saunders 2014, SIAM J. Optim.).
///
/// Objective: `sum_i v_i loss(y_i, eta_i) + sum_j g_j(c_j)`, eta = b0 + Z c.
/// Each step replaces the loss by its second-order expansion at the current eta (weights
/// h_i = v_i * curvature(y_i, eta_i), floored so the model stays strictly convex when fitted means reach
/// 0 or 1), minimises that penalised quadratic by cyclic coordinate descent over the working set
/// and the intercept, then backtracks along the step until the true objective decreases enough
/// (Armijo). The backtracking is what keeps the method from diverging, as plain IRLS does on
/// separable data. One step costs O(n |working set|) per inner sweep.
final class ProximalNewtonSolver<Loss: GLMFamily>: SingleResponseSolver {
    let problem: WorkingProblem
    let coefficients: Vector
    private(set) var intercept: Double
    private let eta: Vector
    private let hessian: Vector
    private let workingResidual: Vector
    private let previous: Vector
    private let target: Vector
    private let trialEta: Vector
    private let startEta: Vector
    private var curvatureCache = CurvatureCache()
    /// sum_i v_i loss(y_i, eta_i) at the current eta when known: summed in the order of every
    /// other such sum (the line search's, the certificate's), so it is the same bits.
    private var currentLoss: Double?
    /// The linear predictor at which `curvatureCache`'s matrix was made.
    private let curvatureAnchor: Vector
    /// Measured on the 1000 x 100 binomial path (limits 0, 0.05, 0.1, 0.3, 1): 0.1 cut its time
    /// by a fifth; larger limits gained nothing more.
    private let chordLimit = 0.1
    /// Smallest variance used in the quadratic model: it only keeps the model strictly convex (the
    /// line search keeps the method descending). glmnet's 1e-5 over-curves the model of nearly
    /// separable data, where most variances are far below it: each step then moved a little, and a
    /// logistic lasso at lambda 1e-8 on breast_cancer stopped after 100,000 sweeps at relative gap
    /// 0.5; with 1e-10 the steps are Newton's and it is certified in 218 sweeps.
    private let varianceFloor = 1e-10
    /// Inner sweeps per Newton step, at most: few when `polishModel` then solves the model exactly
    /// on the active set (the sweeps only need to find the support and signs), more otherwise.
    private let maxInnerSweepsBeforePolish = 100
    private let maxInnerSweeps = 1000
    /// The inner tolerance of the current step (objective units): an iterative solve of the
    /// model (`iterativeDirection`) stops well below it rather than at rounding.
    private var innerTolerance = 0.0

    init(problem: WorkingProblem) {
        self.problem = problem
        let n = problem.rowCount
        coefficients = Vector(count: problem.featureCount)
        intercept = NullDeviance<Loss>(problem: problem).intercept()
        eta = Vector(count: n)
        hessian = Vector(count: n)
        workingResidual = Vector(count: n)
        previous = Vector(count: problem.featureCount)
        target = Vector(count: problem.featureCount)
        trialEta = Vector(count: n)
        startEta = Vector(count: n)
        curvatureAnchor = Vector(count: n)
        problem.linearPredictor(coefficients: UnsafeBufferPointer(coefficients.buffer), intercept: intercept,
                                into: eta.buffer)
    }

    func step(over workingSet: [Int], lambda: Double, innerTolerance: Double) -> (change: Double, sweeps: Int) {
        self.innerTolerance = innerTolerance
        let n = problem.rowCount
        let y = problem.response.buffer, v = problem.weights.buffer
        let h = hessian.buffer.baseAddress!, rho = workingResidual.buffer.baseAddress!
        let c = coefficients.buffer

        // The quadratic model at the current point.
        let sumLoss = currentLoss == nil
        var startLoss = currentLoss ?? 0
        for i in 0 ..< n {
            let mu = Loss.mean(eta: eta[i])
            if sumLoss { startLoss += v[i] * Loss.loss(y: y[i], eta: eta[i]) }
            h[i] = v[i] * max(Loss.curvature(y: y[i], eta: eta[i], mean: mu), varianceFloor)
            rho[i] = v[i] * -Loss.gradient(y: y[i], eta: eta[i], mean: mu)
        }
        let startPenalty = penaltyValue(workingSet, lambda: lambda)
        let curvatures = workingSet.map { problem.crossDot($0, $0, h) }
        let hessianSum = Kernel.sum(h, n)
        previous.copy(from: coefficients)
        startEta.copy(from: eta)
        let startIntercept = intercept

        // Coordinate descent on the penalised quadratic; rho = -v gradient - h (eta_new - eta).
        var sweeps = 0
        let sweepCap = workingSet.count <= ActiveSetNewton.maximumActiveCount(problem) ? maxInnerSweepsBeforePolish : maxInnerSweeps
        while sweeps < sweepCap {
            sweeps += 1
            var largest = 0.0
            for (slot, j) in workingSet.enumerated() {
                let hj = curvatures[slot]
                let old = c[j]
                let new = problem.penalty(j, lambda: lambda)
                    .minimizer(linear: hj * old + problem.dot(j, rho), curvature: hj)
                guard new != old else { continue }
                let delta = new - old
                c[j] = new
                problem.axpyWeighted(-delta, j, h, rho)
                largest = max(largest, hj * delta * delta)
            }
            if problem.intercept {
                let delta = Kernel.sum(rho, n) / hessianSum
                intercept += delta
                for i in 0 ..< n { rho[i] -= delta * h[i] }
                largest = max(largest, hessianSum * delta * delta)
            }
            if largest <= innerTolerance { break }
        }

        polishModel(workingSet, lambda: lambda)

        // Backtracking on the true objective along the proximal Newton direction.
        target.copy(from: coefficients)
        let targetIntercept = intercept
        problem.linearPredictor(coefficients: UnsafeBufferPointer(c), intercept: intercept, into: trialEta.buffer)
        var modelDecrease = penaltyValue(workingSet, lambda: lambda) - startPenalty
        for i in 0 ..< n {
            modelDecrease += v[i] * Loss.gradient(y: y[i], eta: startEta[i]) * (trialEta[i] - startEta[i])
        }
        let startObjective = startLoss + startPenalty
        var t = 1.0
        var trialLoss = 0.0
        while true {
            // At t = 1 the target is taken as it is, so its exact zeros stay exact.
            for j in workingSet { c[j] = t == 1 ? target[j] : previous[j] + t * (target[j] - previous[j]) }
            intercept = t == 1 ? targetIntercept : startIntercept + t * (targetIntercept - startIntercept)
            trialLoss = 0
            for i in 0 ..< n {
                let e = t == 1 ? trialEta[i] : startEta[i] + t * (trialEta[i] - startEta[i])
                eta[i] = e
                trialLoss += v[i] * Loss.loss(y: y[i], eta: e)
            }
            let trialObjective = trialLoss + penaltyValue(workingSet, lambda: lambda)
            if NewtonLineSearch.acceptsStep(t: t, trial: trialObjective, start: startObjective, modelDecrease: modelDecrease) { break }
            t *= 0.5
            if t < 1e-10 {
                // No decrease along the direction: optimal to rounding. Stay where we were.
                for j in workingSet { c[j] = previous[j] }
                intercept = startIntercept
                eta.copy(from: startEta)
                currentLoss = startLoss
                return (0, sweeps)
            }
        }
        currentLoss = trialLoss
        var largest = 0.0
        for (slot, j) in workingSet.enumerated() {
            let d = c[j] - previous[j]
            largest = max(largest, curvatures[slot] * d * d)
        }
        let d0 = intercept - startIntercept
        return (max(largest, hessianSum * d0 * d0), sweeps)
    }

    /// Each Newton step already ends with an exact solve of its quadratic model on the active
    /// set (`polishModel`), so there is nothing left to do between steps.
    func polish(over workingSet: [Int], lambda: Double) {}

    /// See `newtonSweepsBetweenCertificates`.
    var sweepsBetweenCertificates: Int { Self.newtonSweepsBetweenCertificates }

    /// The active-set Newton step on the current quadratic model (weights h, working residual
    /// rho), with the intercept as one more free coordinate.
    private func polishModel(_ workingSet: [Int], lambda: Double) {
        let active = ActiveSetNewton.activeCoordinates(workingSet, coefficients: coefficients, problem: problem)
        let k = active.count + (problem.intercept ? 1 : 0)
        guard k > 0, active.count <= ActiveSetNewton.maximumActiveCount(problem) else { return }
        let n = problem.rowCount
        let h = hessian.buffer.baseAddress!, rho = workingResidual.buffer.baseAddress!
        let solved = active.count >= ActiveSetNewton.iterativeSolveSize
            ? iterativeDirection(active, lambda: lambda)
            : exactDirection(active, lambda: lambda)
        guard let direction = solved else { return }
        let changes = ActiveSetNewton.takeStep(direction: Array(direction.prefix(active.count)), active: active,
                                               coefficients: coefficients, problem: problem, lambda: lambda)
        for (a, j) in active.enumerated() where changes[a] != 0 {
            problem.axpyWeighted(-changes[a], j, h, rho)
        }
        if problem.intercept {
            // Along a shortened step the intercept's own best value moves too: re-solve it exactly.
            let shortened = zip(changes, direction).contains { $0 != $1 }
            let delta = shortened ? Kernel.sum(rho, n) / Kernel.sum(h, n) : direction[k - 1]
            intercept += delta
            for i in 0 ..< n { rho[i] -= delta * h[i] }
        }
    }

    /// The model's minimiser on `active` (and the intercept) by Cholesky of its curvature matrix.
    private func exactDirection(_ active: [Int], lambda: Double) -> [Double]? {
        let k = active.count + (problem.intercept ? 1 : 0)
        let n = problem.rowCount
        let h = hessian.buffer.baseAddress!, rho = workingResidual.buffer.baseAddress!
        // A chord step: the Hessian of an earlier step on the same active set serves while no
        // linear predictor has moved by more than `chordLimit` since (a relative change in the
        // curvature of at most about that much, so the steps still contract fast); the line
        // search and the certificate do not depend on it.
        let reusable = Kernel.maxAbsDifference(eta.buffer.baseAddress!, curvatureAnchor.buffer.baseAddress!, n) <= chordLimit
        // The intercept's row is kept with the rest, so the matrix is one positive definite whole.
        let (curvature, fresh) = curvatureCache.matrix(active: active, withIntercept: problem.intercept, problem: problem,
                                                  curvature: h, reusable: reusable)
        if fresh { curvatureAnchor.copy(from: eta) }
        var (matrix, rhs) = ActiveSetNewton.system(active: active, size: k, curvature: curvature, coefficients: coefficients,
                                                   problem: problem, lambda: lambda) { problem.dot($0, rho) }
        if problem.intercept { rhs[k - 1] = Kernel.sum(rho, n) }
        return ActiveSetNewton.solve(consume matrix, rhs, size: k)
    }

    /// The model's minimiser on `active` (and the intercept), to `innerTolerance`, by conjugate
    /// gradients with products `Z_A' H Z_A d` taken from the columns: 4 n k operations each,
    /// where forming the k x k curvature matrix takes n k^2 (5 GFlop at 5000 x 1000, three
    /// quarters of a binomial path that refreshed it nearly every step).
    private func iterativeDirection(_ active: [Int], lambda: Double) -> [Double]? {
        let m = active.count, k = m + (problem.intercept ? 1 : 0)
        let n = problem.rowCount
        let h = hessian.buffer.baseAddress!, rho = workingResidual.buffer.baseAddress!
        let penalties = active.map { problem.penalty($0, lambda: lambda) }
        var diagonal = (0 ..< m).map { problem.crossDot(active[$0], active[$0], h) + penalties[$0].l2 }
        var rhs = (0 ..< m).map {
            ActiveSetNewton.rightHandSide(correlation: problem.dot(active[$0], rho), coefficient: coefficients[active[$0]],
                                          penalty: penalties[$0])
        }
        if problem.intercept {
            diagonal.append(Kernel.sum(h, n))
            rhs.append(Kernel.sum(rho, n))
        }
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer { scratch.deallocate() }
        return ActiveSetNewton.conjugateGradient(diagonal: diagonal, rhs: rhs,
                                                 decreaseTarget: ActiveSetNewton.iterativeDecreaseRatio * innerTolerance,
                                                 maxIterations: max(10, k / 4)) { d, q in
            let shift = problem.intercept ? d[k - 1] : 0
            for i in 0 ..< n { scratch[i] = shift }
            for a in 0 ..< m where d[a] != 0 { problem.axpy(d[a], active[a], scratch) }
            for i in 0 ..< n { scratch[i] *= h[i] }
            for a in 0 ..< m { q[a] = problem.dot(active[a], scratch) + penalties[a].l2 * d[a] }
            if problem.intercept { q[k - 1] = Kernel.sum(scratch, n) }
        }
    }

    func refresh(from result: DualityGap<Loss>.Result) {
        eta.copy(from: result.linearPredictor)
        currentLoss = result.certificate.loss
    }

    private func penaltyValue(_ workingSet: [Int], lambda: Double) -> Double {
        workingSet.reduce(0) { $0 + problem.penalty($1, lambda: lambda).value(coefficients[$1]) }
    }
}

/// The step acceptance of the proximal Newton solvers' backtracking.
enum NewtonLineSearch {
    /// Armijo's sufficient decrease; or, for the full step when the model predicts a decrease at
    /// the level of rounding in the objective (near the optimum, where Newton steps are exact
    /// enough to trust), no increase beyond that rounding. Without the second rule a step that
    /// must gain 1e-14 on an objective summed to 1e-15 relative is refused forever, and the KKT
    /// residuals, which the duality gap of a lasso feels linearly, never fall below 1e-8.
    static func acceptsStep(t: Double, trial: Double, start: Double, modelDecrease: Double) -> Bool {
        if trial <= start + 1e-4 * t * min(modelDecrease, 0) { return true }
        let rounding = 1e-13 * abs(start)
        return t == 1 && -modelDecrease <= rounding && trial <= start + rounding
    }
}
