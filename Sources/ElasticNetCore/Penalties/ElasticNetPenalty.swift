/// The kind of penalty: the function of c = s * b that lambda, the penalty factors and alpha
/// scale (CONVENTIONS.md). A new penalty is a case here and its calculus in `CoordinatePenalty`
/// (value, minimiser, subdifferential, and the conjugate when convex); the solvers, the path and
/// the certificate ask the penalty and do not change.
public enum PenaltyKind: Sendable, Equatable {
    /// `l1 |c| + l2/2 c^2`: the lasso (alpha = 1), ridge (alpha = 0) and the elastic net between.
    case elasticNet

    /// Is the penalty convex? Then a duality gap certifies a fit; otherwise only the KKT
    /// conditions (stationarity) can, and the solvers stop on the KKT residual.
    public var isConvex: Bool {
        switch self {
        case .elasticNet: return true
        }
    }

    /// The name printed in reports.
    public var name: String {
        switch self {
        case .elasticNet: return "elastic net"
        }
    }

    /// The kind's concavity parameter (nil for a convex kind without one).
    public var concavity: Double? {
        switch self {
        case .elasticNet: return nil
        }
    }

    /// Refuses a kind that cannot be fitted with these options (a thrown error, never a trap).
    func validate(family: Family) throws(ElasticNetError) {
        switch self {
        case .elasticNet: return
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
        }
    }

    /// The penalty's derivative at c != 0, and 0 at c = 0 (where it has a kink): the subgradient
    /// method's choice, `l1 sign(c) + l2 c` for the elastic net.
    @inline(__always)
    func slope(at c: Double) -> Double {
        switch kind {
        case .elasticNet: return c == 0 ? 0 : (c > 0 ? l1 : -l1) + l2 * c
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
