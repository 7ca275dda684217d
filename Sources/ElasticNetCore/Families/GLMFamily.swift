import Foundation

/// One response distribution, seen per observation through its linear predictor eta: the family
/// owns its calculus (loss, gradient and curvature in eta, links, its conjugate for the duality
/// gap, which responses it accepts), so no solver writes `mu - y` or asks which family it holds.
///
/// Every function is static so a solver generic over `F: GLMFamily` is specialised at compile time
/// (no dynamic dispatch per observation). The loss of CONVENTIONS.md is
/// `sum_i v_i * loss(y_i, eta_i)` with v the weights normalised to sum to 1.
///
/// The link need not be canonical: `gradient` and `curvature` are derivatives in eta, not
/// `mean - y` and `variance(mean)`, and the dual variable of an observation is in the units of
/// its gradient (u_i, with theta_i = v_i u_i; at the optimum u_i is the gradient there).
protocol GLMFamily {
    /// Per-observation loss.
    static func loss(y: Double, eta: Double) -> Double
    /// The loss of the saturated model (eta fitted to y itself), for deviances.
    static func saturatedLoss(y: Double) -> Double
    /// The inverse link: the fitted mean at eta.
    static func mean(eta: Double) -> Double
    /// The link: the eta whose mean is `mean` (used for the intercept-only null model; for these
    /// families the intercept-only fit without offset is the link of the weighted mean response).
    static func link(mean: Double) -> Double
    /// d loss / d eta; `mean` is `mean(eta)`, passed so that no exponential is taken twice.
    static func gradient(y: Double, eta: Double, mean: Double) -> Double
    /// d^2 loss / d eta^2 (>= 0: every family's loss is convex in eta); `mean` as in `gradient`.
    static func curvature(y: Double, eta: Double, mean: Double) -> Double
    /// An upper bound on `curvature` over every eta and allowed y (the smooth loss's Lipschitz
    /// constant per unit weight); nil when it is unbounded.
    static var curvatureBound: Double? { get }
    /// The loss is quadratic in eta with constant curvature (one coordinate step solves a
    /// coordinate exactly; a dual shift along the weights leaves centred columns' slopes unchanged).
    static var isQuadratic: Bool { get }
    /// Fitted means can run to the boundary of the response's range as coefficients grow without
    /// bound (separable classes): a path nearly explaining all deviance is warned about.
    static var meansCanSaturate: Bool { get }
    /// Why `y` (row `row`, 0-based) cannot be a response of this family; nil when it can.
    static func responseError(_ y: Double, row: Int) -> ElasticNetError?
    /// What a response must be, in words for a message ("a count >= 0"); nil when any number will do.
    static var responseRequirement: String? { get }
    /// Why responses with weighted mean `mean` (weights summing to 1) give a degenerate model.
    static func degenerateResponseError(weightedMean mean: Double) -> ElasticNetError?
    /// Is the conjugate loss finite at the dual variable u (gradient units) of an observation y?
    static func isDualFeasible(y: Double, dual u: Double) -> Bool
    /// The Fenchel-Young gap of one observation: `loss(eta) + loss*(u) - u * eta >= 0`, zero
    /// exactly when u is the gradient at eta; written as a divergence so that it never cancels
    /// catastrophically.
    static func fenchelYoungGap(y: Double, eta: Double, dual u: Double) -> Double
}

extension GLMFamily {
    /// The gradient at eta (the mean computed here).
    @inline(__always) static func gradient(y: Double, eta: Double) -> Double {
        gradient(y: y, eta: eta, mean: mean(eta: eta))
    }
    @inline(__always) static var isQuadratic: Bool { false }
    @inline(__always) static var meansCanSaturate: Bool { false }
    @inline(__always) static func degenerateResponseError(weightedMean mean: Double) -> ElasticNetError? { nil }
}

/// A canonical link: gradient `mean - y`, curvature `variance(mean)`, and the dual variable
/// u = q - y for a dual mean q, whose conjugate is the family's negative entropy; the
/// Fenchel-Young gap is then the Bregman divergence between q and the fitted mean.
protocol CanonicalGLMFamily: GLMFamily {
    /// The second derivative of `loss` in eta, as a function of the mean.
    static func variance(mean: Double) -> Double
    /// Can `q` be a dual mean, i.e. is the conjugate loss finite there?
    static func isDualFeasible(dualMean q: Double) -> Bool
    /// The Fenchel-Young gap for the dual mean q.
    static func fenchelYoungGap(y: Double, eta: Double, dualMean q: Double) -> Double
}

extension CanonicalGLMFamily {
    @inline(__always) static func gradient(y: Double, eta: Double, mean: Double) -> Double { mean - y }
    @inline(__always) static func curvature(y: Double, eta: Double, mean: Double) -> Double { variance(mean: mean) }
    @inline(__always) static func isDualFeasible(y: Double, dual u: Double) -> Bool { isDualFeasible(dualMean: y + u) }
    @inline(__always) static func fenchelYoungGap(y: Double, eta: Double, dual u: Double) -> Double {
        fenchelYoungGap(y: y, eta: eta, dualMean: y + u)
    }
}

/// Squared error: `loss = (y - eta)^2 / 2`.
enum Gaussian: CanonicalGLMFamily {
    @inline(__always) static func loss(y: Double, eta: Double) -> Double { let r = y - eta; return 0.5 * r * r }
    @inline(__always) static func saturatedLoss(y: Double) -> Double { 0 }
    @inline(__always) static func mean(eta: Double) -> Double { eta }
    @inline(__always) static func link(mean: Double) -> Double { mean }
    @inline(__always) static func variance(mean: Double) -> Double { 1 }
    @inline(__always) static var curvatureBound: Double? { 1 }
    @inline(__always) static var isQuadratic: Bool { true }
    static func responseError(_ y: Double, row: Int) -> ElasticNetError? { nil }
    static var responseRequirement: String? { nil }
    @inline(__always) static func isDualFeasible(dualMean q: Double) -> Bool { q.isFinite }
    @inline(__always) static func fenchelYoungGap(y: Double, eta: Double, dualMean q: Double) -> Double {
        let d = q - eta
        return 0.5 * d * d
    }
}

/// Bernoulli with the logit link: `loss = log(1 + e^eta) - y eta`, y in {0, 1}.
enum Binomial: CanonicalGLMFamily {
    @inline(__always) static func loss(y: Double, eta: Double) -> Double { StableMath.log1pExp(eta) - y * eta }
    @inline(__always) static func saturatedLoss(y: Double) -> Double { 0 }
    @inline(__always) static func mean(eta: Double) -> Double { StableMath.sigmoid(eta) }
    @inline(__always) static func link(mean p: Double) -> Double { log(p) - log1p(-p) }
    @inline(__always) static func variance(mean p: Double) -> Double { p * (1 - p) }
    /// p (1 - p) <= 1/4.
    @inline(__always) static var curvatureBound: Double? { 0.25 }
    @inline(__always) static var meansCanSaturate: Bool { true }
    static var responseRequirement: String? { "0 or 1" }
    static func responseError(_ y: Double, row: Int) -> ElasticNetError? {
        y == 0 || y == 1 ? nil : .binomialResponse("the response must be 0 or 1, row \(row + 1) has \(y)")
    }
    static func degenerateResponseError(weightedMean mean: Double) -> ElasticNetError? {
        mean > 0 && mean < 1 ? nil : .binomialResponse("only one class has positive weight; two classes are needed")
    }
    @inline(__always) static func isDualFeasible(dualMean q: Double) -> Bool { q >= 0 && q <= 1 }
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
enum Poisson: CanonicalGLMFamily {
    @inline(__always) static func loss(y: Double, eta: Double) -> Double { exp(eta) - y * eta }
    /// At eta = log y: y - y log y (0 for y = 0).
    @inline(__always) static func saturatedLoss(y: Double) -> Double { y > 0 ? y - y * log(y) : 0 }
    @inline(__always) static func mean(eta: Double) -> Double { exp(eta) }
    @inline(__always) static func link(mean: Double) -> Double { log(mean) }
    @inline(__always) static func variance(mean: Double) -> Double { mean }
    /// e^eta: unbounded.
    @inline(__always) static var curvatureBound: Double? { nil }
    static var responseRequirement: String? { "a count >= 0" }
    static func responseError(_ y: Double, row: Int) -> ElasticNetError? {
        y >= 0 ? nil : .poissonResponse("the response must be a non-negative count, row \(row + 1) has \(y)")
    }
    static func degenerateResponseError(weightedMean mean: Double) -> ElasticNetError? {
        mean > 0 ? nil : .poissonResponse("every count with positive weight is 0; the model is degenerate")
    }
    @inline(__always) static func isDualFeasible(dualMean q: Double) -> Bool { q >= 0 && q.isFinite }
    /// The generalised KL divergence q log(q / mu) - q + mu, mu = e^eta, with log mu taken as eta.
    @inline(__always) static func fenchelYoungGap(y: Double, eta: Double, dualMean q: Double) -> Double {
        let mu = exp(eta)
        let g = (q > 0 ? q * (log(q) - eta) : 0) - q + mu
        return max(g, 0)
    }
}

/// Gamma with the log link (not canonical), unit dispersion: `loss = y e^-eta + eta`, the negative
/// log-likelihood up to terms free of eta; y > 0. Its gradient `1 - y e^-eta` is not `mean - y`,
/// and its curvature `y e^-eta` is the observed one (convex in eta for any y > 0, unbounded).
/// The dual variable u of an observation must satisfy u <= 1, where the conjugate is
/// `(1 - u) (log((1 - u) / y) - 1)`.
enum Gamma: GLMFamily {
    @inline(__always) static func loss(y: Double, eta: Double) -> Double { y * exp(-eta) + eta }
    /// At eta = log y: 1 + log y.
    @inline(__always) static func saturatedLoss(y: Double) -> Double { 1 + log(y) }
    @inline(__always) static func mean(eta: Double) -> Double { exp(eta) }
    @inline(__always) static func link(mean: Double) -> Double { log(mean) }
    @inline(__always) static func gradient(y: Double, eta: Double, mean: Double) -> Double { 1 - y / mean }
    @inline(__always) static func curvature(y: Double, eta: Double, mean: Double) -> Double { y / mean }
    /// y e^-eta: unbounded.
    @inline(__always) static var curvatureBound: Double? { nil }
    static var responseRequirement: String? { "a number > 0" }
    static func responseError(_ y: Double, row: Int) -> ElasticNetError? {
        y > 0 ? nil : .gammaResponse("the response must be positive, row \(row + 1) has \(y)")
    }
    @inline(__always) static func isDualFeasible(y: Double, dual u: Double) -> Bool { u <= 1 }
    /// With r = 1 - u and a = y e^-eta (the gradient's 1 - a): the generalised KL divergence
    /// r log(r / a) - r + a, log a taken as log y - eta.
    @inline(__always) static func fenchelYoungGap(y: Double, eta: Double, dual u: Double) -> Double {
        let r = 1 - u, a = y * exp(-eta)
        let g = (r > 0 ? r * (log(r) - log(y) + eta) : 0) - r + a
        return max(g, 0)
    }
}
