@testable import ElasticNetCore
import Foundation
import Testing

/// Each family's calculus checked against its own loss, with no stored numbers: the gradient and
/// curvature are the loss's derivatives in eta (central differences), the curvature stays under
/// the family's bound, the link inverts the mean, and the Fenchel-Young gap is the Bregman
/// divergence of the loss (zero at the gradient, and loss(eta') - loss(eta) - u (eta' - eta) at
/// another eta'), which checks the conjugate behind the duality gap. The grid of eta reaches
/// e^30, where a loss of an exponential is 1e13 and a logistic mean is 1 - 1e-13.
struct FamilyCalculusTests {
    static let families = Family.allCases.filter { $0 != .multinomial }
    static let etas: [Double] = [-30, -8, -1, -0.25, 0, 0.5, 2, 8, 30]
    /// Candidate responses; each family keeps those its `responseError` allows.
    static let responses: [Double] = [-2, 0, 0.3, 1, 3.5, 12]

    @Test(arguments: families)
    func gradientAndCurvatureAreTheLossDerivatives(_ family: Family) throws {
        let calculus = try #require(family.calculus)
        let failures = Self.derivativeFailures(calculus)
        #expect(failures.isEmpty, "\(family): \(failures.prefix(5))")
    }

    @Test(arguments: families)
    func fenchelYoungGapIsTheBregmanDivergence(_ family: Family) throws {
        let calculus = try #require(family.calculus)
        let failures = Self.conjugateFailures(calculus)
        #expect(failures.isEmpty, "\(family): \(failures.prefix(5))")
    }

    @Test(arguments: families)
    func responsesOutsideTheFamilyAreRefusedWithTheRow(_ family: Family) throws {
        let calculus = try #require(family.calculus)
        let allowed = Self.responses.filter { calculus.responseError($0, row: 0) == nil }
        #expect(!allowed.isEmpty)
        if let refused = Self.responses.first(where: { calculus.responseError($0, row: 6) != nil }) {
            let message = String(describing: calculus.responseError(refused, row: 6)!)
            #expect(message.contains("row 7"), "\(message)")
        } else {
            #expect(family == .gaussian)
        }
    }

    /// Central differences with step h = 1e-4: truncation h^2 |f'''| / 6 (2e-9 relative for e^eta),
    /// rounding eps |f| / h; the
    /// tolerance 1e-6 of the largest magnitude involved covers both on this grid.
    static func derivativeFailures<F: GLMFamily>(_ family: F.Type) -> [String] {
        var failures = [String]()
        for y in responses where F.responseError(y, row: 0) == nil {
            for eta in etas {
                let h = 1e-4
                let mu = F.mean(eta: eta)
                let g = F.gradient(y: y, eta: eta, mean: mu), c = F.curvature(y: y, eta: eta, mean: mu)
                let numericG = (F.loss(y: y, eta: eta + h) - F.loss(y: y, eta: eta - h)) / (2 * h)
                let numericC = (F.gradient(y: y, eta: eta + h) - F.gradient(y: y, eta: eta - h)) / (2 * h)
                let scale = max(1, abs(F.loss(y: y, eta: eta)), abs(g), abs(c))
                if abs(numericG - g) > 1e-6 * scale { failures.append("gradient y \(y) eta \(eta): \(g) vs \(numericG)") }
                if abs(numericC - c) > 1e-6 * scale { failures.append("curvature y \(y) eta \(eta): \(c) vs \(numericC)") }
                if c < 0 { failures.append("negative curvature y \(y) eta \(eta): \(c)") }
                if let bound = F.curvatureBound, c > bound { failures.append("curvature \(c) above bound \(bound)") }
                if F.isQuadratic && c != F.curvature(y: y, eta: 0, mean: F.mean(eta: 0)) {
                    failures.append("a quadratic family with varying curvature at eta \(eta)")
                }
                if F.saturatedLoss(y: y) > F.loss(y: y, eta: eta) + 1e-12 * scale {
                    failures.append("loss below the saturated loss y \(y) eta \(eta)")
                }
                // The link inverts the mean where the mean is not rounded to its bound.
                if abs(eta) <= 8 && abs(F.link(mean: mu) - eta) > 1e-9 * max(1, abs(eta)) {
                    failures.append("link(mean(\(eta))) = \(F.link(mean: mu))")
                }
            }
        }
        return failures
    }

    static func conjugateFailures<F: GLMFamily>(_ family: F.Type) -> [String] {
        var failures = [String]()
        for y in responses where F.responseError(y, row: 0) == nil {
            for eta in etas {
                let u = F.gradient(y: y, eta: eta)
                guard F.isDualFeasible(y: y, dual: u) else {
                    failures.append("the gradient \(u) at eta \(eta), y \(y) is not dual feasible")
                    continue
                }
                let loss = F.loss(y: y, eta: eta)
                let atGradient = F.fenchelYoungGap(y: y, eta: eta, dual: u)
                if !(abs(atGradient) <= 1e-10 * max(1, abs(loss))) {
                    failures.append("gap \(atGradient) at the gradient, y \(y) eta \(eta)")
                }
                for delta in [-1.5, 0.5] {
                    let other = eta + delta
                    let otherLoss = F.loss(y: y, eta: other)
                    let bregman = otherLoss - loss - u * delta
                    let gap = F.fenchelYoungGap(y: y, eta: other, dual: u)
                    if !(gap >= 0 && abs(gap - bregman) <= 1e-9 * max(1, abs(loss), abs(otherLoss), abs(u * delta))) {
                        failures.append("gap \(gap) vs Bregman \(bregman), y \(y) eta \(eta) -> \(other)")
                    }
                }
            }
        }
        return failures
    }
}
