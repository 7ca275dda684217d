import Foundation

/// The scale of a gaussian response, and the two conventions for lambda that depend on it.
///
/// In the documented objective (CONVENTIONS.md) the L1 term scales with the units of y and the L2
/// term does not: multiplying y by a maps the solution at (alpha, lambda) to a times the solution
/// of a *different* mix, alpha / (alpha + a (1 - alpha)). So no sequence of lambdas at a fixed
/// alpha in (0, 1) gives the same fitted values (times a) for y and a y. glmnet fits gaussian
/// models on y / q and reports lambda * q, q the 1/n standard deviation of y (sqrt(mean(y^2))
/// without an intercept); for its nominal (alpha_g, lambda_g) that minimises
///
///     1/(2n) RSS + lambda_g * [ (1 - alpha_g)/(2 q) ||s b||^2 + alpha_g ||s b||_1 ],
///
/// which is the documented objective at
///
///     alpha  = alpha_g q / (alpha_g q + 1 - alpha_g),
///     lambda = lambda_g * (alpha_g + (1 - alpha_g) / q),
///
/// and this pair moves with the units of y exactly as the solution needs. The project's default
/// sequence for gaussian alpha < 1 is therefore glmnet's (alpha read on the standardised response),
/// reported in the documented objective's (alpha, lambda); `--lambda-scale glmnet` prints and reads
/// glmnet's lambda_g instead. Binomial, poisson and multinomial losses have no such scale.
public struct ResponseScale: Sendable, Equatable {
    /// q: the weighted 1/n standard deviation of y - offset (with an intercept), or its root mean
    /// square (without one).
    public let q: Double
    /// alpha_g: the L1 share as glmnet reads it (on the standardised response).
    public let nominalAlpha: Double

    /// The scale of `y` (minus `offset`), with weights of any positive total.
    public init(y: [Double], weights: [Double]? = nil, offset: [Double]? = nil, intercept: Bool, nominalAlpha: Double) {
        let n = y.count
        let weights = weights.map(ObservationWeights.relative)   // summed without overflow
        let total = weights.map { $0.reduce(0, +) } ?? Double(n)
        func w(_ i: Int) -> Double { (weights?[i] ?? 1) / total }
        func r(_ i: Int) -> Double { y[i] - (offset?[i] ?? 0) }
        let mean = intercept ? (0 ..< n).reduce(0.0) { $0 + w($1) * r($1) } : 0
        let square = (0 ..< n).reduce(0.0) { $0 + w($1) * (r($1) - mean) * (r($1) - mean) }
        q = square.squareRoot()
        self.nominalAlpha = nominalAlpha
    }

    /// Is there a scale to convert by (a response that is not constant)?
    public var isUsable: Bool { q > 0 && q.isFinite }

    /// The documented objective's alpha for glmnet's nominal alpha_g on this response.
    public var documentedAlpha: Double {
        let a = nominalAlpha
        guard a > 0, a < 1, isUsable else { return a }
        return a * q / (a * q + 1 - a)
    }

    /// lambda / lambda_g: the documented lambda is glmnet's lambda_g times this factor.
    public var documentedPerNominal: Double {
        guard nominalAlpha < 1, isUsable else { return 1 }
        return nominalAlpha + (1 - nominalAlpha) / q
    }

    /// The first lambda of the unit-free sequence relative to lambda_max at the documented alpha
    /// (both in documented units): glmnet's lambda_g,max = G / max(alpha_g, 0.001), G the largest
    /// |dL/dc_j| / pf_j at the null model, converted, over G / max(alpha, 0.001). Exactly 1 while
    /// neither alpha is floored (the sequence starts where every coefficient is zero); 1/q for ridge.
    public var sequenceStartFactor: Double {
        let floor = 1e-3, documented = documentedAlpha
        if nominalAlpha >= floor && documented >= floor { return 1 }
        return max(documented, floor) / max(nominalAlpha, floor) * documentedPerNominal
    }

    /// The documented objective's lambda for glmnet's nominal lambda_g.
    public func documented(lambda nominal: Double) -> Double { nominal * documentedPerNominal }

    /// glmnet's nominal lambda_g for the documented objective's lambda.
    public func nominal(lambda documented: Double) -> Double { documented / documentedPerNominal }
}
