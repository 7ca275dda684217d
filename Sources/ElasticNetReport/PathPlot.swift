import Foundation

/// What a coefficient-path picture shows: per lambda (decreasing), one value per feature.
public struct PathPicture {
    public var title: String
    public var features: [String]
    public var lambdas: [Double]
    /// `[lambda][feature]`; exact zeros are features out of the model.
    public var coefficients: [[Double]]
    /// Fraction of deviance explained per lambda (for `--x dev`), when known.
    public var devianceRatios: [Double]?
    /// Cross-validation's choices, drawn as vertical lines when present.
    public var lambdaMin: Double?
    public var lambda1se: Double?
    /// The y axis title (the units of the coefficients).
    public var valueTitle: String
    /// Multinomial: each class's own curves, `[lambda][feature]`, drawn one panel per class;
    /// `coefficients` then holds a summary over the classes (for the comparison plot).
    public var classPanels: [(name: String, coefficients: [[Double]])]

    public init(title: String, features: [String], lambdas: [Double], coefficients: [[Double]],
                devianceRatios: [Double]? = nil, lambdaMin: Double? = nil, lambda1se: Double? = nil,
                valueTitle: String = "coefficient (original units)", classPanels: [(name: String, coefficients: [[Double]])] = []) {
        self.title = title
        self.features = features
        self.lambdas = lambdas
        self.coefficients = coefficients
        self.devianceRatios = devianceRatios
        self.lambdaMin = lambdaMin
        self.lambda1se = lambda1se
        self.valueTitle = valueTitle
        self.classPanels = classPanels
    }

    /// What is drawn, one panel each: the classes, or the single set of curves (no panel title).
    var panels: [(name: String?, coefficients: [[Double]])] {
        classPanels.isEmpty ? [(nil, coefficients)] : classPanels.map { ($0.name, $0.coefficients) }
    }

    /// Nonzero coefficients per lambda.
    public var nonzero: [Int] { coefficients.map { $0.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } } }
}

/// The horizontal axis of a path plot.
public enum PathAxis: String, CaseIterable, Sendable {
    /// log(lambda), lambda decreasing to the right.
    case lambda
    /// The L1 norm of the coefficients.
    case norm
    /// The fraction of deviance explained.
    case dev

    var title: String {
        switch self {
        case .lambda: return "log(λ)  (λ decreasing →)"
        case .norm: return "L1 norm of the coefficients"
        case .dev: return "fraction of deviance explained"
        }
    }

    /// The x value of every path point (nil where it has none, e.g. log of lambda 0).
    func values(_ picture: PathPicture) -> [Double] {
        switch self {
        case .lambda: return picture.lambdas.map { $0 > 0 ? log($0) : .nan }
        case .norm: return picture.coefficients.map { $0.reduce(0) { $0 + abs($1) } }
        case .dev: return picture.devianceRatios ?? picture.lambdas.map { _ in .nan }
        }
    }
}

/// Coefficient paths: one curve per feature, the ones that matter named at their ends (see
/// `CurveSelection`); the nonzero count along the top; lambda.min and lambda.1se as vertical lines
/// with their values when cross-validation chose them. A multinomial picture has one panel per
/// class, as glmnet draws it, each with its own scale and its own named curves.
public enum PathPlot {
    public static let width = 800.0
    static let left = 78.0, top = 78.0
    /// One panel alone is as tall as before; class panels are shorter so that ten classes stay
    /// within a few screens (room for `CurveSelection.maximumLabels` end labels either way).
    static let singlePanelHeight = 400.0, classPanelHeight = 260.0
    /// Vertical room per class panel: its name, its top axis (the nonzero counts), and its x axis.
    static let classHeading = 24.0, topAxisRoom = 40.0, belowPanel = 78.0

    /// `sliderMarker`: also a hidden marker, "\(idPrefix)-slider", for the report's lambda slider
    /// (one panel only: the report has no multinomial models).
    public static func svg(_ picture: PathPicture, x axis: PathAxis = .lambda, idPrefix: String = "path",
                           sliderMarker: Bool = false) -> SVG {
        let gap = 12.0
        let panels = picture.panels
        let chosen = chosenIndex(picture)
        let selections = panels.map {
            CurveSelection(coefficients: $0.coefficients, featureCount: picture.features.count, chosen: chosen,
                           drawnUnlabelled: CurveSelection.maximumUnlabelled / panels.count)
        }
        let labelRoom = selections.map { labelWidth($0.labelled.map { picture.features[$0] }) }.max() ?? 0
        let perClass = panels.count > 1
        let plotHeight = max(perClass ? classPanelHeight : singlePanelHeight,
                             EndLabels.height(count: CurveSelection.maximumLabels, gap: gap) + 20)
        let heading = perClass ? classHeading : 0
        let step = heading + topAxisRoom + plotHeight + belowPanel
        let plotWidth = width - left - labelRoom - 10
        let legend = legend(picture, selections: selections)
        let legendTop = top + heading + Double(panels.count - 1) * step + plotHeight + 62
        let legendHeight = legend.height(maxWidth: width - left - 10)
        var svg = SVG(width: width, height: legendTop + legendHeight + 4)
        svg.title(picture.title)
        svg.text(picture.title, x: left, y: 24, size: 15, bold: true)

        let xs = axis.values(picture)
        for (k, (name, coefficients)) in panels.enumerated() {
            let panelTop = top + heading + Double(k) * step
            let panel = Panel(left: left, top: panelTop, width: plotWidth, height: plotHeight,
                              xDomain: finiteRange(xs), reversedX: axis == .lambda, yDomain: finiteRange(coefficients.flatMap { $0 } + [0]),
                              clipID: perClass ? "\(idPrefix)-clip-\(k)" : "\(idPrefix)-clip")
            if let name { svg.text(name, x: left, y: panelTop - topAxisRoom - 4, size: 13, bold: true) }
            panel.drawAxes(into: &svg, xTitle: axis.title, yTitle: picture.valueTitle)
            let nonzero = coefficients.map { $0.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }
            panel.drawTopAxis(into: &svg, ticks: nonzeroTicks(xs: xs, nonzero: nonzero, panel: panel), title: "nonzero coefficients")
            panel.drawZeroLine(into: &svg)
            drawCurves(coefficients, features: picture.features, selection: selections[k], xs: xs, panel: panel, into: &svg,
                       labels: true, gap: gap)
            panel.drawMarkers(into: &svg, markers: markers(picture, xs: xs))
            if sliderMarker && k == 0 {
                svg.sliderMarker(id: "\(idPrefix)-slider", positions: xs.map { $0.isFinite ? panel.x($0) : .nan }, top: panel.top,
                                 bottom: panel.bottom, stroke: Marker.sliderColor)
            }
        }
        legend.draw(into: &svg, x: left, y: legendTop, maxWidth: width - left - 10)
        return svg
    }

    /// The path point of the chosen model (lambda.1se, else lambda.min), whose features are named.
    static func chosenIndex(_ picture: PathPicture) -> Int? {
        (picture.lambda1se ?? picture.lambdaMin).flatMap { nearestIndex(of: $0, in: picture.lambdas) }
    }

    /// lambda.min and lambda.1se with their values, where the path has a point for them.
    static func markers(_ picture: PathPicture, xs: [Double]) -> [Marker] {
        [(picture.lambdaMin, "λ.min", Marker.minDash), (picture.lambda1se, "λ.1se", Marker.oneSEDash)].compactMap { lambda, name, dash in
            guard let lambda, let index = nearestIndex(of: lambda, in: picture.lambdas), xs[index].isFinite else { return nil }
            return Marker(position: xs[index], label: "\(name) = \(Label.number(lambda))", dash: dash)
        }
    }

    /// Room from the panel's edge to its label: the leader, then a sample of the curve's line.
    static let leader = 18.0, sample = 16.0
    /// Names longer than this are shortened in the picture (a CSV header can be any length).
    static let longestName = 32

    /// Room to the right of a panel for the end labels of `names`.
    static func labelWidth(_ names: [String]) -> Double {
        let text = names.map { TextWidth.estimate(shortened($0), size: 11) }.max() ?? 0
        return names.isEmpty ? 0 : text + leader + sample + 4 + 8
    }

    static func shortened(_ name: String) -> String {
        name.count <= longestName ? name : String(name.prefix(longestName - 1)) + "…"
    }

    /// The curves: unnamed ones thin and grey underneath, then the named ones in their colour and
    /// dash; with `labels`, each named curve's end is joined by a leader to a sample of its line
    /// and its name, so the label is also its legend entry (colour and dash both shown).
    static func drawCurves(_ coefficients: [[Double]], features: [String], selection: CurveSelection, xs: [Double], panel: Panel,
                           into svg: inout SVG, labels: Bool, gap: Double) {
        func points(_ j: Int) -> [(Double, Double)] { zip(xs, coefficients).map { (panel.x($0), panel.y($1[j])) } }
        for j in selection.unlabelled {
            svg.polyline(points(j), stroke: CurveSelection.unlabelledColor, width: 0.7, clip: panel.clipID)
        }
        for (rank, j) in selection.labelled.enumerated() {
            let (color, dash) = CurveSelection.style(rank: rank)
            svg.polyline(points(j), stroke: color, width: 1.6, dash: dash, clip: panel.clipID)
        }
        guard labels else { return }
        // The end of a curve is its last point with an x (log of lambda 0 has none).
        let lastIndex = xs.lastIndex { $0.isFinite }
        let ends = selection.labelled.map { j in panel.y(lastIndex.map { coefficients[$0][j] } ?? 0) }
        let placed = EndLabels.place(ends, gap: gap, low: panel.top + 4, high: panel.bottom - 2)
        for (rank, j) in selection.labelled.enumerated() {
            let (color, dash) = CurveSelection.style(rank: rank)
            // The leader runs over `leader` pixels so that its slope, and so its curve, can be followed.
            svg.line(panel.right, ends[rank], panel.right + leader, placed[rank], stroke: color, width: 0.8)
            svg.line(panel.right + leader, placed[rank], panel.right + leader + sample, placed[rank], stroke: color, width: 2, dash: dash)
            svg.text(shortened(features[j]), x: panel.right + leader + sample + 4, y: placed[rank] + 4, size: 11, fill: color)
        }
    }

    static func legend(_ picture: PathPicture, selections: [CurveSelection]) -> Legend {
        var entries: [(Legend.Mark, String)] = [(.line(color: Palette.muted, dash: nil), "zero (a feature out of the model)")]
        if picture.lambdaMin != nil { entries.append((.line(color: Palette.ink, dash: Marker.minDash), "λ.min: lowest CV error")) }
        if picture.lambda1se != nil { entries.append((.line(color: Palette.ink, dash: Marker.oneSEDash), "λ.1se: largest λ within 1 SE")) }
        if selections.contains(where: { !$0.unlabelled.isEmpty }) {
            let omitted = selections.map(\.omitted).max() ?? 0
            let text = selections.count == 1
                ? "\(selections[0].unlabelled.count + omitted) other features that enter, unnamed"
                    + (omitted > 0 ? " (the \(selections[0].unlabelled.count) largest drawn)" : "")
                : "other features that enter, unnamed" + (omitted > 0 ? " (the \(CurveSelection.maximumUnlabelled / selections.count) largest per class drawn)" : "")
            entries.append((.line(color: CurveSelection.unlabelledColor, dash: nil), text))
        }
        return Legend(entries: entries)
    }

    /// The nonzero count at each x tick position, read from the path point nearest to it.
    static func nonzeroTicks(xs: [Double], nonzero: [Int], panel: Panel) -> [(position: Double, label: String)] {
        let finite = xs.indices.filter { xs[$0].isFinite }
        guard !finite.isEmpty else { return [] }
        return panel.x.ticks(count: max(3, Int(panel.width / 90))).compactMap { tick in
            let index = finite.min { abs(xs[$0] - tick) < abs(xs[$1] - tick) }!
            return (tick, String(nonzero[index]))
        }
    }

    static func nearestIndex(of lambda: Double, in lambdas: [Double]) -> Int? {
        lambdas.indices.min { abs(lambdas[$0] - lambda) < abs(lambdas[$1] - lambda) }
    }

    static func finiteRange(_ values: [Double]) -> (Double, Double) {
        let finite = values.filter(\.isFinite)
        return (finite.min() ?? 0, finite.max() ?? 1)
    }
}
