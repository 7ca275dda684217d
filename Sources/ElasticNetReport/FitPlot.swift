import Foundation

/// What a fitted-vs-observed picture shows: the observed response of the rows drawn and their
/// fitted means at every lambda of the path, of which `chosen` is the one drawn.
public struct FitPicture {
    public var title: String
    /// Per row drawn: the observed response (binomial: 0 or 1).
    public var observed: [Double]
    /// Per lambda, per row drawn: the fitted mean (binomial: the probability of class 1).
    public var fitted: [[Double]]
    /// The lambda drawn on the static page.
    public var chosen: Int
    public var binomial: Bool
    /// The data's row count (more than `observed.count` when the rows drawn are a subsample).
    public var rowCount: Int
    /// The response's name, for the axis titles; binomial: the class labels (0, then 1).
    public var responseName: String
    public var classLabels: [String]?

    public init(title: String, observed: [Double], fitted: [[Double]], chosen: Int, binomial: Bool, rowCount: Int,
                responseName: String, classLabels: [String]? = nil) {
        self.title = title
        self.observed = observed
        self.fitted = fitted
        self.chosen = chosen
        self.binomial = binomial
        self.rowCount = rowCount
        self.responseName = responseName
        self.classLabels = classLabels
    }
}

/// The points the slider moves: the group's id, the attribute that changes ("cy": the fitted
/// value is the y; binomial "cx": the fitted probability is the x), and per lambda every point's
/// pixel position, so the script needs no scale (as the path and CV markers' `data-positions`).
public struct SliderPoints: Equatable {
    public var id: String
    public var attribute: String
    public var positions: [[Double]]

    public init(id: String, attribute: String, positions: [[Double]]) {
        self.id = id
        self.attribute = attribute
        self.positions = positions
    }
}

/// Fitted against observed, one point per row drawn. Gaussian and poisson: observed on x, fitted
/// mean on y, both axes over the same range, with the line y = x (a perfect fit). Binomial: the
/// fitted probability on x, each class a jittered strip (class 1 above class 0), with the 0.5
/// threshold: a good classifier pushes the upper strip right and the lower left.
public enum FitPlot {
    static let pointColor = "#0072B2"
    /// Rows drawn at most; more rows are a deterministic subsample.
    public static let rowLimit = 1000

    /// The rows drawn: all of them up to `limit`, else `limit` rows evenly spread over the data
    /// (row i * n / limit), the same for the same n.
    public static func rowsDrawn(rowCount n: Int, limit: Int = rowLimit) -> [Int] {
        n <= limit ? Array(0 ..< n) : (0 ..< limit).map { $0 * n / limit }
    }

    /// A fixed offset in [-1, 1) per point index: the strips' jitter, the same on every run.
    static func jitter(_ i: Int) -> Double {
        var z = UInt64(i) &* 0x9E3779B97F4A7C15 &+ 0x632BE59BD9B4E019
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 52) - 1
    }

    /// The coordinate that follows the slider, in whole pixels: the per-lambda data are then
    /// about a third shorter (points 2.2 pixels across do not need tenths).
    static func pixel(_ x: Double) -> Double { x.isFinite ? x.rounded() : x }

    public static func svg(_ picture: FitPicture, idPrefix: String = "fit") -> (svg: SVG, slider: SliderPoints) {
        let left = 78.0, top = 50.0, plotHeight = 380.0
        let plotWidth = PathPlot.width - left - 30
        var svg = SVG(width: PathPlot.width, height: top + plotHeight + 86)
        svg.title(picture.title)
        svg.text(picture.title, x: left, y: 24, size: 15, bold: true)
        let pointsID = "\(idPrefix)-points"
        let chosen = picture.fitted.indices.contains(picture.chosen) ? picture.fitted[picture.chosen] : []
        let legendY = top + plotHeight + 62
        if picture.binomial {
            let panel = Panel(left: left, top: top, width: plotWidth, height: plotHeight, xDomain: (0, 1), reversedX: false,
                              yDomain: (-0.35, 1.35), clipID: "\(idPrefix)-clip")
            panel.drawAxes(into: &svg, xTitle: "fitted probability of class 1", yTitle: "observed class", yTickLabels: false)
            let labels = picture.classLabels ?? ["0", "1"]
            for k in 0 ... 1 {
                svg.text(labels.indices.contains(k) ? labels[k] : String(k), x: left - 8, y: panel.y(Double(k)) + 4, anchor: .end)
            }
            svg.line(panel.x(0.5), top, panel.x(0.5), panel.bottom, stroke: Palette.muted, width: 1, dash: Marker.minDash)
            let ys = picture.observed.indices.map { panel.y(picture.observed[$0] + 0.25 * jitter($0)) }
            svg.points(id: pointsID, zip(chosen.map { pixel(panel.x(min(max($0, 0), 1))) }, ys).map { ($0, $1) }, radius: 2.2,
                       fill: pointColor, opacity: 0.5, clip: panel.clipID)
            Legend(entries: [(.point(color: pointColor), "one row, jittered within its class"),
                             (.line(color: Palette.muted, dash: Marker.minDash), "probability 0.5")])
                .draw(into: &svg, x: left, y: legendY, maxWidth: plotWidth)
            let positions = picture.fitted.map { $0.map { pixel(panel.x(min(max($0, 0), 1))) } }
            return (svg, SliderPoints(id: pointsID, attribute: "cx", positions: positions))
        }
        let domain = PathPlot.finiteRange(picture.observed + picture.fitted.flatMap { $0 })
        let panel = Panel(left: left, top: top, width: plotWidth, height: plotHeight, xDomain: domain, reversedX: false,
                          yDomain: domain, clipID: "\(idPrefix)-clip")
        panel.drawAxes(into: &svg, xTitle: "observed \(picture.responseName)", yTitle: "fitted mean")
        let low = max(panel.x.domain.low, panel.y.domain.low), high = min(panel.x.domain.high, panel.y.domain.high)
        svg.line(panel.x(low), panel.y(low), panel.x(high), panel.y(high), stroke: Palette.muted, width: 1, dash: Marker.minDash,
                 clip: panel.clipID)
        svg.points(id: pointsID, zip(picture.observed.map { panel.x($0) }, chosen.map { pixel(panel.y($0)) }).map { ($0, $1) },
                   radius: 2.2, fill: pointColor, opacity: 0.5, clip: panel.clipID)
        Legend(entries: [(.point(color: pointColor), "one row"), (.line(color: Palette.muted, dash: Marker.minDash), "y = x")])
            .draw(into: &svg, x: left, y: legendY, maxWidth: plotWidth)
        return (svg, SliderPoints(id: pointsID, attribute: "cy", positions: picture.fitted.map { $0.map { pixel(panel.y($0)) } }))
    }
}
