import ElasticNetCore
import Testing

/// lambda_max under bounds is still "the smallest lambda with every coefficient zero"
/// (CONVENTIONS.md): with lower_j = 0 only a negative gradient (a coefficient that would rise)
/// counts, with upper_j = 0 only a positive one. glmnet ignores the bounds here.
struct BoundedLambdaMaxTests {
    enum Bound: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case nonNegative, nonPositive, mixed
        var testDescription: String { rawValue }
    }

    static func options(_ bound: Bound, family: Family, p: Int, alpha: Double) -> FitOptions {
        var options = FitOptions(family: family, alpha: alpha)
        switch bound {
        case .nonNegative: options.lowerBounds = [Double](repeating: 0, count: p)
        case .nonPositive: options.upperBounds = [Double](repeating: 0, count: p)
        case .mixed:
            options.lowerBounds = (0 ..< p).map { $0 % 2 == 0 ? 0 : -.infinity }
            options.upperBounds = (0 ..< p).map { $0 % 2 == 0 ? .infinity : 0 }
        }
        return options
    }

    @Test(arguments: ["diabetes", "prostate", "breast_cancer"], Bound.allCases)
    func allZeroAtLambdaMaxAndNotJustBelow(_ name: String, _ bound: Bound) throws {
        let data = try SharedData.load(name)
        for alpha in [1.0, 0.5] {
            let options = Self.options(bound, family: data.family, p: data.x.columnCount, alpha: alpha)
            let model = ElasticNet(options: options)
            let lambdaMax = try model.lambdaMax(x: data.x, y: data.y)
            // Recomputed independently: at the null model, the gradient part each bound allows.
            let check = Optimality(x: data.x, y: data.y, weights: nil, options: options)
            let atMax = try model.fit(x: data.x, y: data.y, lambda: lambdaMax)
            #expect(atMax.coefficients.allSatisfy { $0 == 0 }, "\(name) alpha \(alpha): nonzero at lambda_max")
            let g = check.gradient(atMax).coefficients
            let recomputed = (0 ..< data.x.columnCount).map { j -> Double in
                let canRise = (options.upperBounds?[j] ?? .infinity) > 0, canFall = (options.lowerBounds?[j] ?? -.infinity) < 0
                return max(canRise ? -g[j] : 0, canFall ? g[j] : 0, 0) / check.scale(j) / max(alpha, 1e-3)
            }.max()!
            #expect(abs(recomputed - lambdaMax) <= 1e-9 * lambdaMax, "\(name): \(recomputed) vs \(lambdaMax)")
            guard lambdaMax > 0 else {
                // No allowed move lowers the loss (prostate: every feature pulls up, none may rise):
                // zero is optimal at every lambda, and the unpenalised fit says so too.
                #expect(try model.fit(x: data.x, y: data.y, lambda: 0).coefficients.allSatisfy { $0 == 0 })
                continue
            }
            let below = try model.fit(x: data.x, y: data.y, lambda: lambdaMax * 0.99)
            #expect(below.nonzeroCount >= 1, "\(name) alpha \(alpha): nothing entered below lambda_max \(lambdaMax)")
            // The default path's first lambda is lambda_max itself: no leading run of all-zero fits.
            let path = try model.path(x: data.x, y: data.y, lambdas: .automatic(count: 20))
            #expect(path.fits.dropFirst().first.map { $0.nonzeroCount >= 1 } ?? true)
        }
    }

    /// Where the largest gradient has the sign a bound forbids, lambda_max is strictly smaller than
    /// the unbounded one (diabetes: s3's gradient is the second largest, of the other sign to bmi's).
    @Test func aBoundLowersLambdaMaxWhenTheLargestGradientIsForbidden() throws {
        let data = try SharedData.load("diabetes")
        let free = try ElasticNet().lambdaMax(x: data.x, y: data.y)
        let nonPositive = try ElasticNet(options: Self.options(.nonPositive, family: .gaussian, p: data.x.columnCount, alpha: 1))
            .lambdaMax(x: data.x, y: data.y)
        let nonNegative = try ElasticNet(options: Self.options(.nonNegative, family: .gaussian, p: data.x.columnCount, alpha: 1))
            .lambdaMax(x: data.x, y: data.y)
        #expect(nonPositive < free)
        #expect(nonNegative == free)
    }
}
