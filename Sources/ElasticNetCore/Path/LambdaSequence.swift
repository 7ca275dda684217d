import Foundation

/// Which lambdas a path visits.
public enum LambdaSequence: Sendable, Equatable {
    /// `count` values log-spaced from lambda_max down to `minRatio * lambda_max`; `minRatio`
    /// defaults to 1e-4 when n > p and 1e-2 otherwise (CONVENTIONS.md). A path on this sequence
    /// may stop early once the deviance explained saturates, and says so. For a gaussian model
    /// with alpha < 1 it is unit-free (`ElasticNet.path`, `ResponseScale`): alpha is read on the
    /// standardised response and the path reports the documented alpha it fits.
    case automatic(count: Int = 100, minRatio: Double? = nil)
    /// Exactly these lambdas, strictly decreasing and >= 0; every one is fitted.
    case explicit([Double])

    /// The default sequence.
    public static var standard: LambdaSequence { .automatic() }

    /// The lambdas for a problem with this lambda_max and shape.
    func values(lambdaMax: Double, rowCount n: Int, featureCount p: Int) throws(ElasticNetError) -> [Double] {
        switch self {
        case .explicit(let lambdas):
            guard !lambdas.isEmpty else { throw .invalidLambdaSequence("it is empty") }
            for (k, l) in lambdas.enumerated() {
                guard l.isFinite else { throw .invalidLambdaSequence("value \(k + 1) is not finite") }
                guard l >= 0 else { throw .negativeLambda(l) }
                if k > 0 && !(l < lambdas[k - 1]) {
                    throw .invalidLambdaSequence("value \(k + 1) (\(l)) is not below value \(k) (\(lambdas[k - 1])); give a strictly decreasing sequence")
                }
            }
            return lambdas
        case .automatic(let count, let minRatio):
            guard count >= 1 else { throw .invalidLambdaSequence("the number of lambdas must be at least 1, got \(count)") }
            let ratio = minRatio ?? (n > p ? 1e-4 : 1e-2)
            guard ratio > 0 && ratio < 1 else {
                throw .invalidLambdaSequence("lambda-min-ratio must be in (0, 1), got \(ratio)")
            }
            guard lambdaMax > 0 else { return [0] }
            if count == 1 { return [lambdaMax] }
            let step = log(ratio) / Double(count - 1)
            return (0 ..< count).map { k in k == 0 ? lambdaMax : lambdaMax * exp(step * Double(k)) }
        }
    }

    var isAutomatic: Bool {
        if case .automatic = self { return true }
        return false
    }
}
