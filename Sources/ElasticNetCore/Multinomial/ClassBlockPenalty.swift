import Foundation

/// The penalty of one feature's K class coefficients (c_j1 .. c_jK, penalty coordinates) at one
/// lambda (CONVENTIONS.md, multinomial): ungrouped, the elastic net of each coefficient on its own
/// (`CoordinatePenalty`, with its bounds); grouped, `l1 ||c_j||_2 + l2/2 ||c_j||_2^2`, the group
/// lasso over the classes, so a feature is in or out for every class at once.
struct ClassBlockPenalty {
    let coordinate: CoordinatePenalty
    let grouped: Bool
    let classCount: Int

    var l1: Double { coordinate.l1 }
    var l2: Double { coordinate.l2 }

    func value(_ c: UnsafePointer<Double>) -> Double {
        if grouped {
            let norm = Self.norm(c, classCount)
            return norm == 0 ? 0 : l1 * norm + 0.5 * l2 * norm * norm
        }
        var total = 0.0
        for k in 0 ..< classCount { total += coordinate.value(c[k]) }
        return total
    }

    /// Distance from minus the gradient g to the subdifferential at c (the KKT residual).
    func kktViolation(coefficients c: UnsafePointer<Double>, gradient g: UnsafePointer<Double>) -> Double {
        if grouped {
            let norm = Self.norm(c, classCount)
            if norm == 0 { return max(Self.norm(g, classCount) - l1, 0) }
            var squared = 0.0
            for k in 0 ..< classCount {
                let r = g[k] + l2 * c[k] + l1 * c[k] / norm
                squared += r * r
            }
            return squared.squareRoot()
        }
        var worst = 0.0
        for k in 0 ..< classCount { worst = max(worst, coordinate.kktViolation(coefficient: c[k], gradient: g[k])) }
        return worst
    }

    /// The grouped block's proximal operator: the minimiser of
    /// `t/2 ||c||^2 - z . c + l1 ||c||_2 + l2/2 ||c||^2` is `factor * z` with this factor, group
    /// soft-thresholding: 0 (the whole block exactly zero) when ||z|| <= l1, else
    /// `(1 - l1 / ||z||) / (t + l2)`. `linearNorm` is ||z||.
    @inline(__always)
    static func groupShrinkage(linearNorm norm: Double, curvature t: Double, penalty: CoordinatePenalty) -> Double {
        norm > penalty.l1 ? (1 - penalty.l1 / norm) / (t + penalty.l2) : 0
    }

    /// Does a zero block violate the KKT conditions under gradient g?
    func zeroViolates(gradient g: UnsafePointer<Double>) -> Bool {
        if grouped { return Self.norm(g, classCount) > l1 }
        for k in 0 ..< classCount where coordinate.kktViolation(coefficient: 0, gradient: g[k]) > 0 { return true }
        return false
    }

    /// The scale in (0, 1] that brings the dual slopes s into the domain of the conjugate.
    func dualScale(forSlopes s: UnsafePointer<Double>) -> Double {
        if grouped {
            let norm = Self.norm(s, classCount)
            return l2 == 0 && norm > l1 ? l1 / norm : 1
        }
        var scale = 1.0
        for k in 0 ..< classCount { scale = min(scale, coordinate.dualScale(forSlope: s[k])) }
        return scale
    }

    /// The Fenchel-Young gap `g(c) + g*(s) - s . c >= 0`, written as `phi(c*) - phi(c)` with
    /// `phi(x) = s . x - g(x)` (see `CoordinatePenalty.conjugateGap`).
    func conjugateGap(coefficients c: UnsafePointer<Double>, dualSlopes s: UnsafePointer<Double>) -> Double {
        if grouped {
            let norm = Self.norm(s, classCount)
            let excess = norm - l1
            var phiBest = 0.0
            if excess > 0 {
                guard l2 > 0 else { return .infinity }
                phiBest = excess * excess / (2 * l2)
            }
            var sc = 0.0
            for k in 0 ..< classCount { sc += s[k] * c[k] }
            return max(phiBest - (sc - value(c)), 0)
        }
        var total = 0.0
        for k in 0 ..< classCount { total += coordinate.conjugateGap(coefficient: c[k], dualSlope: s[k]) }
        return total
    }

    /// The size of a gradient block as the strong rule and lambda_max see it: the largest
    /// |g_k| (ungrouped) or ||g||_2 (grouped).
    static func score(_ g: UnsafePointer<Double>, classCount: Int, grouped: Bool) -> Double {
        if grouped { return norm(g, classCount) }
        var largest = 0.0
        for k in 0 ..< classCount { largest = max(largest, abs(g[k])) }
        return largest
    }

    @inline(__always)
    static func norm(_ x: UnsafePointer<Double>, _ count: Int) -> Double {
        var squared = 0.0
        for k in 0 ..< count { squared += x[k] * x[k] }
        return squared.squareRoot()
    }
}
