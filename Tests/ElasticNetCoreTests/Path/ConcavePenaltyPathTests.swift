import ElasticNetCore
import Foundation
import Testing

/// MCP and SCAD paths on real data: not convex, so each fit is certified by the KKT conditions
/// (stationarity), recomputed here from the coefficients with the penalty's derivative written
/// out independently of the library.
struct ConcavePenaltyPathTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let data: String
        let penalty: PenaltyKind
        let alpha: Double
        var testDescription: String { "\(data) \(penalty.name) \(penalty.concavity ?? 0) alpha=\(alpha)" }
    }

    static let cases: [Case] = ["diabetes", "prostate", "quickstart"].flatMap { data in
        [PenaltyKind.mcp(gamma: 3), .scad(a: 3.7)].flatMap { penalty in
            [1.0, 0.5].map { Case(data: data, penalty: penalty, alpha: $0) }
        }
    }

    /// The largest distance from -dL/dc_j to the (Clarke) subdifferential of the penalty at c_j,
    /// in penalty coordinates, over the features of `fit`.
    static func largestKKTResidual(_ fit: ElasticNetFit, options: FitOptions, check: Optimality) -> Double {
        let (_, g) = check.gradient(fit)
        var worst = 0.0
        for j in 0 ..< fit.coefficients.count where check.scale(j) > 0 {
            let s = check.scale(j), gj = g[j] / s, c = s * fit.coefficients[j]
            let l1 = fit.lambda * options.alpha, l2 = fit.lambda * (1 - options.alpha)
            if c == 0 { worst = max(worst, abs(gj) - l1); continue }
            let t = abs(c)
            let taper: Double
            switch options.penalty {
            case .mcp(let gamma): taper = max(l1 - t / gamma, 0)
            case .scad(let a): taper = t <= l1 ? l1 : max(a * l1 - t, 0) / (a - 1)
            case .elasticNet: taper = l1
            }
            worst = max(worst, abs(gj + (c > 0 ? taper : -taper) + l2 * c))
        }
        return worst
    }

    @Test(arguments: cases)
    func pathIsCertifiedByKKT(_ c: Case) throws {
        let data = try SharedData.load(c.data)
        var options = FitOptions(family: data.family, alpha: c.alpha)
        options.penalty = c.penalty
        let model = ElasticNet(options: options)
        let lambdaMax = try model.lambdaMax(x: data.x, y: data.y)
        var lasso = options
        lasso.penalty = .elasticNet
        // lambda_max is the lasso's: the penalty's slope at 0 is l1 for every kind.
        #expect(lambdaMax == (try ElasticNet(options: lasso).lambdaMax(x: data.x, y: data.y)))
        let path = try model.path(x: data.x, y: data.y, lambdas: .automatic(count: 30))
        #expect(!path.fits.isEmpty)
        let check = Optimality(x: data.x, y: data.y, weights: nil, options: path.options)
        // The solver's stopping rule: residual <= tolerance x the largest null-model gradient; the
        // recomputed residual differs from the solver's by rounding in sums over n rows.
        // lambda_max alpha is the largest null-model gradient, whatever alpha the path reports.
        let allowed = 2 * options.tolerance * lambdaMax * max(c.alpha, 1e-3) + 1e-10
        for fit in path.fits {
            #expect(fit.converged, "lambda \(fit.lambda): KKT \(fit.certificate.maxKKTViolation)")
            #expect(fit.certificate.kind == .kkt && fit.certificate.dualityGap.isNaN)
            #expect(fit.certificate.maxKKTViolation <= allowed, "lambda \(fit.lambda): \(fit.certificate.maxKKTViolation) > \(allowed)")
            let residual = Self.largestKKTResidual(fit, options: path.options, check: check)
            #expect(residual <= allowed, "lambda \(fit.lambda): recomputed KKT residual \(residual) > \(allowed)")
            for b in fit.coefficients where b == 0 { #expect(b.sign == .plus, "a zero is -0.0") }
        }
        #expect(path.fits[0].coefficients.allSatisfy { $0 == 0 })
    }

    /// MCP with a huge concavity is the lasso: the same coefficients to the tolerance.
    @Test(arguments: ["diabetes", "prostate"])
    func mcpWithHugeConcavityEqualsTheLasso(_ name: String) throws {
        let data = try SharedData.load(name)
        var options = FitOptions(family: data.family, alpha: 1)
        options.tolerance = 1e-10
        let lambda = try ElasticNet(options: options).lambdaMax(x: data.x, y: data.y) * 0.05
        let lasso = try ElasticNet(options: options).fit(x: data.x, y: data.y, lambda: lambda)
        options.penalty = .mcp(gamma: 1e9)
        let mcp = try ElasticNet(options: options).fit(x: data.x, y: data.y, lambda: lambda)
        let size = lasso.coefficients.map(abs).max() ?? 1
        for (a, b) in zip(lasso.coefficients, mcp.coefficients) {
            #expect(abs(a - b) <= 1e-4 * size, "lasso \(a), mcp \(b)")
            #expect((a == 0) == (b == 0), "lasso \(a), mcp \(b): a different support")
        }
    }

    /// MCP does not shrink a large effect: on diabetes at a moderate lambda, its nonzero
    /// coefficients beyond gamma l1 satisfy the unpenalised stationarity (alpha = 1), and are
    /// larger in size than the lasso's at the same lambda.
    @Test func mcpUnshrinksLargeEffects() throws {
        let data = try SharedData.load("diabetes")
        var options = FitOptions(family: .gaussian, alpha: 1)
        let lambda = try ElasticNet(options: options).lambdaMax(x: data.x, y: data.y) * 0.1
        let lasso = try ElasticNet(options: options).fit(x: data.x, y: data.y, lambda: lambda)
        options.penalty = .mcp(gamma: 3)
        let mcp = try ElasticNet(options: options).fit(x: data.x, y: data.y, lambda: lambda)
        #expect(mcp.certificate.kind == .kkt && mcp.converged)
        let l1Lasso = lasso.coefficients.map(abs).reduce(0, +), l1MCP = mcp.coefficients.map(abs).reduce(0, +)
        #expect(l1MCP > l1Lasso, "sum |b|: mcp \(l1MCP), lasso \(l1Lasso)")
    }

    /// The ridge part mixes in as for the elastic net: alpha = 0 with MCP is ridge (no L1 part,
    /// so nothing to taper), the same fit as the elastic net's ridge.
    @Test func mcpAtAlphaZeroIsRidge() throws {
        let data = try SharedData.load("prostate")
        var options = FitOptions(family: .gaussian, alpha: 0)
        options.tolerance = 1e-10
        let ridge = try ElasticNet(options: options).fit(x: data.x, y: data.y, lambda: 0.3)
        options.penalty = .mcp(gamma: 3)
        let mcp = try ElasticNet(options: options).fit(x: data.x, y: data.y, lambda: 0.3)
        let size = ridge.coefficients.map(abs).max() ?? 1
        for (a, b) in zip(ridge.coefficients, mcp.coefficients) { #expect(abs(a - b) <= 1e-5 * size, "ridge \(a), mcp \(b)") }
    }

    /// Bounds and penalty factors are respected: a lower bound of 0 keeps every coefficient
    /// non-negative, and a factor of 0 leaves a feature unpenalised (nonzero at lambda_max).
    @Test func boundsAndPenaltyFactorsAreRespected() throws {
        let data = try SharedData.load("diabetes")
        var options = FitOptions(family: .gaussian, alpha: 1)
        options.penalty = .scad(a: 3.7)
        options.lowerBounds = [Double](repeating: 0, count: data.x.columnCount)
        var factors = [Double](repeating: 1, count: data.x.columnCount)
        factors[0] = 0
        options.penaltyFactors = factors
        let path = try ElasticNet(options: options).path(x: data.x, y: data.y, lambdas: .automatic(count: 20))
        for fit in path.fits {
            #expect(fit.converged)
            #expect(fit.coefficients.allSatisfy { $0 >= 0 })
        }
        #expect(path.fits[0].coefficients[0] != 0)
    }

    @Test func binomialRefusesAConcavePenalty() throws {
        let data = try SharedData.load("breast_cancer")
        var options = FitOptions(family: .binomial, alpha: 1)
        options.penalty = .scad(a: 3.7)
        #expect(throws: ElasticNetError.self) { _ = try ElasticNet(options: options).fit(x: data.x, y: data.y, lambda: 0.01) }
    }

    @Test func multinomialRefusesAConcavePenalty() throws {
        let data = try SharedData.load("multinomial_example")
        let (classes, count) = SharedData.classes(of: data)
        var options = FitOptions(family: .multinomial, alpha: 1)
        options.penalty = .mcp(gamma: 3)
        #expect(throws: ElasticNetError.self) {
            _ = try ElasticNet(options: options).multinomialFit(x: data.x, classes: classes, classCount: count, lambda: 0.01)
        }
    }
}
