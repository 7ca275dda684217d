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
