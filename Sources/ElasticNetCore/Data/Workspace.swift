/// A fixed-length buffer of doubles allocated once and reused along a path.
///
/// Solvers read and write their vectors (residuals, gradients, coefficients) through the raw
/// pointer so the hot loops carry no copy-on-write or bounds checks in release builds;
/// this is the one place where that memory is owned.
@usableFromInline
final class Vector {
    @usableFromInline let buffer: UnsafeMutableBufferPointer<Double>

    init(count: Int, repeating value: Double = 0) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: value)
    }

    init(_ values: [Double]) {
        buffer = .allocate(capacity: values.count)
        _ = buffer.initialize(from: values)
    }

    deinit { buffer.deallocate() }

    var count: Int { buffer.count }
    var array: [Double] { Array(buffer) }

    @inline(__always) subscript(i: Int) -> Double {
        get { buffer[i] }
        set { buffer[i] = newValue }
    }

    func fill(_ value: Double) { buffer.update(repeating: value) }
    func copy(from other: Vector) { _ = buffer.update(fromContentsOf: other.buffer) }
    func copy(from values: [Double]) { _ = buffer.update(fromContentsOf: values) }
}

/// Kernels on raw columns. Four independent accumulators (the lanes of one SIMD4, lane k summing
/// the elements i = k mod 4, the remainder into lane 0) combined in a fixed order: the result
/// does not depend on threads or alignment. The explicit vector type keeps the loop vectorised
/// whatever it is inlined into; written as four scalars, the vectoriser sometimes paired the
/// wrong accumulators and lost a third of the speed (measured in the active-set Newton system).
enum Kernel {
    @inline(__always)
    private static func load(_ p: UnsafePointer<Double>, _ i: Int) -> SIMD4<Double> {
        UnsafeRawPointer(p + i).loadUnaligned(as: SIMD4<Double>.self)
    }

    @inline(__always)
    private static func total(_ s: SIMD4<Double>) -> Double { (s[0] + s[1]) + (s[2] + s[3]) }

    /// max_i |a_i - b_i| (0 for n = 0; NaN-free inputs assumed, as everywhere here).
    static func maxAbsDifference(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        var m = 0.0
        for i in 0 ..< n { m = max(m, abs(a[i] - b[i])) }
        return m
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        var s = SIMD4<Double>()
        var i = 0
        while i + 4 <= n {
            s += load(a, i) * load(b, i)
            i += 4
        }
        while i < n { s[0] += a[i] * b[i]; i += 1 }
        return total(s)
    }

    /// The four dot products of columns a0, a1 with b0, b1 in one pass: each column is read once
    /// for two products. Every product sums in the same lanes and order as `dot`, so the bits are
    /// the same as four calls of it.
    @inline(__always)
    static func dot2x2(_ a0: UnsafePointer<Double>, _ a1: UnsafePointer<Double>, _ b0: UnsafePointer<Double>,
                       _ b1: UnsafePointer<Double>, _ n: Int) -> (Double, Double, Double, Double) {
        var s00 = SIMD4<Double>(), s01 = SIMD4<Double>(), s10 = SIMD4<Double>(), s11 = SIMD4<Double>()
        var i = 0
        while i + 4 <= n {
            let x0 = load(a0, i), x1 = load(a1, i), y0 = load(b0, i), y1 = load(b1, i)
            s00 += x0 * y0; s01 += x0 * y1
            s10 += x1 * y0; s11 += x1 * y1
            i += 4
        }
        while i < n {
            s00[0] += a0[i] * b0[i]; s01[0] += a0[i] * b1[i]
            s10[0] += a1[i] * b0[i]; s11[0] += a1[i] * b1[i]
            i += 1
        }
        return (total(s00), total(s01), total(s10), total(s11))
    }

    /// sum_i a_i * b_i * c_i
    @inline(__always)
    static func dot3(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafePointer<Double>,
                     _ n: Int) -> Double {
        var s = SIMD4<Double>()
        var i = 0
        while i + 4 <= n {
            s += load(a, i) * load(b, i) * load(c, i)
            i += 4
        }
        while i < n { s[0] += a[i] * b[i] * c[i]; i += 1 }
        return total(s)
    }

    /// y += s * x
    @inline(__always)
    static func axpy(_ s: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        for i in 0 ..< n { y[i] += s * x[i] }
    }

    /// y += s * x * w (elementwise)
    @inline(__always)
    static func axpyWeighted(_ s: Double, _ x: UnsafePointer<Double>, _ w: UnsafePointer<Double>,
                             _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        for i in 0 ..< n { y[i] += s * x[i] * w[i] }
    }

    @inline(__always)
    static func sum(_ a: UnsafePointer<Double>, _ n: Int) -> Double {
        var s = SIMD4<Double>()
        var i = 0
        while i + 4 <= n {
            s += load(a, i)
            i += 4
        }
        while i < n { s[0] += a[i]; i += 1 }
        return total(s)
    }
}
