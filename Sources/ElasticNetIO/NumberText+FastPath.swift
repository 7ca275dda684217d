extension NumberText {
    /// The value of a plain decimal such as `-12.5` or `3e-7` when it can be computed exactly
    /// without strtod, else nil (and strtod decides).
    ///
    /// Clinger's fast path (W. D. Clinger, "How to read floating point numbers accurately", PLDI
    /// 1990): when the digits form an integer w < 2^53 and the decimal exponent q has |q| <= 22,
    /// both w and 10^|q| are exact Doubles, so the one IEEE multiplication or division w * 10^q
    /// (or w / 10^-q) is correctly rounded: the same bits strtod gives. Most numbers in data files
    /// qualify, and this is several times faster than strtod, which dominated the reading time.
    ///
    /// Only the plain grammar `[+-] digits [. digits] [(e|E) [+-] digits]` is taken here; hex
    /// floats, inf, nan, a lone "." or "1e" go to strtod, which accepts or rejects them.
    @inline(__always)
    static func exactPlainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        var negative = false
        if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var w: UInt64 = 0
        var significantDigits = 0   // digits after the leading zeros; at most 19 fit in a UInt64
        var mantissaDigits = 0
        var fractionDigits = 0
        var seenPoint = false
        while i < end {
            let byte = bytes[i]
            if byte == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
            } else if byte &- UInt8(ascii: "0") < 10 {
                mantissaDigits += 1
                if seenPoint { fractionDigits += 1 }
                if w != 0 || byte != UInt8(ascii: "0") {
                    significantDigits += 1
                    if significantDigits > 19 { return nil }
                    w = w &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                }
            } else {
                break
            }
            i += 1
        }
        guard mantissaDigits > 0 else { return nil }
        var exponent = 0
        if i < end {
            guard bytes[i] | 0x20 == UInt8(ascii: "e") else { return nil }
            i += 1
            var exponentNegative = false
            if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < end else { return nil }
            while i < end {
                let digit = bytes[i] &- UInt8(ascii: "0")
                guard digit < 10, exponent < 100_000 else { return nil }
                exponent = exponent * 10 + Int(digit)
                i += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        let q = exponent - fractionDigits
        guard w <= 1 << 53, (-22 ... 22).contains(q) else { return nil }
        let magnitude = q >= 0 ? Double(w) * exactPowersOfTen[q] : Double(w) / exactPowersOfTen[-q]
        return negative ? -magnitude : magnitude
    }

    /// 10^0 ... 10^22, each exactly representable as a Double (10^22 < 2^53 * 2^22 with a 5^22
    /// odd part under 2^53), written as literals so no arithmetic can round them.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
