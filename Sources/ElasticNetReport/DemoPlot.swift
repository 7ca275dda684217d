import Foundation

/// The numbers of the one-weight L1-against-L2 figure: trajectories of w under repeated steps
/// of length eta, with the penalty alone and with a one-feature data term.
public struct DemoPicture {
    public var eta: Double
    public var lambda: Double
    /// Penalty alone: the proximal L1 step, the raw subgradient L1 step, the L2 gradient step.
    public var l1: [Double]
    public var l1Subgradient: [Double]
    public var l2: [Double]
    /// The same three updates with the data term.
    public var dataL1: [Double]
    public var dataL1Subgradient: [Double]
    public var dataL2: [Double]
    /// The minimisers with the data term: the lasso's (0 when the data are weak) and ridge's.
    public var lassoOptimum: Double
    public var ridgeOptimum: Double
    /// The proximal MCP and SCAD steps (penalty alone, then with the data term), and their
    /// concavities (gamma, a); empty trajectories are not drawn.
    public var mcp: [Double] = []
    public var scad: [Double] = []
    public var dataMCP: [Double] = []
    public var dataSCAD: [Double] = []
    public var mcpConcavity = 3.0
    public var scadConcavity = 3.7

    public init(eta: Double, lambda: Double, l1: [Double], l1Subgradient: [Double], l2: [Double], dataL1: [Double],
                dataL1Subgradient: [Double], dataL2: [Double], lassoOptimum: Double, ridgeOptimum: Double) {
        self.eta = eta
        self.lambda = lambda
        self.l1 = l1
        self.l1Subgradient = l1Subgradient
        self.l2 = l2
        self.dataL1 = dataL1
        self.dataL1Subgradient = dataL1Subgradient
        self.dataL2 = dataL2
        self.lassoOptimum = lassoOptimum
        self.ridgeOptimum = ridgeOptimum
    }
}

/// Why L1 gives exact zeros and L2 does not, on one weight: the penalties |w| and w²/2, their
/// derivatives (L1's jumps from −1 to +1 at 0, so a whole interval of gradients is balanced
/// there; L2's passes through 0 with slope 1, so only w = 0 exactly balances a zero gradient),
/// and what repeated steps do: the proximal L1 step lands on 0.0 and stays, the raw subgradient
/// step overshoots for ever, the L2 step shrinks geometrically and never arrives.
public enum DemoPlot {
    static let l1Color = Palette.colors[0], subgradientColor = Palette.colors[4], l2Color = Palette.colors[1]
    static let mcpColor = Palette.colors[2], scadColor = Palette.colors[3]

    /// How each update's trajectory is drawn.
    enum Trajectory {
        case proximal, subgradient, gradient, mcp, scad
        var color: String {
            switch self {
            case .proximal: return DemoPlot.l1Color
            case .subgradient: return DemoPlot.subgradientColor
            case .gradient: return DemoPlot.l2Color
            case .mcp: return DemoPlot.mcpColor
            case .scad: return DemoPlot.scadColor
            }
        }
        var dash: String? {
            switch self {
            case .proximal, .mcp: return nil
            case .subgradient: return "2,2"
            case .gradient: return "6,3"
            case .scad: return "4,2"
            }
        }
        var width: Double {
            switch self {
            case .proximal: return 3.6
            case .subgradient: return 1.4
            case .gradient, .mcp, .scad: return 1.8
            }
        }
    }

    public static func svg(_ demo: DemoPicture, idPrefix: String = "demo") -> SVG {
        let left = 78.0, top = 60.0, spacing = 80.0, height = 220.0
        let width = (PathPlot.width - left - 20 - spacing) / 2
        let rowTwo = top + height + 100
        let hasConcave = !demo.mcp.isEmpty
        var entries: [(Legend.Mark, String)] = [
            (.line(color: l1Color, dash: Trajectory.proximal.dash), "L1, proximal step (lands on 0.0)"),
            (.line(color: subgradientColor, dash: Trajectory.subgradient.dash), "L1, subgradient step (overshoots)"),
            (.line(color: l2Color, dash: Trajectory.gradient.dash), "L2, gradient step (never 0)"),
        ]
        if hasConcave {
            entries.append((.line(color: mcpColor, dash: Trajectory.mcp.dash), "MCP γ = \(Label.number(demo.mcpConcavity)), proximal step (a large w is not shrunk)"))
            entries.append((.line(color: scadColor, dash: Trajectory.scad.dash), "SCAD a = \(Label.number(demo.scadConcavity)), proximal step"))
        }
        entries.append((.line(color: Palette.muted, dash: "1,3"), "optima with data: lasso, ridge"))
        // The picture grows with the legend's rows (three once MCP and SCAD join L1 and L2).
        let legend = Legend(entries: entries), legendWidth = PathPlot.width - left - 20
        var svg = SVG(width: PathPlot.width, height: rowTwo + height + 62 + legend.height(maxWidth: legendWidth) + 16)
        let title = "One weight: L1 against L2\(hasConcave ? ", MCP and SCAD" : "") (λ = \(Label.number(demo.lambda)), step η = \(Label.number(demo.eta)))"
        svg.title(title)
        svg.text(title, x: left, y: 24, size: 15, bold: true)
        let grid = stride(from: -2.0, through: 2.0, by: 0.05).map { $0 }

        let penalty = Panel(left: left, top: top, width: width, height: height, xDomain: (-2, 2), reversedX: false,
                            yDomain: (0, 2), clipID: "\(idPrefix)-clip-0")
        penalty.drawAxes(into: &svg, xTitle: "w", yTitle: "penalty / λ")
        svg.text("penalty", x: penalty.left, y: penalty.top - 8, size: 12, bold: true)
        svg.polyline(grid.map { (penalty.x($0), penalty.y(abs($0))) }, stroke: l1Color, width: 2, clip: penalty.clipID)
        svg.polyline(grid.map { (penalty.x($0), penalty.y($0 * $0 / 2)) }, stroke: l2Color, width: 2, dash: "6,3", clip: penalty.clipID)
        // MCP and SCAD per unit lambda (l1 = 1): |w| bent down until they level off.
        let mcp = CurveShapes.mcp(gamma: demo.mcpConcavity), scad = CurveShapes.scad(a: demo.scadConcavity)
        if hasConcave {
            svg.polyline(grid.map { (penalty.x($0), penalty.y(mcp.value($0))) }, stroke: mcpColor, width: 1.8, clip: penalty.clipID)
            svg.polyline(grid.map { (penalty.x($0), penalty.y(scad.value($0))) }, stroke: scadColor, width: 1.8, dash: "4,2", clip: penalty.clipID)
        }

        let slope = Panel(left: left + width + spacing, top: top, width: width, height: height, xDomain: (-2, 2),
                          reversedX: false, yDomain: (-2, 2), clipID: "\(idPrefix)-clip-1")
        slope.drawAxes(into: &svg, xTitle: "w", yTitle: "derivative / λ")
        svg.text("derivative (L1: the set [−1, 1] at 0)", x: slope.left, y: slope.top - 8, size: 12, bold: true)
        slope.drawZeroLine(into: &svg)
        svg.polyline([(slope.x(-2), slope.y(-1)), (slope.x(0), slope.y(-1))], stroke: l1Color, width: 2, clip: slope.clipID)
        svg.polyline([(slope.x(0), slope.y(-1)), (slope.x(0), slope.y(1))], stroke: l1Color, width: 4, clip: slope.clipID)
        svg.polyline([(slope.x(0), slope.y(1)), (slope.x(2), slope.y(1))], stroke: l1Color, width: 2, clip: slope.clipID)
        svg.polyline(grid.map { (slope.x($0), slope.y($0)) }, stroke: l2Color, width: 2, dash: "6,3", clip: slope.clipID)
        if hasConcave {
            // Their derivatives taper to 0: a large weight is not shrunk.
            let shapes: [(CurveShapes, String, String?)] = [(mcp, mcpColor, nil), (scad, scadColor, "4,2")]
            for (shape, color, dash) in shapes {
                svg.polyline(grid.filter { $0 > 0 }.map { (slope.x($0), slope.y(shape.slope($0))) }, stroke: color, width: 1.8, dash: dash, clip: slope.clipID)
                svg.polyline(grid.filter { $0 < 0 }.map { (slope.x($0), slope.y(-shape.slope(-$0))) }, stroke: color, width: 1.8, dash: dash, clip: slope.clipID)
            }
        }

        // The proximal and subgradient steps coincide until w nears 0, so the proximal one is drawn
        // first and wide, the subgradient one last and thin on top of it: both stay visible.
        let concave = [(demo.mcp, Trajectory.mcp), (demo.scad, .scad)].filter { !$0.0.isEmpty }
        let concaveWithData = [(demo.dataMCP, Trajectory.mcp), (demo.dataSCAD, .scad)].filter { !$0.0.isEmpty }
        let alone: [([Double], Trajectory)] = [(demo.l1, .proximal), (demo.l2, .gradient)] + concave
            + [(demo.l1Subgradient, Trajectory.subgradient)]
        let withData: [([Double], Trajectory)] = [(demo.dataL1, .proximal), (demo.dataL2, .gradient)] + concaveWithData
            + [(demo.dataL1Subgradient, Trajectory.subgradient)]
        for (k, (series, heading)) in [(alone, "steps on the penalty alone"), (withData, "steps with a data term")].enumerated() {
            let values = series.flatMap(\.0)
            let panel = Panel(left: left + Double(k) * (width + spacing), top: rowTwo, width: width, height: height,
                              xDomain: (0, Double(max((series.map(\.0.count).max() ?? 1) - 1, 1))), reversedX: false,
                              yDomain: PathPlot.finiteRange(values + [0]), clipID: "\(idPrefix)-clip-\(k + 2)")
            panel.drawAxes(into: &svg, xTitle: "step", yTitle: "w")
            svg.text(heading, x: panel.left, y: panel.top - 8, size: 12, bold: true)
            panel.drawZeroLine(into: &svg)
            if k == 1 {
                for (value, color) in [(demo.lassoOptimum, l1Color), (demo.ridgeOptimum, l2Color)] {
                    svg.line(panel.left, panel.y(value), panel.right, panel.y(value), stroke: color, width: 0.8, dash: "1,3",
                             clip: panel.clipID)
                }
            }
            for (trajectory, style) in series {
                let points = trajectory.enumerated().map { (panel.x(Double($0.offset)), panel.y($0.element)) }
                svg.polyline(points, stroke: style.color, width: style.width, dash: style.dash, clip: panel.clipID)
                for (step, w) in trajectory.enumerated() {
                    // Exact zeros are marked: they are the point of the figure.
                    svg.circle(panel.x(Double(step)), panel.y(w), radius: w == 0 ? 3.5 : style.width * 0.9, fill: style.color, clip: panel.clipID)
                }
            }
        }
        legend.draw(into: &svg, x: left, y: rowTwo + height + 62, maxWidth: legendWidth)
        return svg
    }
}

/// MCP and SCAD per unit strength (l1 = 1, no ridge part), for drawing: value and slope at w >= 0.
struct CurveShapes {
    let value: (Double) -> Double
    let slope: (Double) -> Double

    static func mcp(gamma: Double) -> CurveShapes {
        CurveShapes(value: { w in let t = abs(w); return t <= gamma ? t - t * t / (2 * gamma) : gamma / 2 },
                    slope: { t in max(1 - t / gamma, 0) })
    }

    static func scad(a: Double) -> CurveShapes {
        CurveShapes(value: { w in
            let t = abs(w)
            return t <= 1 ? t : t <= a ? (2 * a * t - t * t - 1) / (2 * (a - 1)) : (a + 1) / 2
        }, slope: { t in t <= 1 ? 1 : max(a - t, 0) / (a - 1) })
    }
}
