extension ElasticNet {
    /// How far each feature is from entering the model at `fit`: |g_j| / (lambda alpha pf_j),
    /// where g_j = dL/dc_j is the loss gradient in penalty coordinates (CONVENTIONS.md,
    /// "Optimality"; for the gaussian it is x_j'(working residual) / n in standardised units).
    ///
    /// A zero coefficient is optimal when its margin is at most 1; a margin of 0.3 says the
    /// feature would need its correlation with the residual to grow by a factor 3 to enter. The
    /// gradient is recomputed from (x, y, weights, coefficients) by the certificate code, not taken
    /// from the solver. Nil where the ratio means nothing: an excluded or constant feature, no
    /// L1 part (alpha = 0, lambda = 0) or an unpenalised feature (pf_j = 0).
    public func kktMargins(x: DenseMatrix, y: [Double], weights: [Double]? = nil, offset: [Double]? = nil,
                           fit: ElasticNetFit) throws(ElasticNetError) -> [Double?] {
        guard fit.coefficients.count == x.columnCount else {
            throw .shapeMismatch("the fit has \(fit.coefficients.count) coefficients for \(x.columnCount) features")
        }
        let problem = try WorkingProblem(x: x, y: y, weights: weights, offset: offset, options: options)
        let (b0, c) = problem.penaltyCoordinates(coefficients: fit.coefficients, intercept: fit.intercept)
        let gradient: [Double]
        switch options.family {
        case .gaussian: gradient = Self.gradient(DualityGap<Gaussian>(problem: problem), lambda: fit.lambda, c: c, b0: b0)
        case .binomial: gradient = Self.gradient(DualityGap<Binomial>(problem: problem), lambda: fit.lambda, c: c, b0: b0)
        case .poisson: gradient = Self.gradient(DualityGap<Poisson>(problem: problem), lambda: fit.lambda, c: c, b0: b0)
        case .multinomial: throw .multinomialResponse("KKT margins are computed for single-response families only")
        }
        return (0 ..< problem.featureCount).map { j in
            let threshold = fit.lambda * problem.alpha * problem.penaltyFactors[j]
            guard !problem.isExcluded(j), threshold > 0, threshold.isFinite else { return nil }
            return abs(gradient[j]) / threshold
        }
    }

    private static func gradient<F>(_ gap: DualityGap<F>, lambda: Double, c: [Double], b0: Double) -> [Double] {
        c.withUnsafeBufferPointer { gap.evaluate(lambda: lambda, coefficients: $0, intercept: b0).gradient }
    }
}
