@testable import ElasticNetCore
import Testing

/// Anderson extrapolation on a linear fixed-point iteration x -> M x + b in d dimensions is
/// GMRES in disguise (Walker & Ni 2011): with d + 1 differences (affine combinations of d + 1
/// iterates) it lands on the fixed point exactly, up to rounding, however slowly the iteration
/// itself contracts.
struct AndersonExtrapolationTests {
    @Test func linearIterationIsSolvedExactly() throws {
        let d = AndersonExtrapolation.depth - 1
        // A slow contraction (spectral radius 0.95) with coupled coordinates.
        var m = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for i in 0 ..< d {
            m[i][i] = 0.95 - 0.1 * Double(i)
            if i + 1 < d { m[i][i + 1] = 0.04 }
        }
        let b = (0 ..< d).map { Double($0 + 1) }
        func iterate(_ x: [Double]) -> [Double] {
            (0 ..< d).map { i in (0 ..< d).reduce(b[i]) { $0 + m[i][$1] * x[$1] } }
        }
        // The fixed point, by many plain iterations.
        var fixed = [Double](repeating: 0, count: d)
        for _ in 0 ..< 5000 { fixed = iterate(fixed) }

        var anderson = AndersonExtrapolation()
        let coordinates = Array(0 ..< d)
        var x = [Double](repeating: 0, count: d)
        var proposal: [Double]? = nil
        for _ in 0 ... AndersonExtrapolation.depth {
            proposal = anderson.record(x, over: coordinates)
            x = iterate(x)
        }
        let extrapolated = try #require(proposal)
        let plainError = zip(x, fixed).map { abs($0 - $1) }.max()!
        let error = zip(extrapolated, fixed).map { abs($0 - $1) }.max()!
        #expect(plainError > 1)          // six plain steps are nowhere near
        #expect(error < 1e-6 * fixed.map(abs).max()!)
    }

    /// The history belongs to one set of coordinates: a different set starts it again.
    @Test func aNewCoordinateSetRestarts() {
        var anderson = AndersonExtrapolation()
        for k in 0 ..< AndersonExtrapolation.depth {
            #expect(anderson.record([Double(k), 1], over: [0, 1]) == nil)
        }
        #expect(anderson.record([9, 9], over: [0, 2]) == nil)
    }
}
