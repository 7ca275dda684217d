/// The working columns z_j as the solvers read them: dense (standardised and centred, contiguous)
/// or sparse (standardised nonzeros only). Every kernel that touches a column goes through the
/// methods below, so a solver is written once for both; the dense branch keeps the vectorised
/// `Kernel` loops, the sparse one costs O(nonzeros of the column).
enum WorkingColumns {
    case dense(Vector)
    case sparse(SparseColumns)
}

/// CSC storage owned by the working problem: row indices and (scaled) values of each column.
/// Row indices are 32-bit (the caller checks n < 2^31): 12 bytes an entry instead of 16, which the
/// sweeps, bound by memory traffic on a large sparse design, feel directly.
final class SparseColumns {
    let starts: UnsafeMutableBufferPointer<Int>
    let rows: UnsafeMutableBufferPointer<Int32>
    let values: UnsafeMutableBufferPointer<Double>

    init(_ x: SparseMatrix) {
        starts = .allocate(capacity: x.columnStarts.count)
        _ = starts.initialize(from: x.columnStarts)
        rows = .allocate(capacity: x.storedCount)
        _ = rows.initialize(from: x.rowIndices.lazy.map { Int32(truncatingIfNeeded: $0) })
        values = .allocate(capacity: x.storedCount)
        _ = values.initialize(from: x.values)
    }

    deinit {
        starts.deallocate()
        rows.deallocate()
        values.deallocate()
    }

    @inline(__always) func range(_ j: Int) -> Range<Int> { starts[j] ..< starts[j + 1] }
}

/// The columns as raw pointers, taken once from the owning storage (which the problem keeps
/// alive): the kernels branch on them without touching reference counts, which in the hot loops
/// cost as much as a short dot product.
struct ColumnViews {
    /// Column-major dense design, or nil.
    let dense: UnsafeMutablePointer<Double>?
    /// CSC arrays, or nil.
    let starts: UnsafeMutablePointer<Int>?
    let rows: UnsafeMutablePointer<Int32>?
    let values: UnsafeMutablePointer<Double>?

    init(_ columns: WorkingColumns) {
        switch columns {
        case .dense(let design):
            (dense, starts, rows, values) = (design.buffer.baseAddress!, nil, nil, nil)
        case .sparse(let stored):
            (dense, starts, rows, values) = (nil, stored.starts.baseAddress!, stored.rows.baseAddress, stored.values.baseAddress)
        }
    }
}

extension WorkingProblem {
    /// The entries the working columns hold: n p dense, the stored nonzeros sparse.
    var storedEntryCount: Int {
        isSparse ? views.starts![featureCount] : rowCount * featureCount
    }

    var isSparse: Bool { views.dense == nil }

    /// z_j . u
    @inline(__always) func dot(_ j: Int, _ u: UnsafePointer<Double>) -> Double {
        if let z = views.dense { return Kernel.dot(z + j * rowCount, u, rowCount) }
        let (rows, values) = (views.rows!, views.values!)
        var s = 0.0
        for e in views.starts![j] ..< views.starts![j + 1] { s += values[e] * u[Int(rows[e])] }
        return s
    }

    /// sum_i z_ij a_i b_i
    @inline(__always) func dot3(_ j: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
        if let z = views.dense { return Kernel.dot3(z + j * rowCount, a, b, rowCount) }
        let (rows, values) = (views.rows!, views.values!)
        var s = 0.0
        for e in views.starts![j] ..< views.starts![j + 1] { let i = Int(rows[e]); s += values[e] * a[i] * b[i] }
        return s
    }

    /// sum_i z_ij z_ik h_i
    @inline(__always) func crossDot(_ j: Int, _ k: Int, _ h: UnsafePointer<Double>) -> Double {
        if let z = views.dense { return Kernel.dot3(z + j * rowCount, z + k * rowCount, h, rowCount) }
        let (starts, rows, values) = (views.starts!, views.rows!, views.values!)
        var s = 0.0
        var a = starts[j], b = starts[k]
        let endA = starts[j + 1], endB = starts[k + 1]
        while a < endA && b < endB {
            let ia = rows[a], ib = rows[b]
            if ia == ib {
                s += values[a] * values[b] * h[Int(ia)]
                a += 1; b += 1
            } else if ia < ib { a += 1 } else { b += 1 }
        }
        return s
    }

    /// `Z_A' diag(h) Z_A` for the columns `active`, in the leading block of a `size` x `size`
    /// row-major matrix (zeros elsewhere). Dense: the columns are scaled by sqrt(h) once into a
    /// contiguous block, so each entry is a plain dot product of two streams instead of three
    /// (h >= 0 always: weights times variances).
    func weightedGram(_ active: [Int], curvature h: UnsafePointer<Double>, size: Int) -> [Double] {
        let k = active.count, n = rowCount
        var matrix = [Double](repeating: 0, count: size * size)
        guard let z = views.dense else {
            for b in 0 ..< k {
                for a in 0 ... b {
                    let value = crossDot(active[a], active[b], h)
                    matrix[a * size + b] = value
                    matrix[b * size + a] = value
                }
            }
            return matrix
        }
        let scaled = UnsafeMutablePointer<Double>.allocate(capacity: n * k)
        defer { scaled.deallocate() }
        let roots = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer { roots.deallocate() }
        for i in 0 ..< n { roots[i] = h[i].squareRoot() }
        for (a, j) in active.enumerated() {
            let column = z + j * n, target = scaled + a * n
            for i in 0 ..< n { target[i] = column[i] * roots[i] }
        }
        func set(_ a: Int, _ b: Int, _ value: Double) {
            matrix[a * size + b] = value
            matrix[b * size + a] = value
        }
        // 2 x 2 blocks of the lower triangle (diagonal blocks included), then the odd last row.
        let even = k - k % 2
        for b in stride(from: 0, to: even, by: 2) {
            for a in stride(from: 0, through: b, by: 2) {
                let (v00, v01, v10, v11) = Kernel.dot2x2(scaled + a * n, scaled + (a + 1) * n, scaled + b * n,
                                                         scaled + (b + 1) * n, n)
                set(a, b, v00); set(a, b + 1, v01); set(a + 1, b, v10); set(a + 1, b + 1, v11)
            }
        }
        if even < k {
            for a in 0 ..< k { set(a, even, Kernel.dot(scaled + a * n, scaled + even * n, n)) }
        }
        return matrix
    }

    /// y += s * z_j
    @inline(__always) func axpy(_ s: Double, _ j: Int, _ y: UnsafeMutablePointer<Double>) {
        if let z = views.dense { Kernel.axpy(s, z + j * rowCount, y, rowCount); return }
        let (rows, values) = (views.rows!, views.values!)
        for e in views.starts![j] ..< views.starts![j + 1] { y[Int(rows[e])] += s * values[e] }
    }

    /// y += s * z_j * w (elementwise)
    @inline(__always) func axpyWeighted(_ s: Double, _ j: Int, _ w: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
        if let z = views.dense { Kernel.axpyWeighted(s, z + j * rowCount, w, y, rowCount); return }
        let (rows, values) = (views.rows!, views.values!)
        for e in views.starts![j] ..< views.starts![j + 1] { let i = Int(rows[e]); y[i] += s * values[e] * w[i] }
    }

    /// Calls `body(i, z_ij)` for the rows that can be nonzero (every row of a dense column).
    @inline(__always) func forEachEntry(_ j: Int, _ body: (Int, Double) -> Void) {
        if let z = views.dense {
            let column = z + j * rowCount
            for i in 0 ..< rowCount { body(i, column[i]) }
            return
        }
        let (rows, values) = (views.rows!, views.values!)
        for e in views.starts![j] ..< views.starts![j + 1] { body(Int(rows[e]), values[e]) }
    }

    /// z_ij, one entry (row-wise access for stochastic gradients on a dense design; a binary search
    /// when sparse, where SGD reads its `CompressedRows` instead).
    @inline(__always) func value(row i: Int, column j: Int) -> Double {
        if let z = views.dense { return z[j * rowCount + i] }
        let starts = views.starts!
        let rows = UnsafeBufferPointer(start: views.rows!, count: starts[j + 1])
        return SparseMatrix.position(ofRow: i, in: rows, starts[j] ..< starts[j + 1]).map { views.values![$0] } ?? 0
    }

    /// Column j written out in full (for the few unpenalised columns of a dual projection).
    func denseColumn(_ j: Int) -> [Double] {
        var column = [Double](repeating: 0, count: rowCount)
        forEachEntry(j) { i, z in column[i] = z }
        return column
    }
}
