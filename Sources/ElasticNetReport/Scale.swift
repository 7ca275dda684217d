import Foundation

/// A linear map from data values to pixels, with "nice" ticks (1, 2 or 5 times a power of ten).
/// A log axis is a linear scale over the logged values: the plots log lambda themselves and say
/// so in the axis title, as glmnet does.
public struct Scale {
    public var domain: (low: Double, high: Double)
    public var range: (start: Double, end: Double)

    /// `domain` widened when it is a single point, so a flat series still gets an axis.
    public init(domain low: Double, _ high: Double, range start: Double, _ end: Double) {
        var (a, b) = (min(low, high), max(low, high))
        if !(a.isFinite && b.isFinite) { (a, b) = (0, 1) }
        if a == b { (a, b) = a == 0 ? (-1, 1) : (a - abs(a) * 0.1, b + abs(b) * 0.1) }
        domain = (a, b)
        range = (start, end)
    }

    public func callAsFunction(_ value: Double) -> Double {
        range.start + (value - domain.low) / (domain.high - domain.low) * (range.end - range.start)
    }

    /// The same scale with its domain padded by `fraction` of its width on both sides.
    public func padded(_ fraction: Double) -> Scale {
        let pad = (domain.high - domain.low) * fraction
        return Scale(domain: domain.low - pad, domain.high + pad, range: range.start, range.end)
    }

    /// About `count` round values inside the domain.
    public func ticks(count: Int = 6) -> [Double] {
        let span = domain.high - domain.low
        let step = Self.niceStep(span / Double(max(count, 1)))
        let first = (domain.low / step).rounded(.up), last = (domain.high / step).rounded(.down)
        guard first <= last, last - first < 1000 else { return [] }
        // Multiples of the step, computed from integers so 0.1 * 3 prints as 0.3.
        return stride(from: first, through: last, by: 1).map { k in
            let value = k * step
            return abs(value) < step * 1e-9 ? 0 : value
        }
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, floor(log10(raw)))
        let fraction = raw / power
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * power
    }
}

/// Tick and table numbers: up to 4 significant digits, no trailing zeros, an exponent only for
/// very large or small magnitudes.
public enum Label {
    /// 10^k for a whole k: "1", "10", "0.01", "1e-6".
    public static func power(_ k: Double) -> String {
        let exponent = Int(k.rounded())
        switch exponent {
        case -2 ... 3: return number(pow(10, Double(exponent)))
        default: return "1e\(exponent)"
        }
    }

    public static func number(_ x: Double, digits: Int = 4) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "∞" : "−∞") }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        var text = magnitude >= 1e-3 && magnitude < 1e6
            ? String(format: "%.\(digits)g", x) : String(format: "%.\(max(digits - 2, 1))e", x)
        if text.contains("e") {
            // 1.50e-05 -> 1.5e-5
            let parts = text.split(separator: "e")
            var mantissa = String(parts[0])
            if mantissa.contains(".") {
                while mantissa.hasSuffix("0") { mantissa.removeLast() }
                if mantissa.hasSuffix(".") { mantissa.removeLast() }
            }
            let exponent = Int(parts[1]) ?? 0
            text = "\(mantissa)e\(exponent)"
        }
        // A typographic minus sign reads better than a hyphen in a figure.
        return text.replacingOccurrences(of: "-", with: "−", options: .anchored)
    }
}
