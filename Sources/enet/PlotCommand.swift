import ArgumentParser
import ElasticNetCore
import ElasticNetIO
import ElasticNetModelFile
import ElasticNetReport

/// `enet plot KIND (MODEL | DATA [fit options]) --output FILE.svg`: SVG pictures. Each kind is a
/// subcommand, so each accepts exactly the options that mean something for it (and `demo` needs
/// no data at all).
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot", abstract: "Draw a path, CV curve, L1/L2 comparison, solver trace or the one-weight demo as SVG.",
        discussion: """
        The input is a model file (.json, from enet path or enet cv) or a data file, fitted here with the options \
        given. Feature names label the curves; colours are Okabe-Ito's colour-blind-safe palette.
        """,
        subcommands: [PlotPathCommand.self, PlotCVCommand.self, PlotCompareCommand.self, PlotTraceCommand.self,
                      PlotDemoCommand.self])
}

/// Where a picture or a page goes: `--output`, as for every command that writes a file; `--out`,
/// the name these commands first took, still works.
struct PictureOutput: ParsableArguments {
    @Option(name: [.customLong("output"), .customLong("out")], help: "The file to write (atomically).")
    var output: String

    func validate() throws { try Output.checkWritable(output, option: "--output") }

    func write(_ svg: SVG) throws { try AtomicFile.write(svg.rendered(), to: output) }
}

extension PathAxis: ExpressibleByArgument {}

/// The units of plotted coefficients.
enum CoefficientUnits: String, ExpressibleByArgument, CaseIterable {
    case standardized, original
}

/// `enet plot path`: coefficient paths.
struct PlotPathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path", abstract: "Coefficient paths against log(lambda), the L1 norm or the deviance explained.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var sequence: SequenceOptions

    @Option(name: .customLong("x"), help: "The horizontal axis: \(PathAxis.allCases.map(\.rawValue).joined(separator: ", ")).")
    var xAxis: PathAxis = .lambda

    @Option(help: "Coefficient units: standardized (b_j times the feature's 1/n sd, comparable across features) or original.")
    var units: CoefficientUnits = .standardized

    @OptionGroup var picture: PictureOutput

    func run() throws {
        let picture: PathPicture
        if ModelInput.isModel(common.data) {
            let model = try SavedModel(path: common.data)
            guard model.fits.lambdas.count >= 2 else {
                throw CommandError("\(common.data) holds \(model.fits.lambdas.count) lambda; a path plot needs a model file from enet path or enet cv")
            }
            picture = Pictures.path(title: "\(Pictures.penaltyName(model.alpha)) path: \(ModelInput.dataName(model))",
                                    features: model.features, fits: model.fits, devianceRatios: model.devianceRatios,
                                    scales: units == .standardized ? model.featureScales : nil,
                                    lambdaMin: model.lambdaMin, lambda1se: model.lambda1se, classNames: model.classLabels)
        } else {
            let data = try LoadedData(common)
            let (fits, ratios) = try Pictures.fitPath(data: data, lambdas: try sequence.sequence(), progress: nil)
            picture = Pictures.path(title: "\(Pictures.penaltyName(data.alpha)) path: \(Pictures.name(common.data))",
                                    features: data.featureNames, fits: fits, devianceRatios: ratios,
                                    scales: units == .standardized ? data.columnStatistics().scales : nil, classNames: data.labels)
        }
        if xAxis == .dev && picture.devianceRatios == nil {
            throw CommandError("--x dev: \(common.data) does not record the deviance explained; use a model file from enet path or enet cv")
        }
        try self.picture.write(PathPlot.svg(picture, x: xAxis))
    }
}

/// `enet plot cv`: the cross-validation curve.
struct PlotCVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cv", abstract: "The CV curve: mean error with +-1 SE bars, lambda.min and lambda.1se.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var sequence: SequenceOptions
    @OptionGroup var foldOptions: FoldOptions
    @OptionGroup var picture: PictureOutput

    func validate() throws {
        try foldOptions.validate(family: common.family)
    }

    func run() throws {
        if ModelInput.isModel(common.data) {
            let model = try SavedModel(path: common.data)
            guard let curve = model.curve else {
                throw CommandError("\(common.data) has no cross-validation curve; write one with enet cv --output FILE.json")
            }
            let title = "Cross-validation: \(ModelInput.dataName(model)), α = \(Label.number(model.alpha))"
            try picture.write(CVPlot.svg(Pictures.cv(title: title, curve: curve)))
        } else {
            let data = try LoadedData(common)
            let cv = try foldOptions.crossValidationOptions(data: data, file: common.data)
            let result = try foldOptions.crossValidate(data: data, file: common.data, alpha: data.alpha, cv: cv,
                                                       lambdas: try sequence.sequence())
            let title = "Cross-validation: \(Pictures.name(common.data)), α = \(Label.number(data.alpha))"
            try picture.write(CVPlot.svg(Pictures.cv(title: title, curve: result.curve)))
        }
    }
}

/// `enet plot compare`: lasso, elastic net and ridge side by side.
struct PlotCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "Lasso, elastic-net and ridge paths of the same data side by side (--alpha is ignored).")

    @OptionGroup var common: CommonOptions
    @OptionGroup var sequence: SequenceOptions

    @Option(help: "Coefficient units: standardized or original.")
    var units: CoefficientUnits = .standardized

    @OptionGroup var picture: PictureOutput

    func run() throws {
        guard !ModelInput.isModel(common.data) else {
            throw CommandError("plot compare fits lasso, elastic-net and ridge paths itself; give it the data file, not the model \(common.data)")
        }
        let data = try LoadedData(common)
        let panels = try Pictures.comparison(data: data, lambdas: try sequence.sequence(),
                                             scales: units == .standardized ? data.columnStatistics().scales : nil, progress: nil)
        try picture.write(ComparePlot.svg(title: "L1 against L2: \(Pictures.name(common.data))", panels: panels))
    }
}

/// `enet plot trace`: how the solvers converge at one lambda (cd as plain cyclic sweeps).
struct PlotTraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace", abstract: "Duality gap against iteration and time, and nonzeros, for each gradient solver at one lambda.",
        discussion: "The panel against seconds is wall-clock time, so it differs from run to run; everything else is the same bytes for the same input.")

    @OptionGroup var common: CommonOptions

    @Option(parsing: .unconditional, help: "The penalty strength (> 0).")
    var lambda: Double

    @OptionGroup var traces: TraceOptions
    @OptionGroup var picture: PictureOutput

    func validate() throws {
        guard lambda > 0, lambda.isFinite else { throw ValidationError("--lambda must be a finite number > 0, got \(lambda)") }
        try traces.validate(family: common.family)
    }

    func run() throws {
        guard !ModelInput.isModel(common.data) else {
            throw CommandError("plot trace runs the solvers itself; give it the data file, not the model \(common.data)")
        }
        let data = try LoadedData(common)
        let lines = try Pictures.traces(data: data, lambda: lambda, solvers: traces.kinds(family: common.family),
                                        iterations: traces.iterations)
        let title = "Solver traces: \(Pictures.name(common.data)), λ = \(Label.number(lambda)), α = \(Label.number(data.alpha))"
        try picture.write(TracePlot.svg(title: title, lines: lines))
    }
}

/// Which gradient solvers to trace, and for how long.
struct TraceOptions: ParsableArguments {
    @Option(help: "Comma-separated solvers to trace (default: cd, proximal-gradient, fista, and sgd and subgradient where the family allows).")
    var solvers: String?

    @Option(parsing: .unconditional, help: "Iterations (sgd: epochs) per solver at most; a solver stops earlier when its gap meets --tol.")
    var iterations: Int = 500

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1, got \(iterations)") }
    }

    func validate(family: Family) throws {
        if family == .multinomial { throw ValidationError("--family multinomial: the gradient solvers handle the single-response families") }
        _ = try kinds(family: family)
    }

    /// The solvers asked for; sgd and subgradient need a loss of bounded curvature (not poisson).
    func kinds(family: Family) throws -> [SolverKind] {
        let bounded = family.hasBoundedCurvature
        guard let solvers else { return bounded ? [.cd, .proximalGradient, .fista, .sgd, .subgradient] : [.cd, .proximalGradient, .fista] }
        return try solvers.split(separator: ",").map { text in
            let name = text.trimmingCharacters(in: .whitespaces)
            guard let kind = SolverKind(rawValue: name) else {
                throw ValidationError("--solvers: \"\(name)\" is not a solver (cd, proximal-gradient, fista, sgd, subgradient)")
            }
            if !bounded && (kind == .sgd || kind == .subgradient) {
                throw ValidationError("--solvers: \(name) needs a loss of bounded curvature; --family \(family.rawValue) has none")
            }
            return kind
        }
    }
}

/// `enet plot demo`: the one-weight figure.
struct PlotDemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "The one-weight figure: L1 and L2 penalties, their derivatives, and step trajectories.")

    @OptionGroup var demo: DemoOptions
    @OptionGroup var picture: PictureOutput

    func run() throws { try picture.write(DemoPlot.svg(Pictures.demo(demo.make()))) }
}

/// The one-weight demo's settings (its numbers come from ElasticNetCore's `OneWeightDemo`).
struct DemoOptions: ParsableArguments {
    /// The demo's defaults, for `enet demo`, `enet plot demo` and the report alike. w0 is 4.3
    /// rather than OneWeightDemo's 5: not a multiple of eta * lambda, so the raw subgradient step
    /// visibly jumps across zero instead of happening to land on it (and on the prox's path).
    static let standard = OneWeightDemo(w0: 4.3, eta: 0.5, lambda: 1, steps: 12)

    @Option(parsing: .unconditional, help: "Starting weight.")
    var w0: Double = standard.w0

    @Option(parsing: .unconditional, help: "Step length.")
    var eta: Double = standard.eta

    @Option(parsing: .unconditional, help: "Penalty strength of the demo.")
    var lambda: Double = standard.lambda

    @Option(parsing: .unconditional, help: "Number of steps.")
    var steps: Int = standard.steps

    func validate() throws {
        // Bounded so the trajectories and the data term (products of these) stay finite.
        guard w0.isFinite, abs(w0) <= 1e100 else { throw ValidationError("--w0 must be a number of size at most 1e100, got \(w0)") }
        guard eta > 0, eta <= 1e100 else { throw ValidationError("--eta must be a number in (0, 1e100], got \(eta)") }
        guard lambda > 0, lambda <= 1e100 else { throw ValidationError("--lambda must be a number in (0, 1e100], got \(lambda)") }
        // The gradient steps on the L2 and data terms are stable only while eta * curvature <= 2.
        guard eta * (lambda + OneWeightDemo.curvature) <= 2 else {
            throw ValidationError("--eta \(eta) with --lambda \(lambda): eta * (lambda + \(OneWeightDemo.curvature)) must be at most 2, else the gradient steps diverge (\(OneWeightDemo.curvature) is the data term's curvature)")
        }
        guard (1 ... 1000).contains(steps) else { throw ValidationError("--steps must be in 1...1000, got \(steps)") }
    }

    func make() -> OneWeightDemo { OneWeightDemo(w0: w0, eta: eta, lambda: lambda, steps: steps) }
}

/// Model files are JSON; anything else is data.
enum ModelInput {
    static func isModel(_ path: String) -> Bool { path.lowercased().hasSuffix(".json") }

    /// The data a model was fitted on, as its manifest names it, for titles.
    static func dataName(_ model: SavedModel) -> String {
        (model.manifest["input"] as? String).map(Pictures.name) ?? Pictures.name(model.file)
    }
}
