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

/// Kernels on raw columns. Four independent accumulators combined in a fixed order: the
/// compiler can vectorise them, and the result does not depend on threads or alignment.
enum Kernel {
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= n {
            s0 += a[i] * b[i]; s1 += a[i + 1] * b[i + 1]
            s2 += a[i + 2] * b[i + 2]; s3 += a[i + 3] * b[i + 3]
            i += 4
        }
        while i < n { s0 += a[i] * b[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// sum_i a_i * b_i * c_i
    @inline(__always)
    static func dot3(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafePointer<Double>,
                     _ n: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= n {
            s0 += a[i] * b[i] * c[i]; s1 += a[i + 1] * b[i + 1] * c[i + 1]
            s2 += a[i + 2] * b[i + 2] * c[i + 2]; s3 += a[i + 3] * b[i + 3] * c[i + 3]
            i += 4
        }
        while i < n { s0 += a[i] * b[i] * c[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
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
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= n {
            s0 += a[i]; s1 += a[i + 1]; s2 += a[i + 2]; s3 += a[i + 3]
            i += 4
        }
        while i < n { s0 += a[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }
}
