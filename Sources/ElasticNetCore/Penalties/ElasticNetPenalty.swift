/// The elastic-net penalty of one feature at one lambda, in penalty coordinates c = s * b
/// (CONVENTIONS.md): `l1 * |c| + l2 / 2 * c^2` restricted to `lower <= c <= upper`, where
/// `l1 = lambda * pf * alpha` and `l2 = lambda * pf * (1 - alpha)`. Lasso, ridge and elastic net are
/// values of this one type. Bounds always contain 0, so a zero is always feasible.
@usableFromInline
struct CoordinatePenalty {
    @usableFromInline let l1: Double
    @usableFromInline let l2: Double
    @usableFromInline let lower: Double
    @usableFromInline let upper: Double

    @inline(__always)
    init(l1: Double, l2: Double, lower: Double, upper: Double) {
        self.l1 = l1; self.l2 = l2; self.lower = lower; self.upper = upper
    }

    /// The penalty's value at c.
    @inline(__always)
    func value(_ c: Double) -> Double { c == 0 ? 0 : l1 * abs(c) + 0.5 * l2 * c * c }

    /// argmin over [lower, upper] of `h/2 c^2 - z c + l1 |c| + l2/2 c^2`: the coordinate-descent
    /// update, with `z = h * c_old + (minus the loss gradient)`. Soft-thresholding returns an exact
    /// 0.0 whenever |z| <= l1: this is where the lasso's zeros come from.
    @inline(__always)
    func minimizer(linear z: Double, curvature h: Double) -> Double {
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

    /// The Fenchel-Young gap of the penalty: `g(c) + g*(s) - s c >= 0`, where g is this penalty
    /// (with its bounds) and g* its convex conjugate. Written as `phi(c*) - phi(c)` with
    /// `phi(x) = s x - g(x)` and c* its maximiser, which is a difference of nearby numbers at
    /// the optimum rather than of large ones. Infinite when s lies outside the domain of g*.
    @inline(__always)
    func conjugateGap(coefficient c: Double, dualSlope s: Double) -> Double {
        let best = minimizer(linear: s, curvature: 0)
        if best.isInfinite { return .infinity }
        let phiBest = s * best - value(best)
        let phiC = s * c - value(c)
        return max(phiBest - phiC, 0)
    }

    /// Distance from `-gradient` to the subdifferential of the penalty (with the normal cone of
    /// the bounds) at c: the KKT violation of CONVENTIONS.md ("Optimality") for this coordinate.
    @inline(__always)
    func kktViolation(coefficient c: Double, gradient g: Double) -> Double {
        var low: Double, high: Double
        if c > 0 { low = l2 * c + l1; high = low }
        else if c < 0 { low = l2 * c - l1; high = low }
        else { low = -l1; high = l1 }
        if c >= upper { high = .infinity }
        if c <= lower { low = -.infinity }
        let x = -g
        return max(low - x, x - high, 0)
    }

    /// The scale t in (0, 1] that brings a dual slope s into the domain of g*, which is bounded
    /// only for a pure L1 penalty on an unbounded side: |t s| <= l1 there.
    @inline(__always)
    func dualScale(forSlope s: Double) -> Double {
        guard l2 == 0, abs(s) > l1 else { return 1 }
        let unboundedSide = s > 0 ? upper.isInfinite : lower.isInfinite
        guard unboundedSide else { return 1 }
        return l1 / abs(s)
    }
}
