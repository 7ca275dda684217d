import Foundation

/// One response distribution, seen per observation through its linear predictor eta.
///
/// Every function is static so a solver generic over `F: GLMFamily` is specialised at compile time
/// (no dynamic dispatch per observation). The loss of CONVENTIONS.md is
/// `sum_i v_i * loss(y_i, eta_i)` with v the weights normalised to sum to 1.
protocol GLMFamily {
    /// Per-observation loss; its derivative in eta is `mean(eta) - y`.
    static func loss(y: Double, eta: Double) -> Double
    /// The loss of the saturated model (eta fitted to y itself), for deviances.
    static func saturatedLoss(y: Double) -> Double
    /// The inverse link: the fitted mean at eta.
    static func mean(eta: Double) -> Double
    /// The link: the eta whose mean is `mean` (used for the intercept-only null model).
    static func link(mean: Double) -> Double
    /// The second derivative of `loss` in eta, as a function of the mean.
    static func variance(mean: Double) -> Double
    /// Can `q` be a dual mean, i.e. is the conjugate loss finite there?
    static func isDualFeasible(_ q: Double) -> Bool
    /// The Fenchel-Young gap of one observation's loss: `f(eta) + f*(theta) - theta * eta >= 0`
    /// for the dual variable theta = q - y. It is the Bregman divergence between the dual mean q
    /// and the fitted mean at eta, written so that it never cancels catastrophically.
    static func fenchelYoungGap(y: Double, eta: Double, dualMean q: Double) -> Double
}

/// Squared error: `loss = (y - eta)^2 / 2`.
enum Gaussian: GLMFamily {
    @inline(__always) static func loss(y: Double, eta: Double) -> Double { let r = y - eta; return 0.5 * r * r }
    @inline(__always) static func saturatedLoss(y: Double) -> Double { 0 }
    @inline(__always) static func mean(eta: Double) -> Double { eta }
    @inline(__always) static func link(mean: Double) -> Double { mean }
    @inline(__always) static func variance(mean: Double) -> Double { 1 }
    @inline(__always) static func isDualFeasible(_ q: Double) -> Bool { q.isFinite }
    @inline(__always) static func fenchelYoungGap(y: Double, eta: Double, dualMean q: Double) -> Double {
        let d = q - eta
        return 0.5 * d * d
    }
}

/// Bernoulli with the logit link: `loss = log(1 + e^eta) - y eta`, y in {0, 1}.
enum Binomial: GLMFamily {
    @inline(__always) static func loss(y: Double, eta: Double) -> Double { StableMath.log1pExp(eta) - y * eta }
    @inline(__always) static func saturatedLoss(y: Double) -> Double { 0 }
    @inline(__always) static func mean(eta: Double) -> Double { StableMath.sigmoid(eta) }
    @inline(__always) static func link(mean p: Double) -> Double { log(p) - log1p(-p) }
    @inline(__always) static func variance(mean p: Double) -> Double { p * (1 - p) }
    @inline(__always) static func isDualFeasible(_ q: Double) -> Bool { q >= 0 && q <= 1 }
    /// KL(q || p) for p = sigmoid(eta), with log p and log(1 - p) taken from eta directly so that
    /// fitted probabilities of 1 - 1e-17 do not lose the tail.
    @inline(__always) static func fenchelYoungGap(y: Double, eta: Double, dualMean q: Double) -> Double {
        let softplus = StableMath.log1pExp(eta)
        let logP = eta - softplus        // log sigmoid(eta)
        let log1mP = -softplus           // log(1 - sigmoid(eta))
        var g = 0.0
        if q > 0 { g += q * (log(q) - logP) }
        if q < 1 { g += (1 - q) * (log1p(-q) - log1mP) }
        return max(g, 0)
    }
}

/// Poisson with the log link: `loss = e^eta - y eta`, y >= 0 (counts, or any non-negative rate).
enum Poisson: GLMFamily {
    @inline(__always) static func loss(y: Double, eta: Double) -> Double { exp(eta) - y * eta }
    /// At eta = log y: y - y log y (0 for y = 0).
    @inline(__always) static func saturatedLoss(y: Double) -> Double { y > 0 ? y - y * log(y) : 0 }
    @inline(__always) static func mean(eta: Double) -> Double { exp(eta) }
    @inline(__always) static func link(mean: Double) -> Double { log(mean) }
    @inline(__always) static func variance(mean: Double) -> Double { mean }
    @inline(__always) static func isDualFeasible(_ q: Double) -> Bool { q >= 0 && q.isFinite }
    /// The generalised KL divergence q log(q / mu) - q + mu, mu = e^eta, with log mu taken as eta.
    @inline(__always) static func fenchelYoungGap(y: Double, eta: Double, dualMean q: Double) -> Double {
        let mu = exp(eta)
        let g = (q > 0 ? q * (log(q) - eta) : 0) - q + mu
        return max(g, 0)
    }
}
