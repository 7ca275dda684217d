import ElasticNetCore
import Foundation
import Testing

/// At the limits of double precision every fit ends soon with an honest certificate: certified to
/// the tolerance, certified to machine precision (the gap below 1e-15 of the null model's loss), or
/// reported as stalled; never 100,000 silent sweeps (docs/defaults.md, section 5).
struct PrecisionLimitTests {
    /// The first `rows` rows of diabetes: fewer rows than features, so the lasso nearly interpolates
    /// at small lambda and its objective is of the order of lambda.
    static func firstRows(_ rows: Int) throws -> (x: DenseMatrix, y: [Double]) {
        let data = try SharedData.load("diabetes")
        let p = data.x.columnCount
        let values = (0 ..< p).flatMap { j in (0 ..< rows).map { data.x[row: $0, column: j] } }
        return (DenseMatrix(rowCount: rows, columnCount: p, columnMajor: values), Array(data.y.prefix(rows)))
    }

    /// 1/2 the weighted variance of y: the gaussian null model's loss.
    static func nullLoss(_ y: [Double]) -> Double {
        let mean = y.reduce(0, +) / Double(y.count)
        return 0.5 * y.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(y.count)
    }

    /// Six or eight rows (the lasso nearly interpolates: objective of the order of lambda), and all
    /// 442 (least squares at lambda 1e-18, where the gap's dual point, scaled to |X'theta| <= lambda,
    /// is worthless: relative gap 1.0 whatever the point).
    @Test(arguments: [(6, 1e-18), (6, 8e-13), (8, 8e-13), (442, 1e-18)])
    func tinyLambdaConvergesToMachinePrecision(_ rows: Int, _ lambda: Double) throws {
        let (x, y) = try Self.firstRows(rows)
        let model = ElasticNet()
        let fit = try model.fit(x: x, y: y, lambda: lambda)
        #expect(fit.converged, "\(fit.convergence): gap \(fit.certificate.dualityGap)")
        // Certified: to the tolerance; or to machine precision, by a gap below rounding's floor in
        // the objective's units, or (an L1 threshold below a gradient's rounding) by every KKT
        // residual below that rounding, 16 sqrt(n) epsilons of the largest gradient at the null model.
        if fit.certificate.dualityGap > 1e-7 * fit.certificate.scale {
            #expect(fit.convergence == .machinePrecision)
            let lambdaMax = try model.lambdaMax(x: x, y: y)
            let gradientRounding = 16 * Double(rows).squareRoot() * Double.ulpOfOne * lambdaMax
            #expect(fit.certificate.dualityGap <= 1e-15 * Self.nullLoss(y) || fit.certificate.maxKKTViolation <= gradientRounding)
        }
        // The whole warm-started path to lambda, every step of it ended well before the cap.
        let path = try model.path(x: x, y: y, lambdas: .explicit([1, 0.1, 0.01, 1e-4, 1e-8, lambda]))
        for point in path.fits {
            #expect(point.iterations <= 5000, "lambda \(point.lambda): \(point.iterations) sweeps, \(point.convergence)")
            #expect(point.converged || point.convergence == .stalled)
        }
    }

    /// A nearly separable logistic lasso at tiny lambda: Newton steps on an unfloored model certify
    /// it in a few hundred sweeps (it used to stop at 100,000 with relative gap 0.5).
    @Test(arguments: [1e-8, 1e-7])
    func nearlySeparableLogisticLassoIsCertified(_ lambda: Double) throws {
        let data = try SharedData.load("breast_cancer")
        let options = FitOptions(family: .binomial)
        let fit = try ElasticNet(options: options).fit(x: data.x, y: data.y, lambda: lambda)
        #expect(fit.convergence == .tolerance, "gap \(fit.certificate.relativeGap)")
        #expect(fit.iterations <= 2000, "\(fit.iterations) sweeps")
        let check = Optimality(x: data.x, y: data.y, weights: nil, options: options)
        #expect(check.unexcusedViolations(fit).isEmpty)
    }
}
