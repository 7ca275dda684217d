import Foundation

/// The CV curve as a model file stores it: top-level `cvm`, `cvsd`, `nzero`, `index_min` and
/// `index_1se` for one alpha, or one such object per alpha under `alphas` (the model's alpha is
/// the best one).
public struct SavedCurve {
    public let lambdas: [Double]
    public let cvm: [Double]
    public let cvsd: [Double]
    public let nonzero: [Int]
    public let indexMin: Int
    public let index1se: Int
    public let measure: String

    public init?(root: [String: Any], alpha: Double) {
        // A unit-free default sequence fits a documented alpha other than the one asked for: each
        // curve records both, and the model's options hold the documented one.
        // A curve is found by the documented alpha where it records one (a requested alpha may equal
        // another curve's documented one), by its alpha in files written before that key existed.
        let perAlpha = (root["alphas"] as? [[String: Any]])?.first {
            (($0["alpha_documented"] ?? $0["alpha"]) as? NSNumber)?.doubleValue == alpha
        }
        let source = perAlpha ?? root
        func numbers(_ name: String) -> [Double]? {
            (source[name] as? [Any])?.map { ($0 as? NSNumber)?.doubleValue ?? .nan }
        }
        guard let lambdas = numbers("lambdas"), let cvm = numbers("cvm"), let cvsd = numbers("cvsd"),
              let nonzero = (source["nzero"] as? [NSNumber])?.map(\.intValue),
              let indexMin = (source["index_min"] as? NSNumber)?.intValue,
              let index1se = (source["index_1se"] as? NSNumber)?.intValue,
              [cvm.count, cvsd.count, nonzero.count].allSatisfy({ $0 == lambdas.count }),
              lambdas.indices.contains(indexMin), lambdas.indices.contains(index1se) else { return nil }
        self.lambdas = lambdas
        self.cvm = cvm
        self.cvsd = cvsd
        self.nonzero = nonzero
        self.indexMin = indexMin
        self.index1se = index1se
        measure = source["measure"] as? String ?? (root["measure"] as? String ?? "")
    }
}
