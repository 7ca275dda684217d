import Foundation

/// Work done with one single-response family's calculus. Generic in the family, so whatever it
/// calls (solvers, duality gaps, path runners) is specialised for a concrete type: no existential
/// is ever inside a loop over observations.
protocol FamilyGenericWork {
    associatedtype Output
    func callAsFunction<F: GLMFamily>(_ family: F.Type) throws(ElasticNetError) -> Output
}

extension Family {
    /// The one place where the public enum becomes a `GLMFamily` type: `work` run with it; nil
    /// for multinomial, whose K linear predictors have their own solver and gap.
    func withCalculus<Work: FamilyGenericWork>(_ work: Work) throws(ElasticNetError) -> Work.Output? {
        switch self {
        case .gaussian: return try work(Gaussian.self)
        case .binomial: return try work(Binomial.self)
        case .poisson: return try work(Poisson.self)
        case .gamma: return try work(Gamma.self)
        case .multinomial: return nil
        }
    }

    /// The family's calculus as a value, for scalar uses outside any hot loop (links of a
    /// prediction, a held-out row's score, response checks); nil for multinomial.
    var calculus: (any GLMFamily.Type)? {
        struct TypeOf: FamilyGenericWork {
            func callAsFunction<F: GLMFamily>(_ family: F.Type) -> any GLMFamily.Type { family }
        }
        return (try? withCalculus(TypeOf())) ?? nil
    }

    /// What a numeric response must be, in words ("a count >= 0", "a number > 0"); nil when any
    /// number will do (gaussian) and for multinomial's class labels.
    public var responseRequirement: String? { calculus?.responseRequirement }

    /// Can `y` be a response of this family? (Multinomial: any number, its classes are labels.)
    public func allowsResponse(_ y: Double) -> Bool { calculus?.responseError(y, row: 0) == nil }

    /// Does the loss have bounded curvature in eta? The fixed-step solvers (sgd, subgradient)
    /// need it; multinomial's is bounded (by 1/2) but it has no such solver.
    public var hasBoundedCurvature: Bool { calculus?.curvatureBound != nil }
}
