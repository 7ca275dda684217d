import Foundation

/// Proximal Newton for the multinomial elastic net, ungrouped or grouped, with coordinate descent
/// inside (the multinomial counterpart of `ProximalNewtonSolver`).
///
/// Each step models the loss by its second-order expansion at the current eta, with per-row
/// Hessian `v_i (diag p_i - p_i p_i' + eps I)`: the small ridge eps makes the model strictly convex
/// along "the same change in every class", which softmax ignores. The model's gradient needs no
/// K x K work per row: with d = eta_new - eta and s_i = p_i . d_i, its class-k residual is
/// `v_i (Y_ik - p_ik) - v_i (p_ik (d_ik - s_i) + eps d_ik)`, kept current in O(n) per coordinate.
/// Ungrouped: exact coordinate minimisation of each c_jk. Grouped: a block step per feature on the
/// model majorised by `t_j I`, t_j = max_k sum_i v_i z_ij^2 (2 p_ik (1 - p_ik) + eps) (a Gershgorin
/// bound on the block's Hessian), which is group soft-thresholding. Then backtracking on the
/// true objective (Armijo), so the method descends monotonically and cannot diverge.
final class MultinomialSolver: CoordinateSolver {
    let problem: WorkingProblem
    let response: MultinomialResponse
    let grouped: Bool
    /// c_jk at j * K + k, penalty coordinates.
    let coefficients: Vector
    private(set) var intercepts: [Double]
    private var classCount: Int { response.classCount }
    private let eta: Vector, probability: Vector, residual: Vector, change: Vector, startEta: Vector
    /// s_i = sum_k p_ik d_ik.
    private let meanChange: Vector
    private let previous: Vector, target: Vector
    private let modelRidge = 1e-10
    private let maxInnerSweeps = 1000

    init(problem: WorkingProblem, response: MultinomialResponse, grouped: Bool) {
        self.problem = problem
        self.response = response
        self.grouped = grouped
        let n = problem.rowCount, size = problem.featureCount * response.classCount
        coefficients = Vector(count: size)
        intercepts = problem.intercept
            ? response.nullIntercepts(weights: problem.weights.buffer.baseAddress!)
            : [Double](repeating: 0, count: response.classCount)
        eta = Vector(count: n * response.classCount)
        for k in 0 ..< response.classCount { for i in 0 ..< n { eta[k * n + i] = intercepts[k] } }
        probability = Vector(count: n * response.classCount)
        residual = Vector(count: n * response.classCount)
        change = Vector(count: n * response.classCount)
        startEta = Vector(count: n * response.classCount)
        meanChange = Vector(count: n)
        previous = Vector(count: size)
        target = Vector(count: size)
    }

    func isNonzero(_ j: Int) -> Bool {
        (0 ..< classCount).contains { coefficients[j * classCount + $0] != 0 }
    }

    func polish(over workingSet: [Int], lambda: Double) {}

    /// See `newtonSweepsBetweenCertificates`.
    var sweepsBetweenCertificates: Int { Self.newtonSweepsBetweenCertificates }

    /// Can feature j's class coefficients be shifted by a common amount without raising the
    /// objective, so that the centred block (sum over classes 0) is an optimum? The loss only sees
    /// differences between classes; the penalty is then zero (lambda = 0, pf_j = 0) or minimised
    /// by the centred block (ridge, and the grouped norm, are smallest at the mean shift), and
    /// unbounded coefficients keep any shift feasible. The ungrouped lasso is not: its best shift
    /// is a median, so its blocks are left as the optimum has them.
    func isShiftInvariant(_ j: Int, lambda: Double) -> Bool {
        guard !problem.isExcluded(j), problem.lower[j] == -.infinity, problem.upper[j] == .infinity else { return false }
        return grouped || lambda == 0 || problem.alpha == 0 || problem.penaltyFactors[j] == 0
    }

    /// Centres the shift-invariant blocks (the identifiable answer of CONVENTIONS.md's K-class
    /// model): subtract the class mean, then make the last class minus the sum of the others, so
    /// that the sum in class order is exactly 0.0. The loss is unchanged (softmax ignores a common
    /// shift) and the penalty does not rise; the point is certified again and kept only if accepted.
    func canonicalise(lambda: Double, isAccepted: (MultinomialGap.Result) -> Bool) -> MultinomialGap.Result? {
        let K = classCount, c = coefficients.buffer
        var saved = [(Int, [Double])]()
        for j in 0 ..< problem.featureCount where isShiftInvariant(j, lambda: lambda) {
            let block = (0 ..< K).map { c[j * K + $0] }
            let sum = block.reduce(0, +)
            guard sum != 0 else { continue }
            saved.append((j, block))
            let mean = sum / Double(K)
            var partial = 0.0
            for k in 0 ..< K - 1 {
                c[j * K + k] = block[k] - mean
                partial += c[j * K + k]
            }
            c[j * K + K - 1] = -partial
        }
        guard !saved.isEmpty else { return nil }
        let result = certify(lambda: lambda)
        if isAccepted(result) { return result }
        for (j, block) in saved { for k in 0 ..< K { c[j * K + k] = block[k] } }
        _ = certify(lambda: lambda)
        return nil
    }

    func certify(lambda: Double) -> MultinomialGap.Result {
        let result = MultinomialGap(problem: problem, response: response, grouped: grouped)
            .evaluate(lambda: lambda, coefficients: coefficients.buffer.baseAddress!, intercepts: intercepts)
        eta.copy(from: result.linearPredictor)
        return result
    }

    /// The multinomial gap is cheap next to its Newton steps: computed afresh.
    func certify(lambda: Double, unmovedSince previous: MultinomialGap.Result) -> MultinomialGap.Result {
        certify(lambda: lambda)
    }

    func step(over workingSet: [Int], lambda: Double, innerTolerance: Double) -> (change: Double, sweeps: Int) {
        let n = problem.rowCount, K = classCount
        let v = problem.weights.buffer.baseAddress!
        let p = probability.buffer.baseAddress!, r = residual.buffer.baseAddress!
        let d = change.buffer.baseAddress!, s = meanChange.buffer.baseAddress!
        let c = coefficients.buffer.baseAddress!

        // The quadratic model at the current point.
        let startLoss = response.softmax(eta: eta.buffer.baseAddress!, weights: v, into: p)
        for k in 0 ..< K {
            for i in 0 ..< n { r[k * n + i] = v[i] * ((response.classes[i] == k ? 1 : 0) - p[k * n + i]) }
        }
        let startPenalty = penaltyValue(workingSet, lambda: lambda)
        let curvatures = modelCurvatures(workingSet)
        var interceptCurvatures = [Double](repeating: 0, count: K)
        for k in 0 ..< K {
            for i in 0 ..< n { interceptCurvatures[k] += v[i] * (p[k * n + i] * (1 - p[k * n + i]) + modelRidge) }
        }
        change.fill(0)
        meanChange.fill(0)
        previous.copy(from: coefficients)
        startEta.copy(from: eta)
        let startIntercepts = intercepts

        /// Moves class k of the model by `delta` along feature j's column (nil: the intercept's ones).
        func move(_ k: Int, by delta: Double, along feature: Int?) {
            func moveRow(_ i: Int, _ z: Double) {
                let dz = delta * z
                d[k * n + i] += dz
                s[i] += p[k * n + i] * dz
            }
            if let feature { problem.forEachEntry(feature, moveRow) } else { for i in 0 ..< n { moveRow(i, 1) } }
        }
        /// sum_i z_ij * (model residual of class k); nil feature: the plain sum.
        func modelCorrelation(_ k: Int, _ feature: Int?) -> Double {
            var total = 0.0
            func addRow(_ i: Int, _ z: Double) {
                let dk = d[k * n + i]
                let rho = r[k * n + i] - v[i] * (p[k * n + i] * (dk - s[i]) + modelRidge * dk)
                total += z * rho
            }
            if let feature { problem.forEachEntry(feature, addRow) } else { for i in 0 ..< n { addRow(i, 1) } }
            return total
        }

        var sweeps = 0
        var blockGradient = [Double](repeating: 0, count: K)
        while sweeps < maxInnerSweeps {
            sweeps += 1
            var largest = 0.0
            for (slot, j) in workingSet.enumerated() {
                let z = j
                let pen = problem.penalty(j, lambda: lambda)
                if grouped {
                    let t = curvatures[slot * K]
                    for k in 0 ..< K { blockGradient[k] = t * c[j * K + k] + modelCorrelation(k, z) }
                    let norm = blockGradient.withUnsafeBufferPointer { ClassBlockPenalty.norm($0.baseAddress!, K) }
                    let factor = ClassBlockPenalty.groupShrinkage(linearNorm: norm, curvature: t, penalty: pen)
                    for k in 0 ..< K {
                        let new = blockGradient[k] * factor, delta = new - c[j * K + k]
                        guard delta != 0 else { continue }
                        c[j * K + k] = new
                        move(k, by: delta, along: z)
                        largest = max(largest, t * delta * delta)
                    }
                } else {
                    for k in 0 ..< K {
                        let h = curvatures[slot * K + k], old = c[j * K + k]
                        let new = pen.minimizer(linear: h * old + modelCorrelation(k, z), curvature: h)
                        guard new != old else { continue }
                        c[j * K + k] = new
                        move(k, by: new - old, along: z)
                        largest = max(largest, h * (new - old) * (new - old))
                    }
                }
            }
            if problem.intercept {
                for k in 0 ..< K {
                    let delta = modelCorrelation(k, nil) / interceptCurvatures[k]
                    intercepts[k] += delta
                    move(k, by: delta, along: nil)
                    largest = max(largest, interceptCurvatures[k] * delta * delta)
                }
            }
            if largest <= innerTolerance { break }
        }

        polishModel(workingSet, lambda: lambda, curvatures: curvatures, interceptCurvatures: interceptCurvatures,
                    move: move, modelCorrelation: modelCorrelation)
        // Backtracking on the true objective along the step.
        target.copy(from: coefficients)
        let targetIntercepts = intercepts
        var modelDecrease = penaltyValue(workingSet, lambda: lambda) - startPenalty
        for index in 0 ..< n * K { modelDecrease -= r[index] * d[index] }
        let startObjective = startLoss + startPenalty
        let e = eta.buffer.baseAddress!, e0 = startEta.buffer.baseAddress!
        var t = 1.0
        while true {
            for j in workingSet {
                for k in 0 ..< K {
                    let a = j * K + k
                    c[a] = t == 1 ? target[a] : previous[a] + t * (target[a] - previous[a])
                }
            }
            for k in 0 ..< K {
                intercepts[k] = t == 1 ? targetIntercepts[k] : startIntercepts[k] + t * (targetIntercepts[k] - startIntercepts[k])
            }
            for index in 0 ..< n * K { e[index] = e0[index] + t * d[index] }
            let trialObjective = response.softmax(eta: e, weights: v, into: p) + penaltyValue(workingSet, lambda: lambda)
            if NewtonLineSearch.acceptsStep(t: t, trial: trialObjective, start: startObjective,
                                                modelDecrease: modelDecrease) { break }
            t *= 0.5
            if t < 1e-10 {
                // No decrease along the direction: optimal to rounding. Stay where we were.
                coefficients.copy(from: previous)
                intercepts = startIntercepts
                eta.copy(from: startEta)
                return (0, sweeps)
            }
        }
        var largest = 0.0
        for (slot, j) in workingSet.enumerated() {
            for k in 0 ..< K {
                let delta = c[j * K + k] - previous[j * K + k]
                largest = max(largest, curvatures[grouped ? slot * K : slot * K + k] * delta * delta)
            }
        }
        for k in 0 ..< K {
            let delta = intercepts[k] - startIntercepts[k]
            largest = max(largest, interceptCurvatures[k] * delta * delta)
        }
        return (largest, sweeps)
    }

    /// Solves the current quadratic model restricted to the active coefficients (nonzero, inside
    /// their bounds; grouped: the features with a nonzero block) and the intercepts, where the
    /// penalty is smooth, by conjugate gradients: Hessian-vector products cost two passes over the
    /// active columns and need no K x K matrices, and CG's convergence depends on the square root
    /// of the model's condition number where coordinate descent's depends on the number itself
    /// (near-separable classes make the model badly conditioned). Ungrouped, the step is cut at
    /// the first coefficient that would change sign (set to exactly 0), as in `ActiveSetNewton`.
    private func polishModel(_ workingSet: [Int], lambda: Double, curvatures: [Double], interceptCurvatures: [Double],
                             move: (Int, Double, Int?) -> Void,
                             modelCorrelation: (Int, Int?) -> Double) {
        let n = problem.rowCount, K = classCount
        let v = problem.weights.buffer.baseAddress!, p = probability.buffer.baseAddress!
        let c = coefficients.buffer.baseAddress!
        // Active coordinates as (feature, class, slot in workingSet); intercepts follow.
        var active = [(j: Int, k: Int, slot: Int)]()
        for (slot, j) in workingSet.enumerated() {
            if grouped {
                if isNonzero(j) { for k in 0 ..< K { active.append((j, k, slot)) } }
            } else {
                for k in 0 ..< K where c[j * K + k] != 0 && c[j * K + k] > problem.lower[j] && c[j * K + k] < problem.upper[j] {
                    active.append((j, k, slot))
                }
            }
        }
        let interceptCount = problem.intercept ? K : 0
        let m = active.count + interceptCount
        guard m > 0 else { return }
        let penalties = workingSet.map { problem.penalty($0, lambda: lambda) }
        var blockNorms = [Double](repeating: 0, count: workingSet.count)
        if grouped {
            for (slot, j) in workingSet.enumerated() {
                blockNorms[slot] = ClassBlockPenalty.norm(c + j * K, K)
            }
        }

        // Gradient of the restricted smooth objective at the current point.
        var gradient = [Double](repeating: 0, count: m)
        for (a, entry) in active.enumerated() {
            let cjk = c[entry.j * K + entry.k], pen = penalties[entry.slot]
            let penaltySlope = grouped ? pen.l1 * cjk / blockNorms[entry.slot] : (cjk > 0 ? pen.l1 : -pen.l1)
            gradient[a] = -modelCorrelation(entry.k, entry.j) + pen.l2 * cjk + penaltySlope
        }
        for k in 0 ..< interceptCount { gradient[active.count + k] = -modelCorrelation(k, nil) }

        let delta = Vector(count: n * K), weighted = Vector(count: n * K)
        let dd = delta.buffer.baseAddress!, w = weighted.buffer.baseAddress!
        func hessianTimes(_ u: [Double]) -> [Double] {
            delta.fill(0)
            for (a, entry) in active.enumerated() where u[a] != 0 {
                problem.axpy(u[a], entry.j, dd + entry.k * n)
            }
            for k in 0 ..< interceptCount where u[active.count + k] != 0 {
                let shift = u[active.count + k]
                for i in 0 ..< n { dd[k * n + i] += shift }
            }
            for i in 0 ..< n {
                var mean = 0.0
                for k in 0 ..< K { mean += p[k * n + i] * dd[k * n + i] }
                for k in 0 ..< K {
                    let x = dd[k * n + i]
                    w[k * n + i] = v[i] * (p[k * n + i] * (x - mean) + modelRidge * x)
                }
            }
            var product = [Double](repeating: 0, count: m)
            for (a, entry) in active.enumerated() {
                let pen = penalties[entry.slot]
                product[a] = problem.dot(entry.j, w + entry.k * n) + pen.l2 * u[a]
            }
            if grouped {
                // The group norm's curvature l1 (I - c c' / |c|^2) / |c| on each active block.
                var a = 0
                while a < active.count {
                    let slot = active[a].slot, j = active[a].j, norm = blockNorms[slot]
                    let l1 = penalties[slot].l1
                    var cu = 0.0
                    for k in 0 ..< K { cu += c[j * K + k] * u[a + k] }
                    for k in 0 ..< K { product[a + k] += l1 / norm * (u[a + k] - c[j * K + k] * cu / (norm * norm)) }
                    a += K
                }
            }
            for k in 0 ..< interceptCount { product[active.count + k] = Kernel.sum(w + k * n, n) }
            return product
        }

        // Diagonally preconditioned conjugate gradients on H u = -gradient.
        var diagonal = active.map { curvatures[grouped ? $0.slot * K : $0.slot * K + $0.k] + penalties[$0.slot].l2 }
        if grouped { diagonal = active.map { _ in 1 } }
        diagonal += interceptCurvatures.prefix(interceptCount)
        var u = [Double](repeating: 0, count: m)
        var residualVector = gradient.map { -$0 }
        var z = zip(residualVector, diagonal).map { $0 / $1 }
        var direction = z
        var rz = zip(residualVector, z).reduce(0) { $0 + $1.0 * $1.1 }
        let initial = rz
        guard initial > 0 else { return }
        for _ in 0 ..< min(m, 50) {
            let hd = hessianTimes(direction)
            let curvature = zip(direction, hd).reduce(0) { $0 + $1.0 * $1.1 }
            guard curvature > 0 else { break }
            let step = rz / curvature
            for a in 0 ..< m { u[a] += step * direction[a]; residualVector[a] -= step * hd[a] }
            z = zip(residualVector, diagonal).map { $0 / $1 }
            let next = zip(residualVector, z).reduce(0) { $0 + $1.0 * $1.1 }
            if next <= 1e-8 * initial { break }
            for a in 0 ..< m { direction[a] = z[a] + next / rz * direction[a] }
            rz = next
        }

        // Take the step, cut (ungrouped) where a coefficient would cross zero or a bound.
        var t = 1.0
        if !grouped {
            for (a, entry) in active.enumerated() where u[a] != 0 {
                let current = c[entry.j * K + entry.k], next = current + u[a]
                // Only an L1 term has a kink at 0 (ridge coordinates cross it freely).
                let kinked = penalties[entry.slot].l1 > 0
                if kinked && ((current > 0 && next <= 0) || (current < 0 && next >= 0)) { t = min(t, -current / u[a]) }
                if next > problem.upper[entry.j] { t = min(t, (problem.upper[entry.j] - current) / u[a]) }
                if next < problem.lower[entry.j] { t = min(t, (problem.lower[entry.j] - current) / u[a]) }
            }
        }
        for (a, entry) in active.enumerated() where u[a] != 0 {
            let index = entry.j * K + entry.k, current = c[index]
            var next = current + t * u[a]
            if !grouped {
                if penalties[entry.slot].l1 > 0
                    && ((current > 0 && next <= 0) || (current < 0 && next >= 0) || (t < 1 && abs(next) <= 1e-12 * abs(u[a]))) { next = 0 }
                next = min(max(next, problem.lower[entry.j]), problem.upper[entry.j])
            }
            guard next != current else { continue }
            c[index] = next
            move(entry.k, next - current, entry.j)
        }
        for k in 0 ..< interceptCount where u[active.count + k] != 0 {
            let shift = t * u[active.count + k]
            intercepts[k] += shift
            move(k, shift, nil)
        }
    }

    /// Curvature of the model per (working-set slot, class): exact per coordinate when ungrouped;
    /// grouped, the block's Gershgorin bound, stored in every class's slot.
    private func modelCurvatures(_ workingSet: [Int]) -> [Double] {
        let n = problem.rowCount, K = classCount
        let v = problem.weights.buffer.baseAddress!, p = probability.buffer.baseAddress!
        var curvatures = [Double](repeating: 0, count: workingSet.count * K)
        for (slot, j) in workingSet.enumerated() {
            var bound = 0.0
            for k in 0 ..< K {
                var h = 0.0
                problem.forEachEntry(j) { i, z in
                    let pk = p[k * n + i]
                    h += v[i] * z * z * ((grouped ? 2 : 1) * pk * (1 - pk) + modelRidge)
                }
                curvatures[slot * K + k] = h
                bound = max(bound, h)
            }
            if grouped { for k in 0 ..< K { curvatures[slot * K + k] = bound } }
        }
        return curvatures
    }

    private func penaltyValue(_ workingSet: [Int], lambda: Double) -> Double {
        workingSet.reduce(0) { total, j in
            total + MultinomialGap.blockPenalty(problem, j, lambda: lambda, classCount: classCount, grouped: grouped)
                .value(coefficients.buffer.baseAddress! + j * classCount)
        }
    }
}
