/// The working columns z_j as the solvers read them: dense (standardised and centred, contiguous)
/// or sparse (standardised nonzeros only). Every kernel that touches a column goes through the
/// methods below, so a solver is written once for both; the dense branch keeps the vectorised
/// `Kernel` loops, the sparse one costs O(nonzeros of the column).
enum WorkingColumns {
    case dense(Vector)
    case sparse(SparseColumns)
}

/// CSC storage owned by the working problem: row indices and (scaled) values of each column.
final class SparseColumns {
    let starts: [Int]
    let rows: UnsafeMutableBufferPointer<Int>
    let values: UnsafeMutableBufferPointer<Double>

    init(_ x: SparseMatrix) {
        starts = x.columnStarts
        rows = .allocate(capacity: x.storedCount)
        _ = rows.initialize(from: x.rowIndices)
        values = .allocate(capacity: x.storedCount)
        _ = values.initialize(from: x.values)
    }

    deinit {
        rows.deallocate()
        values.deallocate()
    }

    @inline(__always) func range(_ j: Int) -> Range<Int> { starts[j] ..< starts[j + 1] }
}

extension WorkingProblem {
    /// z_j . u
    @inline(__always) func dot(_ j: Int, _ u: UnsafePointer<Double>) -> Double {
        switch columns {
        case .dense(let design):
            return Kernel.dot(design.buffer.baseAddress! + j * rowCount, u, rowCount)
        case .sparse(let stored):
            var s = 0.0
            for e in stored.range(j) { s += stored.values[e] * u[stored.rows[e]] }
            return s
        }
    }

    /// sum_i z_ij a_i b_i
    @inline(__always) func dot3(_ j: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
        switch columns {
        case .dense(let design):
            return Kernel.dot3(design.buffer.baseAddress! + j * rowCount, a, b, rowCount)
        case .sparse(let stored):
            var s = 0.0
            for e in stored.range(j) { let i = stored.rows[e]; s += stored.values[e] * a[i] * b[i] }
            return s
        }
    }

    /// sum_i z_ij z_ik h_i
    func crossDot(_ j: Int, _ k: Int, _ h: UnsafePointer<Double>) -> Double {
        switch columns {
        case .dense(let design):
            let base = design.buffer.baseAddress!
            return Kernel.dot3(base + j * rowCount, base + k * rowCount, h, rowCount)
        case .sparse(let stored):
            var s = 0.0
            var a = stored.starts[j], b = stored.starts[k]
            let endA = stored.starts[j + 1], endB = stored.starts[k + 1]
            while a < endA && b < endB {
                let ia = stored.rows[a], ib = stored.rows[b]
                if ia == ib {
                    s += stored.values[a] * stored.values[b] * h[ia]
                    a += 1; b += 1
                } else if ia < ib { a += 1 } else { b += 1 }
            }
            return s
        }
    }

    /// y += s * z_j
    @inline(__always) func axpy(_ s: Double, _ j: Int, _ y: UnsafeMutablePointer<Double>) {
        switch columns {
        case .dense(let design):
            Kernel.axpy(s, design.buffer.baseAddress! + j * rowCount, y, rowCount)
        case .sparse(let stored):
            for e in stored.range(j) { y[stored.rows[e]] += s * stored.values[e] }
        }
    }

    /// y += s * z_j * w (elementwise)
    @inline(__always) func axpyWeighted(_ s: Double, _ j: Int, _ w: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
        switch columns {
        case .dense(let design):
            Kernel.axpyWeighted(s, design.buffer.baseAddress! + j * rowCount, w, y, rowCount)
        case .sparse(let stored):
            for e in stored.range(j) { let i = stored.rows[e]; y[i] += s * stored.values[e] * w[i] }
        }
    }

    /// Calls `body(i, z_ij)` for the rows that can be nonzero (every row of a dense column).
    @inline(__always) func forEachEntry(_ j: Int, _ body: (Int, Double) -> Void) {
        switch columns {
        case .dense(let design):
            let z = design.buffer.baseAddress! + j * rowCount
            for i in 0 ..< rowCount { body(i, z[i]) }
        case .sparse(let stored):
            for e in stored.range(j) { body(stored.rows[e], stored.values[e]) }
        }
    }

    /// z_ij, one entry (row-wise access for stochastic gradients; a binary search when sparse).
    @inline(__always) func value(row i: Int, column j: Int) -> Double {
        switch columns {
        case .dense(let design):
            return design.buffer[j * rowCount + i]
        case .sparse(let stored):
            var low = stored.starts[j], high = stored.starts[j + 1]
            while low < high {
                let mid = (low + high) / 2
                if stored.rows[mid] < i { low = mid + 1 } else { high = mid }
            }
            return low < stored.starts[j + 1] && stored.rows[low] == i ? stored.values[low] : 0
        }
    }

    /// Column j written out in full (for the few unpenalised columns of a dual projection).
    func denseColumn(_ j: Int) -> [Double] {
        var column = [Double](repeating: 0, count: rowCount)
        forEachEntry(j) { i, z in column[i] = z }
        return column
    }
}
