import ElasticNetCore
import Testing

/// The multinomial answer is identifiable where the objective allows it: at lambda = 0, with ridge,
/// and under the grouped penalty each feature's class coefficients sum to exactly 0.0 (added in
/// class order), as the intercepts do; the ungrouped lasso is left as its optimum has it
/// (docs/defaults.md, section 4).
struct CentredMultinomialTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let alpha: Double, lambdaFraction: Double, grouped: Bool
        var testDescription: String { "alpha=\(alpha) lambda=\(lambdaFraction) lambda_max grouped=\(grouped)" }
    }

    static let cases = [Case(alpha: 0, lambdaFraction: 0.01, grouped: false), Case(alpha: 1, lambdaFraction: 0, grouped: false),
                        Case(alpha: 0.5, lambdaFraction: 0.05, grouped: true), Case(alpha: 0, lambdaFraction: 0.001, grouped: false)]

    @Test(arguments: cases)
    func classSumsAreExactlyZero(_ c: Case) throws {
        let data = try SharedData.load("multinomial_example")
        let (classes, classCount) = SharedData.classes(of: data)
        var options = FitOptions(family: .multinomial, alpha: c.alpha)
        options.grouped = c.grouped
        let model = ElasticNet(options: options)
        let lambdaMax = try model.multinomialLambdaMax(x: data.x, classes: classes, classCount: classCount)
        let fit = try model.multinomialFit(x: data.x, classes: classes, classCount: classCount, lambda: c.lambdaFraction * lambdaMax)
        #expect(fit.converged, "\(fit.convergence): relative gap \(fit.certificate.relativeGap)")
        for j in 0 ..< data.x.columnCount {
            let sum = (0 ..< classCount).reduce(0.0) { $0 + fit.coefficients[$1][j] }
            #expect(sum == 0, "feature \(j): class sum \(sum)")
        }
        #expect((0 ..< classCount).reduce(0.0) { $0 + fit.intercepts[$1] }.magnitude <= 1e-12)
    }

    /// Per-class df: the counts the output prints beside df (features in use by any class).
    @Test func dfCountsFeaturesInUseByAnyClass() throws {
        let data = try SharedData.load("multinomial_example")
        let (classes, classCount) = SharedData.classes(of: data)
        let path = try ElasticNet(options: FitOptions(family: .multinomial))
            .multinomialPath(x: data.x, classes: classes, classCount: classCount, lambdas: .automatic(count: 20))
        for fit in path.fits {
            let inUse = (0 ..< data.x.columnCount).filter { j in (0 ..< classCount).contains { fit.coefficients[$0][j] != 0 } }.count
            #expect(fit.nonzeroCount == inUse)
            #expect((0 ..< classCount).allSatisfy { fit.nonzeroCount(inClass: $0) <= inUse })
        }
    }
}
