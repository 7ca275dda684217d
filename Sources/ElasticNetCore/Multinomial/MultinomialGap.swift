import Foundation

/// The dual certificate of the multinomial elastic net (the counterpart of `DualityGap`).
///
/// Per row the loss is `f_i(eta_i) = logsumexp(eta_i) - eta_i,y_i`, whose conjugate is finite on
/// dual means q_i in the probability simplex; its Fenchel-Young gap is KL(q_i || softmax(eta_i)).
/// The dual point is built from the gradient, `theta_ik = v_i (p_ik - Y_ik)`, made to satisfy the
/// equality constraints of the intercepts and unpenalised features (`sum_i theta_ik = 0`,
/// `z_j . theta_k = 0`) by one Newton step in the metric of the softmax Hessian (which keeps every
/// row summing to one), then scaled towards the one-hot Y into the domain of the penalty
/// conjugates (a convex combination of simplex points stays in the simplex).
struct MultinomialGap {
    let problem: WorkingProblem
    let response: MultinomialResponse
    let grouped: Bool

    struct Result: SolverEvaluation {
        var certificate: Certificate
        /// dL/dc_jk at j * K + k (0 for excluded features).
        var gradient: [Double]
        /// eta, class-major, computed from scratch.
        var linearPredictor: Vector
        let classCount: Int
        let grouped: Bool

        func zeroKKTViolators(lambda: Double, problem: WorkingProblem, skipping inSet: [Bool]) -> [Int] {
            gradient.withUnsafeBufferPointer { g in
                (0 ..< problem.featureCount).filter { j in
                    !inSet[j] && !problem.isExcluded(j)
                        && MultinomialGap.blockPenalty(problem, j, lambda: lambda, classCount: classCount, grouped: grouped)
                            .zeroViolates(gradient: g.baseAddress! + j * classCount)
                }
            }
        }

        func screeningScores() -> [Double] {
            gradient.withUnsafeBufferPointer { g in
                (0 ..< g.count / classCount).map { j in
                    ClassBlockPenalty.score(g.baseAddress! + j * classCount, classCount: classCount, grouped: grouped)
                }
            }
        }

        /// Ungrouped: the largest bounded score over the classes (each class coefficient moves on
        /// its own). The grouped penalty takes no bounds, so its score is the screening score.
        func lambdaMaxScores(problem: WorkingProblem) -> [Double] {
            guard !grouped else { return screeningScores() }
            return (0 ..< problem.featureCount).map { j in
                (0 ..< classCount).reduce(0.0) { max($0, problem.boundedScore(j, gradient: gradient[j * classCount + $1])) }
            }
        }
    }

    static func blockPenalty(_ problem: WorkingProblem, _ j: Int, lambda: Double, classCount: Int,
                             grouped: Bool) -> ClassBlockPenalty {
        ClassBlockPenalty(coordinate: problem.penalty(j, lambda: lambda), grouped: grouped, classCount: classCount)
    }

    /// eta = b0_k + sum_j c_jk z_j, class-major, skipping exact zeros.
    func linearPredictor(coefficients c: UnsafePointer<Double>, intercepts: [Double]) -> Vector {
        let n = problem.rowCount, classCount = response.classCount
        let eta = Vector(count: n * classCount)
        let e = eta.buffer.baseAddress!
        for k in 0 ..< classCount {
            for i in 0 ..< n { e[k * n + i] = intercepts[k] }
            for j in 0 ..< problem.featureCount where c[j * classCount + k] != 0 {
                problem.axpy(c[j * classCount + k], j, e + k * n)
            }
        }
        return eta
    }

    func evaluate(lambda: Double, coefficients c: UnsafePointer<Double>, intercepts: [Double]) -> Result {
        let n = problem.rowCount, p = problem.featureCount, classCount = response.classCount
        let v = problem.weights.buffer.baseAddress!
        let eta = linearPredictor(coefficients: c, intercepts: intercepts)
        let e = eta.buffer.baseAddress!
        let probability = Vector(count: n * classCount), theta = Vector(count: n * classCount)
        let prob = probability.buffer.baseAddress!, th = theta.buffer.baseAddress!
        let loss = response.softmax(eta: e, weights: v, into: prob)
        for k in 0 ..< classCount {
            for i in 0 ..< n { th[k * n + i] = v[i] * (prob[k * n + i] - (response.classes[i] == k ? 1 : 0)) }
        }

        var penaltyValue = 0.0, maxKKT = 0.0
        if problem.intercept {
            for k in 0 ..< classCount { maxKKT = max(maxKKT, abs(Kernel.sum(th + k * n, n))) }
        }
        var gradient = [Double](repeating: 0, count: p * classCount)
        gradient.withUnsafeMutableBufferPointer { g in
            for j in 0 ..< p where !problem.isExcluded(j) {
                for k in 0 ..< classCount { g[j * classCount + k] = problem.dot(j, th + k * n) }
                let pen = Self.blockPenalty(problem, j, lambda: lambda, classCount: classCount, grouped: grouped)
                penaltyValue += pen.value(c + j * classCount)
                maxKKT = max(maxKKT, pen.kktViolation(coefficients: c + j * classCount, gradient: g.baseAddress! + j * classCount))
            }
        }
        let objective = loss + penaltyValue

        // Dual means, projected onto the equality constraints.
        let q = Vector(count: n * classCount)
        q.copy(from: probability)
        let free = freeFeatures(lambda: lambda, coefficients: c)
        if let shift = newtonShift(onto: free, theta: th, probability: prob) {
            let qs = q.buffer.baseAddress!
            for i in 0 ..< n where v[i] > 0 {
                var average = 0.0
                for k in 0 ..< classCount { average += prob[k * n + i] * shift[k * n + i] }
                for k in 0 ..< classCount {
                    qs[k * n + i] += prob[k * n + i] * (shift[k * n + i] - average)
                    th[k * n + i] = v[i] * (qs[k * n + i] - (response.classes[i] == k ? 1 : 0))
                }
            }
        }

        // Dual slopes s_jk = -z_j . theta_k of the penalised features, and the common scale.
        let isFree = Set(free)
        var slopes = [Double](repeating: 0, count: p * classCount)
        var scale = 1.0
        slopes.withUnsafeMutableBufferPointer { s in
            for j in 0 ..< p where !problem.isExcluded(j) && !isFree.contains(j) {
                for k in 0 ..< classCount { s[j * classCount + k] = -problem.dot(j, th + k * n) }
                let pen = Self.blockPenalty(problem, j, lambda: lambda, classCount: classCount, grouped: grouped)
                scale = min(scale, pen.dualScale(forSlopes: s.baseAddress! + j * classCount))
            }
        }

        var gap = 0.0
        let qs = q.buffer.baseAddress!
        rows: for i in 0 ..< n where v[i] > 0 {
            let normaliser = response.logNormaliser(eta: e, row: i)
            var kl = 0.0
            for k in 0 ..< classCount {
                let y = response.classes[i] == k ? 1.0 : 0.0
                let qk = y + scale * (qs[k * n + i] - y)
                guard qk >= 0 else { gap = .infinity; break rows }
                if qk > 0 { kl += qk * (log(qk) - response.logProbability(eta: e, row: i, logNormaliser: normaliser, class: k)) }
            }
            gap += v[i] * max(kl, 0)
        }
        slopes.withUnsafeMutableBufferPointer { s in
            for j in 0 ..< p where !problem.isExcluded(j) && !isFree.contains(j) {
                for k in 0 ..< classCount { s[j * classCount + k] *= scale }
                gap += Self.blockPenalty(problem, j, lambda: lambda, classCount: classCount, grouped: grouped)
                    .conjugateGap(coefficients: c + j * classCount, dualSlopes: s.baseAddress! + j * classCount)
            }
        }
        if gap.isNaN { gap = .infinity }
        let certificate = Certificate(objective: objective, dualityGap: gap, maxKKTViolation: maxKKT, loss: loss,
                                      scale: objective)
        return Result(certificate: certificate, gradient: gradient, linearPredictor: eta, classCount: classCount,
                      grouped: grouped)
    }

    /// Unpenalised features whose coefficients are strictly inside their bounds: their dual
    /// constraints are equalities, like the intercepts'.
    private func freeFeatures(lambda: Double, coefficients c: UnsafePointer<Double>) -> [Int] {
        let classCount = response.classCount
        return (0 ..< problem.featureCount).filter { j in
            problem.isUnpenalised(j, lambda: lambda) && (0 ..< classCount).allSatisfy { k in
                c[j * classCount + k] > problem.lower[j] && c[j * classCount + k] < problem.upper[j]
            }
        }
    }

    /// The change in eta (class-major) of one Newton step on the intercepts and `free` features,
    /// whose linearised effect on the means, `q_i = p_i + (diag p_i - p_i p_i') shift_i`, zeroes
    /// their gradients. The system is singular along "the same change in every class" (softmax
    /// ignores it); the solver drops that direction. Nil when there is nothing to project on.
    private func newtonShift(onto free: [Int], theta th: UnsafePointer<Double>, probability prob: UnsafePointer<Double>) -> [Double]? {
        let n = problem.rowCount, classCount = response.classCount
        let v = problem.weights.buffer.baseAddress!
        var columns: [[Double]?] = free.map { problem.denseColumn($0) }
        if problem.intercept { columns.append(nil) }   // nil stands for the column of ones
        guard !columns.isEmpty else { return nil }
        let m = columns.count * classCount
        func value(_ a: Int, _ i: Int) -> Double { columns[a]?[i] ?? 1 }
        var matrix = [Double](repeating: 0, count: m * m)
        var rhs = [Double](repeating: 0, count: m)
        for a in 0 ..< columns.count {
            for k in 0 ..< classCount {
                var s = 0.0
                for i in 0 ..< n { s += value(a, i) * th[k * n + i] }
                rhs[a * classCount + k] = -s
            }
            for b in 0 ... a {
                for k in 0 ..< classCount {
                    for l in 0 ..< classCount {
                        var s = 0.0
                        for i in 0 ..< n {
                            let pk = prob[k * n + i], pl = prob[l * n + i]
                            s += v[i] * value(a, i) * value(b, i) * ((k == l ? pk : 0) - pk * pl)
                        }
                        matrix[(a * classCount + k) * m + b * classCount + l] = s
                        matrix[(b * classCount + l) * m + a * classCount + k] = s
                    }
                }
            }
        }
        let solution = SmallLinearSolve.symmetricPositive(matrix, rhs, size: m)
        var shift = [Double](repeating: 0, count: n * classCount)
        for a in 0 ..< columns.count {
            for k in 0 ..< classCount where solution[a * classCount + k] != 0 {
                for i in 0 ..< n { shift[k * n + i] += solution[a * classCount + k] * value(a, i) }
            }
        }
        return shift
    }
}
