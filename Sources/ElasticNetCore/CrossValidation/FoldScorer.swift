import Foundation

/// The family-independent half of cross-validation: fold ids, running the folds in parallel, and
/// turning held-out predictions into the curve. Each fold writes only its own slot and the curve
/// is summed in fold order, so the result is the same bits for any number of threads.
struct FoldScorer {
    let rowCount: Int
    let weights: [Double]?
    let cv: CrossValidationOptions
    let measure: CVMeasure

    func foldIDs() throws(ElasticNetError) -> [Int] {
        if let ids = cv.foldIDs {
            _ = try Folds.validate(ids, rowCount: rowCount)
            return ids
        }
        guard cv.folds >= 2 else { throw .crossValidation("need at least 2 folds, got \(cv.folds)") }
        guard rowCount >= cv.folds else {
            throw .crossValidation("\(rowCount) rows cannot fill \(cv.folds) folds; use fewer folds")
        }
        return Folds.random(rowCount: rowCount, folds: cv.folds, seed: cv.seed)
    }

    /// Runs `fitFold(train, test)` for every fold; it returns, per lambda, the held-out
    /// predictions of the test rows (`width` numbers per row, in test-row order).
    func run(folds: [Int], fitFold: @escaping @Sendable ([Int], [Int]) throws(ElasticNetError) -> [[Double]])
        throws(ElasticNetError) -> [[[Double]]] {
        let k = folds.max() ?? 0
        let slots = FoldSlots(count: k)
        let workers = max(1, min(cv.threads, k))
        let work: @Sendable (Int) -> Void = { worker in
            for fold in stride(from: worker + 1, through: k, by: workers) {
                let train = folds.indices.filter { folds[$0] != fold }
                let test = folds.indices.filter { folds[$0] == fold }
                do throws(ElasticNetError) {
                    slots.store(fold - 1, .success(try fitFold(train, test)))
                } catch {
                    slots.store(fold - 1, .failure(error))
                }
            }
        }
        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        return try slots.collect()
    }

    /// The curve from held-out predictions: fold errors are weighted means of row scores (AUC:
    /// one value per fold); cvm weights the folds by their total weight; cvsd is the weighted
    /// spread of the fold errors over k - 1.
    func curve(lambdas: [Double], nonzero: [Int], folds: [Int], predictions: [[[Double]]], width: Int, labels: [Double],
               fittedMean: (Double) -> Double, score: (Int, ArraySlice<Double>) -> Double) -> CVCurve {
        let k = predictions.count, count = lambdas.count
        // Fold weights are sums: scaled first, so that huge weights cannot overflow them.
        let w = weights.map(ObservationWeights.relative) ?? [Double](repeating: 1, count: rowCount)
        var foldErrors = [[Double]](repeating: [Double](repeating: 0, count: count), count: k)
        var foldWeights = [Double](repeating: 0, count: k)
        var outOfFold: [[Double]]? = cv.keepPredictions
            ? [[Double]](repeating: [Double](repeating: .nan, count: rowCount * width), count: count) : nil
        for fold in 0 ..< k {
            let test = folds.indices.filter { folds[$0] == fold + 1 }
            foldWeights[fold] = test.reduce(0) { $0 + w[$1] }
            for l in 0 ..< count {
                let values = predictions[fold][l]
                if measure == .auc {
                    foldErrors[fold][l] = CVMeasure.areaUnderCurve(scores: values, labels: test.map { labels[$0] },
                                                                   weights: test.map { w[$0] })
                } else {
                    var total = 0.0
                    for (t, i) in test.enumerated() { total += w[i] * score(i, values[(t * width) ..< ((t + 1) * width)]) }
                    foldErrors[fold][l] = foldWeights[fold] > 0 ? total / foldWeights[fold] : 0
                }
                if outOfFold != nil {
                    for (t, i) in test.enumerated() {
                        for c in 0 ..< width { outOfFold![l][i * width + c] = fittedMean(values[t * width + c]) }
                    }
                }
            }
        }
        let totalWeight = foldWeights.reduce(0, +)
        var cvm = [Double](repeating: 0, count: count), cvsd = [Double](repeating: 0, count: count)
        for l in 0 ..< count {
            var mean = 0.0
            for fold in 0 ..< k { mean += foldWeights[fold] * foldErrors[fold][l] }
            mean /= totalWeight
            var spread = 0.0
            for fold in 0 ..< k { spread += foldWeights[fold] * pow(foldErrors[fold][l] - mean, 2) }
            cvm[l] = mean
            cvsd[l] = (spread / totalWeight / Double(k - 1)).squareRoot()
        }
        let better: (Double, Double) -> Bool = measure.largerIsBetter ? { $0 > $1 } : { $0 < $1 }
        var indexMin = 0
        for l in 1 ..< max(count, 1) where !cvm[l].isNaN && (cvm[indexMin].isNaN || better(cvm[l], cvm[indexMin])) {
            indexMin = l
        }
        let limit = measure.largerIsBetter ? cvm[indexMin] - cvsd[indexMin] : cvm[indexMin] + cvsd[indexMin]
        let index1se = (0 ... indexMin).first { l in
            measure.largerIsBetter ? cvm[l] >= limit : cvm[l] <= limit
        } ?? indexMin
        return CVCurve(measure: measure, lambdas: lambdas, cvm: cvm, cvsd: cvsd, nonzero: nonzero, indexMin: indexMin,
                       index1se: index1se, foldIDs: folds, folds: k, outOfFold: outOfFold)
    }
}

/// One result slot per fold, written by whichever thread runs the fold.
private final class FoldSlots: @unchecked Sendable {
    private var results: [Result<[[Double]], ElasticNetError>?]
    private let lock = NSLock()

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func store(_ fold: Int, _ result: Result<[[Double]], ElasticNetError>) {
        lock.lock()
        results[fold] = result
        lock.unlock()
    }

    /// The folds' predictions in fold order, or the error of the first fold that failed.
    func collect() throws(ElasticNetError) -> [[[Double]]] {
        try results.enumerated().map { (fold, result) throws(ElasticNetError) -> [[Double]] in
            switch result {
            case .success(let value): return value
            case .failure(let error): throw .crossValidation("the fit without fold \(fold + 1): \(error)")
            case nil: throw .crossValidation("fold \(fold + 1) did not run")
            }
        }
    }
}
