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
        var z = [[Double]](repeating: [Double](repeating: 0, count: n), count: p)
        for j in 0 ..< p {
            let centre = intercept ? stats[j].mean : 0
            let scale = check.scale(j)
            for i in 0 ..< n { z[j][i] = (data.x[row: i, column: j] - centre) / scale }
        }
        var yMean = 0.0
        if intercept { for i in 0 ..< n { yMean += v[i] * data.y[i] } }
        var a = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        var rhs = [Double](repeating: 0, count: p)
        for j in 0 ..< p {
            for k in 0 ..< p {
                var s = 0.0
                for i in 0 ..< n { s += v[i] * z[j][i] * z[k][i] }
                a[j][k] = s + (j == k ? lambda : 0)
            }
            for i in 0 ..< n { rhs[j] += v[i] * z[j][i] * (data.y[i] - yMean) }
        }
        let c = solveLinearSystem(a, rhs)
        for j in 0 ..< p {
            let expected = c[j] / check.scale(j)
            #expect(abs(fit.coefficients[j] - expected) <= 1e-6 * abs(expected) + 1e-9,
                    "feature \(data.featureNames[j]): \(fit.coefficients[j]) vs closed form \(expected)")
        }
        var expectedIntercept = 0.0
        if intercept {
            expectedIntercept = yMean
            for j in 0 ..< p { expectedIntercept -= stats[j].mean * c[j] / check.scale(j) }
        }
        #expect(abs(fit.intercept - expectedIntercept) <= 1e-6 * abs(expectedIntercept) + 1e-9)
    }
}
