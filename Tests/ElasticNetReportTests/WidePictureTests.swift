import ElasticNetReport
import Foundation
import Testing

/// Pictures stay readable whatever the number of features p and classes K: a bounded size, at
/// most a dozen named curves, no two texts on top of each other or off the canvas, and every
/// named curve keyed by its colour and dash (no two alike). Checked on the sizes issue 18 names:
/// p = 10, 100, 2,308 (Khan) and 20,000, one response and K = 2, 4 and 10 classes.
struct WidePictureTests {
    static let widths = [10, 100, 2308, 20000]
    static let lambdaCount = 60

    /// A lasso-like path: feature j enters at lambda (j * 7) % lambdaCount + 1 for the first
    /// `entering` features and grows from there (sign alternating); the rest stay 0. With
    /// `entering` = p every feature is nonzero by the end, as on a ridge path.
    static func path(p: Int, entering: Int, seed: Int = 0) -> [[Double]] {
        (0 ..< lambdaCount).map { l in
            (0 ..< p).map { j in
                let enters = (j * 7 + seed) % lambdaCount + 1
                guard j < entering, l >= enters else { return 0 }
                return Double(l - enters + 1) / Double(1 + (j + seed) % 13) * (j % 2 == 0 ? 1 : -1)
            }
        }
    }

    static func picture(p: Int, classes: Int, entering: Int) -> PathPicture {
        let lambdas = (0 ..< lambdaCount).map { pow(10, -Double($0) / 20) }
        let features = (0 ..< p).map { "gene_\($0 + 1)" }
        let panels = classes > 1 ? (0 ..< classes).map { k in (name: "class \(k)", coefficients: path(p: p, entering: entering, seed: k)) } : []
        return PathPicture(title: "p = \(p), K = \(classes)", features: features, lambdas: lambdas,
                           coefficients: path(p: p, entering: entering), devianceRatios: lambdas.indices.map { Double($0) / 70 },
                           lambdaMin: lambdas[lambdaCount - 3], lambda1se: lambdas[lambdaCount / 2], classPanels: panels)
    }

    static let cases: [(p: Int, classes: Int)] = widths.flatMap { p in [(p, 1), (p, 2), (p, 10)] } + [(2308, 4)]

    @Test(arguments: cases)
    func pathPictureIsBoundedNamesAFewCurvesAndNoTextOverlaps(p: Int, classes: Int) throws {
        for entering in Set([min(p, 50), p]) {
            let picture = Self.picture(p: p, classes: classes, entering: entering)
            let rendered = PathPlot.svg(picture).rendered()
            let svg = try SVGElements(rendered)
            let panels = max(classes, 1) == 1 ? 1 : classes
            // A class panel and its axes take under 420 px; one panel alone under 650 px with its legend.
            #expect(svg.height <= (panels == 1 ? 650 : 120 + Double(panels) * 420), "p = \(p), K = \(classes): \(svg.height) px tall")
            #expect(svg.width == PathPlot.width)
            // A ridge-like path on 20,000 features stays a file a browser opens at once.
            #expect(rendered.utf8.count < 2_000_000, "p = \(p), K = \(classes): \(rendered.utf8.count) bytes")
            let names = Set(picture.features)
            let named = svg.texts.filter { names.contains($0) }
            #expect(named.count <= CurveSelection.maximumLabels * panels && named.count >= min(p, CurveSelection.maximumLabels),
                    "\(named.count) names drawn")
            // Y ticks: a handful per panel, not hundreds.
            let yTickLabels = svg.elements.filter { $0.name == "text" && $0.attributes["text-anchor"] == "end" }
            #expect(yTickLabels.count <= 12 * panels, "\(yTickLabels.count) y tick labels")
            #expect(svg.overlappingTexts.isEmpty, "overlapping texts: \(svg.overlappingTexts.prefix(5))")
            #expect(svg.textsOffCanvas.isEmpty, "texts off the canvas: \(svg.textsOffCanvas.prefix(5))")
            // One panel per class, each headed by its class.
            if classes > 1 { #expect((0 ..< classes).allSatisfy { svg.texts.contains("class \($0)") }) }
        }
    }

    /// Every named curve has a key (a sample of its colour and dash beside its name) and no two
    /// named curves in a panel look alike; the unnamed ones share one grey, keyed in the legend.
    @Test(arguments: [10, 30, 2308])
    func everyNamedCurveIsKeyedAndDistinguishable(p: Int) throws {
        let picture = Self.picture(p: p, classes: 1, entering: min(p, 40))
        let svg = try SVGElements(PathPlot.svg(picture).rendered())
        let styles = svg.curveStyles
        let grey = CurveSelection.unlabelledColor + " solid"
        for (style, count) in styles where style != grey {
            #expect(count == 1, "\(count) named curves drawn as \(style)")
            #expect(svg.keyStyles.contains(style), "the curve drawn as \(style) has no key")
        }
        #expect(styles.count - (styles[grey] == nil ? 0 : 1) == min(p, CurveSelection.maximumLabels))
        if p > CurveSelection.maximumLabels { #expect(svg.keyStyles.contains(grey), "the grey curves are not in the legend") }
    }

    /// The features named are those in the model at the chosen lambda (lambda.1se), when there
    /// are few enough; else the first to enter.
    @Test func namedCurvesAreTheChosenModelsElseTheFirstToEnter() {
        let lambdas = [1.0, 0.5, 0.25, 0.125]
        // 20 features: 0 ..< 5 enter at the second lambda, 5 ..< 20 at the last.
        let coefficients = lambdas.indices.map { l in (0 ..< 20).map { j in (j < 5 && l >= 1) || l == 3 ? Double(j + 1) : 0 } }
        let chosen = CurveSelection(coefficients: coefficients, featureCount: 20, chosen: 2)
        #expect(chosen.labelled.sorted() == [0, 1, 2, 3, 4])
        #expect(chosen.unlabelled == Array(5 ..< 20) && chosen.omitted == 0)
        let atTheEnd = CurveSelection(coefficients: coefficients, featureCount: 20, chosen: 3)
        // All 20 are in the model there: the first 5 to enter, then the largest of the rest.
        #expect(atTheEnd.labelled == [4, 3, 2, 1, 0, 19, 18, 17, 16, 15, 14, 13])
        let none = CurveSelection(coefficients: coefficients, featureCount: 20, chosen: nil)
        #expect(none.labelled == atTheEnd.labelled)
        // Never-entering features of a wide path are neither named nor drawn.
        let wide = CurveSelection(coefficients: lambdas.map { _ in [1.0] + [Double](repeating: 0, count: 99) }, featureCount: 100, chosen: 0)
        #expect(wide.labelled == [0] && wide.unlabelled.isEmpty)
    }

    /// lambda.min and lambda.1se carry their values, and their labels neither overlap nor leave
    /// the picture, even when the two lambdas are neighbours at the right-hand end of the axis
    /// (as on Khan) or at the left.
    @Test(arguments: [(58, 59), (59, 58), (0, 1), (30, 31), (59, 59)])
    func cvMarkersAreLabelledWithoutOverlap(indexMin: Int, index1se: Int) throws {
        let lambdas = (0 ..< 60).map { pow(10, -Double($0) / 20) }
        let picture = CVPicture(title: "cv", lambdas: lambdas, cvm: lambdas.map { 1 + log($0) * log($0) / 10 },
                                cvsd: lambdas.map { _ in 0.1 }, nonzero: lambdas.indices.map { $0 * 40 }, indexMin: indexMin,
                                index1se: index1se, measureTitle: "deviance")
        let svg = try SVGElements(CVPlot.svg(picture).rendered())
        #expect(svg.texts.contains("λ.min = \(Label.number(lambdas[indexMin]))"))
        #expect(svg.texts.contains("λ.1se = \(Label.number(lambdas[index1se]))"))
        #expect(svg.overlappingTexts.isEmpty, "overlapping texts: \(svg.overlappingTexts)")
        #expect(svg.textsOffCanvas.isEmpty, "texts off the canvas: \(svg.textsOffCanvas)")
    }

    @Test func pathMarkersCarryTheirValues() throws {
        let picture = Self.picture(p: 100, classes: 1, entering: 50)
        let svg = try SVGElements(PathPlot.svg(picture).rendered())
        #expect(svg.texts.contains("λ.min = \(Label.number(picture.lambdaMin!))"))
        #expect(svg.texts.contains("λ.1se = \(Label.number(picture.lambda1se!))"))
    }

    /// The comparison names the lasso's first curves in every panel in the same style, and stays
    /// bounded and free of overlaps on wide data (its ridge panel has every feature nonzero).
    @Test(arguments: [10, 2308, 20000])
    func comparisonIsBoundedAndConsistent(p: Int) throws {
        let lasso = Self.picture(p: p, classes: 1, entering: min(p, 50))
        // Ridge: every coefficient nonzero from the first lambda on, so the top axes of neighbouring
        // panels both count p at their shared edge ("20000" beside "20000").
        var ridge = Self.picture(p: p, classes: 1, entering: p)
        ridge.coefficients = ridge.coefficients.map { row in row.enumerated().map { j, b in b + 0.001 * Double(j % 7 + 1) } }
        let rendered = ComparePlot.svg(title: "compare", panels: [lasso, ridge, ridge]).rendered()
        let svg = try SVGElements(rendered)
        #expect(svg.height <= 650 && rendered.utf8.count < 3_000_000, "\(svg.height) px, \(rendered.utf8.count) bytes")
        #expect(svg.overlappingTexts.isEmpty, "overlapping texts: \(svg.overlappingTexts.prefix(5))")
        #expect(svg.textsOffCanvas.isEmpty, "texts off the canvas: \(svg.textsOffCanvas.prefix(5))")
        let grey = CurveSelection.unlabelledColor + " solid"
        for (style, count) in svg.curveStyles where style != grey {
            #expect(count == 3, "\(style) is drawn \(count) times over three panels")
        }
    }

    /// Every curve of the demo and the trace figures has its entry in the legend, and their texts
    /// do not overlap.
    @Test func demoAndTraceCurvesAreAllInTheirLegends() throws {
        let steps = (0 ... 12).map(Double.init)
        let demo = DemoPicture(eta: 0.5, lambda: 1, l1: steps.map { max(4.3 - 0.5 * $0, 0) },
                               l1Subgradient: steps.map { 4.3 - 0.5 * $0 }, l2: steps.map { 4.3 * pow(0.5, $0) },
                               dataL1: steps.map { 4.3 * pow(0.4, $0) }, dataL1Subgradient: steps.map { 4.3 * pow(-0.4, $0) },
                               dataL2: steps.map { 0.2 + 4.1 * pow(0.3, $0) }, lassoOptimum: 0, ridgeOptimum: 0.2)
        let lines = ["cd", "fista", "sgd"].enumerated().map { k, name in
            TraceLine(name: name, iterations: Array(1 ... 50), seconds: (1 ... 50).map { Double($0) / 100 },
                      gaps: (1 ... 50).map { 1 / pow(Double($0), Double(k + 1)) }, nonzeros: (1 ... 50).map { min($0, 5 + k) })
        }
        for svg in [try SVGElements(DemoPlot.svg(demo).rendered()), try SVGElements(TracePlot.svg(title: "t", lines: lines).rendered())] {
            for style in svg.curveStyles.keys { #expect(svg.keyStyles.contains(style), "a curve drawn as \(style) is not in the legend") }
            #expect(svg.overlappingTexts.isEmpty, "overlapping texts: \(svg.overlappingTexts)")
            #expect(svg.textsOffCanvas.isEmpty, "texts off the canvas: \(svg.textsOffCanvas)")
        }
    }
}
