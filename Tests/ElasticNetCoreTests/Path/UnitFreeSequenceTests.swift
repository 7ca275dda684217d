import ElasticNetCore
import Foundation
import Testing

/// The default sequence of a gaussian model does not depend on the units of y (CONVENTIONS.md,
/// "lambda_max and the default path"): y and 1000 y give, index by index, the same fitted values
/// (times 1000), the same df and the same cross-validated choice, for the lasso, the elastic net
/// and ridge. An explicit sequence keeps the documented objective at the alpha asked for.
struct UnitFreeSequenceTests {
    static let factor = 1000.0

    /// Fitted values b0 + X b of a fit.
    static func fitted(_ fit: ElasticNetFit, _ x: DenseMatrix) -> [Double] {
        (0 ..< x.rowCount).map { i in (0 ..< x.columnCount).reduce(fit.intercept) { $0 + x[row: i, column: $1] * fit.coefficients[$1] } }
    }

    @Test(arguments: [1.0, 0.5, 0.0])
    func defaultPathIsTheSameForYAndThousandY(_ alpha: Double) throws {
        let data = try SharedData.load("diabetes")
        var options = FitOptions(alpha: alpha)
        options.tolerance = 1e-11
        let model = ElasticNet(options: options)
        let scaled = data.y.map { $0 * Self.factor }
        var cv = CrossValidationOptions()
        cv.threads = 1
        let (small, smallCurve) = try model.crossValidate(x: data.x, y: data.y, cv: cv)
        let (large, largeCurve) = try model.crossValidate(x: data.x, y: scaled, cv: cv)
        #expect(small.fits.count == large.fits.count)
        for (a, b) in zip(small.fits, large.fits) {
            // For gaussian losses (1/2) mean((fitted - optimum)^2) <= gap, so two certified fits
            // differ in rms fitted value by at most sqrt(2 gap_a) + sqrt(2 gap_b) / 1000 (y units).
            let bound = (2 * a.certificate.dualityGap).squareRoot()
                + (2 * b.certificate.dualityGap).squareRoot() / Self.factor + 1e-12 * Self.spread(data.y)
            let difference = zip(Self.fitted(a, data.x), Self.fitted(b, data.x)).map { ($0 - $1 / Self.factor) * ($0 - $1 / Self.factor) }
            let rms = (difference.reduce(0, +) / Double(data.x.rowCount)).squareRoot()
            #expect(rms <= bound, "alpha \(alpha), lambda \(a.lambda): rms difference \(rms) > \(bound)")
            #expect(a.nonzeroCount == b.nonzeroCount, "alpha \(alpha), lambda \(a.lambda): df \(a.nonzeroCount) vs \(b.nonzeroCount)")
            #expect(abs(a.devianceRatio - b.devianceRatio) <= 1e-8)
        }
        #expect(smallCurve.indexMin == largeCurve.indexMin)
        #expect(smallCurve.index1se == largeCurve.index1se)
    }

    /// Every fit of the unit-free path minimises the documented objective at the path's alpha
    /// (alpha q / (alpha q + 1 - alpha), q the 1/n sd of y), certified independently.
    @Test(arguments: [0.5, 0.0])
    func unitFreePathIsCertifiedAtItsDocumentedAlpha(_ alpha: Double) throws {
        let data = try SharedData.load("diabetes")
        let path = try ElasticNet(options: FitOptions(alpha: alpha)).path(x: data.x, y: data.y)
        let scale = try #require(path.responseScale)
        let mean = data.y.reduce(0, +) / Double(data.y.count)
        let sd = (data.y.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(data.y.count)).squareRoot()
        #expect(abs(scale.q - sd) <= 1e-12 * sd)
        #expect(abs(path.options.alpha - alpha * sd / (alpha * sd + 1 - alpha)) <= 1e-15)
        let check = Optimality(x: data.x, y: data.y, weights: nil, options: path.options)
        for fit in path.fits {
            #expect(fit.converged)
            #expect(check.unexcusedViolations(fit).isEmpty, "lambda \(fit.lambda)")
        }
        // Ridge spans the null model to a nearly unpenalised fit: the last fit explains nearly all
        // that least squares does (diabetes: R^2 = 0.518, Efron et al. 2004).
        if alpha == 0 { #expect(path.fits.last!.devianceRatio > 0.5) }
    }

    /// `.explicit` lambdas keep the documented objective at the alpha asked for.
    @Test func explicitSequenceKeepsTheDocumentedObjective() throws {
        let data = try SharedData.load("diabetes")
        let path = try ElasticNet(options: FitOptions(alpha: 0.5)).path(x: data.x, y: data.y, lambdas: .explicit([1, 0.1]))
        #expect(path.options.alpha == 0.5)
        #expect(path.responseScale == nil)
    }

    /// glmnet's nominal (alpha_g, lambda_g) and the documented (alpha, lambda) minimise one
    /// objective: the same fit either way (CONVENTIONS.md, known difference 1).
    @Test func glmnetConventionIsTheDocumentedObjectiveAtConvertedValues() throws {
        let data = try SharedData.load("diabetes")
        let scale = ResponseScale(y: data.y, intercept: true, nominalAlpha: 0.5)
        let lambdaG = 1.0
        // glmnet's objective at (0.5, 1): L1 weight lambda_g alpha_g, L2 weight lambda_g (1 - alpha_g) / q.
        let documentedL1 = scale.documented(lambda: lambdaG) * scale.documentedAlpha
        let documentedL2 = scale.documented(lambda: lambdaG) * (1 - scale.documentedAlpha)
        #expect(abs(documentedL1 - lambdaG * 0.5) <= 1e-14)
        #expect(abs(documentedL2 - lambdaG * 0.5 / scale.q) <= 1e-14)
        #expect(abs(scale.nominal(lambda: scale.documented(lambda: lambdaG)) - lambdaG) <= 1e-15)
    }

    static func spread(_ y: [Double]) -> Double { (y.max() ?? 0) - (y.min() ?? 0) }
}
