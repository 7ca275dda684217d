/// A sparse design's empty columns (no nonzero entry), set aside before a fit. Such a column's
/// coefficient is 0 at every lambda (its curvature is 0, so it can never enter), yet every pass
/// over the features (the duality gap, screening, the KKT check, the recorded fit) still visited
/// it: an svmlight file of 10 rows naming feature 2^20 made `cv` take 76 s and 1.3 GB for 50 real
/// columns. The fit runs on the kept columns and its coefficients are put back in place, exactly:
/// the objective does not involve the empty columns at all.
struct EmptyColumns {
    /// The design's column count.
    let featureCount: Int
    /// The kept columns' numbers in the design, ascending.
    let kept: [Int]
    /// The design restricted to the kept columns.
    let x: SparseMatrix
    /// The options restricted to the kept columns.
    let options: FitOptions

    /// Worth it only when the empty columns are many: below this share the passes they cost are
    /// not worth a copy of the design.
    static let minimumEmptyShare = 0.5

    /// The reduction of `x`, or nil when it is dense, has few empty columns, or its per-feature
    /// settings are not valid (the full problem then reports them by their own numbers).
    init?(x: some DesignMatrix, options: FitOptions) {
        guard case .sparse(let sparse) = x.storage, options.featureNumbers == nil else { return nil }
        let p = sparse.columnCount
        let kept = (0 ..< p).filter { j in
            (sparse.columnStarts[j] ..< sparse.columnStarts[j + 1]).contains { sparse.values[$0] != 0 }
        }
        guard Double(p - kept.count) >= Self.minimumEmptyShare * Double(p), Self.valid(options, count: p) else { return nil }
        var starts = [0], rows = [Int](), values = [Double]()
        for j in kept {
            let range = sparse.columnStarts[j] ..< sparse.columnStarts[j + 1]
            rows += sparse.rowIndices[range]
            values += sparse.values[range]
            starts.append(rows.count)
        }
        featureCount = p
        self.kept = kept
        self.x = SparseMatrix(rowCount: sparse.rowCount, columnCount: kept.count, columnStarts: starts,
                              rowIndices: rows, values: values)
        var reduced = options
        reduced.penaltyFactors = options.penaltyFactors.map { all in kept.map { all[$0] } }
        reduced.lowerBounds = options.lowerBounds.map { all in kept.map { all[$0] } }
        reduced.upperBounds = options.upperBounds.map { all in kept.map { all[$0] } }
        reduced.featureNumbers = kept
        self.options = reduced
    }

    /// Per-feature settings of the right length and in range (what `WorkingProblem` checks).
    private static func valid(_ options: FitOptions, count p: Int) -> Bool {
        let pf = options.penaltyFactors ?? [], lower = options.lowerBounds ?? [], upper = options.upperBounds ?? []
        return (options.penaltyFactors == nil || pf.count == p) && pf.allSatisfy { $0 >= 0 }
            && (options.lowerBounds == nil || lower.count == p) && lower.allSatisfy { $0 <= 0 }
            && (options.upperBounds == nil || upper.count == p) && upper.allSatisfy { $0 >= 0 }
    }

    /// A fit of the kept columns with its coefficients in the design's numbering.
    func expand(_ fit: ElasticNetFit) -> ElasticNetFit {
        var full = fit
        full.coefficients = CoefficientVector(count: featureCount, nonzeroIndices: fit.coefficients.nonzeroIndices.map { kept[$0] },
                                              nonzeroValues: fit.coefficients.nonzeroValues)
        return full
    }

    /// A path of the kept columns in the design's numbering, with the caller's options (and the
    /// alpha the path fitted, which a unit-free default sequence sets: `ResponseScale`).
    func expand(_ path: RegularizationPath, options original: FitOptions) -> RegularizationPath {
        var full = path
        full.options = original
        full.options.alpha = path.options.alpha
        full.fits = path.fits.map(expand)
        return full
    }
}

extension ElasticNet {
    /// This model on the kept columns (`EmptyColumns`), or nil when none are set aside.
    func withoutEmptyColumns(of x: some DesignMatrix) -> (model: ElasticNet, columns: EmptyColumns)? {
        guard let columns = EmptyColumns(x: x, options: options) else { return nil }
        var model = self
        model.options = columns.options
        return (model, columns)
    }
}
