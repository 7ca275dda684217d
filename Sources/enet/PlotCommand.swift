import ArgumentParser
import ElasticNetCore
import ElasticNetIO
import ElasticNetReport

/// What `enet plot` draws.
enum PlotKind: String, ExpressibleByArgument, CaseIterable {
    case path, cv, compare
}

extension PathAxis: ExpressibleByArgument {}

/// The units of plotted coefficients.
enum CoefficientUnits: String, ExpressibleByArgument, CaseIterable {
    case standardized, original
}

/// `enet plot KIND (MODEL | DATA [fit options]) --out FILE.svg`: an SVG picture of a model file
/// written by `path` or `cv`, or of a fit made here from a data file.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot", abstract: "Draw a path, CV curve or lasso/elastic-net/ridge comparison as SVG.",
        discussion: """
        KIND is path (coefficients against log(lambda); --x norm or dev for the L1 norm or the deviance explained), \
        cv (the cross-validation curve with +-1 SE bars) or compare (lasso, elastic net and ridge side by side). \
        The input is a model file (.json, from enet path or enet cv) or a data file, which is fitted here with the \
        fit, sequence and fold options given. Feature names label the curves.
        """)

    @Argument(help: "What to draw: \(PlotKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: PlotKind

    @OptionGroup var common: CommonOptions

    @OptionGroup var sequence: SequenceOptions

    @OptionGroup var foldOptions: FoldOptions

    @Option(name: .customLong("x"), help: "path: the horizontal axis, \(PathAxis.allCases.map(\.rawValue).joined(separator: ", ")) (default lambda).")
    var xAxis: PathAxis?

    @Option(help: "Coefficient units: standardized (b_j times the feature's 1/n sd, comparable across features) or original.")
    var units: CoefficientUnits = .standardized

    @Option(help: "The SVG file to write (atomically).")
    var out: String

    func validate() throws {
        try Output.checkFolder(of: out, option: "--out")
        try OutputRules.refuseTextOutput(common, command: "plot", file: "SVG")
        if xAxis != nil && kind != .path { throw ValidationError("--x applies to plot path only, not plot \(kind.rawValue)") }
        if kind == .cv && units != .standardized { throw ValidationError("--units applies to plot path and compare, not plot cv") }
        try foldOptions.validate(family: common.family)
    }

    func run() throws {
        let svg: SVG
        if ModelInput.isModel(common.data) {
            svg = try draw(model: SavedModel(path: common.data))
        } else {
            svg = try draw(data: LoadedData(common))
        }
        try AtomicFile.write(svg.rendered(), to: out)
    }

    private func draw(model: SavedModel) throws -> SVG {
        // Titles name the data the model was fitted on, as the manifest records it.
        let file = (model.manifest["input"] as? String).map(Pictures.name) ?? Pictures.name(common.data)
        switch kind {
        case .path:
            guard model.fits.lambdas.count >= 2 else {
                throw CommandError("\(common.data) holds \(model.fits.lambdas.count) lambda; a path plot needs a model file from enet path or enet cv")
            }
            let picture = Pictures.path(title: "\(Self.penaltyName(model.alpha)) path: \(file)", features: model.features,
                                        fits: model.fits, devianceRatios: model.devianceRatios,
                                        scales: units == .standardized ? model.featureScales : nil, lambdaMin: model.lambdaMin, lambda1se: model.lambda1se)
            return try pathSVG(picture)
        case .cv:
            guard let curve = model.curve else {
                throw CommandError("\(common.data) has no cross-validation curve; write one with enet cv --output FILE.json")
            }
            return CVPlot.svg(Pictures.cv(title: "Cross-validation: \(file), α = \(Label.number(model.alpha))", curve: curve))
        case .compare:
            throw CommandError("plot compare fits lasso, elastic-net and ridge paths itself; give it the data file, not the model \(common.data)")
        }
    }

    private func draw(data: LoadedData) throws -> SVG {
        let file = Pictures.name(common.data)
        let lambdas = try sequence.sequence()
        let scales = units == .standardized ? data.columnStatistics().scales : nil
        switch kind {
        case .path:
            let model = ElasticNet(options: data.options)
            let fits: ModelFile.Fits, ratios: [Double]
            if let classes = data.classIndex, let labels = data.labels {
                let path = try model.multinomialPath(x: data.x, classes: classes, classCount: labels.count,
                                                     weights: data.weights, lambdas: lambdas)
                (fits, ratios) = (ModelFile.Fits(path), path.fits.map(\.devianceRatio))
            } else {
                let path = try model.path(x: data.x, y: data.y, weights: data.weights, offset: data.offset, lambdas: lambdas)
                (fits, ratios) = (ModelFile.Fits(path), path.fits.map(\.devianceRatio))
            }
            return try pathSVG(Pictures.path(title: "\(Self.penaltyName(data.alpha)) path: \(file)", features: data.featureNames,
                                             fits: fits, devianceRatios: ratios, scales: scales))
        case .cv:
            let cv = try foldOptions.crossValidationOptions(data: data, file: common.data)
            let result = try foldOptions.crossValidate(data: data, file: common.data, alpha: data.alpha, cv: cv, lambdas: lambdas)
            return CVPlot.svg(Pictures.cv(title: "Cross-validation: \(file), α = \(Label.number(data.alpha))", curve: result.curve))
        case .compare:
            let panels = try Pictures.comparison(data: data, lambdas: lambdas, scales: scales, progress: nil)
            return ComparePlot.svg(title: "L1 against L2: \(file)", panels: panels)
        }
    }

    private func pathSVG(_ picture: PathPicture) throws -> SVG {
        let axis = xAxis ?? .lambda
        if axis == .dev && picture.devianceRatios == nil {
            throw CommandError("--x dev: \(common.data) does not record the deviance explained; use a model file from enet path or enet cv")
        }
        return PathPlot.svg(picture, x: axis)
    }

    /// "Lasso", "Ridge" or "Elastic net (α = 0.5)".
    static func penaltyName(_ alpha: Double) -> String {
        alpha == 1 ? "Lasso" : alpha == 0 ? "Ridge" : "Elastic net (α = \(Label.number(alpha)))"
    }
}

/// Model files are JSON; anything else is data.
enum ModelInput {
    static func isModel(_ path: String) -> Bool { path.lowercased().hasSuffix(".json") }
}

/// Commands that write a picture or a page have no text or JSON output.
enum OutputRules {
    static func refuseTextOutput(_ common: CommonOptions, command: String, file: String) throws {
        if common.output != nil { throw ValidationError("--output: enet \(command) writes its \(file) to --out") }
        if common.format != nil { throw ValidationError("--format: enet \(command) writes \(file), not text or JSON") }
    }
}
