/// A Newton step on the nonzero coefficients with their signs held fixed.
///
/// Coordinate descent finds the support and signs quickly but then converges only linearly, slowly
/// when features are correlated (cyclic updates crawl along the correlated directions). With the
/// signs fixed, the penalised objective restricted to the active set is smooth: for the quadratic
/// loss its minimiser is one linear solve, `(Z_A' H Z_A + diag(l2)) d = -gradient_A`. The step is
/// cut at the first coefficient that would cross zero or a bound, where that coefficient is set to
/// exactly 0 (or the bound): along the step the restricted objective is a convex quadratic
/// minimised at the full step, so any shortened step still decreases it. Used by every solver
/// after its sweeps settle, this turns many thousands of sweeps into a handful on ill-conditioned
/// problems, and the duality gap then certifies the result as before.
enum ActiveSetNewton {
    /// Largest number of active coordinates for which the dense solve is worth making: beyond
    /// 2000 sweeping is cheaper. On a sparse design its two k x k matrices (the Gram matrix kept
    /// between steps, and the one factored in place) may also take no more memory than the
    /// stored entries, though k may always reach 500: on the 10000 x 100000 sparse path (limit
    /// 707) the limits 500, 1000 and 2000 gave the same time within 5%, and peaks of 75, 82 and
    /// 166 MB. A dense design is at least k x k already (k <= min(n, p)), and its ill-conditioned
    /// fits with many active features need the solve to be certified in time.
    static func maximumActiveCount(_ problem: WorkingProblem) -> Int {
        guard problem.isSparse else { return 2000 }
        return min(2000, max(500, Int(Double(problem.storedEntryCount / 2).squareRoot())))
    }

    /// The nonzero coefficients of `workingSet` strictly inside their bounds. None for a penalty
    /// that is not convex: the system assumes the elastic net's constant slope l1 sign(c) on the
    /// active set, and the restricted objective need not be convex; its sweeps alone converge.
    static func activeCoordinates(_ workingSet: [Int], coefficients c: Vector, problem: WorkingProblem) -> [Int] {
        guard problem.penaltyKind.isConvex else { return [] }
        return workingSet.filter { c[$0] != 0 && c[$0] > problem.lower[$0] && c[$0] < problem.upper[$0] }
    }

    /// The Newton system on `active` in a `size` x `size` row-major matrix (size >= active.count;
    /// the caller fills the right-hand side of any extra row, such as the intercept's):
    /// `curvature + diag(l2)`, where `curvature` is `curvatureMatrix`'s (from a `CurvatureCache`), and
    /// the right-hand sides, where `correlation(j)` is minus the loss gradient along column z_j.
    static func system(active: [Int], size k: Int, curvature: [Double], coefficients c: Vector,
                       problem: WorkingProblem, lambda: Double,
                       correlation: (Int) -> Double) -> (matrix: [Double], rhs: [Double]) {
        var matrix = curvature
        var rhs = [Double](repeating: 0, count: k)
        for (b, j) in active.enumerated() {
            let pen = problem.penalty(j, lambda: lambda)
            matrix[b * k + b] += pen.l2
            rhs[b] = rightHandSide(correlation: correlation(j), coefficient: c[j], penalty: pen)
        }
        return (matrix, rhs)
    }

    /// `Z_A' diag(h) Z_A` in a `size` x `size` row-major matrix, with, when `withIntercept`, the
    /// intercept's last row and column: `z_j' h` against each active column, `sum h` on the
    /// diagonal (size = active.count + 1 then).
    static func curvatureMatrix(active: [Int], size k: Int, withIntercept: Bool, curvature h: UnsafePointer<Double>,
                                problem: WorkingProblem) -> [Double] {
        var matrix = problem.weightedGram(active, curvature: h, size: k)
        guard withIntercept else { return matrix }
        for (b, j) in active.enumerated() {
            let value = problem.dot(j, h)
            matrix[b * k + k - 1] = value
            matrix[(k - 1) * k + b] = value
        }
        matrix[k * k - 1] = Kernel.sum(h, problem.rowCount)
        return matrix
    }

    /// Right-hand side of the Newton system for active coordinate j: minus the derivative of the
    /// restricted objective, `correlation - l2 c - l1 sign(c)`, where `correlation` is minus the
    /// loss gradient.
    @inline(__always)
    static func rightHandSide(correlation: Double, coefficient c: Double, penalty: CoordinatePenalty) -> Double {
        correlation - penalty.l2 * c - (c > 0 ? penalty.l1 : -penalty.l1)
    }

    /// Applies `t * direction` to the active coefficients, with t the largest step in (0, 1] that
    /// keeps every sign and bound. Coordinates that reach zero or a bound are set to it exactly.
    /// Returns the changes actually made, one per active coordinate.
    static func takeStep(direction d: [Double], active: [Int], coefficients c: Vector, problem: WorkingProblem,
                         lambda: Double) -> [Double] {
        // Only an L1 term has a kink at 0; a coordinate with none (ridge, or an unpenalised
        // feature) crosses zero freely and is never snapped to it.
        let kinked = active.map { problem.penalty($0, lambda: lambda).l1 > 0 }
        var t = 1.0
        for (a, j) in active.enumerated() where d[a] != 0 {
            let current = c[j], target = current + d[a]
            if kinked[a] && ((current > 0 && target <= 0) || (current < 0 && target >= 0)) { t = min(t, -current / d[a]) }
            if target > problem.upper[j] { t = min(t, (problem.upper[j] - current) / d[a]) }
            if target < problem.lower[j] { t = min(t, (problem.lower[j] - current) / d[a]) }
        }
        var changes = [Double](repeating: 0, count: active.count)
        for (a, j) in active.enumerated() where d[a] != 0 {
            let current = c[j]
            var new = current + t * d[a]
            if kinked[a] && ((current > 0 && new <= 0) || (current < 0 && new >= 0) || abs(new) <= 1e-15 * abs(current)) { new = 0 }
            new = min(max(new, problem.lower[j]), problem.upper[j])
            if kinked[a] && t < 1 && abs(t * d[a] + current) <= 1e-12 * abs(d[a]) { new = 0 }
            changes[a] = new - current
            c[j] = new
        }
        return changes
    }

    /// Solves the symmetric system, or nil when it is not positive definite enough to trust.
    static func solve(_ matrix: consuming [Double], _ rhs: [Double], size k: Int) -> [Double]? {
        let x = SmallLinearSolve.symmetricPositive(consume matrix, rhs, size: k)
        return x.allSatisfy(\.isFinite) ? x : nil
    }

    /// Active sets at least this large are solved by `conjugateGradient` rather than by Cholesky
    /// (`solve`): its k^3/3 multiply-adds, 2.7 GFlop at k = 2000, were most of a 5000 x 2000
    /// gaussian lasso path, for a solve exact to rounding where the certificate asked for 1e-7.
    static var iterativeSolveSize: Int { 400 }

    /// An iterative solve stops once an iteration gains less than this fraction of the inner
    /// tolerance (the sweeps' own stopping level, tolerance x objective at first): far enough
    /// below it that the certificate usually passes at the next check, rather than costing a
    /// further round of sweeps and certificate (at 1e-2 the 5000 x 2000 gaussian path polished
    /// 383 times, at 1e-4 282), and far above rounding.
    static var iterativeDecreaseRatio: Double { 1e-4 }

    /// Jacobi-preconditioned conjugate gradients on the symmetric positive (semi-)definite `matrix`
    /// (k x k, row-major): `conjugateGradient(diagonal:rhs:...)` with the matrix's rows as the product.
    static func conjugateGradient(_ matrix: [Double], _ rhs: [Double], size k: Int, decreaseTarget: Double,
                                  maxIterations: Int) -> [Double]? {
        let diagonal = (0 ..< k).map { matrix[$0 * k + $0] }
        return matrix.withUnsafeBufferPointer { m in
            conjugateGradient(diagonal: diagonal, rhs: rhs, decreaseTarget: decreaseTarget, maxIterations: maxIterations) { d, q in
                d.withUnsafeBufferPointer { d in
                    for a in 0 ..< k { q[a] = Kernel.dot(m.baseAddress! + a * k, d.baseAddress!, k) }
                }
            }
        }
    }

    /// Jacobi-preconditioned conjugate gradients for `A d = rhs`, A symmetric positive
    /// (semi-)definite with the given diagonal and product `apply(d, &Ad)`, from d = 0; stopped once
    /// an iteration lowers the quadratic model `1/2 d'Ad - rhs'd` by at most `decreaseTarget`
    /// (objective units: what is left of the model's decrease is then of that order, and the
    /// certificate judges the point anyway), or after `maxIterations`. Every iterate minimises the
    /// model over a Krylov space, so the model falls monotonically along the segment from 0 to it
    /// and a step cut short by `takeStep` still descends. A fixed sequence of operations: the same
    /// bits on any machine and thread count.
    static func conjugateGradient(diagonal: [Double], rhs: [Double], decreaseTarget: Double, maxIterations: Int,
                                  apply: ([Double], inout [Double]) -> Void) -> [Double]? {
        let k = rhs.count
        var x = [Double](repeating: 0, count: k)
        var r = rhs
        var q = [Double](repeating: 0, count: k)
        let inverseDiagonal = diagonal.map { $0 > 0 ? 1 / $0 : 1 }
        var z = (0 ..< k).map { inverseDiagonal[$0] * r[$0] }
        var direction = z
        var rz = zip(r, z).reduce(0) { $0 + $1.0 * $1.1 }
        guard rz > 0 else { return x }
        for _ in 0 ..< maxIterations {
            apply(direction, &q)
            let curvature = zip(direction, q).reduce(0) { $0 + $1.0 * $1.1 }
            guard curvature > 0, curvature.isFinite else { break }
            let stepLength = rz / curvature
            for a in 0 ..< k {
                x[a] += stepLength * direction[a]
                r[a] -= stepLength * q[a]
            }
            if 0.5 * stepLength * rz <= decreaseTarget { break }
            for a in 0 ..< k { z[a] = inverseDiagonal[a] * r[a] }
            let next = zip(r, z).reduce(0) { $0 + $1.0 * $1.1 }
            guard next > 0 else { break }
            let beta = next / rz
            for a in 0 ..< k { direction[a] = z[a] + beta * direction[a] }
            rz = next
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }
}

/// The curvature matrix (`ActiveSetNewton.curvatureMatrix`) of the last active set, kept for the
/// next Newton step on the same set: it costs n k^2 / 2, the bulk of a step once k is in the tens.
struct CurvatureCache {
    private var active: [Int] = []
    private var withIntercept = false
    private var matrix: [Double] = []

    /// The matrix for `active` (and the intercept): the kept one when it was made for the same
    /// coordinates and the caller says its curvature still serves (`reusable`), else a new one
    /// (`fresh`, made with the curvature `h` of now).
    mutating func matrix(active: [Int], withIntercept: Bool, problem: WorkingProblem, curvature h: UnsafePointer<Double>,
                         reusable: Bool) -> (matrix: [Double], fresh: Bool) {
        if reusable && !matrix.isEmpty && withIntercept == self.withIntercept && active == self.active {
            return (matrix, false)
        }
        matrix = ActiveSetNewton.curvatureMatrix(active: active, size: active.count + (withIntercept ? 1 : 0),
                                                 withIntercept: withIntercept, curvature: h, problem: problem)
        self.active = active
        self.withIntercept = withIntercept
        return (matrix, true)
    }
}
