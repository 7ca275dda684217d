import Foundation

/// The link functions of each family, public so that predictions can be formed (and checked)
/// outside the library. The solvers use the same formulas through `GLMFamily`; these forward to
/// them, so there is one place for each.
extension Family {
    /// The inverse link: the fitted mean at the linear predictor eta. Gaussian: eta; binomial:
    /// the probability of class 1, 1 / (1 + e^-eta); poisson: e^eta. The multinomial mean is a
    /// vector of class probabilities: use `Family.softmax(_:)`.
    public func inverseLink(_ eta: Double) -> Double {
        guard let family = calculus else {
            preconditionFailure("the multinomial inverse link takes K linear predictors: use Family.softmax")
        }
        return family.mean(eta: eta)
    }

    /// The link: the eta whose mean is `mean` (identity, logit, log). Multinomial: see `inverseLink`.
    public func link(_ mean: Double) -> Double {
        guard let family = calculus else {
            preconditionFailure("the multinomial link is defined up to a constant per row: use log probabilities")
        }
        return family.link(mean: mean)
    }

    /// The multinomial inverse link: class probabilities e^eta_k / sum_l e^eta_l, computed after
    /// subtracting the largest eta so that no exponential overflows.
    public static func softmax(_ eta: [Double]) -> [Double] {
        let largest = eta.max() ?? 0
        let e = eta.map { exp($0 - largest) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }
}
