/// Where a lambda falls on a path's grid of fitted lambdas (decreasing, as every path is fitted),
/// and so how the coefficients there are formed without refitting. This is glmnet's
/// `lambda.interp` (predict.glmnet with exact = FALSE): between the neighbouring grid lambdas
/// l_left > lambda > l_right the coefficients are linear in lambda,
///
///     b(lambda) = f * b(l_left) + (1 - f) * b(l_right),   f = (lambda - l_right) / (l_left - l_right),
///
/// intercepts alike, and outside the grid they are the nearest end's. The interpolated
/// coefficients satisfy no optimality conditions of their own; an exact answer needs a refit
/// (`ElasticNet.fit(..., lambda:)`).
public enum LambdaPosition: Sendable, Equatable {
    /// On the grid: the fit at this index (within 1e-12 relative, so a lambda printed and read
    /// back in 17 digits finds its fit).
    case fitted(index: Int)
    /// Strictly between grid points `left` (the larger lambda) and `right = left + 1`;
    /// `weight` is f, the share of the larger lambda's coefficients.
    case between(left: Int, right: Int, weight: Double)
    /// Above the grid's largest lambda: its first fit's coefficients.
    case aboveGrid
    /// Below the grid's smallest lambda: its last fit's coefficients.
    case belowGrid

    /// The position of `lambda` in `grid`, which must be non-empty and strictly decreasing.
    public init(of lambda: Double, in grid: [Double]) {
        precondition(!grid.isEmpty, "LambdaPosition: an empty grid")
        if let index = grid.firstIndex(where: { abs($0 - lambda) <= 1e-12 * max($0, lambda) }) {
            self = .fitted(index: index)
        } else if lambda > grid[0] {
            self = .aboveGrid
        } else if let right = grid.firstIndex(where: { $0 < lambda }) {
            let left = right - 1
            self = .between(left: left, right: right, weight: (lambda - grid[right]) / (grid[left] - grid[right]))
        } else {
            self = .belowGrid
        }
    }
}

extension LinearPredictor {
    /// The predictor at `lambda` from a path's fits `grid` (decreasing lambda, all of one family
    /// and shape): a fitted lambda's own, or glmnet's linear interpolation (`LambdaPosition`).
    /// The result carries `lambda` itself, except on the grid, where it carries the grid's value.
    public init(interpolating grid: [LinearPredictor], at lambda: Double) {
        let position = LambdaPosition(of: lambda, in: grid.map(\.lambda))
        switch position {
        case .fitted(let index): self = grid[index]
        case .aboveGrid: self = grid[0]; self.lambda = lambda
        case .belowGrid: self = grid[grid.count - 1]; self.lambda = lambda
        case .between(let left, let right, let f):
            let a = grid[left], b = grid[right]
            func mix(_ u: Double, _ v: Double) -> Double { f * u + (1 - f) * v }
            self.init(family: a.family, lambda: lambda, intercepts: zip(a.intercepts, b.intercepts).map(mix),
                      coefficients: zip(a.coefficients, b.coefficients).map { u, v in zip(u, v).map(mix) })
        }
    }
}
