/// One row per iteration (SGD: per epoch) of a gradient solver: what a convergence plot draws.
/// Every number is recomputed from the iterate by `DualityGap`, as in a fit's certificate.
public struct SolverTrace: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// 0 (the starting point: the intercept-only model), 1, 2, ...: iterations, or epochs for SGD.
        public var iteration: Int
        /// Seconds since the solver started (wall clock; the only field that varies between runs).
        public var seconds: Double
        public var objective: Double
        public var dualityGap: Double
        /// Coefficients that are not exactly 0.0.
        public var nonzeros: Int
        /// Coefficients that are exactly 0.0 (excluded features included).
        public var exactZeros: Int
    }

    public var rows: [Row] = []

    public init(rows: [Row] = []) { self.rows = rows }

    /// The CSV columns, in order.
    public static let header = "iteration,seconds,objective,duality_gap,nonzeros,exact_zeros"

    /// The trace as CSV with a header line; numbers round-trip (shortest exact text).
    public func csv() -> String {
        var lines = [Self.header]
        for row in rows {
            lines.append("\(row.iteration),\(row.seconds),\(row.objective),\(row.dualityGap),\(row.nonzeros),\(row.exactZeros)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
