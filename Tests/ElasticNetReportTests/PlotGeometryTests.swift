import ElasticNetReport
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The drawing rules that make a picture readable, checked as properties (no stored pictures):
/// labels never overlap, ticks are round numbers inside the axis, text is escaped into
/// well-formed XML, and the same input gives the same bytes.
struct PlotGeometryTests {
    /// A small reproducible generator (SplitMix64), so failures can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
    }

    @Test(arguments: 1 ... 40)
    func endLabelsKeepTheirOrderAndNeverOverlap(seed: Int) {
        var random = Generator(state: UInt64(seed))
        let count = 1 + Int(random.next() * 30)
        // Many labels bunched near one value: the case that collides.
        let desired = (0 ..< count).map { _ in random.next() < 0.5 ? 300 + random.next() * 10 : random.next() * 400 }
        let gap = 12.0, low = 0.0, high = 400.0
        let placed = EndLabels.place(desired, gap: gap, low: low, high: high)
        let order = desired.indices.sorted { desired[$0] != desired[$1] ? desired[$0] < desired[$1] : $0 < $1 }
        for (a, b) in zip(order, order.dropFirst()) {
            #expect(placed[b] - placed[a] >= gap - 1e-9, "labels \(a) and \(b) overlap: \(placed[a]), \(placed[b])")
        }
        if EndLabels.height(count: count, gap: gap) <= high - low {
            #expect(placed.allSatisfy { $0 >= low - 1e-9 && $0 <= high + 1e-9 }, "a label left [\(low), \(high)]: \(placed)")
        }
        // A label that has room stays at its curve's end.
        if count == 1 { #expect(placed[0] == min(max(desired[0], low), high)) }
    }

    @Test(arguments: [(0.0, 1.0), (-4.2, 3.7), (1e-5, 3e-5), (-9.21, -2.3), (0.3, 0.30001), (100, 6000), (5, 5)])
    func ticksAreRoundNumbersInsideTheAxis(low: Double, high: Double) {
        let scale = Scale(domain: low, high, range: 0, 500)
        let ticks = scale.ticks(count: 6)
        #expect(ticks.count >= 2, "\(ticks)")
        #expect(ticks.allSatisfy { $0 >= scale.domain.low - 1e-12 && $0 <= scale.domain.high + 1e-12 })
        let step = ticks[1] - ticks[0]
        let mantissa = step / pow(10, floor(log10(step)))
        #expect([1.0, 2.0, 5.0, 10.0].contains { abs(mantissa - $0) < 1e-6 }, "step \(step) is not 1, 2 or 5 times a power of ten")
        for (a, b) in zip(ticks, ticks.dropFirst()) { #expect(abs((b - a) - step) < step * 1e-9) }
    }

    @Test func numbersPrintTheSameWayEverywhere() {
        #expect(Label.number(0.30000000000000004) == "0.3")
        #expect(Label.number(-2) == "−2")
        #expect(Label.number(1.5e-5) == "1.5e-5")
        #expect(Label.power(-6) == "1e-6" && Label.power(2) == "100")
    }

    static func picture(features: [String]) -> PathPicture {
        let lambdas = (0 ..< 30).map { pow(10, 1 - Double($0) / 10) }
        let coefficients = lambdas.enumerated().map { k, _ in
            features.indices.map { j in k > 2 * j ? Double(j + 1) * sin(Double(k - 2 * j) / 9) * (j % 2 == 0 ? 1 : -1) : 0 }
        }
        return PathPicture(title: "t & <t>", features: features, lambdas: lambdas, coefficients: coefficients,
                           devianceRatios: lambdas.indices.map { Double($0) / 40 }, lambdaMin: lambdas[20], lambda1se: lambdas[12])
    }

    /// Parses as XML and returns the text of every element.
    static func texts(_ xml: String) throws -> [String] {
        final class Collector: NSObject, XMLParserDelegate {
            var texts: [String] = [], current = ""
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) { current = "" }
            func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { texts.append(trimmed) }
                current = ""
            }
        }
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = Collector()
        parser.delegate = collector
        let parsed = parser.parse()
        #expect(parsed, "not well-formed XML: \(String(describing: parser.parserError)) at line \(parser.lineNumber)")
        return collector.texts
    }

    @Test(arguments: PathAxis.allCases)
    func pathPlotNamesEveryCurveAndEscapesItsText(axis: PathAxis) throws {
        // As many names as are ever named (a wider picture names only some: WidePictureTests).
        let names = ["a<b", "R&D", "\"quoted\"", "tab\there", "bell\u{7}", "ünïcödé"]
            + (1 ... CurveSelection.maximumLabels - 6).map { "x\($0)" }
        let svg = PathPlot.svg(Self.picture(features: names), x: axis).rendered()
        let texts = try Self.texts(svg)
        let expected = names.map { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\u{7}", with: "") }
        for name in expected { #expect(texts.filter { $0 == name }.count == 1, "\(name) is not labelled exactly once") }
        #expect(texts.contains("t & <t>"))
        #expect(!svg.contains("NaN") && !svg.contains("inf"))
    }

    /// Coefficients near the top of Double's range (a model file may hold any finite number) are
    /// drawn, never a trap: a span that overflows leaves the axis at its default, and a huge
    /// finite value then has a coordinate beyond Int's range when written in tenths (`enet plot
    /// path` on a model file with feature_scales of 1e308 trapped).
    @Test(arguments: PathAxis.allCases)
    func hugeCoefficientsAreDrawnWithoutOverflow(axis: PathAxis) throws {
        let lambdas = [10.0, 1, 0.1]
        let picture = PathPicture(title: "huge", features: ["a", "b"], lambdas: lambdas,
                                  coefficients: [[0, 0], [1e308, -1e308], [1e305, 2]],
                                  devianceRatios: [0, 0.5, 1], lambdaMin: 1, lambda1se: 10)
        let svg = PathPlot.svg(picture, x: axis).rendered()
        let texts = try Self.texts(svg)
        #expect(texts.contains("a") && texts.contains("b"))
        #expect(!svg.contains("NaN") && !svg.contains("inf"))
    }

    @Test func everyPictureIsTheSameBytesTwice() {
        let picture = Self.picture(features: ["a", "b", "c"])
        #expect(PathPlot.svg(picture).rendered() == PathPlot.svg(picture).rendered())
        let lines = [TraceLine(name: "fista", iterations: Array(1 ... 5000), seconds: (1 ... 5000).map { Double($0) * 1e-4 },
                               gaps: (1 ... 5000).map { 100 / Double($0 * $0) }, nonzeros: (1 ... 5000).map { min($0, 7) })]
        let trace = TracePlot.svg(title: "t", lines: lines, showTime: false).rendered()
        #expect(trace == TracePlot.svg(title: "t", lines: lines, showTime: false).rendered())
        // 5,000 rows are thinned to a few hundred points: the file stays small.
        #expect(trace.utf8.count < 60_000, "\(trace.utf8.count) bytes")
    }

    @Test func reportPageIsWellFormedAndInlinesItsFigures() throws {
        var page = HTMLReport(title: "a < b & c")
        page.section("Paths")
        page.figure(PathPlot.svg(Self.picture(features: ["x", "y"]), idPrefix: "one"), caption: "one")
        page.figure(PathPlot.svg(Self.picture(features: ["x", "y"]), idPrefix: "two"), caption: "two")
        page.table(headers: ["feature", "value"], rows: [["x<1>", "1"]], numeric: [1])
        page.code("enet report 'it'\"s'")
        let html = page.rendered()
        let texts = try Self.texts(html)
        #expect(texts.contains("x<1>") && texts.contains("a < b & c"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == 2 && !html.contains("<?xml"))
        // Two figures on one page: their clip ids must differ, or the second would clip by the first.
        #expect(html.contains("id=\"one-clip\"") && html.contains("id=\"two-clip\""))
    }
}

/// The report's lambda slider: its data read the same to an HTML and an XML parser, it covers
/// every lambda, and it adds nothing visible to the page without script.
struct LambdaSliderTests {
    static func slider(features: [String]) -> LambdaSlider {
        let lambdas = [1.0, 0.5, 0.25]
        let coefficients = lambdas.indices.map { l in features.indices.map { j in j < l + 1 ? Double(j + 1) * (l % 2 == 0 ? 1 : -1) : 0 } }
        return LambdaSlider(readouts: lambdas.map { "λ = \(Label.number($0))" }, summaries: lambdas.map { "at \($0) <&>" },
                            coefficients: coefficients, scales: features.map { _ in 2 }, features: features, chosen: 1,
                            tableID: "coefficients", summaryID: "summary", markerIDs: ["p-slider", "c-slider"])
    }

    @Test func dataIsJSONWithNoMarkupCharacters() throws {
        let features = ["a</script>", "b&c", "\"q\"", "d"]
        var page = HTMLReport(title: "t")
        page.slider(Self.slider(features: features))
        let html = page.rendered()
        let start = try #require(html.range(of: "id=\"lambda-slider-data\">")), end = try #require(html.range(of: "</script>", range: start.upperBound ..< html.endIndex))
        let json = String(html[start.upperBound ..< end.lowerBound])
        #expect(!json.contains("<") && !json.contains("&") && !json.contains(">"), "\(json)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["features"] as? [String] == features)
        #expect((object["rows"] as? [Any])?.count == 3 && (object["readouts"] as? [String])?.count == 3)
        #expect((object["summaries"] as? [String])?.first == "at 1.0 <&>")
        #expect(object["nonzero"] as? [Int] == [1, 2, 3] && object["zeros"] as? [[Int]] == [[1, 2, 3], [2, 3], [3]])
        // The script's text is also XML text: no markup characters outside its CDATA section.
        #expect(!LambdaSlider.script.contains("<") && !LambdaSlider.script.contains("&") && !LambdaSlider.script.contains("]]>"))
        _ = try PlotGeometryTests.texts(html)
    }

    /// A wide path keeps its data small: at most `rowsShown` rows and `zerosListed` zeros a lambda,
    /// with the counts to say how many more.
    @Test func wideDataAreCappedPerLambda() {
        let p = 2308
        let ridge = (0 ..< 50).map { l in (0 ..< p).map { j in Double(j + l + 1) } }
        let lasso = (0 ..< 50).map { l in (0 ..< p).map { j in j < l ? 1.0 : 0 } }
        for coefficients in [ridge, lasso] {
            let slider = LambdaSlider(readouts: [], summaries: [], coefficients: coefficients, scales: [], features: (0 ..< p).map { "g\($0)" },
                                      chosen: 0, tableID: "t", summaryID: "s", markerIDs: [])
            #expect(slider.rows.allSatisfy { $0.count <= LambdaSlider.rowsShown } && slider.zeros.allSatisfy { $0.count <= LambdaSlider.zerosListed })
            #expect(slider.nonzeroCounts == coefficients.map { $0.filter { $0 != 0 }.count })
            #expect(slider.json().utf8.count < 1_000_000, "\(slider.json().utf8.count) bytes")
        }
    }

    /// Rows are largest effect first, ties to the first column, formatted as the static table is.
    @Test func coefficientRowsAreLargestEffectFirst() {
        let rows = CoefficientRow.nonzero(coefficients: [0, -3, 1, 3, 0.5], scales: [1, 1, 3, 1, 1])
        #expect(rows.map(\.feature) == [1, 2, 3, 4])
        #expect(rows[0].cells == ["−3", "−3"] && rows[1].cells == ["1", "3"])
    }

    /// The path and CV figures' slider markers are hidden (the page without script shows none)
    /// and know their place at every lambda.
    @Test func markersAreHiddenAndPlacedAtEveryLambda() throws {
        let picture = PlotGeometryTests.picture(features: ["x", "y", "z"])
        let svg = try SVGElements(PathPlot.svg(picture, idPrefix: "p", sliderMarker: true).rendered())
        let marker = try #require(svg.elements.first { $0.attributes["id"] == "p-slider" })
        #expect(marker.attributes["visibility"] == "hidden")
        let positions = (marker.attributes["data-positions"] ?? "").split(separator: " ").compactMap { Double($0) }
        #expect(positions.count == picture.lambdas.count && zip(positions, positions.dropFirst()).allSatisfy { $0 < $1 },
                "\(positions)")
        // Without the marker the picture is otherwise the same bytes.
        let plain = PathPlot.svg(picture, idPrefix: "p").rendered()
        let withMarker = PathPlot.svg(picture, idPrefix: "p", sliderMarker: true).rendered()
        #expect(withMarker.split(separator: "\n").filter { !$0.contains("id=\"p-slider\"") }.joined(separator: "\n") + "\n" == plain)
    }
}

/// The report's fitted-vs-observed figure: every point inside its panel, the axes titled, the
/// rows drawn capped and the same on every run, and the slider's positions those of the points.
struct FitPlotTests {
    static func picture(binomial: Bool, rows: Int = 40) -> FitPicture {
        let observed: [Double] = (0 ..< rows).map { (i: Int) -> Double in
            binomial ? (i % 3 == 0 ? 1.0 : 0.0) : Double(i) / 4 + sin(Double(i))
        }
        let fitted: [[Double]] = (0 ..< 5).map { (l: Int) -> [Double] in
            observed.indices.map { (i: Int) -> Double in
                let lambda = Double(l), value = observed[i]
                if binomial {
                    let eta: Double = lambda * (value - 0.4) + cos(Double(i))
                    return 1 / (1 + exp(-eta))
                }
                return value * lambda / 4 + 2
            }
        }
        return FitPicture(title: "fit <&>", observed: observed, fitted: fitted, chosen: 3, binomial: binomial, rowCount: rows,
                          responseName: "y & z", classLabels: binomial ? ["no", "yes"] : nil)
    }

    @Test(arguments: [false, true])
    func pointsAreInsideThePanelWithAxisLabels(binomial: Bool) throws {
        let picture = Self.picture(binomial: binomial)
        let (svg, slider) = FitPlot.svg(picture, idPrefix: "f")
        let elements = try SVGElements(svg.rendered())
        let frame = try #require(elements.elements.first { $0.name == "rect" && $0.attributes["stroke"] == "#000000" })
        let (left, top) = (frame.number("x"), frame.number("y"))
        let (right, bottom) = (left + frame.number("width"), top + frame.number("height"))
        let group = try #require(elements.elements.firstIndex { $0.attributes["id"] == "f-points" })
        let circles = elements.elements[(group + 1)...].prefix { $0.name == "circle" && $0.attributes["fill"] == nil }
        #expect(circles.count == picture.observed.count)
        for circle in circles {
            let (x, y) = (circle.number("cx"), circle.number("cy"))
            #expect(x >= left && x <= right && y >= top && y <= bottom, "(\(x), \(y)) outside [\(left), \(right)] x [\(top), \(bottom)]")
        }
        let texts = elements.elements.filter { $0.name == "text" }.map(\.text)
        if binomial {
            #expect(texts.contains("fitted probability of class 1") && texts.contains("observed class"))
            #expect(texts.contains("no") && texts.contains("yes"))
            #expect(slider.attribute == "cx")
        } else {
            #expect(texts.contains("observed y & z") && texts.contains("fitted mean") && texts.contains("y = x"))
            #expect(slider.attribute == "cy")
        }
        // The slider's positions at the chosen lambda are where the static points are.
        #expect(slider.id == "f-points" && slider.positions.count == picture.fitted.count)
        let drawn = circles.map { $0.number(slider.attribute) }
        #expect(slider.positions[picture.chosen].map { Double(SVG.number($0)) ?? .nan } == Array(drawn))
        // Same input, same bytes.
        #expect(FitPlot.svg(picture, idPrefix: "f").svg.rendered() == svg.rendered())
    }

    @Test func manyRowsAreADeterministicSubsample() {
        #expect(FitPlot.rowsDrawn(rowCount: 7) == Array(0 ..< 7))
        let rows = FitPlot.rowsDrawn(rowCount: 123_457)
        #expect(rows.count == FitPlot.rowLimit && rows == FitPlot.rowsDrawn(rowCount: 123_457))
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0 < $1 } && rows.first == 0 && rows.last! < 123_457)
    }
}

extension LambdaSliderTests {
    /// The slider carries the fitted points at every lambda; the page without script shows the
    /// reported model's.
    @Test func fittedPointsForEveryLambdaAreEmbedded() throws {
        let picture = FitPlotTests.picture(binomial: false)
        let (svg, points) = FitPlot.svg(picture, idPrefix: "fit")
        var slider = Self.slider(features: ["a", "b", "c"])
        slider.points = points
        var page = HTMLReport(title: "t")
        page.figure(svg, caption: "fitted")
        page.slider(slider)
        let html = page.rendered()
        let start = try #require(html.range(of: "id=\"lambda-slider-data\">")), end = try #require(html.range(of: "</script>", range: start.upperBound ..< html.endIndex))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(html[start.upperBound ..< end.lowerBound].utf8)) as? [String: Any])
        let embedded = try #require(object["points"] as? [String: Any])
        #expect(embedded["id"] as? String == "fit-points" && embedded["attribute"] as? String == "cy")
        let positions = try #require(embedded["positions"] as? [String])
        #expect(positions.count == picture.fitted.count)
        for (l, line) in positions.enumerated() {
            #expect(line.split(separator: " ").map(String.init) == points.positions[l].map(SVG.number), "lambda \(l)")
        }
        // Different lambdas, different points (the fitted values differ).
        #expect(Set(positions).count == positions.count)
        // The static page: the reported model's points.
        let elements = try SVGElements(html)
        let group = try #require(elements.elements.firstIndex { $0.attributes["id"] == "fit-points" })
        let cys = elements.elements[(group + 1)...].prefix { $0.name == "circle" && $0.attributes["fill"] == nil }.map { $0.attributes["cy"] ?? "" }
        #expect(cys.joined(separator: " ") == positions[picture.chosen])
        #expect(LambdaSlider.script.contains("data.points") && !LambdaSlider.script.contains("<") && !LambdaSlider.script.contains("&"))
    }
}
