import ElasticNetCore
import Foundation
import Testing

/// Properties of the objective that need no stored numbers.
struct ObjectivePropertiesTests {
    static let tight: FitOptions = {
        var o = FitOptions()
        o.tolerance = 1e-12
        return o
    }()

    static func example(_ family: Family) -> String {
        switch family {
        case .gaussian: return "diabetes"
        case .binomial: return "breast_cancer"
        case .poisson: return "poisson_example"
        case .gamma: return "diabetes"
        case .multinomial: return "multinomial_example"
        }
    }

    /// An offset that is the same on every row is absorbed by the intercept: same coefficients,
    /// intercept lower by the offset. A gaussian offset is the same as subtracting it from y.
    @Test(arguments: [Family.gaussian, .binomial, .poisson])
    func constantOffsetShiftsOnlyTheIntercept(_ family: Family) throws {
        let data = try SharedData.load(Self.example(family))
        var options = Self.tight
        options.family = family
        options.alpha = 0.5
        let model = ElasticNet(options: options)
        let offset = [Double](repeating: 0.75, count: data.x.rowCount)
        let lambda = try model.lambdaMax(x: data.x, y: data.y) * 0.02
        #expect(try model.lambdaMax(x: data.x, y: data.y, offset: offset) == model.lambdaMax(x: data.x, y: data.y)
                || family != .gaussian)
        let plain = try model.fit(x: data.x, y: data.y, lambda: lambda)
        let shifted = try model.fit(x: data.x, y: data.y, offset: offset, lambda: lambda)
        #expect(abs(shifted.intercept - (plain.intercept - 0.75)) <= 1e-6 * max(1, abs(plain.intercept)))
        for j in 0 ..< data.x.columnCount {
            let (a, b) = (plain.coefficients[j], shifted.coefficients[j])
            #expect(abs(a - b) <= 1e-6 * max(abs(a), abs(b)) + 1e-10, "feature \(data.featureNames[j]): \(a) vs \(b)")
        }
    }

    /// A varying offset changes the fit, and the result is certified against the objective with
    /// the offset inside the linear predictor (the exposure of a poisson rate model).
    @Test func poissonExposureOffsetIsCertified() throws {
        let data = try SharedData.load("poisson_example")
        let n = data.x.rowCount
        let offset = (0 ..< n).map { log(1 + Double($0 % 7)) }
        var options = FitOptions(family: .poisson, alpha: 0.5)
        options.tolerance = 1e-10
        let model = ElasticNet(options: options)
        let lambda = try model.lambdaMax(x: data.x, y: data.y, offset: offset) * 0.05
        let fit = try model.fit(x: data.x, y: data.y, offset: offset, lambda: lambda)
        // Objective recomputed here with eta = offset + b0 + x b, and its gradient in b0 is zero.
        var loss = 0.0, interceptGradient = 0.0
        for i in 0 ..< n {
            var eta = offset[i] + fit.intercept
            for j in 0 ..< data.x.columnCount { eta += data.x[row: i, column: j] * fit.coefficients[j] }
            loss += (exp(eta) - data.y[i] * eta) / Double(n)
            interceptGradient += (exp(eta) - data.y[i]) / Double(n)
        }
        #expect(fit.converged)
        #expect(abs(loss - fit.certificate.loss) <= 1e-10 * abs(loss))
        #expect(abs(interceptGradient) <= 1e-4)
        #expect(fit.certificate.relativeGap <= 1e-10)
    }

    /// Integer weights equal duplicated rows: weight 2 on a row is the same objective as the row twice.
    @Test(arguments: [Family.gaussian, .binomial, .poisson])
    func weightsOfTwoEqualDuplicatedRows(_ family: Family) throws {
        let data = try SharedData.load(Self.example(family))
        let n = data.x.rowCount
        let doubled = Set(stride(from: 0, to: n, by: 3))
        let weights = (0 ..< n).map { doubled.contains($0) ? 2.0 : 1.0 }
        let rows = Array(0 ..< n) + doubled.sorted()
        var options = Self.tight
        options.family = family
        options.alpha = 0.7
        let model = ElasticNet(options: options)
        let lambda = try model.lambdaMax(x: data.x, y: data.y, weights: weights) * 0.05
        let weighted = try model.fit(x: data.x, y: data.y, weights: weights, lambda: lambda)
        let duplicated = try model.fit(x: data.x.rows(rows), y: rows.map { data.y[$0] }, lambda: lambda)
        #expect(abs(weighted.certificate.objective - duplicated.certificate.objective)
                <= 1e-9 * duplicated.certificate.scale)
        for j in 0 ..< data.x.columnCount {
            let (a, b) = (weighted.coefficients[j], duplicated.coefficients[j])
            #expect(abs(a - b) <= 1e-5 * max(abs(a), abs(b)) + 1e-12, "feature \(data.featureNames[j]): \(a) vs \(b)")
            #expect((a == 0) == (b == 0), "feature \(data.featureNames[j]): support differs")
        }
    }

    /// A penalty factor of 0 leaves a feature unpenalised: at any lambda its coefficient solves the
    /// least-squares problem given the others, so at a huge lambda it is the simple regression slope.
    @Test func penaltyFactorZeroLeavesTheFeatureUnpenalised() throws {
        let data = try SharedData.load("diabetes")
        let bmi = data.featureNames.firstIndex(of: "bmi")!
        var options = Self.tight
        options.penaltyFactors = (0 ..< data.x.columnCount).map { $0 == bmi ? 0 : 1 }
        let model = ElasticNet(options: options)
        let fit = try model.fit(x: data.x, y: data.y, lambda: 1e6)
        let x = Array(data.x.column(bmi)), y = data.y
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        let slope = zip(x, y).reduce(0.0) { $0 + ($1.0 - mx) * ($1.1 - my) } / x.reduce(0.0) { $0 + ($1 - mx) * ($1 - mx) }
        #expect(abs(fit.coefficients[bmi] - slope) <= 1e-8 * abs(slope))
        #expect(fit.nonzeroCount == 1)
        let path = try model.path(x: data.x, y: data.y, lambdas: .automatic(count: 20))
        #expect(path.fits.allSatisfy { $0.coefficients[bmi] != 0 })
    }

    /// An infinite penalty factor removes a feature at every lambda.
    @Test func infinitePenaltyFactorExcludesTheFeature() throws {
        let data = try SharedData.load("diabetes")
        var options = FitOptions()
        options.penaltyFactors = (0 ..< data.x.columnCount).map { data.featureNames[$0] == "bmi" ? .infinity : 1 }
        let path = try ElasticNet(options: options).path(x: data.x, y: data.y, lambdas: .automatic(count: 30))
        let bmi = data.featureNames.firstIndex(of: "bmi")!
        #expect(path.fits.allSatisfy { $0.coefficients[bmi] == 0 })
        #expect(path.fits.last!.nonzeroCount >= 8)
    }

    /// Bounds hold along the whole path, and the fits are still certified.
    @Test(arguments: [Family.gaussian, .binomial, .poisson])
    func boundsHoldAlongThePath(_ family: Family) throws {
        let data = try SharedData.load(family == .binomial ? "binomial_example" : Self.example(family))
        let p = data.x.columnCount
        var options = FitOptions(family: family, alpha: 1)
        options.lowerBounds = [Double](repeating: 0, count: p)
        options.upperBounds = (0 ..< p).map { $0 == 0 ? 0.5 : .infinity }
        let path = try ElasticNet(options: options).path(x: data.x, y: data.y, lambdas: .automatic(count: 30))
        let check = Optimality(x: data.x, y: data.y, weights: nil, options: options)
        var sawBound = false
        for fit in path.fits {
            #expect(fit.converged)
            #expect(fit.coefficients.allSatisfy { $0 >= 0 })
            #expect(fit.coefficients[0] <= 0.5)
            sawBound = sawBound || fit.coefficients[0] == 0.5
            #expect(check.unexcusedViolations(fit).isEmpty, "\(check.unexcusedViolations(fit))")
        }
        let unbounded = try ElasticNet(options: FitOptions(family: family)).path(x: data.x, y: data.y, lambdas: .explicit(path.lambdas))
        #expect(unbounded.fits.contains { $0.coefficients.contains { $0 < 0 } }, "the bounds were never needed")
        _ = sawBound
    }

    /// A constant column gets exactly zero at every lambda (CONVENTIONS.md), standardised or not.
    @Test(arguments: [true, false])
    func constantColumnGetsZero(standardize: Bool) throws {
        let data = try SharedData.load("diabetes")
        let n = data.x.rowCount
        let x = DenseMatrix(rowCount: n, columnCount: data.x.columnCount + 1,
                            columnMajor: data.x.values + [Double](repeating: 3.25, count: n))
        let options = FitOptions(family: .gaussian, alpha: 0.5, standardize: standardize, intercept: true)
        let path = try ElasticNet(options: options).path(x: x, y: data.y, lambdas: .automatic(count: 20))
        #expect(path.fits.allSatisfy { $0.coefficients[data.x.columnCount] == 0 && $0.converged })
    }

    /// Perfectly separable classes at a small lambda: a finite, certified result, a warning, no NaN.
    @Test func separableBinomialEndsWithAResultAndAWarning() throws {
        let x = DenseMatrix(columns: [[-3, -2, -1.5, -1, 1, 1.5, 2, 3], [0.3, -0.2, 0.1, 0.4, -0.1, 0.2, 0.5, -0.3]])
        let y: [Double] = [0, 0, 0, 0, 1, 1, 1, 1]
        let model = ElasticNet(options: FitOptions(family: .binomial))
        let lambdaMax = try model.lambdaMax(x: x, y: y)
        let path = try model.path(x: x, y: y, lambdas: .explicit([lambdaMax, lambdaMax * 1e-2, lambdaMax * 1e-4]))
        #expect(path.fits.count == 3)
        for fit in path.fits {
            #expect(fit.coefficients.allSatisfy(\.isFinite) && fit.intercept.isFinite)
            #expect(fit.certificate.dualityGap.isFinite)
        }
        #expect(!path.warnings.isEmpty)
    }
}

/// Poisson responses must be counts: a negative one, or all zeros, is an error, not a NaN.
struct PoissonResponseTests {
    @Test func negativeOrAllZeroCountsAreErrors() throws {
        let data = try SharedData.load("poisson_example")
        let model = ElasticNet(options: FitOptions(family: .poisson))
        var y = data.y
        y[7] = -1
        #expect(throws: ElasticNetError.poissonResponse("the response must be a non-negative count, row 8 has -1.0")) {
            try model.path(x: data.x, y: y)
        }
        #expect(throws: ElasticNetError.self) {
            try model.path(x: data.x, y: [Double](repeating: 0, count: data.y.count))
        }
    }
}

/// L2 shrinks but never zeroes: a ridge coefficient is 0 only when its feature is uncorrelated
/// with the residual, which no diabetes feature is. (The active-set Newton step once cut a
/// ridge coefficient at zero as if it had a kink there, leaving an exact 0 on the path.)
struct RidgeHasNoZerosTests {
    @Test(arguments: [Family.gaussian, .binomial])
    func everyRidgeCoefficientIsNonzeroAlongThePath(_ family: Family) throws {
        let data = try SharedData.load(family == .gaussian ? "diabetes" : "breast_cancer")
        let options = FitOptions(family: family, alpha: 0)
        let path = try ElasticNet(options: options).path(x: data.x, y: data.y,
                                                         lambdas: .automatic(count: 100, minRatio: 3.678e-7))
        for fit in path.fits.dropFirst() {
            #expect(fit.nonzeroCount == data.x.columnCount, "lambda \(fit.lambda): \(fit.nonzeroCount) nonzero")
        }
    }
}
