import Foundation

/// Why each coefficient is zero or not at one lambda: its KKT margin, whether the gap-safe sphere
/// test certifies its zero, and its history along the regularisation path.
///
/// The gap-safe test (Fercoq, Gramfort & Salmon 2015, "Mind the duality gap: safer rules for the
/// lasso", ICML): the dual objective is (1/kappa)-strongly concave in the norm
/// |t|_{V^-1} = sqrt(sum t_i^2 / v_i) (kappa bounds the loss's curvature: 1 gaussian, 1/4 binomial),
/// so the dual optimum theta* lies within r = sqrt(2 kappa G) of any feasible dual point theta whose
/// duality gap is G. Then |z_j . theta*| <= |z_j . theta| + r sqrt(sum_i v_i z_ij^2), and when that
/// is below l1_j = lambda alpha pf_j the optimum has c_j = 0 (a nonzero needs |z_j . theta*| >= l1_j).
/// theta and G are `DualityGap`'s. Poisson has no curvature bound, so no sphere.
public struct ZeroProvenance: Sendable {
    /// A change of a coefficient between consecutive lambdas of the path (decreasing lambda).
    public struct PathEvent: Sendable, Equatable {
        public enum Kind: String, Sendable { case enters, leaves, changesSign = "changes sign" }
        /// The first lambda of the path at which the new state holds.
        public var lambda: Double
        public var feature: Int
        public var kind: Kind
        /// The sign after the event (enters, changes sign) or before it (leaves).
        public var sign: Int
    }

    public enum Status: String, Sendable {
        case nonzero, zero
        /// Excluded (infinite penalty factor) or a constant column: 0 at every lambda.
        case excluded
    }

    public struct Coefficient: Sendable {
        public var feature: Int
        /// In original units.
        public var value: Double
        public var status: Status
        /// Zeros: |dL/dc_j| / (lambda alpha pf_j); below 1 the zero is optimal (nil when the feature
        /// has no L1 penalty).
        public var kktMargin: Double?
        /// Nonzeros: the distance from -dL/dc_j to the penalty's subdifferential (0 at the optimum).
        public var subgradientResidual: Double?
        /// The gap-safe sphere test proves the optimal coefficient is 0.
        public var certifiedZero: Bool
        /// This feature's path events, in path order.
        public var events: [PathEvent]

        /// The lambdas at which the coefficient's sign differs from its previous nonzero sign,
        /// whether it flipped between two grid points or left and came back with the other sign.
        public var signChangeLambdas: [Double] {
            var last = 0
            var lambdas = [Double]()
            for event in events where event.kind != .leaves {
                if last != 0 && event.sign != last { lambdas.append(event.lambda) }
                last = event.sign
            }
            return lambdas
        }
    }

    public var lambda: Double
    public var lambdaMax: Double
    /// The certificate of the fit explained (the sphere's gap).
    public var certificate: Certificate
    /// The gap-safe sphere's radius (nil: no test for this family, or an infinite gap).
    public var safeRadius: Double?
    /// The lambdas of the path the events come from.
    public var pathLambdas: [Double]
    public var coefficients: [Coefficient]
    /// Every path event, in path order (decreasing lambda).
    public var events: [PathEvent]
}

extension ElasticNet {
    /// The zero provenance of the fit at `lambda`: `fit` if given (any solver's, in original
    /// units), else coordinate descent's; path events from the path on `lambdas`.
    public func zeroProvenance(x: some DesignMatrix, y: [Double], weights: [Double]? = nil, offset: [Double]? = nil,
                               lambda: Double, fit given: ElasticNetFit? = nil,
                               lambdas: LambdaSequence = .standard) throws(ElasticNetError) -> ZeroProvenance {
        let fit: ElasticNetFit
        if let given { fit = given } else { fit = try self.fit(x: x, y: y, weights: weights, offset: offset, lambda: lambda) }
        let path = try self.path(x: x, y: y, weights: weights, offset: offset, lambdas: lambdas)
        let problem = try workingProblem(x: x, y: y, weights: weights, offset: offset)
        let work = ProvenanceWork(model: self, problem: problem, fit: fit, path: path)
        guard let provenance = try options.family.withCalculus(work) else {
            throw .unsupportedSolver("zero provenance is for single-response models (gaussian, binomial, poisson, gamma)")
        }
        return provenance
    }

    fileprivate struct ProvenanceWork: FamilyGenericWork {
        let model: ElasticNet
        let problem: WorkingProblem
        let fit: ElasticNetFit
        let path: RegularizationPath
        func callAsFunction<F: GLMFamily>(_ family: F.Type) -> ZeroProvenance {
            model.provenance(family, problem: problem, fit: fit, path: path)
        }
    }

    fileprivate func provenance<F: GLMFamily>(_ family: F.Type, problem: WorkingProblem, fit: ElasticNetFit,
                                          path: RegularizationPath) -> ZeroProvenance {
        let lambda = fit.lambda
        let (b0, c) = problem.penaltyCoordinates(coefficients: fit.coefficients.array, intercept: fit.intercept)
        let result = c.withUnsafeBufferPointer {
            DualityGap<F>(problem: problem).evaluate(lambda: lambda, coefficients: $0, intercept: b0)
        }
        let gap = result.certificate.dualityGap
        let radius = SmoothLoss<F>.curvatureBound.flatMap { kappa in gap.isFinite ? (2 * kappa * max(gap, 0)).squareRoot() : nil }

        var events = [ZeroProvenance.PathEvent]()
        var previous = [Int](repeating: 0, count: problem.featureCount)
        for pathFit in path.fits {
            for j in 0 ..< problem.featureCount {
                let b = pathFit.coefficients[j]
                let s = b > 0 ? 1 : (b < 0 ? -1 : 0)
                let before = previous[j]
                if before == 0 && s != 0 { events.append(.init(lambda: pathFit.lambda, feature: j, kind: .enters, sign: s)) }
                else if before != 0 && s == 0 { events.append(.init(lambda: pathFit.lambda, feature: j, kind: .leaves, sign: before)) }
                else if before * s < 0 { events.append(.init(lambda: pathFit.lambda, feature: j, kind: .changesSign, sign: s)) }
                previous[j] = s
            }
        }

        let coefficients = (0 ..< problem.featureCount).map { j -> ZeroProvenance.Coefficient in
            let value = fit.coefficients[j]
            let mine = events.filter { $0.feature == j }
            guard !problem.isExcluded(j) else {
                return .init(feature: j, value: value, status: .excluded, kktMargin: nil, subgradientResidual: nil,
                             certifiedZero: true, events: mine)
            }
            let penalty = problem.penalty(j, lambda: lambda)
            let g = result.gradient[j]
            var certified = false
            if let radius, penalty.l1 > 0, j < result.dualCorrelations.count {
                certified = abs(result.dualCorrelations[j]) + radius * problem.columnCurvature[j].squareRoot() < penalty.l1
            }
            if c[j] == 0 {
                return .init(feature: j, value: value, status: .zero, kktMargin: penalty.l1 > 0 ? abs(g) / penalty.l1 : nil,
                             subgradientResidual: nil, certifiedZero: certified, events: mine)
            }
            return .init(feature: j, value: value, status: .nonzero, kktMargin: nil,
                         subgradientResidual: penalty.kktViolation(coefficient: c[j], gradient: g),
                         certifiedZero: certified, events: mine)
        }
        return ZeroProvenance(lambda: lambda, lambdaMax: path.lambdaMax, certificate: result.certificate, safeRadius: radius,
                              pathLambdas: path.lambdas, coefficients: coefficients, events: events)
    }
}
