extension DesignMatrix {
    /// Each column's weighted mean and 1/n standard deviation (the weights only relative; all 1
    /// when nil), as a model file records them with its features: what `standardize` divides by,
    /// and what a plot of standardised coefficients multiplies by. A sparse column visits only
    /// its stored entries; the other rows hold 0.
    public func columnStatistics(weights: [Double]? = nil) -> (centers: [Double], scales: [Double]) {
        let w = weights ?? [Double](repeating: 1, count: rowCount)
        let total = w.reduce(0, +)
        var centers = [Double](), scales = [Double]()
        centers.reserveCapacity(columnCount)
        scales.reserveCapacity(columnCount)
        for j in 0 ..< columnCount {
            // (row, value) pairs that can be nonzero; the rest of the rows hold 0.
            let entries: [(Int, Double)]
            switch storage {
            case .dense(let dense): entries = Array(dense.column(j).enumerated())
            case .sparse(let sparse):
                let range = sparse.columnStarts[j] ..< sparse.columnStarts[j + 1]
                entries = range.map { (sparse.rowIndices[$0], sparse.values[$0]) }
            }
            let mean = entries.reduce(0) { $0 + w[$1.0] * $1.1 } / total
            let storedWeight = entries.reduce(0) { $0 + w[$1.0] }
            let variance = (entries.reduce(0) { $0 + w[$1.0] * ($1.1 - mean) * ($1.1 - mean) }
                            + (total - storedWeight) * mean * mean) / total
            centers.append(mean)
            scales.append(variance.squareRoot())
        }
        return (centers, scales)
    }
}
