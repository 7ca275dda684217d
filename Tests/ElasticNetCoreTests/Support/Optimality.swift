import ElasticNetCore
import Foundation

/// Optimality checks written independently of the library's solver and certificate: everything
/// here is recomputed in the features' original units from (X, y, weights, coefficients).
struct Optimality {
    /// Relative rounding error allowed when an objective is summed over rows: a few hundred ulps,
    /// far below the 1e-7 accuracy promised.
    static let roundingAllowance = 1e-14

    let x: DenseMatrix
    let y: [Double]
    let weights: [Double]?
    let options: FitOptions

    var n: Int { x.rowCount }
    var p: Int { x.columnCount }

    /// Weights normalised to sum to 1.
    var v: [Double] {
        let w = weights ?? [Double](repeating: 1, count: n)
        let total = w.reduce(0, +)
        return w.map { $0 / total }
    }

    /// Per-feature centre and scale of CONVENTIONS.md.
    func columnStatistics(_ j: Int) -> (mean: Double, sd: Double) {
        let v = self.v
        var mean = 0.0
        for i in 0 ..< n { mean += v[i] * x[row: i, column: j] }
        var variance = 0.0
        for i in 0 ..< n { let d = x[row: i, column: j] - mean; variance += v[i] * d * d }
        return (mean, variance.squareRoot())
    }

    func scale(_ j: Int) -> Double { options.standardize ? columnStatistics(j).sd : 1 }

    func penaltyFactor(_ j: Int) -> Double { options.penaltyFactors?[j] ?? 1 }

    func mean(_ eta: Double) -> Double {
        switch options.family {
        case .gaussian: return eta
        case .binomial: return 1 / (1 + exp(-eta))
        case .poisson, .gamma: return exp(eta)
        case .multinomial: preconditionFailure("multinomial fits are checked by MultinomialOptimality")
        }
    }

    /// d loss / d eta: mean - y for the canonical links; gamma's log link is not canonical.
    func derivative(_ y: Double, _ eta: Double) -> Double {
        options.family == .gamma ? 1 - y * exp(-eta) : mean(eta) - y
    }

    func loss(_ y: Double, _ eta: Double) -> Double {
        switch options.family {
        case .gaussian: return 0.5 * (y - eta) * (y - eta)
        case .binomial: return (eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta))) - y * eta
        case .poisson: return exp(eta) - y * eta
        case .gamma: return y * exp(-eta) + eta
        case .multinomial: preconditionFailure("multinomial fits are checked by MultinomialOptimality")
        }
    }

    func linearPredictor(_ fit: ElasticNetFit) -> [Double] {
        (0 ..< n).map { i in (0 ..< p).reduce(fit.intercept) { $0 + x[row: i, column: $1] * fit.coefficients[$1] } }
    }

    /// The objective of CONVENTIONS.md at this fit.
    func objective(_ fit: ElasticNetFit) -> Double {
        let eta = linearPredictor(fit), v = self.v
        var total = 0.0
        for i in 0 ..< n { total += v[i] * loss(y[i], eta[i]) }
        for j in 0 ..< p where penaltyFactor(j).isFinite {
            let c = scale(j) * fit.coefficients[j]
            total += fit.lambda * penaltyFactor(j) * ((1 - options.alpha) / 2 * c * c + options.alpha * abs(c))
        }
        return total
    }

    /// dL/db_j in original units and dL/db0.
    func gradient(_ fit: ElasticNetFit) -> (intercept: Double, coefficients: [Double]) {
        let eta = linearPredictor(fit), v = self.v
        let residual = (0 ..< n).map { v[$0] * derivative(y[$0], eta[$0]) }
        let g = (0 ..< p).map { j in (0 ..< n).reduce(0.0) { $0 + residual[$1] * x[row: $1, column: j] } }
        return (residual.reduce(0, +), g)
    }

    /// An upper bound on the loss's curvature along c_j = s_j b_j over a step of length `reach`
    /// from `fit`: sum v z^2 for gaussian (times 1/4 for binomial). The poisson curvature
    /// sum v mu z^2 is unbounded, but over the step it grows by at most exp(reach |z_i|) per row.
    func curvature(_ j: Int, linearPredictor eta: [Double], reach: Double) -> Double {
        let (m, _) = columnStatistics(j)
        let centre = options.intercept ? m : 0
        let s = scale(j), v = self.v
        var h = 0.0
        for i in 0 ..< n {
            let z = (x[row: i, column: j] - centre) / s
            switch options.family {
            case .gaussian, .multinomial: h += v[i] * z * z
            case .binomial: h += v[i] * z * z / 4
            case .poisson: h += v[i] * z * z * exp(eta[i] + reach * abs(z))
            case .gamma: h += v[i] * z * z * y[i] * exp(-eta[i] + reach * abs(z))
            }
        }
        return h
    }

    /// Violations of the KKT conditions that the certified gap does not excuse. For one coordinate
    /// the objective can fall by at least r^2 / (2 (h + l2)) when its KKT residual is r (unless the
    /// step would cross zero), so r <= sqrt(2 (h + l2) gap) at any point whose gap is `gap`.
    /// A gap at the level of rounding in the objective (a sum over n rows) certifies no more than
    /// that rounding, so the gap used is at least `roundingAllowance` of the objective.
    func unexcusedViolations(_ fit: ElasticNetFit, slack: Double = 1 + 1e-6) -> [String] {
        let gap = fit.certificate.dualityGap
            + Optimality.roundingAllowance * max(abs(fit.certificate.objective), fit.certificate.scale)
        let (g0, g) = gradient(fit)
        let eta = linearPredictor(fit)
        var problems = [String]()
        if options.intercept {
            var h = options.family == .binomial ? 0.25 : 1.0
            if options.family == .poisson || options.family == .gamma {
                let v = self.v
                let h0 = (0 ..< n).reduce(0.0) { $0 + v[$1] * (options.family == .gamma ? y[$1] * exp(-eta[$1]) : exp(eta[$1])) }
                h = h0 * exp(abs(g0) / h0)
            }
            let bound = (2 * h * gap).squareRoot() * slack + 1e-12
            if abs(g0) > bound { problems.append("intercept gradient \(g0) > \(bound)") }
        }
        for j in 0 ..< p where penaltyFactor(j).isFinite && scale(j) > 0 {
            let s = scale(j)
            let gj = g[j] / s                                   // dL/dc_j
            let c = s * fit.coefficients[j]
            let l1 = fit.lambda * penaltyFactor(j) * options.alpha
            let l2 = fit.lambda * penaltyFactor(j) * (1 - options.alpha)
            let lower = (options.lowerBounds?[j] ?? -.infinity) * s
            let upper = (options.upperBounds?[j] ?? .infinity) * s
            var low: Double, high: Double
            if c > 0 { low = l2 * c + l1; high = low } else if c < 0 { low = l2 * c - l1; high = low } else { low = -l1; high = l1 }
            if c >= upper { high = .infinity }
            if c <= lower { low = -.infinity }
            let residual = max(low + gj, -gj - high, 0)
            // The step r / h0 at the local curvature h0 is at least as long as the step r / h that
            // certifies the decrease, so the curvature over it bounds h.
            let h0 = curvature(j, linearPredictor: eta, reach: 0) + l2
            let h = curvature(j, linearPredictor: eta, reach: residual / h0) + l2
            let bound = (2 * h * gap).squareRoot() * slack + 1e-12 * max(1, abs(gj))
            let nearKink = c != 0 && abs(c) < residual / h
            if residual > bound && !nearKink {
                problems.append("feature \(j): KKT residual \(residual) > \(bound) (c = \(c), grad = \(gj), lambda = \(fit.lambda))")
            }
        }
        return problems
    }
}

/// Dense symmetric solve for closed forms in tests (Gaussian elimination with partial pivoting).
func solveLinearSystem(_ a: [[Double]], _ b: [Double]) -> [Double] {
    var m = a, rhs = b
    let k = b.count
    for col in 0 ..< k {
        let pivot = (col ..< k).max { abs(m[$0][col]) < abs(m[$1][col]) }!
        m.swapAt(col, pivot); rhs.swapAt(col, pivot)
        for r in (col + 1) ..< k {
            let f = m[r][col] / m[col][col]
            for c in col ..< k { m[r][c] -= f * m[col][c] }
            rhs[r] -= f * rhs[col]
        }
    }
    var x = [Double](repeating: 0, count: k)
    for r in stride(from: k - 1, through: 0, by: -1) {
        var s = rhs[r]
        for c in (r + 1) ..< k { s -= m[r][c] * x[c] }
        x[r] = s / m[r][r]
    }
    return x
}
