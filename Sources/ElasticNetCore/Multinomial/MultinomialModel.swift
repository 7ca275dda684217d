import Foundation

/// One fitted multinomial model: K intercepts and a K x p coefficient matrix at one lambda, with
/// the certificate that vouches for them.
public struct MultinomialFit: Sendable, Equatable {
    /// The penalty strength.
    public var lambda: Double
    /// One intercept per class, centred to sum to 0 (all 0 when no intercept is fitted).
    public var intercepts: [Double]
    /// `coefficients[k][j]`: class k, feature j, in the feature's original units; zeros are exactly 0.0.
    public var coefficients: [[Double]]
    /// Objective, duality gap and largest KKT violation, recomputed from the coefficients.
    public var certificate: Certificate
    /// Coordinate sweeps spent at this lambda (inside the Newton steps).
    public var iterations: Int
    /// Did the duality gap reach the requested tolerance?
    public var converged: Bool
    /// Fraction of the null deviance explained.
    public var devianceRatio: Double
    /// How the solver stopped.
    public var convergence: Convergence = .tolerance

    /// df: the number of features with a nonzero coefficient in some class.
    public var nonzeroCount: Int {
        guard let first = coefficients.first else { return 0 }
        return (0 ..< first.count).reduce(0) { count, j in count + (coefficients.contains { $0[j] != 0 } ? 1 : 0) }
    }

    /// The number of nonzero coefficients of class k.
    public func nonzeroCount(inClass k: Int) -> Int { coefficients[k].reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }

    /// Class probabilities for one row of features (original units).
    public func probabilities(_ row: [Double]) -> [Double] {
        Self.softmax(coefficients.enumerated().map { k, b in zip(b, row).reduce(intercepts[k]) { $0 + $1.0 * $1.1 } })
    }

    /// Class probabilities from the K linear predictors.
    static func softmax(_ eta: [Double]) -> [Double] { Family.softmax(eta) }
}

/// Multinomial fits along a decreasing lambda sequence.
public struct MultinomialPath: Sendable {
    /// The options the path was fitted with.
    public var options: FitOptions
    /// The number of classes.
    public var classCount: Int
    /// The smallest lambda with every penalised coefficient zero.
    public var lambdaMax: Double
    /// Deviance of the intercept-only model, weights summing to n.
    public var nullDeviance: Double
    /// One fit per lambda, in the order fitted (decreasing lambda).
    public var fits: [MultinomialFit]
    /// How many lambdas the sequence asked for.
    public var requestedCount: Int
    /// Why the path stopped early, if it did.
    public var earlyStop: EarlyStop?
    /// Things the user should know, one sentence each.
    public var warnings: [String]
    /// The lambdas fitted.
    public var lambdas: [Double] { fits.map(\.lambda) }
}

extension ElasticNet {
    /// lambda_max of the multinomial model: the largest |dL/dc_jk| (ungrouped) or ||dL/dc_j.||_2
    /// (grouped, `options.grouped`) at the null model, over pf_j max(alpha, 0.001).
    ///
    /// `classes` holds each row's class as 0 ..< classCount; every class needs positive weight.
    public func multinomialLambdaMax(x: some DesignMatrix, classes: [Int], classCount: Int,
                                     weights: [Double]? = nil) throws(ElasticNetError) -> Double {
        try multinomialRunner(x: x, classes: classes, classCount: classCount, weights: weights).nullModel().lambdaMax
    }

    /// Fits every lambda of `lambdas` with the multinomial loss, warm-starting each from the last.
    public func multinomialPath(x: some DesignMatrix, classes: [Int], classCount: Int, weights: [Double]? = nil,
                                lambdas: LambdaSequence = .standard) throws(ElasticNetError) -> MultinomialPath {
        let runner = try multinomialRunner(x: x, classes: classes, classCount: classCount, weights: weights)
        let (lambdaMax, evaluation) = try runner.nullModel()
        let values = try lambdas.values(lambdaMax: lambdaMax, rowCount: x.rowCount, featureCount: x.columnCount)
        return runner.fit(lambdas: values, lambdaMax: lambdaMax, start: evaluation, mayStopEarly: lambdas.isAutomatic)
    }

    /// Fits one lambda with the multinomial loss (warm starts from lambda_max, as `fit`).
    public func multinomialFit(x: some DesignMatrix, classes: [Int], classCount: Int, weights: [Double]? = nil,
                               lambda: Double) throws(ElasticNetError) -> MultinomialFit {
        guard lambda.isFinite else { throw .invalidLambdaSequence("lambda must be finite, got \(lambda)") }
        guard lambda >= 0 else { throw .negativeLambda(lambda) }
        let runner = try multinomialRunner(x: x, classes: classes, classCount: classCount, weights: weights)
        let (lambdaMax, evaluation) = try runner.nullModel()
        let path = runner.fit(lambdas: Self.warmStartSequence(to: lambda, from: lambdaMax), lambdaMax: lambdaMax,
                              start: evaluation, mayStopEarly: false)
        return path.fits[path.fits.count - 1]
    }

    private func multinomialRunner(x: some DesignMatrix, classes: [Int], classCount: Int,
                                   weights: [Double]?) throws(ElasticNetError) -> MultinomialRunner {
        guard classCount >= 2 else { throw .multinomialResponse("need at least 2 classes, got \(classCount)") }
        guard classes.count == x.rowCount else {
            throw .shapeMismatch("there are \(classes.count) class labels for \(x.rowCount) rows")
        }
        for (i, k) in classes.enumerated() where k < 0 || k >= classCount {
            throw .multinomialResponse("row \(i + 1) has class \(k), outside 0 ..< \(classCount)")
        }
        if options.grouped && (options.lowerBounds != nil || options.upperBounds != nil) {
            throw .multinomialResponse("bounds on coefficients are not supported with the grouped penalty")
        }
        var options = self.options
        options.family = .multinomial
        let problem = try WorkingProblem(x: x, y: [Double](repeating: 0, count: x.rowCount), weights: weights,
                                         options: options)
        let response = MultinomialResponse(classes: classes, classCount: classCount)
        let shares = response.classShares(weights: problem.weights.buffer.baseAddress!)
        if let empty = shares.firstIndex(where: { !($0 > 0) }) {
            throw .multinomialResponse("class \(empty) has no rows with positive weight; every class needs some")
        }
        let solver = MultinomialSolver(problem: problem, response: response, grouped: options.grouped)
        return MultinomialRunner(solver: solver, options: options, progress: progress)
    }
}

/// The multinomial path: `PathWalk` with each solution recorded as a `MultinomialFit`.
struct MultinomialRunner {
    let solver: MultinomialSolver
    let options: FitOptions
    var progress: ProgressHandler? = nil
    var problem: WorkingProblem { solver.problem }
    private var walker: PathWalk<MultinomialSolver> { PathWalk(solver: solver, options: options, progress: progress) }

    /// The intercept-only model's loss (0 log 0 = 0; no intercept: eta = 0, log K per row).
    func nullLoss() -> Double {
        let v = problem.weights.buffer.baseAddress!
        guard problem.intercept else { return log(Double(solver.response.classCount)) }
        let shares = solver.response.classShares(weights: v)
        return -shares.reduce(0) { $0 + ($1 > 0 ? $1 * log($1) : 0) }
    }

    func nullModel() throws(ElasticNetError) -> (lambdaMax: Double, evaluation: MultinomialGap.Result) {
        try walker.nullModel(nullLoss: nullLoss())
    }

    func fit(lambdas: [Double], lambdaMax: Double, start: MultinomialGap.Result, mayStopEarly: Bool) -> MultinomialPath {
        let nullLoss = self.nullLoss()
        let K = solver.response.classCount, p = problem.featureCount
        var fits = [MultinomialFit]()
        var (earlyStop, warnings) = walker.walk(lambdas: lambdas, lambdaMax: lambdaMax, start: start, nullLoss: nullLoss,
                                                mayStopEarly: mayStopEarly) { lambda, point in
            var intercepts = [Double](repeating: 0, count: K)
            var coefficients = [[Double]](repeating: [], count: K)
            for k in 0 ..< K {
                let c = (0 ..< p).map { solver.coefficients[$0 * K + k] }
                (intercepts[k], coefficients[k]) = problem.originalUnits(coefficients: c, intercept: solver.intercepts[k])
            }
            // Blocks the solver centred (penalty coordinates summing to 0) sum to exactly 0.0 in
            // original units too: the last class is minus the sum of the others. Only a rounding-size
            // change is made: a block the solver could not centre (its certificate refused the
            // centred point) keeps its sum, so the stored fit stays the certified one.
            for j in 0 ..< p where solver.isShiftInvariant(j, lambda: lambda) && coefficients[K - 1][j] != 0 {
                let others = (0 ..< K - 1).reduce(0.0) { $0 + coefficients[$1][j] }
                let size = (0 ..< K).reduce(0.0) { max($0, abs(coefficients[$1][j])) }
                if abs(others + coefficients[K - 1][j]) <= 1e-12 * size { coefficients[K - 1][j] = -others }
            }
            if problem.intercept {
                let mean = intercepts.reduce(0, +) / Double(K)
                intercepts = intercepts.map { $0 - mean }
            }
            let ratio = nullLoss > 0 ? max(0, 1 - point.certificate.loss / nullLoss) : 0
            fits.append(MultinomialFit(lambda: lambda, intercepts: intercepts, coefficients: coefficients,
                                       certificate: point.certificate, iterations: point.iterations,
                                       converged: point.converged, devianceRatio: ratio))
            fits[fits.count - 1].convergence = point.convergence
            return ratio
        }
        if let last = fits.last, last.devianceRatio > 0.99 {
            warnings.append("fitted probabilities numerically 0 or 1 occur at the smallest lambda: the classes are (nearly) separable, so the coefficients grow without bound as lambda falls")
        }
        return MultinomialPath(options: options, classCount: K, lambdaMax: lambdaMax,
                               nullDeviance: 2 * Double(problem.rowCount) * nullLoss, fits: fits,
                               requestedCount: lambdas.count, earlyStop: earlyStop, warnings: warnings)
    }
}
