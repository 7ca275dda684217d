import ElasticNetCore
import Foundation
import Testing

/// The one-weight demo and zero provenance (`enet demo`, `enet explain`).
struct WhyZerosTests {
    /// L1 removes eta lambda = 0.5 per step: 5 / 0.5 = 10 steps to exactly 0, where the prox keeps
    /// it; L2 halves w (1 - eta lambda = 0.5), 5 * 0.5^k, exact in binary and never 0.
    @Test func oneWeightDemoL1ReachesZeroL2Halves() {
        let demo = OneWeightDemo(w0: 5, eta: 0.5, lambda: 1, steps: 12)
        #expect(demo.l1.count == 13 && demo.l2.count == 13)
        #expect(OneWeightDemo.firstExactZero(demo.l1) == 10)
        #expect(demo.l1[10...].allSatisfy { $0 == 0 })
        for k in 0 ... 9 { #expect(demo.l1[k] == 5 - 0.5 * Double(k)) }
        for k in 0 ... 12 { #expect(demo.l2[k] == 5 * pow(0.5, Double(k))) }
        #expect(OneWeightDemo.firstExactZero(demo.l2) == nil)
        // Off the grid of whole steps the raw subgradient jumps across zero instead.
        let off = OneWeightDemo(w0: 5.1, eta: 0.5, lambda: 1, steps: 20)
        #expect(OneWeightDemo.firstExactZero(off.l1Subgradient) == nil)
        #expect(off.l1Subgradient.suffix(6).contains { $0 < 0 } && off.l1Subgradient.suffix(6).contains { $0 > 0 })
        #expect(off.l1.last == 0)
    }

    /// With the data term the lasso's optimum is 0 (|q| <= lambda) and the prox reaches it exactly;
    /// the raw subgradient keeps crossing zero; L2 converges to q / (h + lambda), not 0.
    @Test func oneWeightDemoWithData() {
        let demo = OneWeightDemo(w0: 5, eta: 0.5, lambda: 1, steps: 40)
        #expect(demo.lassoOptimum == 0)
        #expect(demo.dataL1.last == 0)
        #expect(OneWeightDemo.firstExactZero(demo.dataL1Subgradient) == nil)
        #expect(abs(demo.dataL2.last! - demo.ridgeOptimum) <= 1e-12 && demo.ridgeOptimum != 0)
    }

    /// explain's "enters" lambdas are the path's: the first lambda at which the coefficient is nonzero.
    @Test(arguments: ["diabetes", "breast_cancer"])
    func explainEntryLambdasAgreeWithThePath(name: String) throws {
        let data = try SharedData.load(name)
        let model = ElasticNet(options: FitOptions(family: data.family, alpha: 1))
        let lambda = 0.1 * (try model.lambdaMax(x: data.x, y: data.y))
        let provenance = try model.zeroProvenance(x: data.x, y: data.y, lambda: lambda)
        let path = try model.path(x: data.x, y: data.y)
        #expect(provenance.pathLambdas == path.lambdas)
        for j in 0 ..< data.x.columnCount {
            let firstNonzero = path.fits.first { $0.coefficients[j] != 0 }?.lambda
            let entered = provenance.coefficients[j].events.first { $0.kind == .enters }?.lambda
            #expect(firstNonzero == entered, "feature \(j): path \(String(describing: firstNonzero)), explain \(String(describing: entered))")
        }
        for c in provenance.coefficients where c.status == .zero {
            #expect(c.kktMargin.map { $0 <= 1 + 1e-6 } ?? false, "feature \(c.feature): margin \(String(describing: c.kktMargin))")
        }
    }

    /// The gap-safe test is a proof: a zero it certifies from any point (a loose proximal-gradient
    /// iterate, or cd's certified fit) is 0 at the optimum (cd at a relative gap of 1e-13).
    @Test(arguments: ["diabetes", "breast_cancer"], [1.0, 0.5])
    func certifiedZeroIsNeverNonzeroAtTheOptimum(name: String, alpha: Double) throws {
        let data = try SharedData.load(name)
        var options = FitOptions(family: data.family, alpha: alpha)
        let model = ElasticNet(options: options)
        let lambda = 0.1 * (try model.lambdaMax(x: data.x, y: data.y))
        options.tolerance = 1e-13
        let optimum = try ElasticNet(options: options).fit(x: data.x, y: data.y, lambda: lambda)
        var loose = GradientSolverOptions(kind: .proximalGradient)
        loose.maxIterations = 40
        let looseFit = try model.fit(x: data.x, y: data.y, lambda: lambda, solver: loose).fit
        let sequence = LambdaSequence.automatic(count: 10)
        var certifiedByCD = 0
        for fit in [looseFit, nil] {
            let provenance = try model.zeroProvenance(x: data.x, y: data.y, lambda: lambda, fit: fit, lambdas: sequence)
            for c in provenance.coefficients where c.certifiedZero {
                #expect(optimum.coefficients[c.feature] == 0, "\(name): feature \(c.feature) certified zero but \(optimum.coefficients[c.feature]) at the optimum")
                if fit == nil { certifiedByCD += 1 }
            }
        }
        // cd's gap is tiny, so the sphere is small and it certifies some zeros (else the test tests nothing).
        #expect(certifiedByCD > 0)
    }
}
