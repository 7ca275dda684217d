/// The one-weight picture of why L1 gives zeros and L2 does not, as numbers a table or a plot can
/// show. Penalty only: from w0, each step of length eta on
/// - L1, `lambda |w|`: the proximal (clipped) step `w <- sign(w) max(|w| - eta lambda, 0)` removes
///   the constant eta lambda and stops at exactly 0;
/// - L1 by the raw subgradient, `w <- w - eta lambda sign(w)` with sign(0) = 0: the same constant
///   steps, but nothing stops them at 0, so unless w0 is a multiple of eta lambda it jumps across
///   zero for ever;
/// - L2, `lambda/2 w^2`: `w <- (1 - eta lambda) w`, proportional to w, so it never reaches 0;
/// - MCP and SCAD (`PenaltyKind.mcp`, `.scad`, default concavities): their proximal steps. Their
///   derivative tapers from lambda at 0 to 0 (at gamma lambda, a lambda), so a small weight is
///   set to exactly 0 like L1's, but a large one is not shrunk at all.
/// Then the same three updates with a data term E0(w) = 1/(2n) sum_i (y_i - w x_i)^2 of a
/// one-feature least-squares problem (`dataX`, `dataY`), whose gradient is `h w - q`.
public struct OneWeightDemo: Sendable, Equatable {
    public var w0: Double
    public var eta: Double
    public var lambda: Double
    public var steps: Int

    /// Trajectories with the penalty alone, `steps + 1` values each (w0 first).
    public var l1: [Double]
    public var l1Subgradient: [Double]
    public var l2: [Double]
    public var mcp: [Double]
    public var scad: [Double]
    /// Trajectories with the data term as well.
    public var dataL1: [Double]
    public var dataL1Subgradient: [Double]
    public var dataL2: [Double]
    public var dataMCP: [Double]
    public var dataSCAD: [Double]
    /// The concavities of the MCP and SCAD trajectories (ncvreg's and Fan & Li's defaults).
    public static let mcpConcavity = PenaltyKind.defaultMCPConcavity
    public static let scadConcavity = PenaltyKind.defaultSCADConcavity

    /// The one-feature least-squares problem: centred x, so E0'(w) = h w - q.
    public static let dataX: [Double] = [-1.5, -0.5, 0.5, 1.5]
    public static let dataY: [Double] = [-1, 0, 0, 1]
    /// h = mean x^2 and q = mean x y of the data term.
    public static var curvature: Double { zip(dataX, dataX).map { $0 * $1 }.reduce(0, +) / Double(dataX.count) }
    public static var correlation: Double { zip(dataX, dataY).map { $0 * $1 }.reduce(0, +) / Double(dataX.count) }

    /// The minimiser of E0 + lambda |w|: soft-threshold(q, lambda) / h (0 when |q| <= lambda).
    public var lassoOptimum: Double { Self.softThreshold(Self.correlation, lambda) / Self.curvature }
    /// The minimiser of E0 + lambda/2 w^2: q / (h + lambda), never 0 unless q is.
    public var ridgeOptimum: Double { Self.correlation / (Self.curvature + lambda) }
    /// The minimisers of E0 + MCP and E0 + SCAD (the global ones of these 1-D problems).
    public var mcpOptimum: Double { penalty(.mcp(gamma: Self.mcpConcavity)).minimizer(linear: Self.correlation, curvature: Self.curvature) }
    public var scadOptimum: Double { penalty(.scad(a: Self.scadConcavity)).minimizer(linear: Self.correlation, curvature: Self.curvature) }

    /// The penalty of the demo's one weight: strength lambda, no ridge part, no bounds.
    private func penalty(_ kind: PenaltyKind) -> CoordinatePenalty {
        CoordinatePenalty(l1: lambda, l2: 0, lower: -.infinity, upper: .infinity, kind: kind)
    }

    public init(w0: Double = 5, eta: Double = 0.5, lambda: Double = 1, steps: Int = 12) {
        self.w0 = w0; self.eta = eta; self.lambda = lambda; self.steps = steps
        let h = Self.curvature, q = Self.correlation
        func trajectory(_ update: (Double) -> Double) -> [Double] {
            var w = w0
            var values = [w]
            for _ in 0 ..< max(steps, 0) { w = update(w); values.append(w) }
            return values
        }
        func sign(_ w: Double) -> Double { w > 0 ? 1 : (w < 0 ? -1 : 0) }
        l1 = trajectory { Self.softThreshold($0, eta * lambda) }
        l1Subgradient = trajectory { $0 - eta * lambda * sign($0) }
        l2 = trajectory { $0 - eta * lambda * $0 }
        dataL1 = trajectory { Self.softThreshold($0 - eta * (h * $0 - q), eta * lambda) }
        dataL1Subgradient = trajectory { $0 - eta * (h * $0 - q + lambda * sign($0)) }
        dataL2 = trajectory { $0 - eta * (h * $0 - q + lambda * $0) }
        // The proximal step of length eta: argmin 1/(2 eta) (c - v)^2 + penalty(c), v the point reached.
        let mcpPenalty = CoordinatePenalty(l1: lambda, l2: 0, lower: -.infinity, upper: .infinity, kind: .mcp(gamma: Self.mcpConcavity))
        let scadPenalty = CoordinatePenalty(l1: lambda, l2: 0, lower: -.infinity, upper: .infinity, kind: .scad(a: Self.scadConcavity))
        mcp = trajectory { mcpPenalty.minimizer(linear: $0 / eta, curvature: 1 / eta) }
        scad = trajectory { scadPenalty.minimizer(linear: $0 / eta, curvature: 1 / eta) }
        dataMCP = trajectory { mcpPenalty.minimizer(linear: ($0 - eta * (h * $0 - q)) / eta, curvature: 1 / eta) }
        dataSCAD = trajectory { scadPenalty.minimizer(linear: ($0 - eta * (h * $0 - q)) / eta, curvature: 1 / eta) }
    }

    /// The first step at which a trajectory is exactly 0.0 (nil if never).
    public static func firstExactZero(_ trajectory: [Double]) -> Int? { trajectory.firstIndex(of: 0) }

    /// sign(z) max(|z| - t, 0), with an exact 0.0 inside [-t, t].
    public static func softThreshold(_ z: Double, _ t: Double) -> Double {
        z > t ? z - t : (z < -t ? z + t : 0)
    }
}
