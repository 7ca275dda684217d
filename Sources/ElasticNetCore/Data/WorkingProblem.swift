/// The problem as the solvers see it: the design in penalty coordinates and normalised weights.
///
/// Column j of the working design is `z_j = (x_j - m_j) / s_j`, where m_j is the weighted column
/// mean when an intercept is fitted (0 otherwise) and s_j the weighted 1/n standard deviation under
/// standardisation (1 otherwise). With c_j = s_j b_j the linear predictor is `b0' + Z c` and the
/// penalty is separable in c, exactly the objective of CONVENTIONS.md. Centring makes every column
/// orthogonal to the intercept in the weighted inner product, which decouples the intercept from
/// the coordinate updates. The standardised copy is materialised once (dense data), so the hot loops
/// read plain contiguous columns. Sparse data keeps its nonzeros only (see `columnsCentred`).
final class WorkingProblem {
    let rowCount: Int
    let featureCount: Int
    /// The working columns z_j (owned here), and raw views of them for the kernels.
    let columns: WorkingColumns
    let views: ColumnViews
    /// Are the working columns weighted-centred (so the intercept decouples from them)? True for
    /// dense designs with an intercept; a sparse design keeps its columns uncentred (centring would
    /// fill them in) and the solvers move the intercept as one more coordinate instead, which
    /// minimises the same objective.
    let columnsCentred: Bool
    let response: Vector
    /// A fixed part of the linear predictor, per row (nil: none). A gaussian offset is folded into
    /// the response instead (y - offset), which is the same objective.
    let offset: Vector?
    /// Observation weights normalised to sum to 1 (w_i / sum w).
    let weights: Vector
    let hasUniformWeights: Bool
    let intercept: Bool
    let alpha: Double
    /// The kind of penalty (CONVENTIONS.md's elastic net unless asked otherwise).
    let penaltyKind: PenaltyKind
    /// m_j: the value subtracted from column j (0 without an intercept, and for sparse columns).
    let centers: [Double]
    /// s_j: the divisor of column j (1 without standardisation).
    let scales: [Double]
    /// pf_j, with `.infinity` for features that cannot enter (excluded, or constant under standardisation).
    let penaltyFactors: [Double]
    /// Bounds on c_j = s_j b_j.
    let lower: [Double]
    let upper: [Double]
    /// sum_i v_i z_ij^2: the curvature of the gaussian loss along feature j.
    let columnCurvature: [Double]

    /// Validates the inputs and builds the working design. Throws for anything no objective can be
    /// built from (shapes, non-finite values, negative weights, bad bounds or penalty factors).
    convenience init(x: some DesignMatrix, y: [Double], weights: [Double]?, offset: [Double]? = nil,
                     options: FitOptions) throws(ElasticNetError) {
        switch x.storage {
        case .dense(let dense): try self.init(dense: dense, y: y, weights: weights, offset: offset, options: options)
        case .sparse(let sparse): try self.init(sparse: sparse, y: y, weights: weights, offset: offset, options: options)
        }
    }

    private convenience init(dense x: DenseMatrix, y: [Double], weights: [Double]?, offset: [Double]?,
                 options: FitOptions) throws(ElasticNetError) {
        let n = x.rowCount, p = x.columnCount
        for j in 0 ..< p {
            for i in 0 ..< n where !x[row: i, column: j].isFinite {
                throw .nonFiniteValue(what: "design value", row: i, column: j)
            }
        }
        let common = try Common(rowCount: n, featureCount: p, y: y, weights: weights, offset: offset, options: options)
        let design = Vector(x.values)
        var centers = [Double](repeating: 0, count: p)
        var scales = [Double](repeating: 1, count: p)
        var factors = common.penaltyFactors
        var curvature = [Double](repeating: 0, count: p)
        let v = common.weights.buffer
        for j in 0 ..< p {
            let column = design.buffer.baseAddress! + j * n
            let mean = Kernel.dot(column, v.baseAddress!, n)
            var variance = 0.0
            for i in 0 ..< n { let d = column[i] - mean; variance += v[i] * d * d }
            guard variance.isFinite, mean.isFinite else {
                throw Self.tooLarge(column: j, largest: (0 ..< n).reduce(0) { max($0, abs(column[$1])) })
            }
            let constant = Self.isConstant(column: column, weights: v)
            if options.standardize {
                if constant { scales[j] = 1; factors[j] = .infinity } else { scales[j] = variance.squareRoot() }
            }
            if options.intercept { centers[j] = mean }
            let (m, s) = (centers[j], scales[j])
            for i in 0 ..< n { column[i] = (column[i] - m) / s }
            if options.intercept && constant {
                // A centred constant column is zero in exact arithmetic; make it so in floating point.
                for i in 0 ..< n { column[i] = 0 }
            }
            curvature[j] = Kernel.dot3(column, column, v.baseAddress!, n)
            guard curvature[j].isFinite else {
                throw Self.tooLarge(column: j, largest: (0 ..< n).reduce(0) { max($0, abs(column[$1])) })
            }
            if !(curvature[j] > 0) { factors[j] = .infinity }   // an all-zero column cannot enter
        }
        self.init(common: common, columns: .dense(design), centred: options.intercept, centers: centers,
                  scales: scales, factors: factors, curvature: curvature)
    }

    /// A sparse design: standardisation divides the stored values (zeros stay zeros); the columns
    /// are not centred, so nothing is filled in.
    private convenience init(sparse x: SparseMatrix, y: [Double], weights: [Double]?, offset: [Double]?,
                 options: FitOptions) throws(ElasticNetError) {
        let n = x.rowCount, p = x.columnCount
        guard n <= Int(Int32.max) else { throw .outOfRange("a sparse design has at most \(Int32.max) rows, got \(n)") }
        for j in 0 ..< p {
            for e in x.columnStarts[j] ..< x.columnStarts[j + 1] where !x.values[e].isFinite {
                throw .nonFiniteValue(what: "design value", row: x.rowIndices[e], column: j)
            }
        }
        let common = try Common(rowCount: n, featureCount: p, y: y, weights: weights, offset: offset, options: options)
        let stored = SparseColumns(x)
        var scales = [Double](repeating: 1, count: p)
        var factors = common.penaltyFactors
        var curvature = [Double](repeating: 0, count: p)
        let v = common.weights.buffer
        let weightedRows = v.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        for j in 0 ..< p {
            let range = stored.range(j)
            var mean = 0.0, storedWeight = 0.0, weightedStored = 0
            var first: Double? = nil, constant = true
            for e in range {
                let i = Int(stored.rows[e]), value = stored.values[e], w = v[i]
                mean += w * value
                storedWeight += w
                if w > 0 {
                    weightedStored += 1
                    if let f = first { if value != f { constant = false } } else { first = value }
                }
            }
            // Rows not stored hold 0: constant means every weighted row stored with one value, or
            // every weighted stored value 0.
            if weightedStored < weightedRows && (first ?? 0) != 0 { constant = false }
            var variance = (1 - storedWeight) * mean * mean
            for e in range { let d = stored.values[e] - mean; variance += v[Int(stored.rows[e])] * d * d }
            guard variance.isFinite, mean.isFinite else {
                throw Self.tooLarge(column: j, largest: range.reduce(0) { max($0, abs(stored.values[$1])) })
            }
            if options.standardize {
                if constant { factors[j] = .infinity } else { scales[j] = variance.squareRoot() }
            }
            if options.intercept && constant { factors[j] = .infinity }   // the intercept's own direction
            let s = scales[j]
            var h = 0.0
            for e in range {
                stored.values[e] /= s
                h += v[Int(stored.rows[e])] * stored.values[e] * stored.values[e]
            }
            curvature[j] = h
            guard h.isFinite else {
                throw Self.tooLarge(column: j, largest: range.reduce(0) { max($0, abs(stored.values[$1])) * s })
            }
            if !(curvature[j] > 0) { factors[j] = .infinity }
        }
        self.init(common: common, columns: .sparse(stored), centred: false,
                  centers: [Double](repeating: 0, count: p), scales: scales, factors: factors, curvature: curvature)
    }

    private init(common: Common, columns: WorkingColumns, centred: Bool, centers: [Double], scales: [Double],
                 factors: [Double], curvature: [Double]) {
        rowCount = common.rowCount
        featureCount = common.featureCount
        intercept = common.intercept
        alpha = common.alpha
        penaltyKind = common.penaltyKind
        response = common.response
        offset = common.offset
        weights = common.weights
        hasUniformWeights = common.hasUniformWeights
        self.columns = columns
        views = ColumnViews(columns)
        columnsCentred = centred
        self.centers = centers
        self.scales = scales
        self.penaltyFactors = factors
        // Adding 0 turns a user's -0.0 bound into +0.0, so a clamped zero is never negative zero.
        self.lower = (0 ..< featureCount).map { common.lowerBounds[$0] * scales[$0] + 0 }
        self.upper = (0 ..< featureCount).map { common.upperBounds[$0] * scales[$0] + 0 }
        self.columnCurvature = curvature
    }

    /// What every design shares: the validated response, offset, weights and per-feature settings.
    private struct Common {
        let rowCount: Int, featureCount: Int
        let intercept: Bool, alpha: Double, penaltyKind: PenaltyKind
        let response: Vector, offset: Vector?, weights: Vector, hasUniformWeights: Bool
        let penaltyFactors: [Double], lowerBounds: [Double], upperBounds: [Double]

        init(rowCount n: Int, featureCount p: Int, y: [Double], weights: [Double]?, offset: [Double]?,
             options: FitOptions) throws(ElasticNetError) {
            guard y.count == n else {
                throw .shapeMismatch("the response has \(y.count) values but the design has \(n) rows")
            }
            guard n >= 2 else { throw .tooFewRows(n) }
            guard options.alpha >= 0 && options.alpha <= 1 else { throw .alphaOutOfRange(options.alpha) }
            try options.penalty.validate(family: options.family)
            guard options.tolerance > 0 && options.tolerance < 1 else { throw .invalidTolerance(options.tolerance) }
            for i in 0 ..< n where !y[i].isFinite { throw .nonFiniteValue(what: "response", row: i, column: nil) }
            if let offset {
                guard offset.count == n else { throw .shapeMismatch("there are \(offset.count) offsets for \(n) rows") }
                for i in 0 ..< n where !offset[i].isFinite { throw .nonFiniteValue(what: "offset", row: i, column: nil) }
            }
            let normalisedWeights = try WorkingProblem.normalise(weights: weights, count: n)
            let pf = try WorkingProblem.checkedPerFeature(options.penaltyFactors, count: p, default: 1, name: "penalty factors")
            lowerBounds = try WorkingProblem.checkedPerFeature(options.lowerBounds, count: p, default: -.infinity, name: "lower bounds")
            upperBounds = try WorkingProblem.checkedPerFeature(options.upperBounds, count: p, default: .infinity, name: "upper bounds")
            for j in 0 ..< p {
                guard pf[j] >= 0, !pf[j].isNaN else { throw .invalidPenaltyFactor(feature: j, value: pf[j]) }
                guard lowerBounds[j] <= 0, upperBounds[j] >= 0 else {
                    throw .invalidBound(feature: j, lower: lowerBounds[j], upper: upperBounds[j])
                }
            }
            rowCount = n
            featureCount = p
            intercept = options.intercept
            alpha = options.alpha
            penaltyKind = options.penalty
            penaltyFactors = pf
            if let offset, options.family == .gaussian {
                response = Vector((0 ..< n).map { y[$0] - offset[$0] })
                self.offset = nil
            } else {
                response = Vector(y)
                self.offset = offset.map { Vector($0) }
            }
            self.weights = Vector(normalisedWeights)
            // The loss is a weighted sum of squares (gaussian) or of y * eta terms: a response
            // whose squares overflow has no finite objective.
            let r = response.buffer
            let mean = (0 ..< n).reduce(0.0) { $0 + normalisedWeights[$1] * r[$1] }
            let spread = (0 ..< n).reduce(0.0) { $0 + normalisedWeights[$1] * (r[$1] - mean) * (r[$1] - mean) }
            guard mean.isFinite, spread.isFinite else {
                let largest = (0 ..< n).reduce(0.0) { max($0, abs(r[$1])) }
                throw .outOfRange("the response has values too large for the loss in double precision (largest |y| = \(largest)); rescale it")
            }
            let uniform = 1.0 / Double(n)
            hasUniformWeights = normalisedWeights.allSatisfy { $0 == uniform }
        }
    }

    @inline(__always) func isExcluded(_ j: Int) -> Bool { penaltyFactors[j].isInfinite }

    /// The penalty of feature j at `lambda`, in penalty coordinates.
    @inline(__always) func penalty(_ j: Int, lambda: Double) -> CoordinatePenalty {
        let strength = lambda * penaltyFactors[j]
        return CoordinatePenalty(l1: strength * alpha, l2: strength * (1 - alpha), lower: lower[j], upper: upper[j],
                                 kind: penaltyKind)
    }

    /// Is feature j free of any penalty at `lambda` (so it belongs with the intercept)?
    @inline(__always) func isUnpenalised(_ j: Int, lambda: Double) -> Bool {
        !isExcluded(j) && (penaltyFactors[j] == 0 || lambda == 0)
    }

    /// eta = offset + b0 + Z c, from scratch (no running sums), skipping exact zeros.
    func linearPredictor(coefficients c: UnsafeBufferPointer<Double>, intercept b0: Double,
                         into eta: UnsafeMutableBufferPointer<Double>) {
        if let offset {
            for i in 0 ..< rowCount { eta[i] = offset[i] + b0 }
        } else {
            eta.update(repeating: b0)
        }
        for j in 0 ..< featureCount where c[j] != 0 {
            axpy(c[j], j, eta.baseAddress!)
        }
    }

    /// The first pair of penalised features whose working columns agree to 1e-9 of their size, if
    /// any (the lasso's answer is then not unique): a copied column, or one in other units under
    /// standardisation. Columns are bucketed by a hash of their rounded values, O(n p); a pair split
    /// by a rounding boundary can be missed, so this only ever warns.
    func duplicatedColumns() -> (Int, Int)? {
        var seen: [UInt64: [Int]] = [:]
        for j in 0 ..< featureCount where !isExcluded(j) {
            guard let (key, size) = fingerprint(j) else { continue }
            for k in seen[key, default: []] where sameColumn(j, k, tolerance: 1e-9 * size) { return (k, j) }
            seen[key, default: []].append(j)
        }
        return nil
    }

    /// A hash (FNV-1a over row numbers and values rounded to 1e-9 of the largest) of column j's
    /// nonzeros, and that largest magnitude; nil for an all-zero column. FNV rather than `Hasher`:
    /// a multiply per entry instead of SipHash rounds, this pass being O(n p) on every lasso path.
    private func fingerprint(_ j: Int) -> (key: UInt64, size: Double)? {
        var size = 0.0
        forEachEntry(j) { _, z in size = max(size, abs(z)) }
        guard size > 0 else { return nil }
        let prime: UInt64 = 0x100000001b3
        var key: UInt64 = 0xcbf29ce484222325
        forEachEntry(j) { i, z in
            guard z != 0 else { return }
            key = (key ^ UInt64(truncatingIfNeeded: i)) &* prime
            key = (key ^ UInt64(bitPattern: Int64((z / size * 1e9).rounded()))) &* prime
        }
        return (key, size)
    }

    private func sameColumn(_ j: Int, _ k: Int, tolerance: Double) -> Bool {
        zip(denseColumn(j), denseColumn(k)).allSatisfy { abs($0 - $1) <= tolerance }
    }

    /// Original-unit coefficients and intercept from penalty coordinates.
    func originalUnits(coefficients c: [Double], intercept b0: Double) -> (intercept: Double, coefficients: [Double]) {
        var b = [Double](repeating: 0, count: featureCount)
        var b0Original = b0
        for j in 0 ..< featureCount where c[j] != 0 {
            b[j] = c[j] / scales[j]
            b0Original -= centers[j] * b[j]
        }
        return (b0Original, b)
    }

    /// Penalty coordinates from original units (the inverse of `originalUnits`).
    func penaltyCoordinates(coefficients b: [Double], intercept b0: Double) -> (intercept: Double, coefficients: [Double]) {
        var c = [Double](repeating: 0, count: featureCount)
        var b0Working = b0
        for j in 0 ..< featureCount where b[j] != 0 {
            c[j] = b[j] * scales[j]
            b0Working += centers[j] * b[j]
        }
        return (b0Working, c)
    }

    /// The error for a column whose squares overflow (the loss and its curvature would be infinite).
    private static func tooLarge(column j: Int, largest: Double) -> ElasticNetError {
        .outOfRange("feature \(j + 1) has values too large for the squared-error and curvature terms in double precision (largest |x| = \(largest)); rescale it")
    }

    private static func normalise(weights: [Double]?, count n: Int) throws(ElasticNetError) -> [Double] {
        guard let weights else { return [Double](repeating: 1.0 / Double(n), count: n) }
        guard weights.count == n else {
            throw .shapeMismatch("there are \(weights.count) weights for \(n) rows")
        }
        for (i, w) in weights.enumerated() {
            guard w.isFinite else { throw .nonFiniteValue(what: "weight", row: i, column: nil) }
            guard w >= 0 else { throw .negativeWeight(row: i, value: w) }
        }
        // Summed after scaling: raw weights of 1e308 would overflow the sum.
        let scaled = ObservationWeights.relative(weights)
        let total = scaled.reduce(0, +)
        guard total > 0 else { throw .zeroTotalWeight }
        return scaled.map { $0 / total }
    }

    private static func checkedPerFeature(_ values: [Double]?, count p: Int, default value: Double,
                                          name: String) throws(ElasticNetError) -> [Double] {
        guard let values else { return [Double](repeating: value, count: p) }
        guard values.count == p else {
            throw .shapeMismatch("there are \(values.count) \(name) for \(p) features")
        }
        return values
    }

    /// Constant over the rows that carry weight: compared exactly, so a column of 0.1s is constant
    /// even though its computed variance may be 1e-34 rather than 0.
    private static func isConstant(column: UnsafePointer<Double>, weights v: UnsafeMutableBufferPointer<Double>) -> Bool {
        var first: Double? = nil
        for i in 0 ..< v.count where v[i] > 0 {
            if let f = first { if column[i] != f { return false } } else { first = column[i] }
        }
        return true
    }
}
