@testable import ElasticNetCore
import Foundation
import Testing

/// Active sets of `ActiveSetNewton.iterativeSolveSize` coordinates or more take their Newton step
/// by conjugate gradients stopped near the tolerance asked, not by an exact Cholesky solve: the
/// fits stay certified, at the tolerance asked and at a far tighter one.
struct IterativePolishTests {
    /// A uniform design and a response with every coefficient nonzero (SplitMix64: the same bits
    /// every run).
    static func problem(rows n: Int, columns p: Int, seed: UInt64) -> (x: DenseMatrix, eta: [Double], uniform: () -> Double) {
        var generator = SplitMix64(seed: seed)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        let values = (0 ..< n * p).map { _ in uniform() * 2 - 1 }
        let x = DenseMatrix(rowCount: n, columnCount: p, columnMajor: values)
        let beta: [Double] = (0 ..< p).map { (j: Int) -> Double in
            let size: Double = 0.2 + Double(j % 7) / 10
            return j % 2 == 0 ? size : -size
        }
        var eta = [Double](repeating: 0, count: n)
        for j in 0 ..< p { for i in 0 ..< n { eta[i] += values[j * n + i] * beta[j] } }
        var rest = generator
        return (x, eta, { Double(rest.next() >> 11) / Double(1 << 53) })
    }

    @Test(arguments: [1e-7, 1e-12])
    func largeGaussianActiveSetIsCertified(_ tolerance: Double) throws {
        let (x, eta, uniform) = Self.problem(rows: 600, columns: 450, seed: 19)
        let y = eta.map { $0 + (uniform() - 0.5) }
        var options = FitOptions()
        options.tolerance = tolerance
        let model = ElasticNet(options: options)
        let lambda = try model.lambdaMax(x: x, y: y) * 1e-3
        let fit = try model.fit(x: x, y: y, lambda: lambda)
        #expect(fit.nonzeroCount >= ActiveSetNewton.iterativeSolveSize)
        #expect(fit.convergence == .tolerance, "gap \(fit.certificate.relativeGap)")
        #expect(fit.certificate.relativeGap <= tolerance)
        #expect(Optimality(x: x, y: y, weights: nil, options: options).unexcusedViolations(fit).isEmpty)
    }

    @Test func largeLogisticActiveSetIsCertified() throws {
        let (x, eta, uniform) = Self.problem(rows: 1000, columns: 410, seed: 23)
        let y = eta.map { uniform() < 1 / (1 + exp(-0.1 * $0)) ? 1.0 : 0.0 }
        let options = FitOptions(family: .binomial)
        let model = ElasticNet(options: options)
        let lambda = try model.lambdaMax(x: x, y: y) * 1e-3
        let fit = try model.fit(x: x, y: y, lambda: lambda)
        #expect(fit.nonzeroCount >= ActiveSetNewton.iterativeSolveSize)
        #expect(fit.convergence == .tolerance, "gap \(fit.certificate.relativeGap)")
        #expect(fit.certificate.relativeGap <= options.tolerance)
        #expect(Optimality(x: x, y: y, weights: nil, options: options).unexcusedViolations(fit).isEmpty)
    }

    /// Conjugate gradients run to a negligible decrease agree with the Cholesky solve.
    @Test func conjugateGradientMatchesCholesky() {
        let k = 60
        var generator = SplitMix64(seed: 5)
        let b = (0 ..< k * k).map { _ in Double(generator.next() >> 11) / Double(1 << 53) - 0.5 }
        var matrix = [Double](repeating: 0, count: k * k)
        for r in 0 ..< k {
            for c in 0 ..< k {
                var s: Double = r == c ? 1 : 0
                for m in 0 ..< k { s += b[r * k + m] * b[c * k + m] }
                matrix[r * k + c] = s
            }
        }
        let rhs = (0 ..< k).map { Double($0 % 5) - 2 }
        let exact = ActiveSetNewton.solve(matrix, rhs, size: k)!
        let iterative = ActiveSetNewton.conjugateGradient(matrix, rhs, size: k, decreaseTarget: 1e-30, maxIterations: 10 * k)!
        for a in 0 ..< k { #expect(abs(exact[a] - iterative[a]) <= 1e-9 * max(1, abs(exact[a]))) }
    }
}
