import Foundation

/// What a cross-validation picture shows (cv.glmnet's curve).
public struct CVPicture {
    public var title: String
    public var lambdas: [Double]
    /// Mean CV score and its standard error, per lambda.
    public var cvm: [Double]
    public var cvsd: [Double]
    public var nonzero: [Int]
    public var indexMin: Int
    public var index1se: Int
    /// The y axis title: the measure, e.g. "mean squared error".
    public var measureTitle: String

    public init(title: String, lambdas: [Double], cvm: [Double], cvsd: [Double], nonzero: [Int], indexMin: Int,
                index1se: Int, measureTitle: String) {
        self.title = title
        self.lambdas = lambdas
        self.cvm = cvm
        self.cvsd = cvsd
        self.nonzero = nonzero
        self.indexMin = indexMin
        self.index1se = index1se
        self.measureTitle = measureTitle
    }
}

/// The CV curve: mean error with +-1 SE bars against log(lambda), the nonzero count along the
/// top, lambda.min and lambda.1se marked.
public enum CVPlot {
    static let pointColor = "#D55E00"
    static let barColor = "#777777"

    /// `sliderMarker`: also a hidden marker, "\(idPrefix)-slider", for the report's lambda slider.
    public static func svg(_ picture: CVPicture, idPrefix: String = "cv", sliderMarker: Bool = false) -> SVG {
        let left = 78.0, top = 78.0, plotHeight = 380.0
        let plotWidth = PathPlot.width - left - 30
        var svg = SVG(width: PathPlot.width, height: top + plotHeight + 98)
        svg.title(picture.title)
        svg.text(picture.title, x: left, y: 24, size: 15, bold: true)
        let xs = picture.lambdas.map { $0 > 0 ? log($0) : .nan }
        let low = zip(picture.cvm, picture.cvsd).map { $0 - $1 }, high = zip(picture.cvm, picture.cvsd).map { $0 + $1 }
        let panel = Panel(left: left, top: top, width: plotWidth, height: plotHeight, xDomain: PathPlot.finiteRange(xs),
                          reversedX: true, yDomain: PathPlot.finiteRange(low + high), clipID: "\(idPrefix)-clip")
        panel.drawAxes(into: &svg, xTitle: PathAxis.lambda.title, yTitle: picture.measureTitle)
        panel.drawTopAxis(into: &svg, ticks: PathPlot.nonzeroTicks(xs: xs, nonzero: picture.nonzero, panel: panel),
                          title: "nonzero coefficients")
        for l in picture.lambdas.indices where xs[l].isFinite && low[l].isFinite && high[l].isFinite {
            let px = panel.x(xs[l])
            svg.line(px, panel.y(low[l]), px, panel.y(high[l]), stroke: barColor, width: 1, clip: panel.clipID)
            svg.line(px - 2.5, panel.y(low[l]), px + 2.5, panel.y(low[l]), stroke: barColor, width: 1, clip: panel.clipID)
            svg.line(px - 2.5, panel.y(high[l]), px + 2.5, panel.y(high[l]), stroke: barColor, width: 1, clip: panel.clipID)
        }
        for l in picture.lambdas.indices where xs[l].isFinite && picture.cvm[l].isFinite {
            svg.circle(panel.x(xs[l]), panel.y(picture.cvm[l]), radius: 2.8, fill: pointColor, clip: panel.clipID)
        }
        panel.drawMarkers(into: &svg, markers: [
            Marker(position: xs[picture.indexMin], label: "λ.min = \(Label.number(picture.lambdas[picture.indexMin]))", dash: Marker.minDash),
            Marker(position: xs[picture.index1se], label: "λ.1se = \(Label.number(picture.lambdas[picture.index1se]))", dash: Marker.oneSEDash),
        ])
        if sliderMarker {
            svg.sliderMarker(id: "\(idPrefix)-slider", positions: xs.map { $0.isFinite ? panel.x($0) : .nan }, top: panel.top,
                             bottom: panel.bottom, stroke: Marker.sliderColor)
        }
        Legend(entries: [
            (.point(color: pointColor), "mean CV error"), (.errorBar(color: barColor), "±1 standard error"),
            (.line(color: Palette.ink, dash: Marker.minDash), "λ.min"), (.line(color: Palette.ink, dash: Marker.oneSEDash), "λ.1se"),
        ]).draw(into: &svg, x: left, y: panel.bottom + 62, maxWidth: plotWidth)
        return svg
    }
}
