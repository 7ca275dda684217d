import Foundation

/// Observation weights are relative: only their ratios enter the objective (CONVENTIONS.md
/// normalises them to sum to n). A sum of raw weights can still overflow (a thousand weights of
/// 1e308 sum to infinity, and every normalised weight becomes 0), so sums are taken after this
/// scaling, which brings the largest weight into [1, 2) by a power of two. Scaling by a power of
/// two is exact in binary floating point, so ordinary weights give the same bits as before.
public enum ObservationWeights {
    /// `weights` scaled by 2^-e, where 2^e <= the largest finite weight < 2^(e+1); unchanged
    /// when no weight is finite and positive (the caller's checks report those).
    public static func relative(_ weights: [Double]) -> [Double] {
        let largest = weights.reduce(0.0) { $1.isFinite ? max($0, $1) : $0 }
        guard largest > 0 else { return weights }
        let exponent = Int(largest.exponent)
        return exponent == 0 ? weights : weights.map { scalbn($0, -exponent) }
    }
}
