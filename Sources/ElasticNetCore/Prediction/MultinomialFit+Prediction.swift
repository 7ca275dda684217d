/// Predictions of a multinomial model: K values per row (`[row][class]`, classes in the order of
/// the fit's `0 ..< classCount`) of a new design in the fitted features (dense or sparse). The
/// arithmetic is `LinearPredictor`'s.
extension MultinomialFit {
    /// This fit as a predictor: K intercepts and K coefficient vectors at `lambda`.
    public var predictor: LinearPredictor {
        LinearPredictor(family: .multinomial, lambda: lambda, intercepts: intercepts, coefficients: coefficients)
    }

    /// eta_ik = b0_k + x_i . b_k (+ offset_i) for each row and class.
    public func link(_ x: some DesignMatrix, offset: [Double]? = nil) throws(ElasticNetError) -> [[Double]] {
        try predictor.link(x, offset: offset)
    }

    /// The class probabilities of each row (the softmax of `link`).
    public func response(_ x: some DesignMatrix, offset: [Double]? = nil) throws(ElasticNetError) -> [[Double]] {
        try predictor.response(x, offset: offset)
    }

    /// The most probable class of each row.
    public func classes(_ x: some DesignMatrix, offset: [Double]? = nil) throws(ElasticNetError) -> [Int] {
        try predictor.classes(x, offset: offset)
    }

    /// The features with a nonzero coefficient in some class.
    public var nonzeroFeatures: [Int] { predictor.nonzeroFeatures }
}

/// Predictions of a multinomial path at any lambda (glmnet's interpolation off the grid, as
/// `RegularizationPath`).
extension MultinomialPath {
    /// The predictor at `lambda` (interpolated off the grid; the nearest end outside it).
    public func predictor(at lambda: Double) -> LinearPredictor {
        LinearPredictor(interpolating: fits.map(\.predictor), at: lambda)
    }

    /// eta for each row and class at `lambda`.
    public func link(_ x: some DesignMatrix, at lambda: Double, offset: [Double]? = nil) throws(ElasticNetError) -> [[Double]] {
        try predictor(at: lambda).link(x, offset: offset)
    }

    /// The class probabilities of each row at `lambda`.
    public func response(_ x: some DesignMatrix, at lambda: Double, offset: [Double]? = nil) throws(ElasticNetError) -> [[Double]] {
        try predictor(at: lambda).response(x, offset: offset)
    }

    /// The most probable class of each row at `lambda`.
    public func classes(_ x: some DesignMatrix, at lambda: Double, offset: [Double]? = nil) throws(ElasticNetError) -> [Int] {
        try predictor(at: lambda).classes(x, offset: offset)
    }
}
