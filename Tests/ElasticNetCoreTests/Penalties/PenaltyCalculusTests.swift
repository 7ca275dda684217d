@testable import ElasticNetCore
import Foundation
import Testing

/// The penalty's calculus, checked against its own definition with no stored numbers: the
/// minimiser is the argmin of the one-dimensional objective (on a fine grid), it is a KKT point
/// (subdifferential distance zero), and the value, slope and concavity mean what they say.
struct PenaltyCalculusTests {
    static let kinds: [PenaltyKind] = [.elasticNet, .mcp(gamma: 3), .mcp(gamma: 1.5), .scad(a: 3.7), .scad(a: 2.5)]

    /// (l1, l2, lower, upper, h): plain, with a ridge part, bounded each side, curvature small
    /// next to 1/gamma (the 1-D problem is not convex), and no L1 part.
    static let settings: [(l1: Double, l2: Double, lower: Double, upper: Double, h: Double)] = [
        (1, 0, -.infinity, .infinity, 1),
        (1, 0.5, -.infinity, .infinity, 1),
        (0.7, 0, 0, .infinity, 1.3),
        (0.7, 0.2, -1.5, 0.8, 1),
        (1, 0, -.infinity, .infinity, 0.05),
        (1, 0, -2, 2.5, 0.1),
        (0, 0.3, -.infinity, .infinity, 1),
    ]

    static let linears: [Double] = stride(from: -6.0, through: 6.0, by: 0.37).map { $0 }

    @Test(arguments: kinds)
    func minimizerIsTheArgminOnAFineGrid(_ kind: PenaltyKind) {
        for s in Self.settings {
            let penalty = CoordinatePenalty(l1: s.l1, l2: s.l2, lower: s.lower, upper: s.upper, kind: kind)
            func objective(_ c: Double) -> Double { 0.5 * s.h * c * c - 0 * c + penalty.value(c) }
            for z in Self.linears {
                let c = penalty.minimizer(linear: z, curvature: s.h)
                #expect(c >= s.lower && c <= s.upper, "\(kind) \(s) z \(z): \(c) outside the bounds")
                func f(_ x: Double) -> Double { 0.5 * s.h * x * x - z * x + penalty.value(x) }
                // A grid of step 1e-3 over [-60, 60] cut to the bounds: the grid's best is no better
                // than the minimiser (to rounding), and the minimiser is no worse than the grid's
                // best by more than the grid's resolution allows (the slope times half a step).
                let low = max(s.lower, -60.0), high = min(s.upper, 60.0)
                var gridBest = Double.infinity
                var x = low
                while x <= high { gridBest = min(gridBest, f(x)); x += 1e-3 }
                gridBest = min(gridBest, f(high), f(0))
                let scale = 1 + abs(gridBest)
                #expect(f(c) <= gridBest + 1e-9 * scale, "\(kind) \(s) z \(z): f(\(c)) = \(f(c)) > grid \(gridBest)")
                _ = objective
            }
        }
    }

    @Test(arguments: kinds)
    func minimizerIsAKKTPoint(_ kind: PenaltyKind) {
        for s in Self.settings {
            let penalty = CoordinatePenalty(l1: s.l1, l2: s.l2, lower: s.lower, upper: s.upper, kind: kind)
            for z in Self.linears {
                let c = penalty.minimizer(linear: z, curvature: s.h)
                // The smooth part h/2 c^2 - z c has gradient h c - z.
                let violation = penalty.kktViolation(coefficient: c, gradient: s.h * c - z)
                #expect(violation <= 1e-12 * (1 + abs(z)), "\(kind) \(s) z \(z): c \(c), KKT violation \(violation)")
            }
        }
    }

    /// A weak signal gives an exact 0.0 for every kind (the subdifferential at 0 is [-l1, l1]).
    @Test(arguments: kinds)
    func weakSignalsGiveExactZeros(_ kind: PenaltyKind) {
        let penalty = CoordinatePenalty(l1: 1, l2: 0.2, lower: -.infinity, upper: .infinity, kind: kind)
        for z in stride(from: -1.0, through: 1.0, by: 0.125) {
            let c = penalty.minimizer(linear: z, curvature: 1)
            #expect(c == 0 && c.sign == .plus, "\(kind) z \(z): \(c)")
        }
    }

    /// The slope is the derivative of the value (central differences away from the kinks), and
    /// for MCP and SCAD it tapers to the ridge part alone: large coefficients are not shrunk.
    @Test(arguments: kinds)
    func slopeIsTheDerivativeOfTheValue(_ kind: PenaltyKind) {
        let penalty = CoordinatePenalty(l1: 0.8, l2: 0.3, lower: -.infinity, upper: .infinity, kind: kind)
        for c in stride(from: -9.03, through: 9.0, by: 0.41) where c != 0 {
            let step = 1e-6
            let numeric = (penalty.value(c + step) - penalty.value(c - step)) / (2 * step)
            #expect(abs(numeric - penalty.slope(at: c)) <= 1e-6, "\(kind) c \(c): \(numeric) vs \(penalty.slope(at: c))")
        }
        if !kind.isConvex { #expect(penalty.slope(at: 50) == 0.3 * 50) }
    }

    /// MCP with a huge concavity is the lasso: the same minimiser to rounding.
    @Test func mcpWithHugeConcavityIsTheLasso() {
        let lasso = CoordinatePenalty(l1: 1, l2: 0.25, lower: -.infinity, upper: .infinity)
        let mcp = CoordinatePenalty(l1: 1, l2: 0.25, lower: -.infinity, upper: .infinity, kind: .mcp(gamma: 1e9))
        for z in Self.linears {
            let a = lasso.minimizer(linear: z, curvature: 1), b = mcp.minimizer(linear: z, curvature: 1)
            #expect(abs(a - b) <= 1e-8 * (1 + abs(a)), "z \(z): lasso \(a), mcp \(b)")
        }
    }

    /// Firm thresholding (Zhang 2010): with curvature h above 1/gamma, MCP's minimiser is
    /// S(z, l1) / (h + l2 - 1/gamma) inside |z| <= gamma l1 (h + l2), else z / (h + l2).
    @Test func mcpIsFirmThresholding() {
        let gamma = 3.0, l1 = 1.0, l2 = 0.5, h = 1.0
        let mcp = CoordinatePenalty(l1: l1, l2: l2, lower: -.infinity, upper: .infinity, kind: .mcp(gamma: gamma))
        for z in Self.linears {
            let soft = z > l1 ? z - l1 : z < -l1 ? z + l1 : 0
            let expected = abs(z) <= gamma * l1 * (h + l2) ? soft / (h + l2 - 1 / gamma) : z / (h + l2)
            #expect(abs(mcp.minimizer(linear: z, curvature: h) - expected) <= 1e-12 * (1 + abs(expected)), "z \(z)")
        }
    }

    /// lambda_max and the strong rule are the penalty's: the lasso's for every kind (the
    /// subdifferential at 0 is the same), with alpha floored at 0.001.
    @Test(arguments: kinds)
    func lambdaMaxAndStrongRuleAreTheLassos(_ kind: PenaltyKind) {
        #expect(kind.lambdaMax(score: 2, penaltyFactor: 0.5, alpha: 0.8) == 2 / (0.5 * 0.8))
        #expect(kind.lambdaMax(score: 2, penaltyFactor: 1, alpha: 0) == 2 / 1e-3)
        #expect(kind.strongRuleThreshold(lambda: 1, previousLambda: 1.5, alpha: 0.5) == 0.25)
    }

    @Test func concavityMustExceedItsFloor() {
        #expect(throws: ElasticNetError.self) { try PenaltyKind.mcp(gamma: 1).validate(family: .gaussian) }
        #expect(throws: ElasticNetError.self) { try PenaltyKind.scad(a: 2).validate(family: .gaussian) }
        #expect(throws: ElasticNetError.self) { try PenaltyKind.mcp(gamma: 3).validate(family: .multinomial) }
        #expect(throws: ElasticNetError.self) { try PenaltyKind.scad(a: 3.7).validate(family: .binomial) }
        #expect(throws: Never.self) { try PenaltyKind.scad(a: 3.7).validate(family: .gaussian) }
    }
}
