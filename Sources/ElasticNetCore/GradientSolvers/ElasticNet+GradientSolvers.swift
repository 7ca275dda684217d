import Foundation

extension ElasticNet {
    /// Fits one lambda with the chosen solver. Every solver works on the same standardised
    /// working problem as coordinate descent, so it minimises the identical objective (penalty
    /// factors, bounds, unpenalised intercept) and its coefficients are reported in original
    /// units the same way; the certificate is `DualityGap`'s, recomputed from the coefficients.
    ///
    /// `.cd` is `fit(x:y:weights:offset:lambda:)`; with `recordTrace` it is instead plain cyclic
    /// coordinate descent from the intercept-only model at `lambda` (every feature swept each
    /// iteration, no warm start, working set or Newton polish), one trace row per sweep (binomial
    /// and poisson: per proximal Newton step, each with its inner sweeps), so its trajectory can be
    /// set beside the gradient solvers' on the same footing. The gradient solvers start from the
    /// intercept-only model and stop when the gap reaches `options.tolerance` or after
    /// `solver.maxIterations` iterations (SGD: epochs), or at `solver.timeLimit`. SGD and
    /// subgradient need a bounded loss curvature (`Family.hasBoundedCurvature`): gaussian and binomial, not poisson.
    public func fit(x: some DesignMatrix, y: [Double], weights: [Double]? = nil, offset: [Double]? = nil,
                    lambda: Double, solver: GradientSolverOptions) throws(ElasticNetError) -> GradientFit {
        guard lambda.isFinite else { throw .invalidLambdaSequence("lambda must be finite, got \(lambda)") }
        guard lambda >= 0 else { throw .negativeLambda(lambda) }
        guard solver.maxIterations > 0 else { throw .unsupportedSolver("the iteration cap must be positive, got \(solver.maxIterations)") }
        guard solver.batchSize > 0 else { throw .unsupportedSolver("the batch size must be positive, got \(solver.batchSize)") }
        if solver.kind == .cd && !solver.recordTrace {
            let start = DispatchTime.now().uptimeNanoseconds
            let fit = try self.fit(x: x, y: y, weights: weights, offset: offset, lambda: lambda)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return GradientFit(solver: .cd, fit: fit, trace: SolverTrace(), seconds: seconds)
        }
        // The gradient solvers stop on the duality gap, which a penalty that is not convex lacks.
        guard options.penalty.isConvex else {
            throw .unsupportedSolver("the \(solver.kind.rawValue) solver\(solver.recordTrace ? " with a trace" : "") stops on a duality gap, which the \(options.penalty.name) penalty (not convex) has none of; use cd without --trace, certified by the KKT conditions")
        }
        let problem = try workingProblem(x: x, y: y, weights: weights, offset: offset)
        let work = GradientRun(model: self, problem: problem, lambda: lambda, solver: solver)
        guard let fit = try options.family.withCalculus(work) else {
            throw .unsupportedSolver("the \(solver.kind.rawValue) solver handles single-response families; multinomial fits use coordinate descent")
        }
        return fit
    }

    fileprivate struct GradientRun: FamilyGenericWork {
        let model: ElasticNet
        let problem: WorkingProblem
        let lambda: Double
        let solver: GradientSolverOptions
        func callAsFunction<F: GLMFamily>(_ family: F.Type) throws(ElasticNetError) -> GradientFit {
            try model.run(family, problem: problem, lambda: lambda, solver: solver)
        }
    }

    fileprivate func run<F: GLMFamily>(_ family: F.Type, problem: WorkingProblem, lambda: Double,
                                   solver: GradientSolverOptions) throws(ElasticNetError) -> GradientFit {
        let driver = GradientDriver<F>(problem: problem, lambda: lambda, tolerance: options.tolerance, settings: solver)
        let outcome: GradientDriver<F>.Outcome
        switch solver.kind {
        case .cd:
            let method: any SingleResponseSolver = F.isQuadratic
                ? GaussianResidualSolver(problem: problem) : ProximalNewtonSolver<F>(problem: problem)
            let features = (0 ..< problem.featureCount).filter { !problem.isExcluded($0) }
            let innerTolerance = 0.1 * options.tolerance * NullDeviance<F>(problem: problem).nullLoss()
            outcome = driver.run { c, b0, _ in
                _ = method.step(over: features, lambda: lambda, innerTolerance: innerTolerance)
                c = method.coefficients.array
                b0 = method.intercept
            }
        case .proximalGradient, .fista:
            let method = ProximalGradient<F>(problem: problem, lambda: lambda, accelerated: solver.kind == .fista)
            outcome = driver.run { c, b0, _ in method.step(coefficients: &c, intercept: &b0) }
        case .sgd:
            guard let bound = SmoothLoss<F>.curvatureBound else {
                throw .unsupportedSolver("the sgd solver needs a loss of bounded curvature (gaussian or binomial); \(options.family.rawValue)'s is unbounded, use proximal-gradient, fista or cd")
            }
            let method = StochasticGradient<F>(problem: problem, lambda: lambda, batchSize: solver.batchSize,
                                               seed: solver.seed, method: solver.sgdZeros, curvatureBound: bound)
            outcome = driver.run { c, b0, _ in method.epoch(coefficients: &c, intercept: &b0) }
        case .subgradient:
            guard let curvature = SmoothLoss<F>(problem: problem).traceCurvatureBound(lambda: lambda) else {
                throw .unsupportedSolver("the subgradient solver needs a loss of bounded curvature (gaussian or binomial); \(options.family.rawValue)'s is unbounded, use proximal-gradient, fista or cd")
            }
            let method = SubgradientDescent<F>(problem: problem, lambda: lambda, schedule: solver.stepSchedule,
                                               curvature: curvature)
            outcome = driver.run { c, b0, k in method.step(coefficients: &c, intercept: &b0, iteration: k) }
        }
        let (b0, b) = problem.originalUnits(coefficients: outcome.coefficients, intercept: outcome.intercept)
        let deviance = NullDeviance<F>(problem: problem)
        let ratio = deviance.ratio(loss: outcome.evaluation.certificate.loss, nullLoss: deviance.nullLoss())
        let fit = ElasticNetFit(family: options.family, lambda: lambda, intercept: b0, coefficients: b, certificate: outcome.evaluation.certificate,
                                iterations: outcome.iterations, converged: outcome.converged, devianceRatio: ratio)
        return GradientFit(solver: solver.kind, fit: fit, trace: outcome.trace, seconds: outcome.seconds,
                           stoppedByTimeLimit: outcome.stoppedByTimeLimit)
    }
}
