import ElasticNetCore
import Foundation
import Testing

/// A sparse design's empty columns are set aside before the fit (they cannot enter, and visiting
/// them made a 10-row svmlight file naming feature 2^20 take minutes): the fit must be the fit of
/// the kept columns, coefficient for coefficient, with zeros in the empty places, whatever the
/// per-feature settings.
struct EmptyColumnTests {
    /// 30 rows, 6 real columns (dense in the sparse format), spread among `width` columns at
    /// `places`; the rest are empty.
    static func problem(width: Int, places: [Int]) -> (wide: SparseMatrix, narrow: SparseMatrix, y: [Double]) {
        let columns = HostileProblemTests.design(rows: 30, columns: places.count, seed: 21)
        let y = HostileProblemTests.response(columns)
        func sparse(_ p: Int, _ at: [Int]) -> SparseMatrix {
            var starts = [0], rows = [Int](), values = [Double]()
            for j in 0 ..< p {
                if let k = at.firstIndex(of: j) { rows += 0 ..< 30; values += columns[k] }
                starts.append(rows.count)
            }
            return SparseMatrix(rowCount: 30, columnCount: p, columnStarts: starts, rowIndices: rows, values: values)
        }
        return (sparse(width, places), sparse(places.count, Array(0 ..< places.count)), y)
    }

    @Test(arguments: [Family.gaussian, .binomial, .poisson])
    func emptyColumnsChangeNothing(family: Family) throws {
        let places = [3, 10, 11, 500, 4000, 4095]
        let (wide, narrow, y) = Self.problem(width: 4096, places: places)
        let response = family == .gaussian ? y : family == .binomial ? y.map { $0 > 0 ? 1 : 0 } : y.map { exp($0 / 2).rounded(.down) }
        var options = FitOptions(family: family, alpha: 0.8)
        // Per-feature settings follow their columns: feature 10 unpenalised, 500 kept non-negative.
        var factors = [Double](repeating: 1, count: 4096), lower = [Double](repeating: -.infinity, count: 4096)
        factors[10] = 0
        lower[500] = 0
        options.penaltyFactors = factors
        options.lowerBounds = lower
        var narrowOptions = options
        narrowOptions.penaltyFactors = places.map { factors[$0] }
        narrowOptions.lowerBounds = places.map { lower[$0] }
        let full = try ElasticNet(options: options).path(x: wide, y: response, lambdas: .automatic(count: 12))
        let kept = try ElasticNet(options: narrowOptions).path(x: narrow, y: response, lambdas: .automatic(count: 12))
        // The caller's options come back, with the alpha the path fitted (a unit-free default
        // gaussian sequence reads alpha on the standardised response: docs/defaults.md).
        var expected = options
        expected.alpha = kept.options.alpha
        #expect(full.options == expected, "the caller's options come back")
        #expect(full.lambdas == kept.lambdas)
        for (a, b) in zip(full.fits, kept.fits) {
            #expect(a.coefficients.count == 4096 && a.intercept == b.intercept && a.certificate.dualityGap == b.certificate.dualityGap)
            #expect(a.coefficients.nonzeroIndices == b.coefficients.nonzeroIndices.map { places[$0] })
            #expect(a.coefficients.nonzeroValues == b.coefficients.nonzeroValues)
            #expect(a.coefficients[500] >= 0)
        }
        #expect(full.fits.allSatisfy { $0.coefficients[10] != 0 }, "the unpenalised feature is in at every lambda")
        let one = try ElasticNet(options: options).fit(x: wide, y: response, lambda: full.lambdas[5])
        #expect(one.coefficients.count == 4096 && one.converged)
        #expect(Set(one.coefficients.nonzeroIndices).isSubset(of: places))
    }

    /// An invalid per-feature setting is reported by its own feature number, not the kept one's.
    @Test func errorsNameTheUsersFeature() {
        let (wide, _, y) = Self.problem(width: 100, places: [1, 2, 3, 4, 5, 6])
        var options = FitOptions()
        var factors = [Double](repeating: 1, count: 100)
        factors[50] = -1
        options.penaltyFactors = factors
        #expect(throws: ElasticNetError.invalidPenaltyFactor(feature: 50, value: -1)) {
            try ElasticNet(options: options).path(x: wide, y: y)
        }
    }
}
