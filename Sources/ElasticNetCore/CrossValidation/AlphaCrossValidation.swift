/// Cross-validation of several alphas on the same folds, as cv.glmnet is used over alpha (the
/// same `foldid` for every alpha): one full-data path and CV curve per alpha, and the best
/// (alpha, lambda) by the min rule. Every alpha is fitted on its own lambda sequence (lambda_max
/// depends on alpha), so the curves are compared at their minima, not lambda by lambda.
public struct AlphaCrossValidation<Path: Sendable>: Sendable {
    /// The alphas, in the order given.
    public var alphas: [Double]
    /// Per alpha: the path on the full data.
    public var paths: [Path]
    /// Per alpha: its cross-validation curve (every one on the same fold ids).
    public var curves: [CVCurve]
    /// The alpha whose curve has the best cvm at its lambda.min (the smallest, or the largest for
    /// AUC); the first given among exact ties.
    public var bestIndex: Int

    /// The best alpha.
    public var bestAlpha: Double { alphas[bestIndex] }
    /// lambda.min of the best alpha.
    public var lambdaMin: Double { curves[bestIndex].lambdaMin }
    /// lambda.1se of the best alpha: the sparsest model within one standard error of its best.
    public var lambda1se: Double { curves[bestIndex].lambda1se }

}

extension CVCurve {
    /// The index of the best of several curves by the min rule: the best cvm at lambda.min (the
    /// smallest, or the largest for AUC), the first given among exact ties.
    public static func bestIndex(_ curves: [CVCurve]) -> Int {
        var best = 0
        for (index, curve) in curves.enumerated() {
            let value = curve.cvm[curve.indexMin], current = curves[best].cvm[curves[best].indexMin]
            if curve.measure.largerIsBetter ? value > current : value < current { best = index }
        }
        return best
    }
}

extension ElasticNet {
    /// Cross-validates every alpha of `alphas` (each in [0, 1]) on the same folds: the folds are
    /// drawn once (or taken from `cv.foldIDs`), then each alpha is `crossValidate` with the other
    /// options unchanged. `alphaProgress(k)`, when given, is asked for alpha k's progress handler
    /// as that alpha starts (a display can count the alphas); without it `progress` hears them all.
    public func crossValidate(alphas: [Double], x: some DesignMatrix, y: [Double], weights: [Double]? = nil,
                              offset: [Double]? = nil, lambdas: LambdaSequence = .standard,
                              cv: CrossValidationOptions = CrossValidationOptions(),
                              alphaProgress: ((Int) -> ProgressHandler?)? = nil) throws(ElasticNetError)
        -> AlphaCrossValidation<RegularizationPath> {
        let shared = try sharedFolds(alphas, rowCount: x.rowCount, weights: weights, cv: cv)
        var paths = [RegularizationPath](), curves = [CVCurve]()
        for k in alphas.indices {
            let model = withAlpha(alphas[k], progress: alphaProgress?(k))
            let (path, curve) = try model.crossValidate(x: x, y: y, weights: weights, offset: offset, lambdas: lambdas, cv: shared)
            paths.append(path)
            curves.append(curve)
        }
        return AlphaCrossValidation(alphas: alphas, paths: paths, curves: curves, bestIndex: CVCurve.bestIndex(curves))
    }

    /// The multinomial `crossValidate(alphas:...)`.
    public func crossValidateMultinomial(alphas: [Double], x: some DesignMatrix, classes: [Int], classCount: Int,
                                         weights: [Double]? = nil, lambdas: LambdaSequence = .standard,
                                         cv: CrossValidationOptions = CrossValidationOptions(),
                                         alphaProgress: ((Int) -> ProgressHandler?)? = nil) throws(ElasticNetError)
        -> AlphaCrossValidation<MultinomialPath> {
        let shared = try sharedFolds(alphas, rowCount: x.rowCount, weights: weights, cv: cv)
        var paths = [MultinomialPath](), curves = [CVCurve]()
        for k in alphas.indices {
            let model = withAlpha(alphas[k], progress: alphaProgress?(k))
            let (path, curve) = try model.crossValidateMultinomial(x: x, classes: classes, classCount: classCount,
                                                                   weights: weights, lambdas: lambdas, cv: shared)
            paths.append(path)
            curves.append(curve)
        }
        return AlphaCrossValidation(alphas: alphas, paths: paths, curves: curves, bestIndex: CVCurve.bestIndex(curves))
    }

    /// `cv` with its fold ids drawn (or checked) once, so that every alpha sees the same folds.
    private func sharedFolds(_ alphas: [Double], rowCount: Int, weights: [Double]?,
                             cv: CrossValidationOptions) throws(ElasticNetError) -> CrossValidationOptions {
        guard !alphas.isEmpty else { throw .crossValidation("no alphas to cross-validate") }
        for alpha in alphas where !(alpha >= 0 && alpha <= 1) { throw .alphaOutOfRange(alpha) }
        var shared = cv
        let measure = cv.measure ?? CVMeasure.standard(for: options.family)
        shared.foldIDs = try FoldScorer(rowCount: rowCount, weights: weights, cv: cv, measure: measure).foldIDs()
        return shared
    }

    /// This model at `alpha`; `progress` replaces its handler when given. Called as each alpha
    /// starts, so a display can count alphas as they come.
    private func withAlpha(_ alpha: Double, progress: ProgressHandler?) -> ElasticNet {
        var model = self
        model.options.alpha = alpha
        if let progress { model.progress = progress }
        return model
    }
}
