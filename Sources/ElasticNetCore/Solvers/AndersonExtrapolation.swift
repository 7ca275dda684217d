/// Anderson extrapolation of coordinate-descent iterates (Bertrand & Massias 2021, "Anderson
/// acceleration of coordinate descent", AISTATS; skglm's solvers).
///
/// Cyclic sweeps over a fixed set of coordinates are a fixed-point map x -> T(x); near the optimum
/// it is close to linear, and when features are correlated its contraction is slow (at a lasso
/// path's small lambdas, thousands of sweeps). Given the last K + 1 iterates x_0..x_K, the
/// combination sum_k w_k x_k (k = 1..K) with sum w = 1 that minimises |sum_k w_k (x_k - x_{k-1})|
/// is where the linear map would settle: w = z / sum z with (U'U) z = 1, U the matrix of successive
/// differences. The extrapolated point is only a proposal: the solver keeps it when it lowers the
/// objective, so the method never slows convergence by more than the cost of trying.
struct AndersonExtrapolation {
    /// Differences per extrapolation, K (K + 1 iterates). The paper uses 5; on the 10000 x 100000
    /// sparse lasso path K = 2, 3, 4, 5, 8, 12 took 23543, 23446, 25836, 29022, 30851, 33478
    /// sweeps (76675 without extrapolation).
    static let depth = 3
    private var coordinates: [Int] = []
    private var iterates: [[Double]] = []

    /// Forgets the iterates (the solver jumped: a Newton step, a new lambda).
    mutating func reset() {
        iterates.removeAll(keepingCapacity: true)
    }

    /// Records the iterate `x` of the sweep over `coordinates` (its values in their order, any
    /// extra free coordinates such as the intercept last). Returns the extrapolated point once
    /// `depth + 1` iterates of the same coordinates are in, and then starts again; nil otherwise,
    /// or when the differences are too degenerate to trust.
    mutating func record(_ x: [Double], over coordinates: [Int]) -> [Double]? {
        if coordinates != self.coordinates {
            self.coordinates = coordinates
            iterates.removeAll(keepingCapacity: true)
        }
        iterates.append(x)
        guard iterates.count == Self.depth + 1 else { return nil }
        defer { iterates.removeAll(keepingCapacity: true) }
        let k = Self.depth, m = x.count
        var differences = [[Double]](repeating: [Double](repeating: 0, count: m), count: k)
        for a in 0 ..< k {
            for i in 0 ..< m { differences[a][i] = iterates[a + 1][i] - iterates[a][i] }
        }
        var gram = [Double](repeating: 0, count: k * k)
        for a in 0 ..< k {
            for b in 0 ... a {
                let value = differences[a].withUnsafeBufferPointer { da in
                    differences[b].withUnsafeBufferPointer { db in Kernel.dot(da.baseAddress!, db.baseAddress!, m) }
                }
                gram[a * k + b] = value
                gram[b * k + a] = value
            }
        }
        guard gram[(k - 1) * k + (k - 1)] > 0 else { return nil }
        // A touch of ridge keeps the nearly collinear differences of a settled iteration solvable;
        // any larger and it spoils the extrapolation exactly when the iteration is slowest (the
        // differences then nearly collinear): 1e-10 cost a linear test problem 6 digits.
        let ridge = 1e-14 * (0 ..< k).reduce(0) { $0 + gram[$1 * k + $1] }
        for a in 0 ..< k { gram[a * k + a] += ridge }
        let z = SmallLinearSolve.symmetricPositive(gram, [Double](repeating: 1, count: k), size: k)
        let total = z.reduce(0, +)
        guard total.isFinite, abs(total) > 0 else { return nil }
        var extrapolated = [Double](repeating: 0, count: m)
        for a in 0 ..< k {
            let w = z[a] / total
            let iterate = iterates[a + 1]
            for i in 0 ..< m { extrapolated[i] += w * iterate[i] }
        }
        return extrapolated.allSatisfy(\.isFinite) ? extrapolated : nil
    }
}
