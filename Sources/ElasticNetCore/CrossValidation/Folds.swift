/// Fold assignments for k-fold cross-validation, 1 ... k per row.
public enum Folds {
    /// `rep(1 ... k, length n)` shuffled by a seeded SplitMix64 Fisher-Yates: every fold gets
    /// floor(n / k) or one more rows, and the same seed gives the same folds on every machine.
    public static func random(rowCount n: Int, folds k: Int, seed: UInt64) -> [Int] {
        var ids = (0 ..< n).map { $0 % k + 1 }
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = Int(next() % UInt64(i + 1))
                ids.swapAt(i, j)
            }
        }
        return ids
    }

    /// Checks user-given fold ids: one per row, numbered 1 ... k with every fold used, k >= 2.
    /// Returns k.
    public static func validate(_ ids: [Int], rowCount n: Int) throws(ElasticNetError) -> Int {
        guard ids.count == n else {
            throw .crossValidation("there are \(ids.count) fold ids for \(n) rows")
        }
        guard let k = ids.max(), k >= 2 else { throw .crossValidation("need at least 2 folds") }
        if let bad = ids.firstIndex(where: { $0 < 1 }) {
            throw .crossValidation("fold id at row \(bad + 1) is \(ids[bad]); fold ids are 1, 2, ..., k")
        }
        var used = [Bool](repeating: false, count: k + 1)
        for id in ids { used[id] = true }
        if let empty = (1 ... k).first(where: { !used[$0] }) {
            throw .crossValidation("fold \(empty) of 1 ... \(k) has no rows")
        }
        return k
    }
}
