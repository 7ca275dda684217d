import ElasticNetCore
import Foundation
import Testing

/// Predictions are certified against their definitions, computed here independently of the
/// library's kernels: eta = b0 + x . b (+ offset), the inverse link of each family written out,
/// class = the most probable class, and glmnet's interpolation exact on the grid and linear in
/// lambda between grid points. Optimality supplies one more check that needs no stored number:
/// with an intercept, dL/db0 = 0 makes the weighted mean of the fitted means equal that of y.
struct PredictionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let data: String
        let family: Family
        let sparse: Bool
        var testDescription: String { "\(family) on \(data)\(sparse ? ", sparse" : "")" }
    }

    static let cases: [Case] = [("diabetes", Family.gaussian), ("breast_cancer", .binomial), ("poisson_example", .poisson)]
        .flatMap { name, family in [false, true].map { Case(data: name, family: family, sparse: $0) } }

    /// A short path (12 lambdas) on the case's data, fitted on the dense or the sparse design.
    static func path(_ c: Case, tolerance: Double = 1e-7) throws -> (SharedData.DataSet, RegularizationPath) {
        let data = try SharedData.load(c.data)
        var options = FitOptions(family: c.family, alpha: 0.5)
        options.tolerance = tolerance
        let model = ElasticNet(options: options)
        let path = c.sparse ? try model.path(x: SparseMatrix(data.x), y: data.y, lambdas: .automatic(count: 12))
                            : try model.path(x: data.x, y: data.y, lambdas: .automatic(count: 12))
        return (data, path)
    }

    /// b0 + sum_j x_ij b_j by a plain loop over the dense matrix, and the sum of the terms'
    /// magnitudes: the scale of the rounding in any order of summation.
    static func linearPredictor(_ x: DenseMatrix, row i: Int, intercept: Double, coefficients b: [Double]) -> (Double, Double) {
        var eta = intercept, scale = abs(intercept)
        for j in 0 ..< x.columnCount {
            eta += x[row: i, column: j] * b[j]
            scale += abs(x[row: i, column: j] * b[j])
        }
        return (eta, scale)
    }

    @Test(arguments: cases)
    func linkAtAFittedLambdaIsInterceptPlusXTimesCoefficients(_ c: Case) throws {
        let (data, path) = try Self.path(c)
        let design: any DesignMatrix = c.sparse ? SparseMatrix(data.x) : data.x
        for fit in path.fits {
            let fromPath = try path.link(design, at: fit.lambda)
            let fromFit = try fit.link(design)
            #expect(fromPath == fromFit)       // the same coefficients, the same arithmetic
            for i in 0 ..< data.x.rowCount {
                let (eta, scale) = Self.linearPredictor(data.x, row: i, intercept: fit.intercept, coefficients: fit.coefficients.array)
                // Summation order differs (sparse columns, skipped zeros): a few ulps of the terms.
                #expect(abs(fromFit[i] - eta) <= 1e-13 * max(scale, 1), "row \(i): \(fromFit[i]) vs \(eta)")
            }
        }
    }

    @Test(arguments: cases)
    func responseIsTheInverseLinkOfTheLink(_ c: Case) throws {
        let (data, path) = try Self.path(c)
        let lambda = path.fits[path.fits.count / 2].lambda
        let eta = try path.link(data.x, at: lambda)
        let mean = try path.response(data.x, at: lambda)
        for (e, mu) in zip(eta, mean) {
            let expected: Double
            switch c.family {
            case .gaussian: expected = e
            case .binomial: expected = 1 / (1 + exp(-e))
            default: expected = exp(e)
            }
            #expect(abs(mu - expected) <= 1e-14 * max(abs(expected), 1e-300), "eta \(e): \(mu) vs \(expected)")
            #expect(c.family.inverseLink(e) == mu)
            // link undoes inverseLink; for the logit only while 1 - p keeps its digits (|eta| < 10).
            if c.family != .binomial || abs(e) < 10 {
                #expect(abs(c.family.link(mu) - e) <= 1e-9 * max(abs(e), 1))
            }
        }
    }

    /// With an intercept, dL/db0 = 0 at every lambda: sum_i (mu_i - y_i) = 0 (unit weights), for
    /// the canonical links of every family. The fits are certified to a relative gap of 1e-12,
    /// which bounds this gradient far below the tolerance used.
    @Test(arguments: cases)
    func fittedMeansAverageToTheResponseMean(_ c: Case) throws {
        let (data, path) = try Self.path(c, tolerance: 1e-12)
        let meanY = data.y.reduce(0, +) / Double(data.y.count)
        for fit in path.fits {
            let mu = try fit.response(data.x)
            let meanMu = mu.reduce(0, +) / Double(mu.count)
            #expect(abs(meanMu - meanY) <= 1e-5 * max(abs(meanY), 1), "lambda \(fit.lambda): \(meanMu) vs \(meanY)")
        }
    }

    @Test(arguments: cases)
    func interpolationIsExactOnTheGridAndLinearBetween(_ c: Case) throws {
        let (data, path) = try Self.path(c)
        let lambdas = path.lambdas
        for (l, fit) in path.fits.enumerated() {
            #expect(path.predictor(at: lambdas[l]) == fit.predictor)
            #expect(LambdaPosition(of: lambdas[l], in: lambdas) == .fitted(index: l))
        }
        #expect(path.predictor(at: 2 * lambdas[0]).coefficients == path.fits[0].predictor.coefficients)
        #expect(path.predictor(at: lambdas[lambdas.count - 1] / 2).coefficients == path.fits[path.fits.count - 1].predictor.coefficients)
        for l in 0 ..< lambdas.count - 1 {
            let (high, low) = (path.fits[l], path.fits[l + 1])
            for share in [0.25, 0.5, 0.75] {
                let lambda = lambdas[l + 1] + share * (lambdas[l] - lambdas[l + 1])
                guard case .between(l, l + 1, let f) = LambdaPosition(of: lambda, in: lambdas) else {
                    Issue.record("lambda \(lambda) not placed between grid points \(l) and \(l + 1)"); continue
                }
                #expect(abs(f - share) <= 1e-12)
                let at = path.predictor(at: lambda)
                #expect(at.lambda == lambda)
                // Each coefficient on the segment from the smaller lambda's to the larger's.
                for j in 0 ..< data.x.columnCount {
                    let expected = low.coefficients[j] + f * (high.coefficients[j] - low.coefficients[j])
                    let scale = max(abs(low.coefficients[j]), abs(high.coefficients[j]))
                    #expect(abs(at.coefficients[0][j] - expected) <= 1e-14 * scale)
                }
                let b0 = low.intercept + f * (high.intercept - low.intercept)
                #expect(abs(at.intercepts[0] - b0) <= 1e-14 * max(abs(low.intercept), abs(high.intercept)))
                // The linear predictor is linear in the coefficients, so it interpolates too.
                let eta = try path.link(data.x, at: lambda)
                let (etaHigh, etaLow) = (try high.link(data.x), try low.link(data.x))
                for i in stride(from: 0, to: data.x.rowCount, by: 7) {
                    let expected = etaLow[i] + f * (etaHigh[i] - etaLow[i])
                    #expect(abs(eta[i] - expected) <= 1e-12 * max(abs(etaLow[i]), abs(etaHigh[i]), 1))
                }
            }
        }
    }

    @Test func binomialClassIsOneWhereTheProbabilityPassesOneHalf() throws {
        let (data, path) = try Self.path(Case(data: "breast_cancer", family: .binomial, sparse: false))
        for fit in path.fits {
            let probabilities = try fit.response(data.x)
            let classes = try fit.classes(data.x)
            for (p, k) in zip(probabilities, classes) where p != 0.5 {
                #expect(k == (p > 0.5 ? 1 : 0))
            }
        }
    }

    @Test func offsetIsAddedToTheLinearPredictorAndCertifiedByTheInterceptCondition() throws {
        let data = try SharedData.load("poisson_example")
        // An exposure: log of a time at risk between 1 and 3 that varies over the rows.
        let offset = (0 ..< data.x.rowCount).map { log(1 + Double($0 % 5) / 2) }
        var options = FitOptions(family: .poisson)
        options.tolerance = 1e-12
        let path = try ElasticNet(options: options).path(x: data.x, y: data.y, offset: offset, lambdas: .automatic(count: 8))
        for fit in path.fits {
            let without = try fit.link(data.x), with = try fit.link(data.x, offset: offset)
            for i in without.indices { #expect(abs(with[i] - (without[i] + offset[i])) <= 1e-14 * max(abs(with[i]), 1)) }
            // dL/db0 = 0 with the offset inside eta: the offset is used as the fit used it.
            let mu = try fit.response(data.x, offset: offset)
            let total = data.y.reduce(0, +)
            #expect(abs(mu.reduce(0, +) - total) <= 1e-5 * total)
        }
    }

    @Test func multinomialPredictionsAreSoftmaxOfInterceptsPlusXTimesCoefficients() throws {
        let data = try SharedData.load("multinomial_example")
        let (classes, classCount) = SharedData.classes(of: data)
        var options = FitOptions(family: .multinomial, alpha: 0.5)
        options.tolerance = 1e-12
        let path = try ElasticNet(options: options).multinomialPath(x: data.x, classes: classes, classCount: classCount,
                                                                    lambdas: .automatic(count: 8))
        let sparse = SparseMatrix(data.x)
        for fit in path.fits {
            let eta = try path.link(data.x, at: fit.lambda)
            let probabilities = try fit.response(sparse)
            let predicted = try fit.classes(data.x)
            var meanProbabilities = [Double](repeating: 0, count: classCount)
            for i in 0 ..< data.x.rowCount {
                for k in 0 ..< classCount {
                    let (expected, scale) = Self.linearPredictor(data.x, row: i, intercept: fit.intercepts[k],
                                                                 coefficients: fit.coefficients[k])
                    #expect(abs(eta[i][k] - expected) <= 1e-13 * max(scale, 1))
                    meanProbabilities[k] += probabilities[i][k] / Double(data.x.rowCount)
                }
                let total = eta[i].map(exp).reduce(0, +)
                for k in 0 ..< classCount { #expect(abs(probabilities[i][k] - exp(eta[i][k]) / total) <= 1e-12) }
                #expect(abs(probabilities[i].reduce(0, +) - 1) <= 1e-14)
                #expect(probabilities[i][predicted[i]] == probabilities[i].max())
            }
            // dL/db0_k = 0 per class: the mean probability of class k is its share of the rows.
            for k in 0 ..< classCount {
                let share = Double(classes.filter { $0 == k }.count) / Double(classes.count)
                #expect(abs(meanProbabilities[k] - share) <= 1e-5, "class \(k) at lambda \(fit.lambda)")
            }
        }
        #expect(path.predictor(at: path.lambdas[2]).nonzeroFeatures == path.fits[2].nonzeroFeatures)
        #expect(path.fits[2].nonzeroFeatures.count == path.fits[2].nonzeroCount)
    }

    @Test func aDesignOfTheWrongShapeIsATypedError() throws {
        let (data, path) = try Self.path(Case(data: "diabetes", family: .gaussian, sparse: false))
        let narrow = DenseMatrix(columns: (0 ..< data.x.columnCount - 1).map { Array(data.x.column($0)) })
        #expect(throws: ElasticNetError.self) { try path.link(narrow, at: path.lambdas[0]) }
        #expect(throws: ElasticNetError.self) { try path.link(data.x, at: path.lambdas[0], offset: [0, 1]) }
        #expect(throws: ElasticNetError.self) { try path.classes(data.x, at: path.lambdas[0]) }
    }
}
