import ElasticNetCore
import Foundation
import Testing

/// The multinomial family: certified paths, grouped vs ungrouped supports, centred intercepts,
/// exact zeros for constant columns, and the K = 2 reduction to the binomial.
struct MultinomialTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let data: String
        let alpha: Double
        let standardize: Bool
        let intercept: Bool
        let grouped: Bool
        var testDescription: String {
            "\(data) alpha=\(alpha) standardize=\(standardize) intercept=\(intercept) grouped=\(grouped)"
        }
    }

    static let cases: [Case] = [1.0, 0.5, 0.0].flatMap { alpha in
        [true, false].flatMap { standardize in
            [true, false].flatMap { intercept in
                [false, true].map { Case(data: "multinomial_example", alpha: alpha, standardize: standardize,
                                         intercept: intercept, grouped: $0) }
            }
        }
    } + [1.0, 0.5, 0.0].flatMap { alpha in
        [false, true].map { Case(data: "digits", alpha: alpha, standardize: true, intercept: true, grouped: $0) }
    }

    @Test(arguments: cases)
    func everyFitOnThePathIsCertified(_ c: Case) throws {
        let data = try SharedData.load(c.data)
        let (classes, count) = SharedData.classes(of: data)
        var options = FitOptions(family: .multinomial, alpha: c.alpha, standardize: c.standardize, intercept: c.intercept)
        options.grouped = c.grouped
        let path = try ElasticNet(options: options).multinomialPath(
            x: data.x, classes: classes, classCount: count, lambdas: .automatic(count: c.data == "digits" ? 12 : 20))
        let check = MultinomialOptimality(x: data.x, classes: classes, classCount: count, options: options)
        #expect(!path.fits.isEmpty)
        for fit in path.fits {
            #expect(fit.converged, "lambda \(fit.lambda): relative gap \(fit.certificate.relativeGap)")
            #expect(fit.certificate.dualityGap <= 1e-7 * fit.certificate.objective)
            let objective = check.objective(fit)
            #expect(abs(objective - fit.certificate.objective) <= 1e-10 * objective,
                    "objective \(objective) vs certificate \(fit.certificate.objective)")
            let violations = check.unexcusedViolations(fit)
            #expect(violations.isEmpty, "\(violations)")
            if c.intercept { #expect(abs(fit.intercepts.reduce(0, +)) <= 1e-12 * Double(count)) }
        }
    }

    /// glmnet's digits carries three all-zero pixels: exactly 0 in every class at every lambda.
    @Test(arguments: [false, true])
    func constantColumnsAreZeroInEveryClass(grouped: Bool) throws {
        let data = try SharedData.load("digits")
        let (classes, count) = SharedData.classes(of: data)
        var options = FitOptions(family: .multinomial)
        options.grouped = grouped
        let path = try ElasticNet(options: options).multinomialPath(x: data.x, classes: classes, classCount: count,
                                                                    lambdas: .automatic(count: 12))
        let constant = ["pixel_0_0", "pixel_4_0", "pixel_4_7"].map { data.featureNames.firstIndex(of: $0)! }
        for fit in path.fits {
            for k in 0 ..< count { for j in constant { #expect(fit.coefficients[k][j] == 0) } }
        }
        #expect(path.fits.last!.nonzeroCount > 20)
    }

    /// Grouped: a feature is in or out for all classes at once. Ungrouped: some feature is in for
    /// some classes only. The two penalties give different supports.
    @Test func groupedAndUngroupedSupportsDiffer() throws {
        let data = try SharedData.load("multinomial_example")
        let (classes, count) = SharedData.classes(of: data)
        var options = FitOptions(family: .multinomial)
        let ungroupedMax = try ElasticNet(options: options).multinomialLambdaMax(x: data.x, classes: classes, classCount: count)
        let ungrouped = try ElasticNet(options: options).multinomialFit(
            x: data.x, classes: classes, classCount: count, lambda: 0.3 * ungroupedMax)
        options.grouped = true
        let groupedMax = try ElasticNet(options: options).multinomialLambdaMax(x: data.x, classes: classes, classCount: count)
        let grouped = try ElasticNet(options: options).multinomialFit(
            x: data.x, classes: classes, classCount: count, lambda: 0.3 * groupedMax)
        let p = data.x.columnCount
        func support(_ fit: MultinomialFit) -> [[Bool]] { (0 ..< p).map { j in (0 ..< count).map { fit.coefficients[$0][j] != 0 } } }
        let g = support(grouped), u = support(ungrouped)
        #expect(g.allSatisfy { Set($0).count == 1 }, "a grouped feature is partly in")
        #expect(u.contains { Set($0).count == 2 }, "no ungrouped feature is in for some classes only")
        #expect(g != u)
        #expect(grouped.nonzeroCount > 0 && ungrouped.nonzeroCount > 0)
    }

    /// K = 2: softmax depends on eta_2 - eta_1 = delta only. For a fixed delta the multinomial
    /// ridge penalty (lambda/2)(b_1^2 + b_2^2) is smallest at b_1 = -b_2 = -delta/2, where it is
    /// (lambda/4) delta^2: the binomial ridge at lambda/2. The lasso's |b_1| + |b_2| >= |delta|,
    /// with equality at such a split: the binomial lasso at the same lambda. Fitted probabilities agree.
    @Test(arguments: [0.0, 1.0])
    func twoClassesReduceToTheBinomial(alpha: Double) throws {
        let data = try SharedData.load("breast_cancer")
        let classes = data.y.map { Int($0) }
        var options = FitOptions(family: .binomial, alpha: alpha)
        options.tolerance = 1e-12
        let binomialModel = ElasticNet(options: options)
        let lambda = try binomialModel.lambdaMax(x: data.x, y: data.y) * 0.05
        let binomial = try binomialModel.fit(x: data.x, y: data.y, lambda: lambda)
        options.family = .multinomial
        let multinomial = try ElasticNet(options: options).multinomialFit(
            x: data.x, classes: classes, classCount: 2, lambda: alpha == 0 ? 2 * lambda : lambda)
        for i in stride(from: 0, to: data.x.rowCount, by: 7) {
            let row = (0 ..< data.x.columnCount).map { data.x[row: i, column: $0] }
            let eta = zip(binomial.coefficients, row).reduce(binomial.intercept) { $0 + $1.0 * $1.1 }
            let p = 1 / (1 + exp(-eta))
            let q = multinomial.probabilities(row)[1]
            #expect(abs(p - q) <= 1e-5, "row \(i): binomial \(p), multinomial \(q)")
        }
        if alpha == 0 {
            for j in 0 ..< data.x.columnCount {
                let (b1, b2) = (multinomial.coefficients[0][j], multinomial.coefficients[1][j])
                #expect(abs(b1 + b2) <= 1e-6 * max(abs(b1), 1e-12), "feature \(j): \(b1) vs \(b2)")
            }
        }
    }

    @Test func tooFewOrEmptyClassesAreErrors() throws {
        let data = try SharedData.load("multinomial_example")
        let model = ElasticNet(options: FitOptions(family: .multinomial))
        let n = data.x.rowCount
        #expect(throws: ElasticNetError.self) {
            try model.multinomialPath(x: data.x, classes: [Int](repeating: 0, count: n), classCount: 1)
        }
        #expect(throws: ElasticNetError.self) {
            try model.multinomialPath(x: data.x, classes: (0 ..< n).map { $0 % 2 }, classCount: 3)
        }
        #expect(throws: ElasticNetError.self) {
            try model.multinomialPath(x: data.x, classes: (0 ..< n).map { $0 % 2 == 0 ? 0 : 5 }, classCount: 3)
        }
    }

    /// Separable classes at a tiny lambda: a finite, certified result and a warning, never NaN.
    @Test func separableClassesEndWithAResultAndAWarning() throws {
        let x = DenseMatrix(columns: [[-3, -2.5, -2, 0, 0.2, 0.1, 2, 2.5, 3], [1, 0.5, 0.8, -1, -0.7, -0.9, 0.4, 0.3, 0.2]])
        let classes = [0, 0, 0, 1, 1, 1, 2, 2, 2]
        let model = ElasticNet(options: FitOptions(family: .multinomial))
        let lambdaMax = try model.multinomialLambdaMax(x: x, classes: classes, classCount: 3)
        let path = try model.multinomialPath(x: x, classes: classes, classCount: 3,
                                             lambdas: .explicit([lambdaMax, lambdaMax * 1e-2, lambdaMax * 1e-4]))
        #expect(path.fits.count == 3)
        for fit in path.fits {
            #expect(fit.coefficients.allSatisfy { $0.allSatisfy(\.isFinite) } && fit.intercepts.allSatisfy(\.isFinite))
            #expect(fit.certificate.dualityGap.isFinite)
        }
        #expect(!path.warnings.isEmpty)
    }
}

/// Optimality of a multinomial fit, recomputed independently in original units.
struct MultinomialOptimality {
    let x: DenseMatrix
    let classes: [Int]
    let classCount: Int
    let options: FitOptions
    private let single: Optimality

    init(x: DenseMatrix, classes: [Int], classCount: Int, options: FitOptions) {
        self.x = x; self.classes = classes; self.classCount = classCount; self.options = options
        var gaussianOptions = options
        gaussianOptions.family = .gaussian
        single = Optimality(x: x, y: [Double](repeating: 0, count: x.rowCount), weights: nil, options: gaussianOptions)
    }

    var n: Int { x.rowCount }
    var p: Int { x.columnCount }

    func probabilities(_ fit: MultinomialFit) -> [[Double]] {
        (0 ..< n).map { i in fit.probabilities((0 ..< p).map { x[row: i, column: $0] }) }
    }

    func objective(_ fit: MultinomialFit) -> Double {
        let probabilities = probabilities(fit)
        var total = 0.0
        for i in 0 ..< n { total -= log(probabilities[i][classes[i]]) / Double(n) }
        for j in 0 ..< p {
            let s = single.scale(j)
            let c = (0 ..< classCount).map { s * fit.coefficients[$0][j] }
            let norm = c.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let l1 = options.grouped ? norm : c.reduce(0) { $0 + abs($1) }
            total += fit.lambda * ((1 - options.alpha) / 2 * norm * norm + options.alpha * l1)
        }
        return total
    }

    /// KKT residuals not excused by the gap: a coordinate (or a block, grouped) with residual r
    /// lets the objective fall by r^2 / (2 h), with h bounding the curvature: the softmax
    /// Hessian's eigenvalues are at most 1/2 (and its diagonal at most 1/4), so
    /// h = sum_i z_ij^2 / n times that, plus the ridge part.
    func unexcusedViolations(_ fit: MultinomialFit, slack: Double = 1 + 1e-6) -> [String] {
        let gap = fit.certificate.dualityGap + Optimality.roundingAllowance * fit.certificate.objective
        let probabilities = probabilities(fit)
        var problems = [String]()
        if options.intercept {
            for k in 0 ..< classCount {
                let g0 = (0 ..< n).reduce(0.0) { $0 + (probabilities[$1][k] - (classes[$1] == k ? 1 : 0)) } / Double(n)
                let bound = (2 * 0.25 * gap).squareRoot() * slack + 1e-12
                if abs(g0) > bound { problems.append("intercept \(k): gradient \(g0) > \(bound)") }
            }
        }
        for j in 0 ..< p where single.scale(j) > 0 {
            let s = single.scale(j)
            let (m, _) = single.columnStatistics(j)
            let centre = options.intercept ? m : 0
            var gradient = [Double](repeating: 0, count: classCount)
            var curvature = 0.0
            for i in 0 ..< n {
                let z = (x[row: i, column: j] - centre) / s
                curvature += z * z / Double(n)
                for k in 0 ..< classCount {
                    gradient[k] += (probabilities[i][k] - (classes[i] == k ? 1 : 0)) * x[row: i, column: j] / s / Double(n)
                }
            }
            let c = (0 ..< classCount).map { s * fit.coefficients[$0][j] }
            let l1 = fit.lambda * options.alpha, l2 = fit.lambda * (1 - options.alpha)
            var residual = 0.0
            var nearKink = false
            if options.grouped {
                let norm = c.reduce(0) { $0 + $1 * $1 }.squareRoot()
                if norm == 0 {
                    residual = max(gradient.reduce(0) { $0 + $1 * $1 }.squareRoot() - l1, 0)
                } else {
                    residual = (0 ..< classCount).reduce(0.0) { total, k in
                        let r = gradient[k] + l2 * c[k] + l1 * c[k] / norm
                        return total + r * r
                    }.squareRoot()
                    nearKink = norm < residual / (curvature / 2 + l2)
                }
                let bound = (2 * (curvature / 2 + l2) * gap).squareRoot() * slack + 1e-12
                if residual > bound && !nearKink { problems.append("feature \(j): block KKT residual \(residual) > \(bound)") }
            } else {
                for k in 0 ..< classCount {
                    let g = gradient[k], ck = c[k]
                    let r = ck > 0 ? abs(g + l2 * ck + l1) : ck < 0 ? abs(g + l2 * ck - l1) : max(abs(g) - l1, 0)
                    let h = curvature / 4 + l2
                    let bound = (2 * h * gap).squareRoot() * slack + 1e-12 * max(1, abs(g))
                    if r > bound && !(ck != 0 && abs(ck) < r / h) {
                        problems.append("feature \(j) class \(k): KKT residual \(r) > \(bound)")
                    }
                }
            }
        }
        return problems
    }
}
