/// Predictions of a single-response model (gaussian, binomial, poisson, gamma), one value per row of a
/// new design in the fitted features (dense or sparse). The arithmetic is `LinearPredictor`'s.
extension ElasticNetFit {
    /// This fit as a predictor: b0 and b at `lambda`.
    public var predictor: LinearPredictor {
        LinearPredictor(family: family, lambda: lambda, intercepts: [intercept], coefficients: [coefficients])
    }

    /// eta_i = b0 + x_i . b (+ offset_i): the linear predictor of each row.
    public func link(_ x: some DesignMatrix, offset: [Double]? = nil) throws(ElasticNetError) -> [Double] {
        try predictor.link(x, offset: offset).map { $0[0] }
    }

    /// The family's inverse link of `link`: the fitted mean (binomial: P(class 1)).
    public func response(_ x: some DesignMatrix, offset: [Double]? = nil) throws(ElasticNetError) -> [Double] {
        try predictor.response(x, offset: offset).map { $0[0] }
    }

    /// Binomial only: 1 where eta > 0, else 0.
    public func classes(_ x: some DesignMatrix, offset: [Double]? = nil) throws(ElasticNetError) -> [Int] {
        try predictor.classes(x, offset: offset)
    }
}

/// Predictions of a single-response path at any lambda: a fitted lambda's coefficients, or
/// glmnet's linear interpolation between the two grid lambdas around it (`LambdaPosition`).
/// For the exact solution off the grid, refit with `ElasticNet.fit(x:y:lambda:)`.
extension RegularizationPath {
    /// The predictor at `lambda` (interpolated off the grid; the nearest end outside it).
    public func predictor(at lambda: Double) -> LinearPredictor {
        LinearPredictor(interpolating: fits.map(\.predictor), at: lambda)
    }

    /// The intercept and coefficients at `lambda`.
    public func coefficients(at lambda: Double) -> (intercept: Double, coefficients: CoefficientVector) {
        let predictor = predictor(at: lambda)
        return (predictor.intercepts[0], predictor.coefficients[0])
    }

    /// The linear predictor of each row at `lambda`.
    public func link(_ x: some DesignMatrix, at lambda: Double, offset: [Double]? = nil) throws(ElasticNetError) -> [Double] {
        try predictor(at: lambda).link(x, offset: offset).map { $0[0] }
    }

    /// The fitted mean of each row at `lambda`.
    public func response(_ x: some DesignMatrix, at lambda: Double, offset: [Double]? = nil) throws(ElasticNetError) -> [Double] {
        try predictor(at: lambda).response(x, offset: offset).map { $0[0] }
    }

    /// Binomial only: the predicted class (0 or 1) of each row at `lambda`.
    public func classes(_ x: some DesignMatrix, at lambda: Double, offset: [Double]? = nil) throws(ElasticNetError) -> [Int] {
        try predictor(at: lambda).classes(x, offset: offset)
    }
}
