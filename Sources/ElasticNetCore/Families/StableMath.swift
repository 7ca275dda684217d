import Foundation

/// Delicate scalar math in one place: each function stays finite and accurate for any finite input.
enum StableMath {
    /// log(1 + e^x) without overflow for large x or loss of precision for very negative x.
    @inline(__always)
    static func log1pExp(_ x: Double) -> Double {
        if x > 35 { return x + exp(-x) }           // e^-x below 1e-15 relative: the tail is exact to rounding
        if x < -35 { return exp(x) }
        return log1p(exp(x))
    }

    /// The logistic function 1 / (1 + e^-x), evaluated on the side that cannot overflow.
    @inline(__always)
    static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }

    /// q log(q / p) with the convention 0 log 0 = 0.
    @inline(__always)
    static func xLogXOverY(_ q: Double, _ p: Double) -> Double {
        q > 0 ? q * log(q / p) : 0
    }
}
