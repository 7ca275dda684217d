import Foundation

/// Stochastic (mini-batch) gradient descent on the objective of CONVENTIONS.md, with exact zeros.
///
/// Each epoch visits the rows of positive weight once, in an order shuffled by a seeded SplitMix64
/// Fisher-Yates (the same seed gives the same bits), `batchSize` rows at a time. A batch B gives
/// the unbiased gradient `(1/|B|) sum_{i in B} m v_i grad loss_i` (m rows of positive weight, v
/// the weights normalised to 1), plus the ridge part `l2 c`; the intercept takes the same step
/// unpenalised. The learning rate decreases as `eta_k = eta_0 / (1 + k / batchesPerEpoch)`, with
/// `eta_0 = 1 / mean_i (m v_i kappa (|z_i|^2 + 1))`, kappa the loss's curvature bound: the
/// curvature of an average row (Bottou 2012, "Stochastic gradient descent tricks"); the bound of
/// the worst row (14x smaller on breast_cancer) slowed every step for the sake of a few outliers.
///
/// The L1 part never enters the gradient, which would only make weights hop across zero.
/// Instead either
/// - the cumulative penalty (Tsuruoka, Tsujii & Ananiadou 2009): with u = sum of eta_k so far,
///   u l1_j is the L1 shrinkage weight j should have had; each weight is moved toward zero by what
///   it is still owed (u l1_j minus what it got, q_j) but clipped at zero, so zeros are exact and
///   a weight pushed across zero by noise is not dragged back by accumulated penalty (the elastic
///   net's L1 part; any other penalty kind takes the proximal step below); or
/// - truncation (Langford, Li & Zhang 2009) every step with no threshold: the penalty's proximal
///   map at step eta_k (`CoordinatePenalty.minimizer`), for the elastic net soft-thresholding by
///   eta_k l1, then the ridge shrink and bounds.
///
/// One epoch costs n p (each row's z_i . c and its gradient); the certificate is computed once
/// per epoch by `GradientDriver`. Families with a curvature bound only (gaussian, binomial):
/// without one (poisson's e^eta) no safe step exists.
final class StochasticGradient<F: GLMFamily> {
    let problem: WorkingProblem
    let lambda: Double
    let batchSize: Int
    let method: SGDZeroMethod
    private var rng: SplitMix64
    private let rows: [Int]
    private let rowWeight: [Double]
    private let initialRate: Double
    private var stepCount = 0
    /// u: the sum of the learning rates so far; u l1_j is the L1 shrinkage weight j should have received.
    private var owed = 0.0
    /// q_j: the shrinkage weight j actually received (signed).
    private var received: [Double]
    private var gradient: [Double]
    /// A sparse design row by row (nil for a dense one).
    private let compressedRows: CompressedRows?
    /// A dense design copied row-major (nil for a sparse one): each step reads whole rows, which
    /// the column-major working design holds n doubles apart, a cache miss per entry.
    private let denseRows: [Double]?

    init(problem: WorkingProblem, lambda: Double, batchSize: Int, seed: UInt64, method: SGDZeroMethod,
         curvatureBound: Double) {
        self.problem = problem
        self.lambda = lambda
        self.batchSize = batchSize
        self.method = method
        rng = SplitMix64(seed: seed)
        let n = problem.rowCount, p = problem.featureCount
        let v = problem.weights.buffer
        rows = (0 ..< n).filter { v[$0] > 0 }
        let m = Double(rows.count)
        rowWeight = (0 ..< n).map { m * v[$0] }
        var average = 0.0
        var ridge = 0.0
        for j in 0 ..< p where !problem.isExcluded(j) { ridge = max(ridge, problem.penalty(j, lambda: lambda).l2) }
        compressedRows = CompressedRows(problem)
        denseRows = problem.isSparse ? nil : Self.rowMajor(problem)
        for i in rows {
            var norm = problem.intercept ? 1.0 : 0
            if let compressedRows {
                compressedRows.forEachEntry(row: i) { j, z in if !problem.isExcluded(j) { norm += z * z } }
            } else {
                for j in 0 ..< p where !problem.isExcluded(j) { let z = problem.value(row: i, column: j); norm += z * z }
            }
            average += rowWeight[i] * curvatureBound * norm / m
        }
        initialRate = 1 / max(average + ridge, 1e-12)
        received = [Double](repeating: 0, count: p)
        gradient = [Double](repeating: 0, count: p)
    }

    /// One epoch.
    func epoch(coefficients c: inout [Double], intercept b0: inout Double) {
        let n = problem.rowCount, p = problem.featureCount
        var order = rows
        rng.shuffle(&order)
        let y = problem.response.buffer
        let batchesPerEpoch = Double((order.count + batchSize - 1) / batchSize)
        // The per-step state moves into locals for the epoch: read and written in the inner loops
        // as stored properties of a class, each access paid a dynamic exclusivity check (a third of
        // the epoch's time on 5000 x 200 in perf). Put back at the end; the arithmetic is unchanged.
        var (gradient, received, stepCount, owed) = (self.gradient, self.received, self.stepCount, self.owed)
        (self.gradient, self.received) = ([], [])
        defer { (self.gradient, self.received, self.stepCount, self.owed) = (gradient, received, stepCount, owed) }
        let denseRows = self.denseRows, compressedRows = self.compressedRows, rowWeight = self.rowWeight
        // The cumulative penalty is the elastic net's L1 part; any other kind takes the proximal step.
        let cumulative = method == .cumulativePenalty && problem.penaltyKind == .elasticNet
        var start = 0
        while start < order.count {
            let batch = order[start ..< min(start + batchSize, order.count)]
            start += batchSize
            let rate = initialRate / (1 + Double(stepCount) / batchesPerEpoch)
            stepCount += 1
            for j in 0 ..< p { gradient[j] = 0 }
            var interceptGradient = 0.0
            for i in batch {
                var eta = b0 + (problem.offset?[i] ?? 0)
                if let compressedRows {
                    compressedRows.forEachEntry(row: i) { j, z in if c[j] != 0 { eta += c[j] * z } }
                } else if let denseRows {
                    let row = i * p
                    for j in 0 ..< p where c[j] != 0 { eta += c[j] * denseRows[row + j] }
                }
                let r = rowWeight[i] * F.gradient(y: y[i], eta: eta) / Double(batch.count)
                interceptGradient += r
                if let compressedRows {
                    compressedRows.forEachEntry(row: i) { j, z in if !problem.isExcluded(j) { gradient[j] += r * z } }
                } else if let denseRows {
                    let row = i * p
                    for j in 0 ..< p where !problem.isExcluded(j) { gradient[j] += r * denseRows[row + j] }
                }
            }
            if problem.intercept { b0 -= rate * interceptGradient }
            owed += rate
            for j in 0 ..< p where !problem.isExcluded(j) {
                let penalty = problem.penalty(j, lambda: lambda)
                if cumulative {
                    var w = c[j] - rate * (gradient[j] + penalty.l2 * c[j])
                    let before = w
                    let total = owed * penalty.l1
                    if w > 0 { w = max(0, w - (total + received[j])) }
                    else if w < 0 { w = min(0, w + (total - received[j])) }
                    received[j] += w - before
                    c[j] = min(max(w, penalty.lower), penalty.upper)
                } else {
                    let w = c[j] - rate * gradient[j]
                    c[j] = penalty.minimizer(linear: w / rate, curvature: 1 / rate)
                }
            }
        }
        _ = n
    }

    /// The dense working design, row i at `i * p ..< (i + 1) * p`: the same values in the same
    /// order along a row, so the sums over j are the same bits as reading the columns in place.
    private static func rowMajor(_ problem: WorkingProblem) -> [Double] {
        let n = problem.rowCount, p = problem.featureCount
        var rows = [Double](repeating: 0, count: n * p)
        for j in 0 ..< p { problem.forEachEntry(j) { i, z in rows[i * p + j] = z } }
        return rows
    }
}

/// A sparse working design transposed once into compressed rows, for the row-by-row passes of
/// SGD: a row then costs its nonzeros, where reading z_ij column by column costs p binary searches.
/// Entries of a row come in increasing column order, the order of the dense loops, so the sums
/// are the same bits (a skipped zero entry adds nothing).
struct CompressedRows {
    private let starts: [Int]
    private let columns: [Int]
    private let values: [Double]

    /// Nil for a dense design.
    init?(_ problem: WorkingProblem) {
        guard problem.isSparse else { return nil }
        let n = problem.rowCount, p = problem.featureCount
        var counts = [Int](repeating: 0, count: n + 1)
        for j in 0 ..< p { problem.forEachEntry(j) { i, _ in counts[i + 1] += 1 } }
        for i in 0 ..< n { counts[i + 1] += counts[i] }
        var next = counts
        var columns = [Int](repeating: 0, count: counts[n])
        var values = [Double](repeating: 0, count: counts[n])
        for j in 0 ..< p {
            problem.forEachEntry(j) { i, z in
                columns[next[i]] = j
                values[next[i]] = z
                next[i] += 1
            }
        }
        (starts, self.columns, self.values) = (counts, columns, values)
    }

    @inline(__always) func forEachEntry(row i: Int, _ body: (Int, Double) -> Void) {
        for e in starts[i] ..< starts[i + 1] { body(columns[e], values[e]) }
    }
}
