import ElasticNetCore
import Testing

/// Every fit on a path satisfies its optimality conditions: the duality gap certifies the default
/// accuracy, the objective recomputed independently in original units matches the certificate,
/// and no KKT residual exceeds what that gap allows.
struct PathCertificationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let data: String
        let alpha: Double
        let standardize: Bool
        let intercept: Bool
        var testDescription: String { "\(data) alpha=\(alpha) standardize=\(standardize) intercept=\(intercept)" }
    }

    static let cases: [Case] = ["diabetes", "prostate", "quickstart", "breast_cancer", "binomial_example", "poisson_example"].flatMap { data in
        [1.0, 0.5, 0.0].flatMap { alpha in
            [true, false].flatMap { standardize in
                [true, false].map { Case(data: data, alpha: alpha, standardize: standardize, intercept: $0) }
            }
        }
    }

    @Test(arguments: cases)
    func everyFitOnThePathIsCertified(_ c: Case) throws {
        let data = try SharedData.load(c.data)
        var options = FitOptions(family: data.family, alpha: c.alpha, standardize: c.standardize, intercept: c.intercept)
        options.tolerance = 1e-7
        let path = try ElasticNet(options: options).path(x: data.x, y: data.y, lambdas: .automatic(count: 30))
        // The objective the path declares: for a gaussian alpha < 1 the unit-free default sequence
        // fits the documented objective at its own alpha (UnitFreeSequenceTests).
        let check = Optimality(x: data.x, y: data.y, weights: nil, options: path.options)
        #expect(!path.fits.isEmpty)
        for fit in path.fits {
            let certificate = fit.certificate
            #expect(fit.converged, "lambda \(fit.lambda): relative gap \(certificate.relativeGap)")
            #expect(certificate.dualityGap >= 0)
            #expect(certificate.dualityGap <= 1e-7 * certificate.scale,
                    "lambda \(fit.lambda): gap \(certificate.dualityGap), scale \(certificate.scale)")
            // Recomputed from scratch; the two differ only by rounding in sums over n rows.
            let objective = check.objective(fit)
            #expect(abs(objective - certificate.objective) <= 1e-10 * max(abs(objective), certificate.scale),
                    "lambda \(fit.lambda): objective \(objective) vs certificate \(certificate.objective)")
            let violations = check.unexcusedViolations(fit)
            #expect(violations.isEmpty, "\(violations)")
            for b in fit.coefficients where b == 0 { #expect(b.sign == .plus, "a zero is -0.0") }
        }
    }

    /// The gap is an upper bound on the true suboptimality: a loosely solved point is no further
    /// above a tightly solved one than its own gap says.
    @Test(arguments: ["diabetes", "breast_cancer", "poisson_example"])
    func gapBoundsTheSuboptimality(_ name: String) throws {
        let data = try SharedData.load(name)
        var loose = FitOptions(family: data.family, alpha: 0.5)
        loose.tolerance = 1e-3
        var tight = loose
        tight.tolerance = 1e-12
        let lambda = try ElasticNet(options: loose).lambdaMax(x: data.x, y: data.y) * 0.01
        let rough = try ElasticNet(options: loose).fit(x: data.x, y: data.y, lambda: lambda)
        let exact = try ElasticNet(options: tight).fit(x: data.x, y: data.y, lambda: lambda)
        let suboptimality = rough.certificate.objective - exact.certificate.objective
        let rounding = Optimality.roundingAllowance * max(abs(exact.certificate.objective), exact.certificate.scale)
        #expect(suboptimality >= -exact.certificate.dualityGap - rounding)
        #expect(suboptimality <= rough.certificate.dualityGap + exact.certificate.dualityGap + rounding,
                "suboptimality \(suboptimality) exceeds the gap \(rough.certificate.dualityGap)")
    }
}
