import ElasticNetCore
import Foundation
import Testing

/// The gamma family with the log link, loss `y e^-eta + eta` per row (the negative
/// log-likelihood with unit dispersion, up to terms free of eta), on diabetes (y > 0).
struct GammaTests {
    /// Published by R 4.x on ../shared/data/diabetes.csv:
    /// `m <- glm(y ~ ., data = d, family = Gamma("log"), control = glm.control(epsilon = 1e-14, maxit = 1000))`,
    /// then 20 Newton steps with the observed Hessian from `coef(m)` (X with a column of ones,
    /// `b <- b - solve(crossprod(X, X * y * exp(-eta)), crossprod(X, 1 - y * exp(-eta)))`):
    /// intercept, then age ... s6. glm's Fisher scoring stops on the deviance's relative change,
    /// at a gradient of 2e-9 (penalty units), where `coef(m)` is still 6e-7 (age) and 4e-5 (s3)
    /// from the optimum; the polished point's gradient is 3e-15. `deviance(m)` and
    /// `m$null.deviance` are as printed (the deviance is flat at the optimum). glm's dispersion
    /// does not move its coefficients, so the unpenalised fit minimises the same objective.
    static let glm = [1.779182359630243e+00, -1.754396122486702e-04, -1.863579340331570e-01, 3.197910724278313e-02,
                      7.630632840180240e-03, -9.699823680256698e-03, 8.917752602289983e-03, -9.970455570912953e-06,
                      -9.146685148005158e-03, 5.709715240844386e-01, 9.430246273473170e-04]
    static let glmDeviance = 66.01968852667433
    static let glmNullDeviance = 126.7968905812722

    static var tight: FitOptions {
        var options = FitOptions(family: .gamma)
        options.tolerance = 1e-13
        return options
    }

    /// At lambda 0 the fit is R's glm. Coefficients are compared in penalty units (s_j b_j, the
    /// scale on which the certificate bounds them): s1 ... s4 are nearly collinear, so a
    /// coefficient such as s3's (-1e-5) is determined to far fewer digits of its own than of the fit's.
    @Test func unpenalisedFitIsRsGlm() throws {
        let data = try SharedData.load("diabetes")
        let model = ElasticNet(options: Self.tight)
        let fit = try model.fit(x: data.x, y: data.y, lambda: 0)
        #expect(fit.certificate.dualityGap.isFinite && fit.certificate.relativeGap <= 1e-12, "\(fit.certificate)")
        let check = Optimality(x: data.x, y: data.y, weights: nil, options: Self.tight)
        let ours = [fit.intercept] + fit.coefficients.array
        #expect(abs(ours[0] - Self.glm[0]) <= 1e-7 * abs(Self.glm[0]), "intercept \(ours[0]) vs glm \(Self.glm[0])")
        for j in 0 ..< data.x.columnCount {
            let s = check.scale(j)
            let scale = max(abs(Self.glm[j + 1]) * s, 1e-3)
            #expect(abs(ours[j + 1] - Self.glm[j + 1]) * s <= 1e-7 * scale,
                    "feature \(j): \(ours[j + 1]) vs glm \(Self.glm[j + 1]) (relative \((ours[j + 1] - Self.glm[j + 1]) / Self.glm[j + 1]))")
        }
        let path = try model.path(x: data.x, y: data.y, lambdas: .explicit([0]))
        #expect(abs(path.nullDeviance - Self.glmNullDeviance) <= 1e-10 * Self.glmNullDeviance, "\(path.nullDeviance)")
        let deviance = (1 - path.fits[0].devianceRatio) * path.nullDeviance
        #expect(abs(deviance - Self.glmDeviance) <= 1e-9 * Self.glmDeviance, "\(deviance) vs glm \(Self.glmDeviance)")
    }

    /// The default path is certified at every lambda, by the duality gap (finite: the dual point
    /// is feasible for the non-canonical conjugate) and by KKT conditions recomputed here; its
    /// first point is the null model, intercept log(mean y), every coefficient exactly 0.
    @Test(arguments: [1.0, 0.5, 0.0])
    func pathIsCertified(alpha: Double) throws {
        let data = try SharedData.load("diabetes")
        var options = FitOptions(family: .gamma, alpha: alpha)
        options.tolerance = 1e-9
        let path = try ElasticNet(options: options).path(x: data.x, y: data.y)
        let check = Optimality(x: data.x, y: data.y, weights: nil, options: options)
        for fit in path.fits {
            #expect(fit.converged && fit.certificate.dualityGap.isFinite && fit.certificate.relativeGap <= 1e-9,
                    "lambda \(fit.lambda): \(fit.certificate)")
            let problems = check.unexcusedViolations(fit)
            #expect(problems.isEmpty, "lambda \(fit.lambda): \(problems.prefix(3))")
        }
        if alpha > 0 {
            let first = try #require(path.fits.first)
            #expect(first.coefficients.array.allSatisfy { $0 == 0 })
            let meanY = data.y.reduce(0, +) / Double(data.y.count)
            #expect(abs(first.intercept - log(meanY)) <= 1e-12 * abs(log(meanY)), "\(first.intercept) vs \(log(meanY))")
        }
    }

    @Test func nonPositiveResponseIsRefusedWithItsRow() throws {
        var y = [1.0, 2, 3, 4, 5, 6]
        y[3] = 0
        let x = DenseMatrix(rowCount: 6, columnCount: 1, columnMajor: [1, 2, 3, 4, 5, 7])
        #expect(throws: ElasticNetError.gammaResponse("the response must be positive, row 4 has 0.0")) {
            try ElasticNet(options: FitOptions(family: .gamma)).fit(x: x, y: y, lambda: 0.1)
        }
    }

    /// Cross-validation scores held-out rows by the gamma deviance (the default), mse or mae of
    /// the fitted mean exp(eta); classification measures do not apply.
    @Test(arguments: [CVMeasure.deviance, .mse, .mae])
    func crossValidationMeasures(_ measure: CVMeasure) throws {
        #expect(CVMeasure.standard(for: .gamma) == .deviance)
        #expect(!CVMeasure.class.applies(to: .gamma) && !CVMeasure.auc.applies(to: .gamma))
        #expect(abs(Family.gamma.inverseLink(log(150)) - 150) <= 1e-12 * 150)
        let data = try SharedData.load("diabetes")
        var cv = CrossValidationOptions()
        cv.folds = 5
        cv.measure = measure
        let (_, curve) = try ElasticNet(options: FitOptions(family: .gamma))
            .crossValidate(x: data.x, y: data.y, lambdas: .automatic(count: 20), cv: cv)
        #expect(curve.measure == measure && curve.cvm.allSatisfy { $0.isFinite && $0 >= 0 }, "\(curve.cvm)")
        // The features predict diabetes progression: the chosen model beats the null model.
        #expect(curve.cvm[curve.indexMin] < curve.cvm[0], "\(curve.cvm)")
    }
}
