@testable import ElasticNetCore
import Foundation
import Testing

/// Magnitudes at the ends of double precision (a subnormal lambda, weights of 1e308, a penalty
/// factor of 1e-308, fold ids of 2^40): each gives a certified fit or a thrown error, never a
/// trap, an abort or a silent null model.
struct ExtremeMagnitudeTests {
    static let columns = HostileProblemTests.design(rows: 40, columns: 4, seed: 11)
    static let y = HostileProblemTests.response(columns)
    static var x: DenseMatrix { DenseMatrix(columns: columns) }

    /// The warm starts from lambda_max down to any positive lambda, subnormals included, are a
    /// finite, decreasing sequence of at most 31 values that ends exactly at lambda.
    @Test(arguments: [5e-324, 1e-320, 1e-308, 1e-100, 0.5])
    func warmStartsReachAnyPositiveLambda(lambda: Double) {
        for lambdaMax in [1.0, 1e300, Double.greatestFiniteMagnitude] {
            let sequence = ElasticNet.warmStartSequence(to: lambda, from: lambdaMax)
            #expect(sequence.count <= 31 && sequence.last == lambda, "\(sequence)")
            #expect(sequence.allSatisfy { $0.isFinite && $0 > 0 }, "\(sequence)")
            #expect(zip(sequence, sequence.dropFirst()).allSatisfy { $0 > $1 }, "\(sequence)")
        }
    }

    /// A subnormal lambda is, to double precision, lambda 0: the fit is certified and satisfies
    /// the KKT conditions recomputed from the data.
    @Test(arguments: [5e-324, 1e-320])
    func subnormalLambdaFitIsCertified(lambda: Double) throws {
        let fit = try ElasticNet().fit(x: Self.x, y: Self.y, lambda: lambda)
        #expect(fit.converged && fit.coefficients.allSatisfy { $0.isFinite })
        let check = Optimality(x: Self.x, y: Self.y, weights: nil, options: FitOptions())
        #expect(check.unexcusedViolations(fit).isEmpty, "\(check.unexcusedViolations(fit))")
    }

    /// Weights are relative: 1e308 on every row (whose plain sum overflows) is the unweighted fit.
    @Test func hugeEqualWeightsAreTheUnweightedFit() throws {
        let lambda = 0.05
        let plain = try ElasticNet().fit(x: Self.x, y: Self.y, lambda: lambda)
        let huge = try ElasticNet().fit(x: Self.x, y: Self.y, weights: [Double](repeating: 1e308, count: 40), lambda: lambda)
        #expect(huge.coefficients.contains { $0 != 0 }, "the null model: the weights' sum overflowed")
        // Both certified to a relative gap of 1e-7: the coefficients agree to about sqrt of that.
        for (a, b) in zip(plain.coefficients, huge.coefficients) { #expect(abs(a - b) <= 1e-3 * max(1, abs(a)), "\(a) vs \(b)") }
        #expect(try ElasticNet().lambdaMax(x: Self.x, y: Self.y, weights: [Double](repeating: 1e308, count: 40))
                == ElasticNet().lambdaMax(x: Self.x, y: Self.y))
    }

    /// Scaling by a power of two is exact, and brings the largest weight into [1, 2).
    @Test func relativeWeightsKeepTheirRatios() {
        let weights = [1e308, 0.5e308, 0, 3e307]
        let scaled = ObservationWeights.relative(weights)
        #expect(scaled.max()! >= 1 && scaled.max()! < 2 && scaled[2] == 0)
        #expect(scaled[1] / scaled[0] == weights[1] / weights[0])
        #expect(ObservationWeights.relative([1, 1, 1]) == [1, 1, 1])
    }

    /// Weighted cross-validation with huge weights scores like the unweighted one.
    @Test func hugeWeightsCrossValidate() throws {
        var cv = CrossValidationOptions()
        cv.folds = 4
        let lambdas = LambdaSequence.automatic(count: 10)
        let plain = try ElasticNet().crossValidate(x: Self.x, y: Self.y, lambdas: lambdas, cv: cv).curve
        let huge = try ElasticNet().crossValidate(x: Self.x, y: Self.y, weights: [Double](repeating: 1e308, count: 40),
                                                  lambdas: lambdas, cv: cv).curve
        #expect(huge.cvm.allSatisfy { $0.isFinite })
        for (a, b) in zip(plain.cvm, huge.cvm) { #expect(abs(a - b) <= 1e-6 * a, "\(a) vs \(b)") }
    }

    /// A penalty factor so small that lambda_max overflows is an error naming the feature; one
    /// merely tiny (1e-300) fits.
    @Test func tinyPenaltyFactor() throws {
        var options = FitOptions()
        options.penaltyFactors = [5e-324, 1, 1, 1]
        options.alpha = 0.5
        #expect(throws: ElasticNetError.self) { try ElasticNet(options: options).fit(x: Self.x, y: Self.y, lambda: 0.1) }
        options.alpha = 1
        options.penaltyFactors = [1e-300, 1, 1, 1]
        let fit = try ElasticNet(options: options).fit(x: Self.x, y: Self.y, lambda: 0.1)
        #expect(fit.converged)
    }

    /// Fold ids beyond the row count cannot all be used: refused before anything is sized by them.
    @Test(arguments: [1 << 40, Int.max])
    func foldIdsBeyondTheRowsAreRefused(id: Int) {
        var ids = (0 ..< 40).map { $0 % 2 + 1 }
        ids[7] = id
        #expect(throws: ElasticNetError.self) { try Folds.validate(ids, rowCount: 40) }
    }
}
