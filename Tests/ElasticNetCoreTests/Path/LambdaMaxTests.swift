import ElasticNetCore
import Testing

/// lambda_max is exactly the smallest lambda at which every coefficient is zero.
struct LambdaMaxTests {
    @Test(arguments: ["diabetes", "prostate", "breast_cancer", "binomial_example"], [1.0, 0.5])
    func lambdaMaxIsTheSmallestAllZeroLambda(_ name: String, _ alpha: Double) throws {
        let data = try SharedData.load(name)
        let model = ElasticNet(options: FitOptions(family: data.family, alpha: alpha))
        let lambdaMax = try model.lambdaMax(x: data.x, y: data.y)
        let atMax = try model.fit(x: data.x, y: data.y, lambda: lambdaMax)
        #expect(atMax.coefficients.allSatisfy { $0 == 0 })
        // Recomputed independently: the largest |dL/dc_j| at the null model, over pf * max(alpha, 0.001).
        let check = Optimality(x: data.x, y: data.y, weights: nil, options: model.options)
        let gradient = check.gradient(atMax).coefficients
        let recomputed = (0 ..< data.x.columnCount).map { abs(gradient[$0]) / check.scale($0) / max(alpha, 1e-3) }.max()!
        #expect(abs(recomputed - lambdaMax) <= 1e-9 * lambdaMax)
        let below = try model.fit(x: data.x, y: data.y, lambda: lambdaMax * 0.99)
        #expect(below.nonzeroCount >= 1, "nothing entered below lambda_max")
    }

    /// ../shared/data/README.md: diabetes, lasso, standardised, with an intercept: 45.160.
    @Test func diabetesLambdaMaxIsThePublishedValue() throws {
        let data = try SharedData.load("diabetes")
        let lambdaMax = try ElasticNet().lambdaMax(x: data.x, y: data.y)
        #expect(abs(lambdaMax - 45.160) < 0.0005)
    }

    /// Efron et al. (2004): bmi, s5, bp, s3, sex, s6, s1, s4, s2, age enter the lasso path in this order.
    @Test func diabetesOrderOfEntryIsThePublishedOne() throws {
        let data = try SharedData.load("diabetes")
        let path = try ElasticNet().path(x: data.x, y: data.y, lambdas: .automatic(count: 200))
        var order = [String]()
        for fit in path.fits {
            for (j, b) in fit.coefficients.enumerated() where b != 0 && !order.contains(data.featureNames[j]) {
                order.append(data.featureNames[j])
            }
        }
        #expect(order == ["bmi", "s5", "bp", "s3", "sex", "s6", "s1", "s4", "s2", "age"])
    }
}
