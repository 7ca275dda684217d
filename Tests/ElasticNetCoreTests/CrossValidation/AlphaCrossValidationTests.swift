import ElasticNetCore
import Foundation
import Testing

/// Cross-validation over alpha is the single-alpha cross-validation of each alpha on one set of
/// folds, and the best alpha is the one whose curve reaches the best cvm. Checked against the
/// single-alpha calls themselves (bit for bit: the folds and fits are deterministic).
struct AlphaCrossValidationTests {
    static func options(folds: Int) -> CrossValidationOptions {
        var cv = CrossValidationOptions()
        cv.folds = folds
        cv.seed = 7
        cv.threads = 2
        return cv
    }

    @Test func everyAlphaIsItsOwnCrossValidationOnTheSameFolds() throws {
        let data = try SharedData.load("diabetes")
        let alphas = [1, 0.5, 0.05]
        let model = ElasticNet(options: FitOptions(family: .gaussian))
        let cv = Self.options(folds: 5)
        let search = try model.crossValidate(alphas: alphas, x: data.x, y: data.y, lambdas: .automatic(count: 20), cv: cv)
        #expect(search.alphas == alphas && search.curves.count == 3 && search.paths.count == 3)
        for (k, alpha) in alphas.enumerated() {
            var single = model
            single.options.alpha = alpha
            let (path, curve) = try single.crossValidate(x: data.x, y: data.y, lambdas: .automatic(count: 20), cv: cv)
            #expect(search.curves[k] == curve)
            #expect(search.paths[k].fits == path.fits)
            // The objective fitted: alpha itself, or for the unit-free default gaussian sequence the
            // documented alpha it reads as (docs/defaults.md) — the single-alpha call's either way.
            #expect(search.paths[k].options.alpha == path.options.alpha)
            #expect(search.paths[k].responseScale?.nominalAlpha ?? search.paths[k].options.alpha == alpha)
            #expect(curve.foldIDs == search.curves[0].foldIDs)
        }
        let minima = search.curves.map { $0.cvm[$0.indexMin] }
        #expect(minima[search.bestIndex] == minima.min())
        #expect(search.bestAlpha == alphas[search.bestIndex])
        #expect(search.lambdaMin == search.curves[search.bestIndex].lambdaMin)
        #expect(search.lambda1se == search.curves[search.bestIndex].lambda1se)
    }

    @Test func multinomialAlphasShareTheFoldsAndPickTheSmallestDeviance() throws {
        let data = try SharedData.load("multinomial_example")
        let (classes, count) = SharedData.classes(of: data)
        let model = ElasticNet(options: FitOptions(family: .multinomial))
        let search = try model.crossValidateMultinomial(alphas: [1, 0.2], x: data.x, classes: classes, classCount: count,
                                                        lambdas: .automatic(count: 10), cv: Self.options(folds: 4))
        #expect(search.curves[0].foldIDs == search.curves[1].foldIDs)
        #expect(search.curves.allSatisfy { $0.measure == .deviance })
        let minima = search.curves.map { $0.cvm[$0.indexMin] }
        #expect(minima[search.bestIndex] == minima.min())
    }

    @Test func eachAlphaGetsItsOwnProgressHandlerAsItStarts() throws {
        let data = try SharedData.load("diabetes")
        let asked = Counter()
        _ = try ElasticNet().crossValidate(alphas: [1, 0.5], x: data.x, y: data.y, lambdas: .automatic(count: 5),
                                           cv: Self.options(folds: 3), alphaProgress: { k in asked.add(k); return nil })
        #expect(asked.values == [0, 1])
    }

    @Test func anAlphaOutsideZeroToOneIsATypedError() throws {
        let data = try SharedData.load("diabetes")
        #expect(throws: ElasticNetError.alphaOutOfRange(1.5)) {
            try ElasticNet().crossValidate(alphas: [1, 1.5], x: data.x, y: data.y)
        }
        #expect(throws: ElasticNetError.self) { try ElasticNet().crossValidate(alphas: [], x: data.x, y: data.y) }
    }
}

/// Records the alphas whose progress handler was asked for, in order.
private final class Counter: @unchecked Sendable {
    private(set) var values = [Int]()
    func add(_ k: Int) { values.append(k) }
}
