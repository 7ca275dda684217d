import ElasticNetKernels

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

/// Kernels on raw columns: the C functions of ElasticNetKernels, which run on the widest vector
/// unit the processor has and sum in four lanes combined in a fixed order, so the result depends
/// neither on the machine, nor on threads, nor on alignment (see Kernels.c for why they are C).
enum Kernel {
    /// max_i |a_i - b_i| (0 for n = 0; NaN-free inputs assumed, as everywhere here).
    static func maxAbsDifference(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        var m = 0.0
        for i in 0 ..< n { m = max(m, abs(a[i] - b[i])) }
        return m
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        enet_dot(a, b, n)
    }

    /// The four dot products of columns a0, a1 with b0, b1 in one pass: each column is read once
    /// for two products, and each product has the bits of `dot`.
    @inline(__always)
    static func dot2x2(_ a0: UnsafePointer<Double>, _ a1: UnsafePointer<Double>, _ b0: UnsafePointer<Double>,
                       _ b1: UnsafePointer<Double>, _ n: Int) -> (Double, Double, Double, Double) {
        var out: (Double, Double, Double, Double) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &out) { raw in
            enet_dot2x2(a0, a1, b0, b1, n, raw.baseAddress!.assumingMemoryBound(to: Double.self))
        }
        return out
    }

    /// sum_i a_i * b_i * c_i
    @inline(__always)
    static func dot3(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafePointer<Double>,
                     _ n: Int) -> Double {
        enet_dot3(a, b, c, n)
    }

    /// y += s * x
    @inline(__always)
    static func axpy(_ s: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        enet_axpy(s, x, y, n)
    }

    /// y += s * x * w (elementwise)
    @inline(__always)
    static func axpyWeighted(_ s: Double, _ x: UnsafePointer<Double>, _ w: UnsafePointer<Double>,
                             _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        enet_axpy_weighted(s, x, w, y, n)
    }

    @inline(__always)
    static func sum(_ a: UnsafePointer<Double>, _ n: Int) -> Double {
        enet_sum(a, n)
    }
}
