import Foundation

/// Settings of k-fold cross-validation.
public struct CrossValidationOptions: Sendable, Equatable {
    /// The number of folds when `foldIDs` is nil.
    public var folds: Int = 10
    /// Seeds the random fold assignment, so two runs agree.
    public var seed: UInt64 = 1
    /// Exact fold ids (1 ... k), one per row, instead of random folds.
    public var foldIDs: [Int]? = nil
    /// The score; nil for the family's default (`CVMeasure.standard(for:)`).
    public var measure: CVMeasure? = nil
    /// How many folds run at once. The result does not depend on it.
    public var threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Keep the out-of-fold fitted means (probabilities, multinomial) for every lambda.
    public var keepPredictions: Bool = false

    /// The defaults: 10 random folds from seed 1.
    public init() {}
}

/// The cross-validation curve over a lambda sequence, as cv.glmnet reports it (CONVENTIONS.md,
/// quirk 4): fold errors weighted by fold weight, their spread, lambda.min and lambda.1se.
public struct CVCurve: Sendable, Equatable {
    public var measure: CVMeasure
    /// The sequence, fitted once on the full data and reused for every fold.
    public var lambdas: [Double]
    /// Mean cross-validated score per lambda.
    public var cvm: [Double]
    /// Its standard error per lambda.
    public var cvsd: [Double]
    /// Nonzero features per lambda on the full data.
    public var nonzero: [Int]
    /// Index (0-based) of lambda.min: the best cvm (the largest lambda among ties).
    public var indexMin: Int
    /// Index of lambda.1se: the largest lambda whose cvm is within one cvsd of the best.
    public var index1se: Int
    /// The fold of each row, 1 ... k.
    public var foldIDs: [Int]
    /// The number of folds.
    public var folds: Int
    /// Out-of-fold fitted means: `[lambda][row]`, or `[lambda][row * K + k]` for the multinomial;
    /// nil unless asked for.
    public var outOfFold: [[Double]]?

    public var cvup: [Double] { zip(cvm, cvsd).map { $0 + $1 } }
    public var cvlo: [Double] { zip(cvm, cvsd).map { $0 - $1 } }
    public var lambdaMin: Double { lambdas[indexMin] }
    public var lambda1se: Double { lambdas[index1se] }
}

extension ElasticNet {
    /// k-fold cross-validation of a gaussian, binomial, poisson or gamma model: the path on the full
    /// data fixes the lambdas, then each fold's complement is fitted on exactly those lambdas and
    /// scored on the fold. Folds run in parallel; the result is bit-identical for any thread count.
    public func crossValidate(x: some DesignMatrix, y: [Double], weights: [Double]? = nil, offset: [Double]? = nil,
                              lambdas: LambdaSequence = .standard,
                              cv: CrossValidationOptions = CrossValidationOptions()) throws(ElasticNetError)
        -> (path: RegularizationPath, curve: CVCurve) {
        let measure = try checkedMeasure(cv)
        let path = try self.path(x: x, y: y, weights: weights, offset: offset, lambdas: lambdas)
        let sequence = path.lambdas
        let family = options.family
        let scorer = FoldScorer(rowCount: x.rowCount, weights: weights, cv: cv, measure: measure)
        let folds = try scorer.foldIDs()
        if measure == .auc {
            // An AUC needs both classes among a fold's rows.
            for fold in 1 ... (folds.max() ?? 1) where Set(folds.indices.filter { folds[$0] == fold }.map { y[$0] }).count < 2 {
                throw .crossValidation("fold \(fold) holds one class only, so its AUC is undefined; use more rows per fold or another measure")
            }
        }
        let foldProgress = FoldProgress(total: folds.max() ?? 0, handler: progress)
        // The folds minimise the full-data path's objective (its alpha, when the default sequence
        // was made unit-free), on exactly its lambdas.
        let quiet = self.withoutProgress.with(options: path.options)
        let results = try scorer.run(folds: folds) { (train: [Int], test: [Int]) throws(ElasticNetError) -> [[Double]] in
            defer { foldProgress.finishedOne() }
            let trained = try quiet.path(x: x.rows(train), y: train.map { y[$0] }, weights: weights.map { w in train.map { w[$0] } },
                                        offset: offset.map { o in train.map { o[$0] } }, lambdas: .explicit(sequence))
            return trained.fits.map { fit in
                zip(test, x.product(nonzerosOf: fit.coefficients, rows: test)).map { i, xb in fit.intercept + (offset?[i] ?? 0) + xb }
            }
        }
        let curve = scorer.curve(lambdas: sequence, nonzero: path.fits.map(\.nonzeroCount), folds: folds,
                                 predictions: results, width: 1, labels: y,
                                 fittedMean: { Self.mean(family: family, eta: $0) }) { i, eta in
            let e = eta[eta.startIndex]
            return measure.rowScore(family: family, y: y[i], eta: e, mean: Self.mean(family: family, eta: e))
        }
        return (path, curve)
    }

    /// k-fold cross-validation of a multinomial model (see `crossValidate`).
    public func crossValidateMultinomial(x: some DesignMatrix, classes: [Int], classCount: Int, weights: [Double]? = nil,
                                         lambdas: LambdaSequence = .standard,
                                         cv: CrossValidationOptions = CrossValidationOptions()) throws(ElasticNetError)
        -> (path: MultinomialPath, curve: CVCurve) {
        var cvOptions = cv
        if cvOptions.measure == nil { cvOptions.measure = .deviance }
        var model = self
        model.options.family = .multinomial
        let measure = try model.checkedMeasure(cvOptions)
        let path = try multinomialPath(x: x, classes: classes, classCount: classCount, weights: weights, lambdas: lambdas)
        let sequence = path.lambdas
        let scorer = FoldScorer(rowCount: x.rowCount, weights: weights, cv: cvOptions, measure: measure)
        let folds = try scorer.foldIDs()
        let foldProgress = FoldProgress(total: folds.max() ?? 0, handler: progress)
        let quiet = self.withoutProgress
        let results = try scorer.run(folds: folds) { (train: [Int], test: [Int]) throws(ElasticNetError) -> [[Double]] in
            defer { foldProgress.finishedOne() }
            let trained = try quiet.multinomialPath(x: x.rows(train), classes: train.map { classes[$0] }, classCount: classCount,
                                                   weights: weights.map { w in train.map { w[$0] } }, lambdas: .explicit(sequence))
            // Probabilities, row-major within the fold: [t * K + k].
            return trained.fits.map { fit in
                let products = fit.coefficients.map { x.product($0, rows: test) }
                return test.indices.flatMap { t in
                    MultinomialFit.softmax(fit.intercepts.indices.map { k in fit.intercepts[k] + products[k][t] })
                }
            }
        }
        let curve = scorer.curve(lambdas: sequence, nonzero: path.fits.map(\.nonzeroCount), folds: folds,
                                 predictions: results, width: classCount, labels: classes.map(Double.init),
                                 fittedMean: { $0 }) { i, probabilities in
            measure.rowScore(label: classes[i], probabilities: Array(probabilities))
        }
        return (path, curve)
    }

    /// This model with other options.
    private func with(options: FitOptions) -> ElasticNet {
        var model = self
        model.options = options
        return model
    }

    /// This model without a progress handler: fold fits report as folds, not as lambdas.
    private var withoutProgress: ElasticNet {
        var model = self
        model.progress = nil
        return model
    }

    private func checkedMeasure(_ cv: CrossValidationOptions) throws(ElasticNetError) -> CVMeasure {
        let measure = cv.measure ?? CVMeasure.standard(for: options.family)
        guard measure.applies(to: options.family) else {
            throw .crossValidation("the measure \(measure.rawValue) does not apply to the \(options.family.rawValue) family")
        }
        return measure
    }

    /// The fitted mean of a single-response family at eta.
    static func mean(family: Family, eta: Double) -> Double { family.inverseLink(eta) }
}
