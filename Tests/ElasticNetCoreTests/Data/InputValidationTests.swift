import ElasticNetCore
import Testing

/// Inputs no objective can be built from are typed errors that name the value, never traps.
struct InputValidationTests {
    let x = DenseMatrix(columns: [[1, 2, 3, 4], [0.5, -1, 2, 0]])
    let y: [Double] = [1, 0, 1, 1]

    @Test func alphaOutsideTheUnitIntervalIsAnError() {
        #expect(throws: ElasticNetError.alphaOutOfRange(1.5)) {
            try ElasticNet(options: FitOptions(alpha: 1.5)).fit(x: x, y: y, lambda: 0.1)
        }
    }

    @Test func negativeLambdaIsAnError() {
        #expect(throws: ElasticNetError.negativeLambda(-1)) { try ElasticNet().fit(x: x, y: y, lambda: -1) }
    }

    @Test func unsortedLambdasAreAnError() {
        #expect(throws: ElasticNetError.self) { try ElasticNet().path(x: x, y: y, lambdas: .explicit([0.1, 0.2])) }
        #expect(throws: ElasticNetError.self) { try ElasticNet().path(x: x, y: y, lambdas: .explicit([])) }
    }

    @Test func negativeWeightIsAnError() {
        #expect(throws: ElasticNetError.negativeWeight(row: 2, value: -1)) {
            try ElasticNet().fit(x: x, y: y, weights: [1, 1, -1, 1], lambda: 0.1)
        }
    }

    @Test func singleRowIsAnError() {
        #expect(throws: ElasticNetError.tooFewRows(1)) {
            try ElasticNet().fit(x: DenseMatrix(columns: [[1]]), y: [1], lambda: 0.1)
        }
    }

    @Test func binomialResponseMustBeZeroOrOneWithBothPresent() {
        let binomial = ElasticNet(options: FitOptions(family: .binomial))
        #expect(throws: ElasticNetError.self) { try binomial.fit(x: x, y: [0, 1, 2, 1], lambda: 0.1) }
        #expect(throws: ElasticNetError.self) { try binomial.fit(x: x, y: [1, 1, 1, 1], lambda: 0.1) }
    }

    @Test func nonFiniteValuesAreErrors() {
        let bad = DenseMatrix(columns: [[1, .nan, 3, 4], [0.5, -1, 2, 0]])
        #expect(throws: ElasticNetError.nonFiniteValue(what: "design value", row: 1, column: 0)) {
            try ElasticNet().fit(x: bad, y: y, lambda: 0.1)
        }
    }

    @Test func boundsMustContainZero() {
        var options = FitOptions()
        options.lowerBounds = [0.5, -1]
        #expect(throws: ElasticNetError.invalidBound(feature: 0, lower: 0.5, upper: .infinity)) {
            try ElasticNet(options: options).fit(x: x, y: y, lambda: 0.1)
        }
    }
}
