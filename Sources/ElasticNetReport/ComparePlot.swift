import Foundation

/// Lasso, elastic-net and ridge paths on the same data, side by side on one coefficient scale:
/// under the L1 penalty a coefficient stays exactly on the zero line until it enters; under L2
/// it leaves zero at once and never returns to it. The x axis is the shrinkage factor, the
/// coefficients' L1 norm over its largest value on the path (Hastie, Tibshirani and Friedman,
/// The Elements of Statistical Learning, fig. 3.10): 0 at the null model, 1 at the least
/// shrunk fit, the same for every panel. Lambda is not comparable across alphas (each has its
/// own lambda_max), and the deviance explained crowds the interesting end into a sliver.
public enum ComparePlot {
    public static func svg(title: String, panels: [PathPicture], idPrefix: String = "compare") -> SVG {
        let features = panels.first?.features ?? []
        let gap = 12.0
        // The curves named are the lasso's first to enter (no lambda is chosen here), in the same
        // style in every panel, so one feature is followed from L1 to L2 by its colour and dash.
        let selection = CurveSelection(coefficients: panels.first?.coefficients ?? [], featureCount: features.count, chosen: nil)
        let named = selection.labelled.map { features[$0] }
        let labelWidth = PathPlot.labelWidth(named)
        let left = 78.0, top = 96.0, spacing = 16.0
        let plotHeight = max(340, EndLabels.height(count: named.count, gap: gap) + 20)
        let panelWidth = (PathPlot.width - left - labelWidth - 10 - spacing * Double(panels.count - 1)) / Double(max(panels.count, 1))
        var svg = SVG(width: PathPlot.width, height: top + plotHeight + 100)
        svg.title(title)
        svg.text(title, x: left, y: 24, size: 15, bold: true)
        let yDomain = PathPlot.finiteRange(panels.flatMap { $0.coefficients.flatMap { $0 } } + [0])
        for (k, picture) in panels.enumerated() {
            let xs = shrinkage(picture)
            let panel = Panel(left: left + Double(k) * (panelWidth + spacing), top: top, width: panelWidth, height: plotHeight,
                              xDomain: (0, 1), reversedX: false, yDomain: yDomain, clipID: "\(idPrefix)-clip-\(k)")
            panel.drawAxes(into: &svg, xTitle: "shrinkage ‖b‖₁ / max ‖b‖₁", yTitle: k == 0 ? (picture.classPanels.isEmpty ? picture.valueTitle : "2-norm over classes of the " + picture.valueTitle) : nil, yTickLabels: k == 0)
            panel.drawTopAxis(into: &svg, ticks: PathPlot.nonzeroTicks(xs: xs, nonzero: picture.nonzero, panel: panel),
                              title: "nonzero")
            svg.text(picture.title, x: panel.left + panelWidth / 2, y: 50, anchor: .middle, size: 13, bold: true)
            panel.drawZeroLine(into: &svg)
            let drawn = CurveSelection(naming: selection.labelled, coefficients: picture.coefficients, featureCount: features.count,
                                       drawnUnlabelled: CurveSelection.maximumUnlabelled / max(panels.count, 1))
            PathPlot.drawCurves(picture.coefficients, features: features, selection: drawn, xs: xs, panel: panel, into: &svg,
                                labels: k == panels.count - 1, gap: gap)
        }
        Legend(entries: [(.line(color: Palette.muted, dash: nil), "zero: exact zeros lie on this line; λ decreases to the right in every panel")])
            .draw(into: &svg, x: left, y: top + plotHeight + 62, maxWidth: PathPlot.width - left)
        return svg
    }

    /// Each point's L1 norm over the path's largest (all 0 for a path that never leaves zero).
    static func shrinkage(_ picture: PathPicture) -> [Double] {
        let norms = PathAxis.norm.values(picture)
        let largest = norms.max() ?? 0
        return norms.map { largest > 0 ? $0 / largest : 0 }
    }
}
