import Foundation

/// How a held-out prediction is scored (cv.glmnet's type.measure).
public enum CVMeasure: String, Sendable, CaseIterable, Codable {
    /// Squared error between the response and the fitted mean (multinomial: summed over classes
    /// against the one-hot response).
    case mse
    /// Absolute error, likewise.
    case mae
    /// The family's deviance: twice the loss above the saturated model's.
    case deviance
    /// Misclassification rate (binomial, multinomial).
    case `class`
    /// Area under the ROC curve, per fold (binomial); larger is better.
    case auc

    /// The default for a family: mse for gaussian, deviance otherwise.
    public static func standard(for family: Family) -> CVMeasure { family == .gaussian ? .mse : .deviance }

    /// Is a larger value better (so lambda.min maximises)?
    public var largerIsBetter: Bool { self == .auc }

    /// Does this measure apply to `family`?
    public func applies(to family: Family) -> Bool {
        switch self {
        case .mse, .mae, .deviance: return true
        case .class: return family == .binomial || family == .multinomial
        case .auc: return family == .binomial
        }
    }

    /// The score of one held-out row of a single-response family, given the fitted mean mu and
    /// the linear predictor eta (for a deviance without loss of precision).
    func rowScore(family: Family, y: Double, eta: Double, mean mu: Double) -> Double {
        switch self {
        case .mse: return (y - mu) * (y - mu)
        case .mae: return abs(y - mu)
        case .deviance:
            guard let calculus = family.calculus else {
                preconditionFailure("multinomial rows are scored by rowScore(probabilities:)")
            }
            return 2 * (calculus.loss(y: y, eta: eta) - calculus.saturatedLoss(y: y))
        case .class: return (mu > 0.5 ? 1.0 : 0.0) == y ? 0 : 1
        case .auc: preconditionFailure("AUC is computed per fold")
        }
    }

    /// The score of one held-out multinomial row with class `label` and fitted probabilities.
    func rowScore(label: Int, probabilities: [Double]) -> Double {
        switch self {
        case .mse: return probabilities.enumerated().reduce(0) { $0 + pow((label == $1.offset ? 1 : 0) - $1.element, 2) }
        case .mae: return probabilities.enumerated().reduce(0) { $0 + abs((label == $1.offset ? 1 : 0) - $1.element) }
        case .deviance: return -2 * log(max(probabilities[label], .leastNormalMagnitude))
        case .class:
            let predicted = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
            return predicted == label ? 0 : 1
        case .auc: preconditionFailure("AUC applies to the binomial family only")
        }
    }

    /// The weighted area under the ROC curve of scores against 0/1 labels (ties count half):
    /// the probability that a random positive outscores a random negative.
    static func areaUnderCurve(scores: [Double], labels: [Double], weights: [Double]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var negativesBelow = 0.0, totalPositive = 0.0, totalNegative = 0.0, concordant = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end < order.count && scores[order[end]] == scores[order[start]] { end += 1 }
            var positives = 0.0, negatives = 0.0
            for index in order[start ..< end] {
                if labels[index] == 1 { positives += weights[index] } else { negatives += weights[index] }
            }
            concordant += positives * (negativesBelow + 0.5 * negatives)
            negativesBelow += negatives
            totalPositive += positives
            totalNegative += negatives
            start = end
        }
        return totalPositive > 0 && totalNegative > 0 ? concordant / (totalPositive * totalNegative) : .nan
    }
}
