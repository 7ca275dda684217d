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

    public init(title: String, features: [String], lambdas: [Double], coefficients: [[Double]],
                devianceRatios: [Double]? = nil, lambdaMin: Double? = nil, lambda1se: Double? = nil,
                valueTitle: String = "coefficient (original units)") {
        self.title = title
        self.features = features
        self.lambdas = lambdas
        self.coefficients = coefficients
        self.devianceRatios = devianceRatios
        self.lambdaMin = lambdaMin
        self.lambda1se = lambda1se
        self.valueTitle = valueTitle
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

/// Coefficient paths: one curve per feature, named at its end; the nonzero count along the top;
/// lambda.min and lambda.1se as vertical lines when cross-validation chose them.
public enum PathPlot {
    public static let width = 800.0

    public static func svg(_ picture: PathPicture, x axis: PathAxis = .lambda, idPrefix: String = "path") -> SVG {
        let labelWidth = labelWidth(picture.features)
        let gap = 12.0
        let plotHeight = max(400, EndLabels.height(count: picture.features.count, gap: gap) + 20)
        let left = 78.0, top = 78.0
        let plotWidth = width - left - labelWidth - 10
        let legend = legend(picture)
        let height = top + plotHeight + 78 + (legend.entries.isEmpty ? 0 : 20)
        var svg = SVG(width: width, height: height)
        svg.title(picture.title)
        svg.text(picture.title, x: left, y: 24, size: 15, bold: true)

        let xs = axis.values(picture)
        let panel = Panel(left: left, top: top, width: plotWidth, height: plotHeight,
                          xDomain: finiteRange(xs), reversedX: axis == .lambda, yDomain: finiteRange(picture.coefficients.flatMap { $0 } + [0]),
                          clipID: "\(idPrefix)-clip")
        panel.drawAxes(into: &svg, xTitle: axis.title, yTitle: picture.valueTitle)
        panel.drawTopAxis(into: &svg, ticks: nonzeroTicks(xs: xs, nonzero: picture.nonzero, panel: panel),
                          title: "nonzero coefficients")
        panel.drawZeroLine(into: &svg)
        drawCurves(picture, xs: xs, panel: panel, into: &svg, labels: true, gap: gap)
        for (k, (lambda, name, dash)) in [(picture.lambdaMin, "λ.min", "6,4"), (picture.lambda1se, "λ.1se", "2,3")].enumerated() {
            guard let lambda, let index = nearestIndex(of: lambda, in: picture.lambdas), xs[index].isFinite else { continue }
            panel.drawMarker(into: &svg, at: xs[index], label: name, dash: dash, row: k)
        }
        legend.draw(into: &svg, x: left, y: panel.bottom + 62, maxWidth: width - left - 10)
        return svg
    }

    /// The curves, and when `labels` is set each feature's name at the right end of its curve.
    static let leader = 18.0

    /// Room to the right of a panel for the end labels of `features`.
    static func labelWidth(_ features: [String]) -> Double {
        min(240, (features.map { TextWidth.estimate($0, size: 11) }.max() ?? 0) + leader + 12)
    }

    static func drawCurves(_ picture: PathPicture, xs: [Double], panel: Panel, into svg: inout SVG, labels: Bool, gap: Double) {
        let p = picture.features.count
        // The end of a curve is its last point with an x (log of lambda 0 has none).
        let lastIndex = xs.lastIndex { $0.isFinite }
        var ends = [Double]()
        for j in 0 ..< p {
            let (color, dash) = Palette.style(j)
            let points = zip(xs, picture.coefficients).map { (panel.x($0), panel.y($1[j])) }
            svg.polyline(points, stroke: color, width: 1.6, dash: dash, clip: panel.clipID)
            ends.append(panel.y(lastIndex.map { picture.coefficients[$0][j] } ?? 0))
        }
        guard labels else { return }
        let placed = EndLabels.place(ends, gap: gap, low: panel.top + 4, high: panel.bottom - 2)
        for j in 0 ..< p {
            let color = Palette.style(j).color
            // A label moved off its curve's end is joined to it by a leader line; the leader
            // runs over `leader` pixels so that its slope, and so its curve, can be followed.
            if abs(placed[j] - ends[j]) > 1 {
                svg.line(panel.right, ends[j], panel.right + leader, placed[j], stroke: color, width: 0.8)
            }
            svg.text(picture.features[j], x: panel.right + leader + 3, y: placed[j] + 4, size: 11, fill: color)
        }
    }

    static func legend(_ picture: PathPicture) -> Legend {
        var entries: [(Legend.Mark, String)] = [(.line(color: Palette.muted, dash: nil), "zero (a feature out of the model)")]
        if picture.lambdaMin != nil { entries.append((.line(color: Palette.ink, dash: "6,4"), "λ.min: lowest CV error")) }
        if picture.lambda1se != nil { entries.append((.line(color: Palette.ink, dash: "2,3"), "λ.1se: largest λ within 1 SE")) }
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
