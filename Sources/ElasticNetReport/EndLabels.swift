/// Places one label per curve at the curve's end without overlaps: labels keep the order of their
/// curves' end points and move as little as they must (each at least `gap` from the next), then
/// the whole column is shifted back inside [low, high] when it can fit there.
public enum EndLabels {
    /// Positions (pixels, y growing downwards) for labels that want to sit at `desired`.
    public static func place(_ desired: [Double], gap: Double, low: Double, high: Double) -> [Double] {
        let order = desired.indices.sorted { desired[$0] != desired[$1] ? desired[$0] < desired[$1] : $0 < $1 }
        var y = order.map { min(max(desired[$0], low), high) }
        // Downward pass: push each label below the previous one.
        for k in y.indices.dropFirst() { y[k] = max(y[k], y[k - 1] + gap) }
        // Upward pass: pull labels that ran past the bottom back up, never above `low` unless the
        // column is taller than the space (then the caller grows the picture; see `height`).
        if let last = y.last, last > high {
            y[y.count - 1] = high
            for k in stride(from: y.count - 2, through: 0, by: -1) { y[k] = min(y[k], y[k + 1] - gap) }
            if y[0] < low {
                let shift = low - y[0]
                y = y.map { $0 + shift }
            }
        }
        var placed = [Double](repeating: 0, count: desired.count)
        for (k, index) in order.enumerated() { placed[index] = y[k] }
        return placed
    }

    /// The height a column of `count` labels needs.
    public static func height(count: Int, gap: Double) -> Double { Double(max(count - 1, 0)) * gap }
}
