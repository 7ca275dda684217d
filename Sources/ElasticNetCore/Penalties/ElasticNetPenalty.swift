/// The kind of penalty: the function of c = s * b that lambda, the penalty factors and alpha
/// scale (CONVENTIONS.md). A new penalty is a case here and its calculus in `CoordinatePenalty`
/// (value, minimiser, subdifferential, and the conjugate when convex); the solvers, the path and
/// the certificate ask the penalty and do not change.
public enum PenaltyKind: Sendable, Equatable {
    /// `l1 |c| + l2/2 c^2`: the lasso (alpha = 1), ridge (alpha = 0) and the elastic net between.
    case elasticNet
    /// The minimax concave penalty (Zhang 2010, Ann. Statist. 38(2)) with concavity gamma > 1, mixed
    /// with a ridge part as in ncvreg and skglm: `l1 |c| - c^2/(2 gamma)` for |c| <= gamma l1, the
    /// constant `gamma l1^2 / 2` beyond, plus `l2/2 c^2`. Its slope tapers from l1 at 0 to 0 at
    /// gamma l1, so large coefficients are not shrunk (apart from the ridge part).
    case mcp(gamma: Double)
    /// The smoothly clipped absolute deviation penalty (Fan & Li 2001, JASA 96) with concavity
    /// a > 2, plus `l2/2 c^2`: `l1 |c|` up to l1, slope `(a l1 - |c|)/(a - 1)` up to a l1, constant
    /// `(a + 1) l1^2 / 2` beyond.
    case scad(a: Double)

    /// The default concavity: ncvreg's gamma = 3 for MCP and Fan & Li's a = 3.7 for SCAD.
    public static let defaultMCPConcavity = 3.0
    public static let defaultSCADConcavity = 3.7

    /// Is the penalty convex? Then a duality gap certifies a fit; otherwise only the KKT
    /// conditions (stationarity) can, and the solvers stop on the KKT residual.
    public var isConvex: Bool {
        switch self {
        case .elasticNet: return true
        case .mcp, .scad: return false
        }
    }

    /// The name printed in reports.
    public var name: String {
        switch self {
        case .elasticNet: return "elastic net"
        case .mcp: return "mcp"
        case .scad: return "scad"
        }
    }

    /// The kind's concavity parameter (nil for a convex kind without one).
    public var concavity: Double? {
        switch self {
        case .elasticNet: return nil
        case .mcp(let gamma): return gamma
        case .scad(let a): return a
        }
    }

    /// Refuses a kind that cannot be fitted with these options (a thrown error, never a trap).
    func validate(family: Family) throws(ElasticNetError) {
        switch self {
        case .elasticNet: return
        case .mcp(let gamma):
            guard gamma > 1, gamma.isFinite else { throw .outOfRange("the MCP concavity gamma must be a finite number > 1, got \(gamma)") }
        case .scad(let a):
            guard a > 2, a.isFinite else { throw .outOfRange("the SCAD concavity a must be a finite number > 2, got \(a)") }
        }
        // Coordinate descent on the gaussian loss is exact per coordinate. The proximal Newton step
        // of the other families backtracks along a segment on which only a convex penalty is
        // bounded by its ends (its sufficient-decrease test stalled on breast_cancer), so they are
        // refused until that step handles a penalty that is not convex.
        if family != .gaussian {
            throw .outOfRange("the \(name) penalty is fitted for the gaussian family only (the \(family.rawValue) solver's line search assumes a convex penalty)")
        }
    }

    /// Feature j's term of lambda_max (CONVENTIONS.md): the lambda above which its zero is optimal
    /// at the null model, `score / (pf max(alpha, 0.001))`, `score` the size of its null-model
    /// gradient that its bounds allow it to follow. Every kind's subdifferential at 0 is
    /// `[-l1, l1]`, l1 = lambda pf alpha; alpha is floored so that ridge has a finite start.
    @inline(__always)
    func lambdaMax(score: Double, penaltyFactor pf: Double, alpha: Double) -> Double {
        score / (pf * max(alpha, 1e-3))
    }

    /// The sequential strong rule (Tibshirani et al. 2012, JRSS-B 74(2)) per unit penalty factor:
    /// feature j is kept at `lambda` when its gradient size >= this times pf_j. It assumes the
    /// gradient moves by at most (lambda_prev - lambda) alpha pf_j between lambdas, so it bounds
    /// when the zero's interval `[-l1, l1]` is left; the KKT check catches its mistakes.
    @inline(__always)
    func strongRuleThreshold(lambda: Double, previousLambda: Double, alpha: Double) -> Double {
        alpha * (2 * lambda - previousLambda)
    }
}

/// The penalty of one feature at one lambda, in penalty coordinates c = s * b (CONVENTIONS.md),
/// restricted to `lower <= c <= upper`, with `l1 = lambda * pf * alpha` and
/// `l2 = lambda * pf * (1 - alpha)`. For the elastic net it is `l1 * |c| + l2 / 2 * c^2`; lasso,
/// ridge and elastic net are values of this one type. Bounds always contain 0, so a zero is
/// always feasible. The hot loops call `minimizer` per coordinate: it switches on `kind` inline,
/// so each solver body is written once and stays specialised (no existential).
@usableFromInline
struct CoordinatePenalty {
    @usableFromInline let l1: Double
    @usableFromInline let l2: Double
    @usableFromInline let lower: Double
    @usableFromInline let upper: Double
    @usableFromInline let kind: PenaltyKind

    @inline(__always)
    init(l1: Double, l2: Double, lower: Double, upper: Double, kind: PenaltyKind = .elasticNet) {
        self.l1 = l1; self.l2 = l2; self.lower = lower; self.upper = upper; self.kind = kind
    }

    /// The penalty's value at c.
    @inline(__always)
    func value(_ c: Double) -> Double {
        switch kind {
        case .elasticNet: return c == 0 ? 0 : l1 * abs(c) + 0.5 * l2 * c * c
        case .mcp(let gamma):
            if c == 0 { return 0 }
            let t = abs(c)
            return (t <= gamma * l1 ? l1 * t - t * t / (2 * gamma) : 0.5 * gamma * l1 * l1) + 0.5 * l2 * c * c
        case .scad(let a):
            if c == 0 { return 0 }
            let t = abs(c)
            let part = t <= l1 ? l1 * t
                : t <= a * l1 ? (2 * a * l1 * t - t * t - l1 * l1) / (2 * (a - 1))
                : 0.5 * (a + 1) * l1 * l1
            return part + 0.5 * l2 * c * c
        }
    }

    /// The proximal operator: argmin over [lower, upper] of `h/2 c^2 - z c + penalty(c)`, the
    /// coordinate-descent update, with `z = h * c_old + (minus the loss gradient)`.
    /// Elastic net: soft-thresholding returns an exact 0.0 whenever |z| <= l1: this is where the
    /// lasso's zeros come from.
    @inline(__always)
    func minimizer(linear z: Double, curvature h: Double) -> Double {
        switch kind {
        case .elasticNet:
            let excess = abs(z) - l1
            if !(excess > 0) { return 0 }
            let denominator = h + l2
            if !(denominator > 0) {
                // No curvature and no ridge part: the 1-D problem is linear beyond l1, so the
                // minimiser sits on the bound in the direction of z.
                return z > 0 ? upper : lower
            }
            let c = (z > 0 ? excess : -excess) / denominator
            return min(max(c, lower), upper)
        case .mcp(let gamma):
            // On |c| <= gamma l1 the slope is l1 - |c|/gamma (curvature -1/gamma); beyond, 0.
            return piecewiseMinimizer(linear: z, curvature: h, (gamma * l1, l1, -1 / gamma), (.infinity, 0, 0),
                                      (.infinity, 0, 0))
        case .scad(let a):
            // Slope l1 up to l1, then (a l1 - |c|)/(a - 1) up to a l1, then 0.
            return piecewiseMinimizer(linear: z, curvature: h, (l1, l1, 0), (a * l1, a * l1 / (a - 1), -1 / (a - 1)),
                                      (.infinity, 0, 0))
        }
    }

    /// The global minimiser over [lower, upper] of `h/2 c^2 - z c + penalty(c)` for a penalty
    /// that is piecewise quadratic in t = |c|: on piece k (from the previous end to `end`) its
    /// derivative in t is `slope + curvature * t` (plus the ridge part l2 t). Within a piece and a
    /// sign the 1-D objective is a quadratic in t, `(h + l2 + curvature)/2 t^2 - (s z - slope) t`,
    /// whose minimum over the piece (cut to the bounds) is its stationary point clamped, or an end
    /// when it is concave (small h: the 1-D problem is not convex). The candidates of every piece
    /// and sign, with 0, are compared on the objective itself, so the global minimiser is chosen;
    /// ties go to the earlier candidate (0 first, then smaller |c|), so zeros stay exact.
    @inline(__always)
    private func piecewiseMinimizer(linear z: Double, curvature h: Double, _ first: Piece, _ second: Piece,
                                    _ third: Piece) -> Double {
        var best = 0.0, bestValue = 0.0
        var unbounded: Double? = nil
        // Three calls, not a loop over an array: no allocation per coordinate.
        func side(_ sign: Double) {
            let reach = sign > 0 ? upper : -lower   // how far |c| may go on this side
            var low = 0.0
            func consider(_ piece: Piece) {
                guard low < reach, unbounded == nil else { return }
                let high = min(piece.end, reach)
                defer { low = max(low, piece.end) }
                guard high > low else { return }    // an empty piece (l1 = 0)
                let quadratic = h + l2 + piece.curvature, linear = sign * z - piece.slope
                let t: Double
                if quadratic > 0 {
                    t = min(max(linear / quadratic, low), high)
                } else if high.isInfinite {
                    // Linear or concave without end: unbounded below unless it rises.
                    if quadratic < 0 || linear > 0 { unbounded = sign * .infinity; return }
                    t = low
                } else {
                    // Linear or concave on [low, high]: one of its ends is best.
                    t = 0.5 * quadratic * (high * high - low * low) - linear * (high - low) < 0 ? high : low
                }
                let c = sign * t
                let f = 0.5 * h * c * c - z * c + value(c)
                if f < bestValue { best = c; bestValue = f }
            }
            consider(first); consider(second); consider(third)
        }
        side(1)
        side(-1)
        return unbounded ?? best
    }

    /// A piece of a piecewise-quadratic penalty in t = |c|, ending at `end`: slope + curvature t.
    typealias Piece = (end: Double, slope: Double, curvature: Double)

    /// The penalty's derivative at c != 0, and 0 at c = 0 (where it has a kink): the subgradient
    /// method's choice, `l1 sign(c) + l2 c` for the elastic net.
    @inline(__always)
    func slope(at c: Double) -> Double {
        switch kind {
        case .elasticNet: return c == 0 ? 0 : (c > 0 ? l1 : -l1) + l2 * c
        case .mcp(let gamma):
            if c == 0 { return 0 }
            let taper = max(l1 - abs(c) / gamma, 0)
            return (c > 0 ? taper : -taper) + l2 * c
        case .scad(let a):
            if c == 0 { return 0 }
            let t = abs(c)
            let taper = t <= l1 ? l1 : max(a * l1 - t, 0) / (a - 1)
            return (c > 0 ? taper : -taper) + l2 * c
        }
    }

    /// The Fenchel-Young gap of the penalty: `g(c) + g*(s) - s c >= 0`, where g is this penalty
    /// (with its bounds) and g* its convex conjugate. Written as `phi(c*) - phi(c)` with
    /// `phi(x) = s x - g(x)` and c* its maximiser, which is a difference of nearby numbers at
    /// the optimum rather than of large ones. Infinite when s lies outside the domain of g*.
    /// Defined for a convex kind only (`PenaltyKind.isConvex`).
    @inline(__always)
    func conjugateGap(coefficient c: Double, dualSlope s: Double) -> Double {
        let best = minimizer(linear: s, curvature: 0)
        if best.isInfinite { return .infinity }
        let phiBest = s * best - value(best)
        let phiC = s * c - value(c)
        return max(phiBest - phiC, 0)
    }

    /// The subdifferential distance: how far `-gradient` lies from the (Clarke) subdifferential
    /// of the penalty with the normal cone of the bounds at c, the KKT violation of CONVENTIONS.md
    /// ("Optimality") for this coordinate. At 0 every kind's subdifferential is [-l1, l1].
    @inline(__always)
    func kktViolation(coefficient c: Double, gradient g: Double) -> Double {
        var low: Double, high: Double
        if c != 0 { low = slope(at: c); high = low }
        else { low = -l1; high = l1 }
        if c >= upper { high = .infinity }
        if c <= lower { low = -.infinity }
        let x = -g
        return max(low - x, x - high, 0)
    }

    /// The scale t in (0, 1] that brings a dual slope s into the domain of g*, which is bounded
    /// only for a pure L1 penalty on an unbounded side: |t s| <= l1 there. Convex kinds only.
    @inline(__always)
    func dualScale(forSlope s: Double) -> Double {
        guard l2 == 0, abs(s) > l1 else { return 1 }
        let unboundedSide = s > 0 ? upper.isInfinite : lower.isInfinite
        guard unboundedSide else { return 1 }
        return l1 / abs(s)
    }
}
