import Foundation

/// The class of each row (0 ..< classCount) and the row-wise softmax of the multinomial loss
/// `sum_i v_i [ log sum_k exp(eta_ik) - eta_i,y_i ]` (CONVENTIONS.md). Linear predictors and
/// probabilities are stored class-major (`[k * n + i]`), so a class's column is contiguous like
/// the design's.
struct MultinomialResponse {
    let classes: [Int]
    let classCount: Int
    var rowCount: Int { classes.count }

    /// Fills `probability` with the softmax of each row of `eta` and returns the weighted loss.
    /// The row maximum is subtracted before exponentiating, so no exp overflows.
    func softmax(eta: UnsafePointer<Double>, weights v: UnsafePointer<Double>,
                 into probability: UnsafeMutablePointer<Double>) -> Double {
        let n = rowCount, k = classCount
        var loss = 0.0
        for i in 0 ..< n {
            var largest = -Double.infinity
            for c in 0 ..< k { largest = max(largest, eta[c * n + i]) }
            var total = 0.0
            for c in 0 ..< k {
                let e = exp(eta[c * n + i] - largest)
                probability[c * n + i] = e
                total += e
            }
            for c in 0 ..< k { probability[c * n + i] /= total }
            if v[i] > 0 { loss += v[i] * (largest + log(total) - eta[classes[i] * n + i]) }
        }
        return loss
    }

    /// log of the softmax, eta_ik - logsumexp(eta_i), for row i and class c.
    @inline(__always)
    func logProbability(eta: UnsafePointer<Double>, row i: Int, logNormaliser: Double, class c: Int) -> Double {
        eta[c * rowCount + i] - logNormaliser
    }

    /// logsumexp over the classes of row i.
    @inline(__always)
    func logNormaliser(eta: UnsafePointer<Double>, row i: Int) -> Double {
        let n = rowCount
        var largest = -Double.infinity
        for c in 0 ..< classCount { largest = max(largest, eta[c * n + i]) }
        var total = 0.0
        for c in 0 ..< classCount { total += exp(eta[c * n + i] - largest) }
        return largest + log(total)
    }

    /// The weighted share of each class.
    func classShares(weights v: UnsafePointer<Double>) -> [Double] {
        var shares = [Double](repeating: 0, count: classCount)
        for i in 0 ..< rowCount { shares[classes[i]] += v[i] }
        return shares
    }

    /// The intercepts of the intercept-only model: log class shares, centred to sum to 0.
    func nullIntercepts(weights v: UnsafePointer<Double>) -> [Double] {
        let logs = classShares(weights: v).map { log($0) }
        let mean = logs.reduce(0, +) / Double(classCount)
        return logs.map { $0 - mean }
    }
}
