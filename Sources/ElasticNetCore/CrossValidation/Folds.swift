/// Fold assignments for k-fold cross-validation, 1 ... k per row.
public enum Folds {
    /// `rep(1 ... k, length n)` shuffled by a seeded SplitMix64 Fisher-Yates: every fold gets
    /// floor(n / k) or one more rows, and the same seed gives the same folds on every machine.
    public static func random(rowCount n: Int, folds k: Int, seed: UInt64) -> [Int] {
        var ids = (0 ..< n).map { $0 % k + 1 }
        var generator = SplitMix64(seed: seed)
        generator.shuffle(&ids)
        return ids
    }

    /// Checks user-given fold ids: one per row, numbered 1 ... k with every fold used, k >= 2.
    /// Returns k. Every fold holds a row, so k <= n: a larger id is refused before anything is
    /// sized by it (an id of 2^40 would otherwise ask for a terabyte of fold flags).
    public static func validate(_ ids: [Int], rowCount n: Int) throws(ElasticNetError) -> Int {
        guard ids.count == n else {
            throw .crossValidation("there are \(ids.count) fold ids for \(n) rows")
        }
        guard let k = ids.max(), k >= 2 else { throw .crossValidation("need at least 2 folds") }
        if let bad = ids.firstIndex(where: { $0 < 1 }) {
            throw .crossValidation("fold id at row \(bad + 1) is \(ids[bad]); fold ids are 1, 2, ..., k")
        }
        if k > n, let bad = ids.firstIndex(of: k) {
            throw .crossValidation("fold id at row \(bad + 1) is \(k), but \(n) rows can fill at most \(n) folds; fold ids are 1, 2, ..., k with every fold used")
        }
        var used = [Bool](repeating: false, count: k + 1)
        for id in ids { used[id] = true }
        if let empty = (1 ... k).first(where: { !used[$0] }) {
            throw .crossValidation("fold \(empty) of 1 ... \(k) has no rows")
        }
        return k
    }
}
