import ElasticNetCore
import Foundation
import Testing

/// Cross-validation against a computation by hand from separate fits, and its invariants.
struct CrossValidationTests {
    static func fixedFolds(_ n: Int, _ k: Int) -> [Int] { (0 ..< n).map { $0 % k + 1 } }

    /// cvm and cvsd equal the fold-weighted mean and spread of fold MSEs recomputed here from a
    /// separate path on each training fold (CONVENTIONS.md, quirk 4).
    @Test func curveEqualsFoldErrorsComputedByHand() throws {
        let data = try SharedData.load("diabetes")
        let n = data.x.rowCount, k = 5
        var cv = CrossValidationOptions()
        cv.foldIDs = Self.fixedFolds(n, k)
        let model = ElasticNet(options: FitOptions(alpha: 0.5))
        let (path, curve) = try model.crossValidate(x: data.x, y: data.y, lambdas: .automatic(count: 20), cv: cv)
        #expect(curve.lambdas == path.lambdas)
        var errors = [[Double]]()
        var sizes = [Double]()
        for fold in 1 ... k {
            let train = (0 ..< n).filter { cv.foldIDs![$0] != fold }, test = (0 ..< n).filter { cv.foldIDs![$0] == fold }
            // The full-data path's objective (the unit-free default sequence fixes its own alpha).
            let fits = try ElasticNet(options: path.options)
                .path(x: data.x.rows(train), y: train.map { data.y[$0] }, lambdas: .explicit(curve.lambdas)).fits
            errors.append(fits.map { fit in
                test.reduce(0.0) { total, i in
                    let prediction = (0 ..< data.x.columnCount).reduce(fit.intercept) { $0 + data.x[row: i, column: $1] * fit.coefficients[$1] }
                    return total + pow(data.y[i] - prediction, 2)
                } / Double(test.count)
            })
            sizes.append(Double(test.count))
        }
        for l in curve.lambdas.indices {
            let mean = (0 ..< k).reduce(0.0) { $0 + sizes[$1] * errors[$1][l] } / Double(n)
            let spread = ((0 ..< k).reduce(0.0) { $0 + sizes[$1] * pow(errors[$1][l] - mean, 2) } / Double(n) / Double(k - 1)).squareRoot()
            #expect(abs(curve.cvm[l] - mean) <= 1e-6 * mean, "lambda \(curve.lambdas[l]): cvm \(curve.cvm[l]) vs \(mean)")
            #expect(abs(curve.cvsd[l] - spread) <= 1e-5 * spread + 1e-9)
        }
        #expect(curve.cvm[curve.indexMin] == curve.cvm.min())
        #expect(curve.lambda1se >= curve.lambdaMin)
        #expect(curve.cvm[curve.index1se] <= curve.cvm[curve.indexMin] + curve.cvsd[curve.indexMin])
        if curve.index1se > 0 {
            #expect(curve.cvm[curve.index1se - 1] > curve.cvm[curve.indexMin] + curve.cvsd[curve.indexMin])
        }
    }

    /// The same folds give the same bits whatever the number of threads.
    @Test(arguments: [Family.gaussian, .binomial])
    func threadCountDoesNotChangeTheResult(_ family: Family) throws {
        let data = try SharedData.load(family == .gaussian ? "diabetes" : "breast_cancer")
        var one = CrossValidationOptions()
        one.threads = 1
        one.keepPredictions = true
        var two = one
        two.threads = 2
        let model = ElasticNet(options: FitOptions(family: family))
        let a = try model.crossValidate(x: data.x, y: data.y, lambdas: .automatic(count: 15), cv: one).curve
        let b = try model.crossValidate(x: data.x, y: data.y, lambdas: .automatic(count: 15), cv: two).curve
        #expect(a == b)
        #expect(a.outOfFold?.count == a.lambdas.count)
    }

    /// Random folds from a seed: every row in one fold, sizes differ by at most one, and the same
    /// seed gives the same folds.
    @Test func seededFoldsAreBalancedAndReproducible() {
        let ids = Folds.random(rowCount: 103, folds: 10, seed: 7)
        #expect(ids == Folds.random(rowCount: 103, folds: 10, seed: 7))
        #expect(ids != Folds.random(rowCount: 103, folds: 10, seed: 8))
        let sizes = (1 ... 10).map { f in ids.filter { $0 == f }.count }
        #expect(sizes.max()! - sizes.min()! <= 1 && sizes.reduce(0, +) == 103)
    }

    /// AUC and misclassification on a binomial problem, and the multinomial's class measure.
    @Test func classificationMeasures() throws {
        let data = try SharedData.load("breast_cancer")
        var cv = CrossValidationOptions()
        cv.measure = .auc
        let model = ElasticNet(options: FitOptions(family: .binomial))
        let auc = try model.crossValidate(x: data.x, y: data.y, lambdas: .automatic(count: 20), cv: cv).curve
        #expect(auc.cvm[auc.indexMin] > 0.95 && auc.cvm[auc.indexMin] <= 1)
        #expect(auc.cvm[auc.indexMin] == auc.cvm.max())
        cv.measure = .class
        let miss = try model.crossValidate(x: data.x, y: data.y, lambdas: .automatic(count: 20), cv: cv).curve
        #expect(miss.cvm[miss.indexMin] < 0.1)

        let multi = try SharedData.load("multinomial_example")
        let (classes, count) = SharedData.classes(of: multi)
        let curve = try ElasticNet(options: FitOptions(family: .multinomial)).crossValidateMultinomial(
            x: multi.x, classes: classes, classCount: count, lambdas: .automatic(count: 15), cv: cv).curve
        #expect(curve.cvm.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(curve.cvm[curve.indexMin] < curve.cvm[0])
    }

    @Test func badFoldsAreErrors() throws {
        let data = try SharedData.load("diabetes")
        let model = ElasticNet()
        let n = data.x.rowCount
        var cv = CrossValidationOptions()
        cv.foldIDs = Array(Self.fixedFolds(n, 5).dropLast())
        #expect(throws: ElasticNetError.self) { try model.crossValidate(x: data.x, y: data.y, cv: cv) }
        cv.foldIDs = Self.fixedFolds(n, 5).map { $0 == 3 ? 4 : $0 }
        #expect(throws: ElasticNetError.self) { try model.crossValidate(x: data.x, y: data.y, cv: cv) }
        cv.foldIDs = nil
        cv.folds = 10
        let few = data.x.rows(Array(0 ..< 8))
        #expect(throws: ElasticNetError.self) { try model.crossValidate(x: few, y: Array(data.y.prefix(8)), cv: cv) }
        cv.measure = .auc
        #expect(throws: ElasticNetError.self) { try model.crossValidate(x: data.x, y: data.y, cv: cv) }
    }
}
