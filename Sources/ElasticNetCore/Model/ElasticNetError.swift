/// Why a fit cannot start: bad options or data that no objective can be built from.
/// Each case carries the offending value so the message can name it.
public enum ElasticNetError: Error, CustomStringConvertible, Equatable, Sendable {
    case alphaOutOfRange(Double)
    case negativeLambda(Double)
    case invalidLambdaSequence(String)
    case shapeMismatch(String)
    case tooFewRows(Int)
    case nonFiniteValue(what: String, row: Int, column: Int?)
    case negativeWeight(row: Int, value: Double)
    case zeroTotalWeight
    case binomialResponse(String)
    case poissonResponse(String)
    case gammaResponse(String)
    case multinomialResponse(String)
    case crossValidation(String)
    case invalidPenaltyFactor(feature: Int, value: Double)
    case invalidBound(feature: Int, lower: Double, upper: Double)
    case invalidTolerance(Double)
    /// A solver asked for a problem it does not handle (the reason names the solver and option).
    case unsupportedSolver(String)
    /// Values so large that the objective overflows double precision (the reason names them).
    case outOfRange(String)

    public var description: String {
        switch self {
        case .alphaOutOfRange(let a): return "alpha must be in [0, 1], got \(a)"
        case .negativeLambda(let l): return "lambda must be >= 0, got \(l)"
        case .invalidLambdaSequence(let why): return "lambda sequence: \(why)"
        case .shapeMismatch(let why): return why
        case .tooFewRows(let n): return "need at least 2 rows of data, got \(n)"
        case .nonFiniteValue(let what, let row, let column):
            let place = column.map { "row \(row + 1), column \($0 + 1)" } ?? "row \(row + 1)"
            return "\(what) at \(place) is not a finite number"
        case .negativeWeight(let row, let value): return "weight at row \(row + 1) is negative (\(value))"
        case .zeroTotalWeight: return "the weights sum to zero"
        case .binomialResponse(let why): return "binomial response: \(why)"
        case .poissonResponse(let why): return "poisson response: \(why)"
        case .gammaResponse(let why): return "gamma response: \(why)"
        case .multinomialResponse(let why): return "multinomial response: \(why)"
        case .crossValidation(let why): return "cross-validation: \(why)"
        case .invalidPenaltyFactor(let j, let v):
            return "penalty factor of feature \(j + 1) must be >= 0 (or inf), got \(v)"
        case .invalidBound(let j, let lo, let hi):
            return "bounds of feature \(j + 1) must satisfy lower <= 0 <= upper, got [\(lo), \(hi)]"
        case .invalidTolerance(let t): return "tolerance must be positive and below 1, got \(t)"
        case .unsupportedSolver(let why): return why
        case .outOfRange(let why): return why
        }
    }
}
