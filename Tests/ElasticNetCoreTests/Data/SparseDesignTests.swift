import ElasticNetCore
import Foundation
import Testing

/// A sparse design is the same objective as its dense copy: the solvers read it through other
/// kernels (uncentred columns, the intercept as a coordinate), so the fits must agree to the
/// certified accuracy, and each sparse fit must pass the independent optimality check made on the
/// dense matrix.
struct SparseDesignTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let family: Family
        let alpha: Double
        let standardize: Bool
        let intercept: Bool
        var testDescription: String { "\(family) alpha=\(alpha) standardize=\(standardize) intercept=\(intercept)" }
    }

    static let cases: [Case] = [Family.gaussian, .binomial, .poisson, .multinomial].flatMap { family in
        [1.0, 0.5].flatMap { alpha in
            [(true, true), (false, true), (true, false)].map {
                Case(family: family, alpha: alpha, standardize: $0.0, intercept: $0.1)
            }
        }
    }

    /// sparse_example's y for gaussian; for the other families a response derived from it
    /// (above the median; a count from exp(y / 2); tertiles).
    static func response(_ y: [Double], family: Family) -> [Double] {
        let sorted = y.sorted()
        let median = sorted[y.count / 2]
        switch family {
        case .gaussian: return y
        case .binomial: return y.map { $0 > median ? 1 : 0 }
        case .poisson: return y.map { (exp($0 / 2)).rounded(.down) }
        case .gamma: return y.map { exp($0 / 2) }
        case .multinomial:
            let (low, high) = (sorted[y.count / 3], sorted[2 * y.count / 3])
            return y.map { $0 < low ? 0 : $0 < high ? 1 : 2 }
        }
    }

    @Test(arguments: cases)
    func sparseAndDenseCopiesGiveTheSamePath(_ c: Case) throws {
        let data = try SharedData.load("sparse_example")
        let sparse = SparseMatrix(data.x)
        #expect(sparse.storedCount == 322)                   // the data set's stated nonzeros
        var options = FitOptions(family: c.family, alpha: c.alpha, standardize: c.standardize, intercept: c.intercept)
        options.tolerance = 1e-10
        let model = ElasticNet(options: options)
        let y = Self.response(data.y, family: c.family)
        if c.family == .multinomial {
            let classes = y.map { Int($0) }
            let dense = try model.multinomialPath(x: data.x, classes: classes, classCount: 3, lambdas: .automatic(count: 15))
            let fromSparse = try model.multinomialPath(x: sparse, classes: classes, classCount: 3, lambdas: .automatic(count: 15))
            #expect(abs(dense.lambdaMax - fromSparse.lambdaMax) <= 1e-9 * dense.lambdaMax)
            #expect(dense.fits.count == fromSparse.fits.count)
            for (d, s) in zip(dense.fits, fromSparse.fits) {
                #expect(s.converged)
                #expect(abs(d.certificate.objective - s.certificate.objective)
                        <= d.certificate.dualityGap + s.certificate.dualityGap + 1e-12 * d.certificate.objective)
                let size = d.coefficients.flatMap { $0 }.reduce(1) { max($0, abs($1)) }
                for (dk, sk) in zip(d.coefficients, s.coefficients) {
                    for (a, b) in zip(dk, sk) { #expect(abs(a - b) <= 1e-4 * size) }
                }
            }
            return
        }
        let dense = try model.path(x: data.x, y: y, lambdas: .automatic(count: 20))
        let fromSparse = try model.path(x: sparse, y: y, lambdas: .automatic(count: 20))
        #expect(abs(dense.lambdaMax - fromSparse.lambdaMax) <= 1e-9 * dense.lambdaMax)
        #expect(dense.fits.count == fromSparse.fits.count)
        // The objective the path declares (a gaussian alpha < 1 default path is unit-free: its own alpha).
        #expect(dense.options == fromSparse.options)
        let check = Optimality(x: data.x, y: y, weights: nil, options: dense.options)
        for (d, s) in zip(dense.fits, fromSparse.fits) {
            #expect(s.converged)
            #expect(check.unexcusedViolations(s).isEmpty, "lambda \(s.lambda): \(check.unexcusedViolations(s))")
            #expect(abs(check.objective(s) - check.objective(d))
                    <= d.certificate.dualityGap + s.certificate.dualityGap + 1e-12 * abs(check.objective(d)))
            let size = d.coefficients.reduce(max(1, abs(d.intercept))) { max($0, abs($1)) }
            #expect(abs(d.intercept - s.intercept) <= 1e-4 * size)
            for (a, b) in zip(d.coefficients, s.coefficients) { #expect(abs(a - b) <= 1e-4 * size) }
        }
    }

    /// Wide (p > n) and sparse, where the residual solver moves the intercept as a coordinate:
    /// certified, and equal to the dense copy's fit.
    @Test(arguments: [Family.gaussian, .binomial])
    func wideSparseProblemIsCertified(_ family: Family) throws {
        var generator = SplitMix64(seed: 7)
        let n = 60, p = 400
        var starts = [0], rows = [Int](), values = [Double]()
        for _ in 0 ..< p {
            for i in 0 ..< n where generator.uniform() < 0.05 { rows.append(i); values.append(1 + generator.uniform() * 3) }
            starts.append(rows.count)
        }
        let x = SparseMatrix(rowCount: n, columnCount: p, columnStarts: starts, rowIndices: rows, values: values)
        let truth = (0 ..< p).map { $0 < 5 ? 1.5 : 0.0 }
        let eta = x.product(truth, rows: Array(0 ..< n)).map { $0 + 0.5 + generator.uniform() - 0.5 }
        let y = family == .gaussian ? eta : eta.map { $0 > 1.2 ? 1 : 0 }
        let options = FitOptions(family: family, alpha: 1, standardize: false, intercept: true)
        let fromSparse = try ElasticNet(options: options).path(x: x, y: y, lambdas: .automatic(count: 30))
        let dense = try ElasticNet(options: options).path(x: x.dense, y: y, lambdas: .automatic(count: 30))
        let check = Optimality(x: x.dense, y: y, weights: nil, options: options)
        for (d, s) in zip(dense.fits, fromSparse.fits) {
            #expect(s.converged)
            #expect(check.unexcusedViolations(s).isEmpty, "lambda \(s.lambda): \(check.unexcusedViolations(s))")
            #expect(abs(check.objective(s) - check.objective(d))
                    <= 2 * (d.certificate.dualityGap + s.certificate.dualityGap) + 1e-12 * abs(check.objective(d)))
        }
    }

    @Test func rowSubsetsAndProductsMatchTheDenseCopy() throws {
        let data = try SharedData.load("sparse_example")
        let sparse = SparseMatrix(data.x)
        let picked = [5, 0, 99, 5, 42]
        #expect(sparse.rows(picked).dense == data.x.rows(picked))
        let b = (0 ..< data.x.columnCount).map { Double($0 % 3) - 1 }
        let all = Array(0 ..< data.x.rowCount)
        for (a, c) in zip(sparse.product(b, rows: all), data.x.product(b, rows: all)) { #expect(abs(a - c) <= 1e-12 * max(1, abs(c))) }
        #expect(sparse.dense == data.x)
    }
}
