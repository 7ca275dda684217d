import ArgumentParser
import ElasticNetCore
import ElasticNetIO
import ElasticNetModelFile
import ElasticNetReport
import Foundation

/// Which cross-validated lambda the report's model is.
enum LambdaRule: String, ExpressibleByArgument, CaseIterable {
    case lambda1se = "lambda.1se", lambdaMin = "lambda.min"
}

/// `enet report DATA [fit and cv options] --output report.html`: one self-contained HTML page that
/// shows what the model is and why it can be trusted (see `ReportPage` for its sections).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Cross-validate, then write a self-contained HTML report: data, path, CV curve, coefficients, certificates, L1 vs L2, traces.",
        discussion: """
        The page has no fonts or links to anything outside it; one inline script adds a lambda slider (the \
        coefficient table, the zeros, the markers on the path and CV figures and the fitted-vs-observed points \
        follow it), and the page is complete without it. The same input and options give the same \
        bytes: the manifest has no date, and the solver traces are shown against iterations (enet plot trace \
        draws them against time too).
        """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var sequence: SequenceOptions
    @OptionGroup var foldOptions: FoldOptions

    @Option(name: .customLong("s"), help: "The model reported: lambda.1se (default) or lambda.min.")
    var rule: LambdaRule = .lambda1se

    @OptionGroup var traces: TraceOptions
    @OptionGroup var progressOptions: ProgressOptions
    @OptionGroup var page: PictureOutput

    func validate() throws {
        try foldOptions.validate(family: common.family)
        if common.family == .multinomial {
            throw ValidationError("--family multinomial: enet report covers the single-response families (gaussian, binomial, poisson, gamma) (its coefficient table and KKT margins are per feature); use enet plot path and enet plot cv")
        }
        try traces.validate(family: common.family)
    }

    func run() throws {
        var data = try LoadedData(common)
        let lambdas = try sequence.sequence()
        let bar = ProgressBar(options: progressOptions, stages: 5, foldThreads: foldOptions.threads)
        defer { bar?.finish() }   // also when a fit throws, so the error starts a clean line
        let cv = try foldOptions.crossValidationOptions(data: data, file: common.data)
        let result = try foldOptions.crossValidate(data: data, file: common.data, alpha: data.alpha, cv: cv, lambdas: lambdas,
                                                   progress: bar?.nextStage())
        // The chosen model minimises the cross-validated path's objective: for a gaussian alpha < 1
        // its unit-free default sequence fits its own documented alpha (docs/defaults.md).
        data.alpha = result.report.summary.options.alpha
        let scales = data.columnStatistics().scales
        let comparison = try Pictures.comparison(data: data, lambdas: lambdas, scales: scales, progress: bar)
        let index = rule == .lambda1se ? result.curve.index1se : result.curve.indexMin
        let lambda = result.curve.lambdas[index]
        let model = ElasticNet(options: data.options)
        let fit = try model.fit(x: data.x, y: data.y, weights: data.weights, offset: data.offset, lambda: lambda)
        var provenanceModel = model
        provenanceModel.progress = bar?.nextStage()
        let provenance = try provenanceModel.zeroProvenance(x: data.x, y: data.y, weights: data.weights, offset: data.offset,
                                                       lambda: lambda, fit: fit, lambdas: .explicit(result.curve.lambdas))
        let traceLines = lambda > 0
            ? try Pictures.traces(data: data, lambda: lambda, solvers: traces.kinds(family: common.family), iterations: traces.iterations)
            : []
        bar?.finish()
        let page = ReportPage(command: self, data: data, result: result, rule: rule, fit: fit, provenance: provenance,
                              scales: scales, comparison: comparison, traces: traceLines)
        try AtomicFile.write(try page.html(), to: self.page.output)
        Output.warn(result.report.summary.warnings)
    }
}

/// The report's sections, in order: data, path, cross-validation, the chosen model's
/// coefficients with the KKT margins of its zeros, certificates, L1 against L2, solver traces,
/// the one-weight demo, and the manifest with the command that reproduces the page.
struct ReportPage {
    let command: ReportCommand
    let data: LoadedData
    let result: CVResult
    let rule: LambdaRule
    let fit: ElasticNetFit
    let provenance: ZeroProvenance
    let scales: [Double]
    let comparison: [PathPicture]
    let traces: [TraceLine]

    var common: CommonOptions { command.common }
    var file: String { Pictures.name(common.data) }
    var curve: CVCurve { result.curve }

    func html() throws -> String {
        var page = HTMLReport(title: "ElasticNet report: \(file)")
        page.paragraph("\(Pictures.penaltyName(data.alpha)) \(data.options.family.rawValue) model of \(data.targetName), "
                       + "lambda chosen by \(curve.folds)-fold cross-validation (\(rule.rawValue) = \(Label.number(fit.lambda))), "
                       + "\(fit.nonzeroCount) of \(data.featureNames.count) features in the model.")
        dataSection(&page)
        pathSection(&page)
        cvSection(&page)
        coefficientSection(&page)
        let points = try fittedSection(&page)
        certificateSection(&page)
        comparisonSection(&page)
        traceSection(&page)
        demoSection(&page)
        try manifestSection(&page)
        if var slider = lambdaSlider() {
            slider.points = points
            page.slider(slider)
        }
        return page.rendered()
    }

    private func dataSection(_ page: inout HTMLReport) {
        page.section("Data")
        let options = data.options
        var facts: [(String, String)] = [
            ("file", common.data), ("rows", String(data.x.rowCount)), ("columns in the file", String(data.columnCount)),
            ("features", "\(data.featureNames.count): \(data.featureNames.joined(separator: ", "))"),
            ("target", data.targetName), ("family", options.family.rawValue),
            ("alpha (L1 share)", Label.number(options.alpha)),
            ("standardisation", options.standardize ? "penalty on each feature in units of its 1/n standard deviation" : "none: penalty in the columns' own units"),
            ("intercept", options.intercept ? "fitted, unpenalised" : "fixed at 0"),
        ]
        if let labels = data.classLabels { facts.append(("classes", "\(labels[1]) is 1, \(labels[0]) is 0")) }
        if let weights = common.weights { facts.append(("observation weights", "column \(weights)")) }
        if let offset = common.offset { facts.append(("offset", "column \(offset)")) }
        if let factors = options.penaltyFactors {
            facts.append(("penalty factors", zip(data.featureNames, factors).filter { $0.1 != 1 }.map { "\($0.0)=\(Label.number($0.1))" }.joined(separator: ", ")))
        }
        page.facts(facts)
    }

    private func pathSection(_ page: inout HTMLReport) {
        page.section("Coefficient paths")
        let picture = Pictures.path(title: "\(Pictures.penaltyName(data.alpha)) path: \(file)", features: data.featureNames,
                                    fits: result.report.fits, devianceRatios: result.report.summary.points.map(\.devianceRatio),
                                    scales: scales, lambdaMin: curve.lambdaMin, lambda1se: curve.lambda1se)
        page.figure(PathPlot.svg(picture, idPrefix: "report-path", sliderMarker: true),
                    caption: "Each feature's coefficient times its standard deviation as lambda decreases; a curve on the zero line is a feature out of the model. The top axis counts the nonzero coefficients.")
    }

    private func cvSection(_ page: inout HTMLReport) {
        page.section("Cross-validation and the chosen lambda")
        let title = "Cross-validation: \(file), α = \(Label.number(data.alpha))"
        page.figure(CVPlot.svg(Pictures.cv(title: title, curve: curve), idPrefix: "report-cv", sliderMarker: true),
                    caption: "Mean out-of-fold \(curve.measure.rawValue) with one standard error either side, at each lambda of the path.")
        let folds = command.foldOptions.foldid.map { "from \($0)" } ?? "random, seed \(command.foldOptions.seed)"
        let row = { (name: String, l: Int) -> (String, String) in (name, cvPoint(l)) }
        page.facts([
            ("measure", curve.measure.rawValue), ("folds", "\(curve.folds), \(folds)"),
            row("lambda.min", curve.indexMin), row("lambda.1se", curve.index1se),
            ("reported model", "\(rule.rawValue): λ = \(Label.number(fit.lambda, digits: 6))"),
        ])
    }

    private func coefficientSection(_ page: inout HTMLReport) {
        page.section("Coefficients of the chosen model")
        let names = data.featureNames
        page.paragraph(coefficientSummary(intercept: fit.intercept), id: Self.summaryID)
        page.table(headers: ["feature", "coefficient", "per standard deviation"],
                   rows: CoefficientRow.nonzero(coefficients: fit.coefficients.array, scales: scales).map { [names[$0.feature]] + $0.cells },
                   numeric: [1, 2], bodyID: Self.tableID)
        let byFeature = Dictionary(uniqueKeysWithValues: provenance.coefficients.map { ($0.feature, $0) })
        let zeros = names.indices.filter { fit.coefficients[$0] == 0 }
            .sorted { (byFeature[$0]?.kktMargin ?? -1) != (byFeature[$1]?.kktMargin ?? -1)
                ? (byFeature[$0]?.kktMargin ?? -1) > (byFeature[$1]?.kktMargin ?? -1) : $0 < $1 }
        page.paragraph(zeros.isEmpty ? "No coefficient is zero at this lambda."
                       : "Zero coefficients (exactly 0.0), closest to entering first. The KKT margin is |dL/dc_j| / (λ α pf_j) in standardised units: the zero is optimal when it is at most 1, and a feature with margin 0.5 would need its correlation with the residual to double to enter. \"Certified\" means the gap-safe sphere test proves the optimal coefficient is 0, whatever the solver's accuracy.")
        if !zeros.isEmpty {
            page.table(headers: ["feature", "KKT margin", "certified zero"],
                       rows: zeros.map { j in
                           let c = byFeature[j]
                           return [names[j], c?.kktMargin.map { Label.number($0, digits: 4) } ?? (c?.status == .excluded ? "excluded" : "no L1 penalty"),
                                   c?.certifiedZero == true ? "yes" : "no"]
                       }, numeric: [1])
        }
    }

    /// One point of the CV curve in words: its lambda, error and nonzero count.
    private func cvPoint(_ l: Int) -> String {
        "λ = \(Label.number(curve.lambdas[l], digits: 6)), \(curve.measure.rawValue) \(Label.number(curve.cvm[l], digits: 6)) ± \(Label.number(curve.cvsd[l])), \(curve.nonzero[l]) nonzero"
    }

    private func coefficientSummary(intercept: Double, lambda: Double? = nil) -> String {
        "Nonzero coefficients\(lambda.map { " at λ = \(Label.number($0, digits: 6))" } ?? ""), largest effect first (the effect of one standard deviation of the feature); the intercept is \(Label.number(intercept, digits: 6))."
    }

    static let tableID = "coefficients", summaryID = "coefficients-summary"

    /// The slider over the path's lambdas (the fits of the path, not refits), starting at the
    /// reported model; nil when the path and the CV curve do not share their lambdas.
    private func lambdaSlider() -> LambdaSlider? {
        let fits = result.report.fits
        guard fits.lambdas.count == curve.lambdas.count, curve.lambdas.indices.contains(rule == .lambda1se ? curve.index1se : curve.indexMin)
        else { return nil }
        let lambdas = curve.lambdas.indices
        return LambdaSlider(readouts: lambdas.map(cvPoint),
                            summaries: lambdas.map { coefficientSummary(intercept: fits.intercepts[$0][0], lambda: curve.lambdas[$0]) },
                            coefficients: lambdas.map { fits.coefficients[$0][0] }, scales: scales, features: data.featureNames, chosen: rule == .lambda1se ? curve.index1se : curve.indexMin,
                            tableID: Self.tableID, summaryID: Self.summaryID, markerIDs: ["report-path-slider", "report-cv-slider"])
    }

    /// Fitted against observed for the reported model, at most `FitPlot.rowLimit` rows (a
    /// deterministic subsample beyond); returns the points at every lambda of the path for the
    /// slider (nil when the slider has no path to move along). At the reported lambda the points
    /// are the reported model's, as in the static figure.
    private func fittedSection(_ page: inout HTMLReport) throws -> SliderPoints? {
        page.section("Fitted against observed")
        let family = data.options.family
        let rows = FitPlot.rowsDrawn(rowCount: data.y.count)
        let reported = try fit.response(data.x, offset: data.offset)
        let fits = result.report.fits
        let chosen = rule == .lambda1se ? curve.index1se : curve.indexMin
        let alongPath = fits.lambdas.count == curve.lambdas.count && curve.lambdas.indices.contains(chosen)
        let fitted: [[Double]] = alongPath
            ? try curve.lambdas.indices.map { l in
                l == chosen ? rows.map { reported[$0] }
                    : try LinearPredictor(family: family, lambda: fits.lambdas[l], intercepts: fits.intercepts[l],
                                          coefficients: fits.coefficients[l])
                        .response(data.x, offset: data.offset).map { $0[0] }.indexed(rows)
            }
            : [rows.map { reported[$0] }]
        let picture = FitPicture(title: "Fitted against observed: \(file), λ = \(Label.number(fit.lambda))",
                                 observed: rows.map { data.y[$0] }, fitted: fitted, chosen: alongPath ? chosen : 0,
                                 binomial: family == .binomial, rowCount: data.y.count, responseName: data.targetName,
                                 classLabels: data.classLabels)
        let (svg, points) = FitPlot.svg(picture, idPrefix: "report-fit")
        let drawn = rows.count < data.y.count
            ? " \(rows.count) of the \(data.y.count) rows are drawn, evenly spaced through the data (the same rows on every run), to keep the page small."
            : " Every row is drawn."
        let what = family == .binomial
            ? "Each row's fitted probability of class 1 (\(data.classLabels?[1] ?? "1")), in a strip for its observed class (jittered up and down so that the points do not hide each other); the dashed line is probability 0.5."
            : "Each row's observed \(data.targetName) against its fitted mean\([.poisson, .gamma].contains(family) ? " (exp of the linear predictor)" : ""); points on the dashed line y = x are fitted exactly."
        page.figure(svg, caption: what + drawn + (alongPath ? " The slider moves the points to each lambda of the path." : ""))
        return alongPath ? points : nil
    }

    private func certificateSection(_ page: inout HTMLReport) {
        page.section("Certificates")
        let c = fit.certificate
        let points = result.report.summary.points
        let worstGap = points.map(\.certificate.relativeGap).max() ?? .nan
        let worstKKT = points.map(\.certificate.maxKKTViolation).max() ?? .nan
        page.paragraph("Computed again from the data and the coefficients, not taken from the solver's running sums. The duality gap bounds how far the objective is above the true optimum.")
        page.facts([
            ("objective", Label.number(c.objective, digits: 10)),
            ("duality gap", Label.number(c.dualityGap, digits: 3)),
            ("relative gap (gap / objective)", Label.number(c.relativeGap, digits: 3) + " (tolerance \(Label.number(data.options.tolerance)))"),
            ("largest KKT residual", Label.number(c.maxKKTViolation, digits: 3)),
            ("converged", fit.converged ? "yes" : "no"),
            ("coordinate-descent sweeps", String(fit.iterations)),
            ("whole path: worst relative gap", Label.number(worstGap, digits: 3) + " over \(points.count) lambdas"),
            ("whole path: largest KKT residual", Label.number(worstKKT, digits: 3)),
        ])
    }

    private func comparisonSection(_ page: inout HTMLReport) {
        page.section("L1 against L2")
        page.figure(ComparePlot.svg(title: "L1 against L2: \(file)", panels: comparison, idPrefix: "report-compare"),
                    caption: "The same data under the lasso, an even elastic net and ridge, each run down to the lasso path's smallest lambda. Under L1 a coefficient sits exactly on the zero line until it enters; under L2 every coefficient leaves zero at once.")
        let lines = zip(Pictures.comparisonAlphas, comparison).map { alpha, picture in
            "\(alpha.name): \(picture.nonzero.min() ?? 0) to \(picture.nonzero.max() ?? 0) nonzero coefficients along the path"
        }
        page.paragraph(lines.joined(separator: "; ") + ".")
    }

    private func traceSection(_ page: inout HTMLReport) {
        page.section("Solver traces")
        guard !traces.isEmpty else {
            page.paragraph("The chosen lambda is 0, where the gradient solvers' penalty has nothing to show.")
            return
        }
        page.figure(TracePlot.svg(title: "Gradient solvers at λ = \(Label.number(fit.lambda)): \(file)", lines: traces,
                                  showTime: false, idPrefix: "report-trace"),
                    caption: "The duality gap of every iterate (log scale), and the number of nonzero coefficients, for the gradient solvers on the same objective. Against time: enet plot trace (timings change from run to run, so they are left out of this reproducible page).")
        page.table(headers: ["solver", "iterations (sgd: epochs)", "final duality gap", "final nonzeros"],
                   rows: traces.map { [$0.name, String($0.iterations.last ?? 0), Label.number($0.gaps.last ?? .nan, digits: 3), String($0.nonzeros.last ?? 0)] },
                   numeric: [1, 2, 3])
        page.paragraph("Coordinate descent reached a gap of \(Label.number(fit.certificate.dualityGap, digits: 3)) in \(fit.iterations) sweeps.")
    }

    private func demoSection(_ page: inout HTMLReport) {
        page.section("Why L1 gives exact zeros: one weight")
        let demo = DemoOptions.standard
        page.figure(DemoPlot.svg(Pictures.demo(demo), idPrefix: "report-demo"),
                    caption: "L1's derivative jumps from −1 to +1 at zero, so a whole range of data gradients is balanced by w = 0 exactly; L2's derivative is 0 only at 0. The proximal L1 step lands on 0.0 and stays; the raw subgradient step jumps across zero; the L2 step shrinks w geometrically and never reaches it.")
    }

    private func manifestSection(_ page: inout HTMLReport) throws {
        page.section("Reproducibility")
        page.facts([
            ("tool", "enet \(Enet.version)"),
            ("input", common.data),
            ("input SHA-256", data.inputDigest),
            ("rows × columns", "\(data.x.rowCount) × \(data.columnCount)"),
            ("fold seed", command.foldOptions.effectiveSeed.map { String($0) } ?? "none: folds from \(command.foldOptions.foldid ?? "")"),
            ("options", optionSummary()),
            ("working directory", FileManager.default.currentDirectoryPath),
        ])
        page.paragraph("This command, run in that directory on a file with that SHA-256, writes this page again, byte for byte (no date is recorded for that reason):")
        page.code(Shell.command(["enet"] + CommandLine.arguments.dropFirst()))
    }

    private func optionSummary() -> String {
        let o = data.options
        var parts = ["family \(o.family.rawValue)", "alpha \(Label.number(o.alpha))", "standardize \(o.standardize)",
                     "intercept \(o.intercept)", "tolerance \(Label.number(o.tolerance))", "folds \(curve.folds)",
                     "measure \(curve.measure.rawValue)", "lambdas \(curve.lambdas.count)", "model \(rule.rawValue)"]
        if o.penaltyFactors != nil { parts.append("penalty factors set") }
        if o.lowerBounds != nil || o.upperBounds != nil { parts.append("bounds set") }
        return parts.joined(separator: ", ")
    }
}

private extension Array {
    func indexed(_ indices: [Int]) -> [Element] { indices.map { self[$0] } }
}

/// Words as a POSIX shell reads them back: single-quoted unless plainly safe.
enum Shell {
    static func command(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }

    static func quote(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=,:+@%")
        if !word.isEmpty && word.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
