import ElasticNetCore
import Testing

/// Gaussian ridge has a closed form: in penalty coordinates c = s b with weighted-centred,
/// scaled columns z, (Z' V Z + lambda I) c = Z' V y. The solver must agree with it.
struct ClosedFormTests {
    @Test(arguments: [true, false], [true, false])
    func ridgeEqualsItsClosedForm(standardize: Bool, intercept: Bool) throws {
        let data = try SharedData.load("diabetes")
        var options = FitOptions(family: .gaussian, alpha: 0, standardize: standardize, intercept: intercept)
        options.tolerance = 1e-12
        let lambda = 2.5
        let fit = try ElasticNet(options: options).fit(x: data.x, y: data.y, lambda: lambda)

        let check = Optimality(x: data.x, y: data.y, weights: nil, options: options)
        let n = data.x.rowCount, p = data.x.columnCount, v = check.v
        let stats = (0 ..< p).map { check.columnStatistics($0) }
        let z = (0 ..< p).map { j in
            (0 ..< n).map { i in (data.x[row: i, column: j] - (intercept ? stats[j].mean : 0)) / check.scale(j) }
        }
        let yMean = intercept ? zip(v, data.y).reduce(0) { $0 + $1.0 * $1.1 } : 0
        let a = (0 ..< p).map { j in (0 ..< p).map { k in
            (0 ..< n).reduce(0.0) { $0 + v[$1] * z[j][$1] * z[k][$1] } + (j == k ? lambda : 0)
        } }
        let rhs = (0 ..< p).map { j in (0 ..< n).reduce(0.0) { $0 + v[$1] * z[j][$1] * (data.y[$1] - yMean) } }
        let c = solveLinearSystem(a, rhs)
        for j in 0 ..< p {
            let expected = c[j] / check.scale(j)
            #expect(abs(fit.coefficients[j] - expected) <= 1e-6 * abs(expected) + 1e-9,
                    "feature \(data.featureNames[j]): \(fit.coefficients[j]) vs closed form \(expected)")
        }
        let expectedIntercept = intercept ? yMean - (0 ..< p).reduce(0.0) { $0 + stats[$1].mean * c[$1] / check.scale($1) } : 0
        #expect(abs(fit.intercept - expectedIntercept) <= 1e-6 * abs(expectedIntercept) + 1e-9)
    }
}
