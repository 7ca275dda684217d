import ElasticNetCore
import Testing

/// Exactly collinear columns leave no rounding residues: every coefficient is 0.0 or a nonzero of a
/// certified point, never a 5e-14 left where the exact optimum has 0 (issue 16, point 2).
struct CollinearColumnsTests {
    /// diabetes with its two-valued `sex` and a three-group `age` one-hot encoded with every level
    /// kept: each group's columns sum to the intercept's column.
    static func oneHotDiabetes() throws -> (x: DenseMatrix, y: [Double], levelColumns: [[Int]]) {
        let data = try SharedData.load("diabetes")
        let n = data.x.rowCount, p = data.x.columnCount
        let age = (0 ..< n).map { data.x[row: $0, column: 0] }, sex = (0 ..< n).map { data.x[row: $0, column: 1] }
        let sorted = age.sorted(), cuts = (sorted[n / 3], sorted[2 * n / 3])
        var columns = (2 ..< p).map { j in (0 ..< n).map { data.x[row: $0, column: j] } }
        let sexLevels = Array(Set(sex)).sorted()
        for level in sexLevels { columns.append(sex.map { $0 == level ? 1 : 0 }) }
        let group = age.map { $0 < cuts.0 ? 0 : $0 < cuts.1 ? 1 : 2 }
        for g in 0 ..< 3 { columns.append(group.map { $0 == g ? 1 : 0 }) }
        let first = p - 2
        let x = DenseMatrix(rowCount: n, columnCount: columns.count, columnMajor: columns.flatMap { $0 })
        return (x, data.y, [[first, first + 1], [first + 2, first + 3, first + 4]])
    }

    /// No nonzero is below 1e-8 of the largest in penalty units (|b_j| s_j): far above rounding
    /// (1e-16) and far below any coefficient the lasso path itself produces between grid points.
    static func smallestRelativeNonzero(_ fit: ElasticNetFit, _ check: Optimality) -> Double {
        let sizes = fit.coefficients.enumerated().map { abs($0.element) * check.scale($0.offset) }
        let largest = sizes.max() ?? 0
        return sizes.filter { $0 > 0 }.map { $0 / largest }.min() ?? 1
    }

    @Test(arguments: [1.0, 0.5])
    func oneHotLevelsBesideTheInterceptLeaveNoResidues(_ alpha: Double) throws {
        let (x, y, groups) = try Self.oneHotDiabetes()
        let options = FitOptions(alpha: alpha)
        let path = try ElasticNet(options: options).path(x: x, y: y, lambdas: .automatic(count: 100))
        let check = Optimality(x: x, y: y, weights: nil, options: path.options)
        for fit in path.fits {
            #expect(fit.converged)
            #expect(Self.smallestRelativeNonzero(fit, check) >= 1e-8, "lambda \(fit.lambda): \(Array(fit.coefficients))")
            #expect(check.unexcusedViolations(fit).isEmpty, "lambda \(fit.lambda)")
            // The lasso's L1-cheapest split of a group's effect leaves some level exactly 0 once
            // the group is in the model (the intercept carries the common part).
            if alpha == 1 {
                for levels in groups where levels.contains(where: { fit.coefficients[$0] != 0 }) {
                    #expect(levels.contains { fit.coefficients[$0] == 0 }, "lambda \(fit.lambda): \(levels.map { fit.coefficients[$0] })")
                }
            }
        }
    }

    /// A duplicated column: the lasso's split between the copies is not unique (any split of one
    /// sign is optimal; the path warns), so each copy is 0.0 or a certified nonzero of that sign,
    /// never a rounding residue.
    @Test func aDuplicatedColumnLeavesNoResidueUnderTheLasso() throws {
        let data = try SharedData.load("diabetes")
        let n = data.x.rowCount, p = data.x.columnCount
        var values = data.x.values
        values += (0 ..< n).map { data.x[row: $0, column: 2] }   // bmi again
        let x = DenseMatrix(rowCount: n, columnCount: p + 1, columnMajor: values)
        let path = try ElasticNet().path(x: x, y: data.y, lambdas: .automatic(count: 100))
        let check = Optimality(x: x, y: data.y, weights: nil, options: path.options)
        for fit in path.fits {
            #expect(fit.coefficients[2] * fit.coefficients[p] >= 0, "lambda \(fit.lambda): copies of opposite signs")
            #expect(Self.smallestRelativeNonzero(fit, check) >= 1e-8, "lambda \(fit.lambda)")
            #expect(check.unexcusedViolations(fit).isEmpty)
        }
    }
}
