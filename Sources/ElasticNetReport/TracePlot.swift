import Foundation

/// One solver's run, row by row (iterations; SGD: epochs).
public struct TraceLine {
    public var name: String
    public var iterations: [Int]
    public var seconds: [Double]
    /// The duality gap of each iterate: an upper bound on objective - optimum.
    public var gaps: [Double]
    public var nonzeros: [Int]

    public init(name: String, iterations: [Int], seconds: [Double], gaps: [Double], nonzeros: [Int]) {
        self.name = name
        self.iterations = iterations
        self.seconds = seconds
        self.gaps = gaps
        self.nonzeros = nonzeros
    }
}

/// Solver traces: the duality gap (log scale) against iteration and against time, one line per
/// solver, and the number of nonzero coefficients against iteration. The gap, not the distance
/// to a reference optimum, because it is certified (computed from the iterate alone) and bounds
/// the suboptimality.
public enum TracePlot {
    /// Lines are thinned to this many points, spaced evenly in log(iteration) so that both the
    /// first steps and the long tail stay visible; the SVG stays small for 100,000 iterations.
    static let maximumPoints = 300

    /// `showTime` adds the panel against seconds; without it the picture is the same bytes for
    /// the same input (wall-clock time is the only thing in a trace that varies between runs).
    public static func svg(title: String, lines: [TraceLine], showTime: Bool = true, idPrefix: String = "trace") -> SVG {
        let left = 78.0, top = 60.0, spacing = 70.0, panelHeight = 240.0
        let fullWidth = PathPlot.width - left - 20
        let halfWidth = showTime ? (fullWidth - spacing) / 2 : fullWidth
        let rowTwo = top + panelHeight + 90
        var svg = SVG(width: PathPlot.width, height: rowTwo + panelHeight + 98)
        svg.title(title)
        svg.text(title, x: left, y: 24, size: 15, bold: true)
        let kept = lines.map { line in thin(line.iterations.count).filter { line.gaps[$0] > 0 && line.gaps[$0].isFinite } }
        let logGaps = zip(lines, kept).flatMap { line, rows in rows.map { log10(line.gaps[$0]) } }
        let gapDomain = PathPlot.finiteRange(logGaps)
        let lastIteration = Double(lines.flatMap(\.iterations).max() ?? 1)
        let lastSecond = lines.flatMap(\.seconds).max() ?? 1

        let byIteration = Panel(left: left, top: top, width: halfWidth, height: panelHeight, xDomain: (0, lastIteration),
                                reversedX: false, yDomain: gapDomain, clipID: "\(idPrefix)-clip-0")
        let byTime = Panel(left: left + halfWidth + spacing, top: top, width: halfWidth, height: panelHeight,
                           xDomain: (0, lastSecond), reversedX: false, yDomain: gapDomain, clipID: "\(idPrefix)-clip-1")
        let zeros = Panel(left: left, top: rowTwo, width: PathPlot.width - left - 20, height: panelHeight,
                          xDomain: (0, lastIteration), reversedX: false,
                          yDomain: (0, Double(lines.flatMap(\.nonzeros).max() ?? 1)), clipID: "\(idPrefix)-clip-2")
        byIteration.drawAxes(into: &svg, xTitle: "iteration (sgd: epoch)", yTitle: "duality gap (log scale)", yLog: true)
        if showTime { byTime.drawAxes(into: &svg, xTitle: "seconds", yTitle: "duality gap (log scale)", yLog: true) }
        zeros.drawAxes(into: &svg, xTitle: "iteration (sgd: epoch)", yTitle: "nonzero coefficients")
        for (k, line) in lines.enumerated() {
            let (color, dash) = Palette.style(k)
            let rows = kept[k]
            svg.polyline(rows.map { (byIteration.x(Double(line.iterations[$0])), byIteration.y(log10(line.gaps[$0]))) },
                         stroke: color, width: 1.6, dash: dash, clip: byIteration.clipID)
            if showTime {
                svg.polyline(rows.map { (byTime.x(line.seconds[$0]), byTime.y(log10(line.gaps[$0]))) },
                             stroke: color, width: 1.6, dash: dash, clip: byTime.clipID)
            }
            let all = thin(line.iterations.count)
            svg.polyline(all.map { (zeros.x(Double(line.iterations[$0])), zeros.y(Double(line.nonzeros[$0]))) },
                         stroke: color, width: 1.6, dash: dash, clip: zeros.clipID)
        }
        Legend(entries: lines.enumerated().map { k, line in
            let (color, dash) = Palette.style(k)
            return (.line(color: color, dash: dash), line.name)
        }).draw(into: &svg, x: left, y: zeros.bottom + 62, maxWidth: PathPlot.width - left - 20)
        return svg
    }

    /// Row indices to draw: all of them when few, else about `maximumPoints` spread evenly in
    /// log(row + 1), always with the first and last.
    static func thin(_ count: Int) -> [Int] {
        guard count > maximumPoints else { return Array(0 ..< count) }
        let top = log(Double(count))
        var rows = Set<Int>([0, count - 1])
        for k in 0 ..< maximumPoints {
            rows.insert(min(count - 1, Int(exp(top * Double(k) / Double(maximumPoints - 1)).rounded()) - 1))
        }
        return rows.filter { $0 >= 0 }.sorted()
    }
}
