/// Places one label per curve at the curve's end without overlaps: labels keep the order of their
/// curves' end points, stay at least `gap` apart, and move as little as possible in the
/// least-squares sense, so a crowd of labels spreads evenly about the crowd's centre instead of
/// piling up from one side.
///
/// With the labels sorted, position k is written y_k = w_k + k gap; the gap constraints become
/// w non-decreasing, so the best w is the isotonic regression of (desired_k - k gap), found by
/// pool-adjacent-violators, then clamped to the space (clamping keeps it monotone and optimal).
public enum EndLabels {
    /// Positions (pixels, y growing downwards) for labels that want to sit at `desired`. When
    /// the column is taller than [low, high] it starts at `low` and runs past `high`; callers
    /// size the picture with `height(count:gap:)` so that this does not happen.
    public static func place(_ desired: [Double], gap: Double, low: Double, high: Double) -> [Double] {
        let order = desired.indices.sorted { desired[$0] != desired[$1] ? desired[$0] < desired[$1] : $0 < $1 }
        let shifted = order.enumerated().map { k, index in desired[index] - Double(k) * gap }
        // Pool adjacent violators: blocks of equal w, each at the mean of its targets.
        var blocks: [(sum: Double, count: Int)] = []
        for z in shifted {
            blocks.append((z, 1))
            while blocks.count >= 2 {
                let last = blocks[blocks.count - 1], previous = blocks[blocks.count - 2]
                guard previous.sum / Double(previous.count) > last.sum / Double(last.count) else { break }
                blocks.removeLast(2)
                blocks.append((previous.sum + last.sum, previous.count + last.count))
            }
        }
        let lowest = low, highest = max(low, high - Double(max(order.count - 1, 0)) * gap)
        var placed = [Double](repeating: 0, count: desired.count)
        var k = 0
        for block in blocks {
            let w = min(max(block.sum / Double(block.count), lowest), highest)
            for _ in 0 ..< block.count {
                placed[order[k]] = w + Double(k) * gap
                k += 1
            }
        }
        return placed
    }

    /// The height a column of `count` labels needs.
    public static func height(count: Int, gap: Double) -> Double { Double(max(count - 1, 0)) * gap }
}
