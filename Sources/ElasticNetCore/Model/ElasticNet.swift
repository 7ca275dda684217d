import Foundation

/// An elastic-net model specification: fits the objective of CONVENTIONS.md,
///
///     loss(b0, b) + lambda * sum_j pf_j * [ (1 - alpha)/2 * (s_j b_j)^2 + alpha * |s_j b_j| ],
///
/// by coordinate descent, one lambda or a whole path, each fit certified by a duality gap.
///
///     let model = ElasticNet(options: FitOptions(family: .gaussian, alpha: 1))
///     let path = try model.path(x: x, y: y)                // 100 lambdas from lambda_max
///     let fit = try model.fit(x: x, y: y, lambda: 0.1)     // one lambda
///     print(fit.coefficients, fit.certificate.dualityGap)
public struct ElasticNet: Sendable {
    /// The objective's settings.
    public var options: FitOptions

    /// Told after each lambda of a path (and each fold of a cross-validation); nil by default.
    /// Fold fits inside a cross-validation report as folds, not as lambdas.
    public var progress: ProgressHandler?

    /// A model with these options.
    public init(options: FitOptions = FitOptions()) {
        self.options = options
    }

    /// The smallest lambda at which every penalised coefficient is zero.
    ///
    /// `weights` are observation weights (any non-negative scale; normalised as in CONVENTIONS.md);
    /// `offset` is a fixed per-row addition to the linear predictor (poisson exposure, for example).
    public func lambdaMax(x: some DesignMatrix, y: [Double], weights: [Double]? = nil,
                          offset: [Double]? = nil) throws(ElasticNetError) -> Double {
        try withRunner(x: x, y: y, weights: weights, offset: offset) { runner throws(ElasticNetError) in try runner.lambdaMax() }
    }

    /// Fits every lambda of `lambdas`, warm-starting each from the previous solution.
    ///
    /// The automatic sequence of a gaussian model with alpha < 1 is unit-free (`ResponseScale`):
    /// alpha is read on the standardised response, as glmnet does, so the path is the documented
    /// objective's at `alpha q / (alpha q + 1 - alpha)` (q the scale of y), which the returned
    /// path's `options.alpha` states; ridge (alpha = 0) starts at lambda_max / q. Multiplying y by
    /// any factor then multiplies every fit by it, index by index. An explicit sequence keeps the
    /// documented objective at `options.alpha`.
    public func path(x: some DesignMatrix, y: [Double], weights: [Double]? = nil, offset: [Double]? = nil,
                     lambdas: LambdaSequence = .standard) throws(ElasticNetError) -> RegularizationPath {
        if let (model, columns) = withoutEmptyColumns(of: x) {
            let path = try model.path(x: columns.x, y: y, weights: weights, offset: offset, lambdas: lambdas)
            return columns.expand(path, options: options)
        }
        if let scale = unitFreeScale(y: y, weights: weights, offset: offset, lambdas: lambdas) {
            var model = self
            model.options.alpha = scale.documentedAlpha
            var path = try model.withRunner(x: x, y: y, weights: weights, offset: offset) { runner throws(ElasticNetError) in
                try runner.run(sequence: lambdas, startFactor: scale.sequenceStartFactor)
            }
            // Ridge has no finite lambda_max: the path's is its first lambda (glmnet's, in documented units).
            path.lambdaMax *= scale.sequenceStartFactor
            path.responseScale = scale
            return path
        }
        return try withRunner(x: x, y: y, weights: weights, offset: offset) { runner throws(ElasticNetError) in
            try runner.run(sequence: lambdas, startFactor: 1)
        }
    }

    /// The response's scale when `lambdas` is the automatic sequence of a gaussian model with
    /// alpha < 1 and y is not constant; nil otherwise (the sequence is then the documented one).
    func unitFreeScale(y: [Double], weights: [Double]?, offset: [Double]?, lambdas: LambdaSequence) -> ResponseScale? {
        guard lambdas.isAutomatic, options.family == .gaussian, options.alpha < 1,
              y.count >= 2, weights.map({ $0.count == y.count }) ?? true, offset.map({ $0.count == y.count }) ?? true
        else { return nil }
        let scale = ResponseScale(y: y, weights: weights, offset: offset, intercept: options.intercept,
                                  nominalAlpha: options.alpha)
        return scale.isUsable ? scale : nil
    }


    /// Fits one lambda. Internally the solver warm-starts along a short geometric sequence from
    /// lambda_max (faster than a cold start at small lambda); every point is solved to the same
    /// certified tolerance, so the answer does not depend on it beyond that tolerance.
    public func fit(x: some DesignMatrix, y: [Double], weights: [Double]? = nil, offset: [Double]? = nil,
                    lambda: Double) throws(ElasticNetError) -> ElasticNetFit {
        guard lambda.isFinite else { throw .invalidLambdaSequence("lambda must be finite, got \(lambda)") }
        guard lambda >= 0 else { throw .negativeLambda(lambda) }
        if let (model, columns) = withoutEmptyColumns(of: x) {
            return columns.expand(try model.fit(x: columns.x, y: y, weights: weights, offset: offset, lambda: lambda))
        }
        return try withRunner(x: x, y: y, weights: weights, offset: offset) { runner throws(ElasticNetError) in try runner.fitOne(lambda: lambda) }
    }

    /// lambda_max, then geometric steps of about a factor 1.6 down to `lambda` (at most 30).
    /// The span is log(lambda_max) - log(lambda), not log(lambda_max / lambda): the quotient
    /// overflows to infinity for a subnormal lambda (1e-320), and log of each is finite for any
    /// positive double, so the step count stays a small finite number.
    static func warmStartSequence(to lambda: Double, from lambdaMax: Double) -> [Double] {
        guard lambdaMax > lambda, lambda > 0 else { return lambda > 0 || lambdaMax == 0 ? [lambda] : [lambdaMax, lambda] }
        let top = log(lambdaMax), span = top - log(lambda)
        let steps = Int(min(30, max(1, (span / log(1.6)).rounded(.up))))
        let ratio = -span / Double(steps)
        // exp of the logarithm, not lambda_max x exp(step): the factor alone underflows to 0 on the
        // way from 1e300 to 1e-320 though every lambda between is a double.
        return (0 ..< steps).map { $0 == 0 ? lambdaMax : exp(top + ratio * Double($0)) } + [lambda]
    }

    /// Builds the working problem, picks the solver for the family and shape, and runs `body`.
    private func withRunner<T>(x: some DesignMatrix, y: [Double], weights: [Double]?, offset: [Double]?,
                               _ body: (any PathRunning) throws(ElasticNetError) -> T) throws(ElasticNetError) -> T {
        let problem = try workingProblem(x: x, y: y, weights: weights, offset: offset)
        guard let runner = try options.family.withCalculus(RunnerChoice(problem: problem, options: options, progress: progress)) else {
            throw .multinomialResponse("a multinomial model takes class labels: use multinomialPath or multinomialFit")
        }
        return try body(runner)
    }

    /// The working problem of a single-response family, after the checks every solver needs
    /// (each response one the family allows, e.g. binomial 0/1 with both classes weighted,
    /// poisson counts not all 0).
    func workingProblem(x: some DesignMatrix, y: [Double], weights: [Double]?,
                        offset: [Double]?) throws(ElasticNetError) -> WorkingProblem {
        let family = options.family.calculus
        if let family {
            for (i, value) in y.enumerated() { if let error = family.responseError(value, row: i) { throw error } }
        }
        let problem = try WorkingProblem(x: x, y: y, weights: weights, offset: offset, options: options)
        if let family {
            let v = problem.weights.buffer
            let mean = (0 ..< problem.rowCount).reduce(0.0) { $0 + v[$1] * y[$1] }
            if let error = family.degenerateResponseError(weightedMean: mean) { throw error }
        }
        return problem
    }
}

/// The path runner of a family: its Newton solver, or for a quadratic loss plain coordinate
/// descent (on the covariance when there are more rows than features and the Gram matrix is
/// that of centred columns, else on the residual).
private struct RunnerChoice: FamilyGenericWork {
    let problem: WorkingProblem
    let options: FitOptions
    let progress: ProgressHandler?

    func callAsFunction<F: GLMFamily>(_ family: F.Type) -> any PathRunning {
        guard F.isQuadratic else {
            return PathRunner(solver: ProximalNewtonSolver<F>(problem: problem), options: options, progress: progress)
        }
        if problem.rowCount > problem.featureCount && (problem.columnsCentred || !problem.intercept) {
            return PathRunner(solver: GaussianCovarianceSolver(problem: problem), options: options, progress: progress)
        }
        return PathRunner(solver: GaussianResidualSolver(problem: problem), options: options, progress: progress)
    }
}

/// The family-independent face of a `PathRunner`, so the solver is chosen once, at the top, and
/// everything below runs specialised.
protocol PathRunning {
    func lambdaMax() throws(ElasticNetError) -> Double
    func run(sequence: LambdaSequence, startFactor: Double) throws(ElasticNetError) -> RegularizationPath
    /// Fits `lambda` after warm starts from lambda_max (`ElasticNet.warmStartSequence`).
    func fitOne(lambda: Double) throws(ElasticNetError) -> ElasticNetFit
}

extension PathRunner: PathRunning {
    func lambdaMax() throws(ElasticNetError) -> Double { try nullModel().lambdaMax }

    func fitOne(lambda: Double) throws(ElasticNetError) -> ElasticNetFit {
        let (lambdaMax, evaluation) = try nullModel()
        let path = fit(lambdas: ElasticNet.warmStartSequence(to: lambda, from: lambdaMax), lambdaMax: lambdaMax,
                       start: evaluation, mayStopEarly: false)
        return path.fits[path.fits.count - 1]
    }
}
