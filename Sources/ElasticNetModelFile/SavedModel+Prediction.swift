import ElasticNetCore

extension SavedModel {
    /// The saved fit at each lambda of the model's grid, in the file's order.
    public var grid: [LinearPredictor] {
        fits.lambdas.indices.map { l in
            LinearPredictor(family: family, lambda: fits.lambdas[l], intercepts: fits.intercepts[l],
                            coefficients: fits.coefficients[l])
        }
    }

    /// The model at `lambda` without refitting: a saved fit when `lambda` is on the grid, else
    /// glmnet's interpolation (`LambdaPosition` says how). An exact answer off the grid needs the
    /// training data: refit it with `ElasticNet.fit(x:y:lambda:)` and the saved options.
    public func predictor(at lambda: Double) -> LinearPredictor {
        LinearPredictor(interpolating: grid, at: lambda)
    }
}
