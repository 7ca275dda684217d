import ElasticNetCore
import Foundation
import Testing

/// Degenerate and extreme problems: each ends in a certified result or a clear error, never NaN,
/// a trap or a hang.
struct HostileProblemTests {
    /// A deterministic pseudo-random design (SplitMix64), so the problems are the same every run.
    static func design(rows n: Int, columns p: Int, seed: UInt64) -> [[Double]] {
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        return (0 ..< p).map { _ in (0 ..< n).map { _ in uniform() * 2 - 1 } }
    }

    static func response(_ columns: [[Double]]) -> [Double] {
        (0 ..< columns[0].count).map { i in columns.indices.reduce(0.0) { $0 + columns[$1][i] * Double($1 % 3 - 1) } + 0.1 * sin(Double(i)) }
    }

    /// Every fit of the path is finite and certified.
    static func expectCertified(_ x: DenseMatrix, _ y: [Double], _ options: FitOptions = FitOptions(),
                                lambdas: LambdaSequence = .automatic(count: 20)) throws {
        let path = try ElasticNet(options: options).path(x: x, y: y, lambdas: lambdas)
        #expect(!path.fits.isEmpty)
        for fit in path.fits {
            #expect(fit.coefficients.allSatisfy(\.isFinite) && fit.intercept.isFinite, "lambda \(fit.lambda)")
            #expect(fit.converged, "lambda \(fit.lambda): relative gap \(fit.certificate.relativeGap)")
            #expect(fit.certificate.dualityGap.isFinite)
        }
    }

    @Test func twoRowsAndOneColumn() throws {
        try Self.expectCertified(DenseMatrix(columns: [[1, 2]]), [1, 3])
        let columns = Self.design(rows: 30, columns: 1, seed: 1)
        try Self.expectCertified(DenseMatrix(columns: columns), Self.response(columns))
        #expect(throws: ElasticNetError.self) { try ElasticNet().path(x: DenseMatrix(columns: [[1]]), y: [1]) }
    }

    @Test func everyColumnConstantOrTheResponseConstant() throws {
        let constant = DenseMatrix(columns: [[2, 2, 2, 2], [5, 5, 5, 5]])
        let path = try ElasticNet().path(x: constant, y: [1, 2, 3, 4])
        #expect(path.fits.allSatisfy { $0.coefficients == [0, 0] })
        let columns = Self.design(rows: 40, columns: 5, seed: 2)
        let flat = try ElasticNet().path(x: DenseMatrix(columns: columns), y: [Double](repeating: 3, count: 40))
        #expect(flat.fits.allSatisfy { $0.coefficients.allSatisfy { $0 == 0 } && $0.intercept == 3 })
    }

    @Test func duplicatedColumnsAndCorrelationNearOne() throws {
        var columns = Self.design(rows: 60, columns: 4, seed: 3)
        columns.append(columns[0])
        columns.append(columns[1].map { $0 * (1 + 1e-12) })
        try Self.expectCertified(DenseMatrix(columns: columns), Self.response(columns))
        let base = Self.design(rows: 80, columns: 1, seed: 4)[0]
        let noise = Self.design(rows: 80, columns: 8, seed: 5)
        let correlated = noise.map { column in zip(base, column).map { $0 + 0.045 * $1 } }
        try Self.expectCertified(DenseMatrix(columns: correlated), Self.response(correlated))
        try Self.expectCertified(DenseMatrix(columns: correlated), Self.response(correlated), FitOptions(alpha: 0.5))
    }

    /// Standardisation makes the scale of a column irrelevant, even across 300 orders of magnitude.
    @Test func columnsScaledFrom1eMinus150To1e150() throws {
        let columns = Self.design(rows: 50, columns: 5, seed: 6)
        let y = Self.response(columns)
        let scales = [1e-150, 1e-50, 1, 1e50, 1e150]
        let scaled = zip(columns, scales).map { column, s in column.map { $0 * s } }
        let plain = try ElasticNet().path(x: DenseMatrix(columns: columns), y: y, lambdas: .automatic(count: 15))
        let wild = try ElasticNet().path(x: DenseMatrix(columns: scaled), y: y, lambdas: .automatic(count: 15))
        #expect(plain.fits.count == wild.fits.count)
        for (a, b) in zip(plain.fits, wild.fits) {
            #expect(b.converged)
            for j in 0 ..< 5 {
                let expected = a.coefficients[j] / scales[j]
                #expect(abs(b.coefficients[j] - expected) <= 1e-6 * abs(expected) + 1e-300, "feature \(j): \(b.coefficients[j]) vs \(expected)")
            }
        }
    }

    /// lambda = 0 is the unpenalised fit where it exists (n > p).
    @Test func lambdaZeroIsLeastSquares() throws {
        let columns = Self.design(rows: 40, columns: 3, seed: 7)
        let y = Self.response(columns)
        let fit = try ElasticNet().fit(x: DenseMatrix(columns: columns), y: y, lambda: 0)
        #expect(fit.converged)
        // Normal equations on centred data: X_c' (y - X b) = 0.
        for j in 0 ..< 3 {
            let mean = columns[j].reduce(0, +) / 40
            let residualCorrelation = (0 ..< 40).reduce(0.0) { total, i in
                let prediction = (0 ..< 3).reduce(fit.intercept) { $0 + columns[$1][i] * fit.coefficients[$1] }
                return total + (columns[j][i] - mean) * (y[i] - prediction)
            }
            #expect(abs(residualCorrelation) <= 1e-8)
        }
    }

    @Test func separableBinomialAndHugeP() throws {
        let columns = Self.design(rows: 40, columns: 3, seed: 8)
        let y = columns[0].map { $0 > 0 ? 1.0 : 0.0 }
        let path = try ElasticNet(options: FitOptions(family: .binomial)).path(x: DenseMatrix(columns: columns), y: y,
                                                                                lambdas: .automatic(count: 30, minRatio: 1e-6))
        #expect(path.fits.allSatisfy { $0.coefficients.allSatisfy(\.isFinite) })
        #expect(!path.warnings.isEmpty)

        let wide = Self.design(rows: 50, columns: 100_000, seed: 9)
        try Self.expectCertified(DenseMatrix(columns: wide), Self.response(Array(wide.prefix(20))), lambdas: .automatic(count: 10))
    }
}

/// A duplicated column makes the lasso's choice arbitrary: the path says so.
struct DuplicatedColumnWarningTests {
    @Test func lassoWarnsAndElasticNetDoesNot() throws {
        var columns = HostileProblemTests.design(rows: 40, columns: 3, seed: 11)
        columns.append(columns[1].map { $0 * 3 })          // the same column after standardisation
        let y = HostileProblemTests.response(columns)
        let lasso = try ElasticNet().path(x: DenseMatrix(columns: columns), y: y, lambdas: .automatic(count: 5))
        #expect(lasso.warnings.contains { $0.contains("features 2 and 4") })
        let net = try ElasticNet(options: FitOptions(alpha: 0.5)).path(x: DenseMatrix(columns: columns), y: y, lambdas: .automatic(count: 5))
        #expect(!net.warnings.contains { $0.contains("same column") })
    }
}
