/// One plot area: its rectangle in the picture, its scales, and the axes drawn around it. Every
/// plot kind is made of panels, so axes, ticks and titles look the same everywhere.
struct Panel {
    let left: Double, top: Double, width: Double, height: Double
    let x: Scale
    let y: Scale
    /// The id of this panel's clipping rectangle (curves do not spill over the axes).
    let clipID: String

    var right: Double { left + width }
    var bottom: Double { top + height }

    /// A panel whose x runs over `xDomain` (reversed: largest value on the left, as lambda is on a
    /// path read from the null model to the full fit) and y over `yDomain`, padded a little.
    init(left: Double, top: Double, width: Double, height: Double, xDomain: (Double, Double), reversedX: Bool,
         yDomain: (Double, Double), clipID: String) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
        let xScale = reversedX ? Scale(domain: xDomain.0, xDomain.1, range: left + width, left)
                               : Scale(domain: xDomain.0, xDomain.1, range: left, left + width)
        x = xScale.padded(0.02)
        y = Scale(domain: yDomain.0, yDomain.1, range: top + height, top).padded(0.05)
        self.clipID = clipID
    }

    /// Frame, grid, ticks with their labels, and the axis titles. A log axis is drawn over
    /// log10 values (`yLog`): its ticks are the whole powers of ten, labelled 1e-6 and so on.
    func drawAxes(into svg: inout SVG, xTitle: String, yTitle: String?, yTickLabels: Bool = true, yLog: Bool = false) {
        svg.clipRect(id: clipID, left, top, width, height)
        let xTicks = x.ticks(count: max(3, Int(width / 90)))
        var yTicks = y.ticks(count: max(3, Int(height / 60)))
        if yLog {
            // Every decade, or every second or third one when there are many: at most about 7 labels.
            let low = y.domain.low.rounded(.up), high = y.domain.high.rounded(.down)
            let step = max(1, ((high - low) / 6).rounded(.up))
            yTicks = low <= high ? Array(stride(from: low, through: high, by: step)) : []
            if yTicks.count < 2 { yTicks = [y.domain.low.rounded(.up), y.domain.high.rounded(.down)].filter { $0 >= y.domain.low && $0 <= y.domain.high } }
        }
        let yLabel = { (t: Double) in yLog ? Label.power(t) : Label.number(t) }
        for t in xTicks { svg.line(x(t), top, x(t), bottom, stroke: Palette.grid) }
        for t in yTicks { svg.line(left, y(t), right, y(t), stroke: Palette.grid) }
        svg.rect(left, top, width, height, stroke: Palette.ink)
        for t in xTicks {
            svg.line(x(t), bottom, x(t), bottom + 5, stroke: Palette.ink)
            svg.text(Label.number(t), x: x(t), y: bottom + 18, anchor: .middle)
        }
        for t in yTicks {
            svg.line(left - 5, y(t), left, y(t), stroke: Palette.ink)
            if yTickLabels { svg.text(yLabel(t), x: left - 8, y: y(t) + 4, anchor: .end) }
        }
        svg.text(xTitle, x: left + width / 2, y: bottom + 38, anchor: .middle, size: 13)
        if let yTitle {
            svg.text(yTitle, x: left - 52, y: top + height / 2, anchor: .middle, size: 13, rotate: -90)
        }
    }

    /// A secondary axis along the top: `labels` at x positions (data units), with its title. A
    /// label at an edge is moved inside the panel's width, so that panels side by side (the
    /// comparison) do not run their counts into each other ("196" against "2308").
    func drawTopAxis(into svg: inout SVG, ticks: [(position: Double, label: String)], title: String) {
        for tick in ticks {
            let px = x(tick.position)
            guard px >= left - 0.5 && px <= right + 0.5 else { continue }
            svg.line(px, top - 5, px, top, stroke: Palette.ink)
            let half = TextWidth.estimate(tick.label, size: 11) / 2
            svg.text(tick.label, x: min(max(px, left + half), right - half), y: top - 8, anchor: .middle, size: 11)
        }
        svg.text(title, x: left + width / 2, y: top - 24, anchor: .middle, size: 12, fill: Palette.muted)
    }

    /// A horizontal reference line at y = 0 when 0 is in view: zero coefficients lie on it.
    func drawZeroLine(into svg: inout SVG) {
        guard y.domain.low <= 0 && y.domain.high >= 0 else { return }
        svg.line(left, y(0), right, y(0), stroke: Palette.muted, width: 1)
    }

    /// Vertical markers (lambda.min, lambda.1se), each labelled with its value inside the panel's
    /// top: to the right of its line when the label fits there, else to the left; a label that
    /// would overlap an earlier one moves down a row. Labels sit on a white backing so that they
    /// stay readable over the curves.
    func drawMarkers(into svg: inout SVG, markers: [Marker]) {
        var rows: [[(low: Double, high: Double)]] = []
        for marker in markers {
            let px = x(marker.position)
            guard px.isFinite, px >= left - 0.5 && px <= right + 0.5 else { continue }
            svg.line(px, top, px, bottom, stroke: Palette.ink, width: 1.2, dash: marker.dash)
            let textWidth = TextWidth.estimate(marker.label, size: Marker.size)
            let fitsRight = px + 4 + textWidth <= right - 2
            let start = fitsRight ? px + 4 : max(left + 2, px - 4 - textWidth)
            let span = (low: start - 2, high: start + textWidth + 2)
            let row = rows.firstIndex { taken in taken.allSatisfy { $0.high <= span.low || $0.low >= span.high } } ?? rows.count
            if row == rows.count { rows.append([]) }
            rows[row].append(span)
            let baseline = top + 14 + 15 * Double(row)
            svg.rect(span.low, baseline - Marker.size, span.high - span.low, Marker.size + 4, fill: "#ffffff", fillOpacity: Marker.backingOpacity)
            svg.text(marker.label, x: start, y: baseline, size: Marker.size)
        }
    }
}

/// A vertical reference line at a data position, with its label.
struct Marker {
    var position: Double
    var label: String
    var dash: String
    static let minDash = "6,4", oneSEDash = "2,3"
    static let size = 11.0
    /// The report's slider marker: a colour no curve of the path or CV figure has.
    static let sliderColor = "#6A3D9A"
    /// Mostly opaque white behind the label: it reads over curves, which still show faintly through.
    static let backingOpacity = 0.85
}

/// A row of legend entries under a plot: a sample of each mark, then its meaning.
struct Legend {
    enum Mark {
        case line(color: String, dash: String?)
        case point(color: String)
        case errorBar(color: String)
    }

    var entries: [(Mark, String)]

    /// The entries' positions from (x, y), left to right, wrapping at `maxWidth`.
    func positions(x: Double, y: Double, maxWidth: Double) -> [(x: Double, y: Double)] {
        var cx = x, cy = y
        return entries.map { _, text in
            let width = Self.width(text)
            if cx + width > x + maxWidth && cx > x { cx = x; cy += Self.rowHeight }
            defer { cx += width }
            return (cx, cy)
        }
    }

    /// The height the legend takes from its first baseline, so pictures can be sized to hold it.
    func height(maxWidth: Double) -> Double {
        (positions(x: 0, y: 0, maxWidth: maxWidth).last?.y ?? -Self.rowHeight) + Self.rowHeight
    }

    static let rowHeight = 18.0
    static func width(_ text: String) -> Double { 30 + TextWidth.estimate(text, size: 12) + 18 }

    /// Draws the entries left to right from (x, y), wrapping at `maxWidth`; returns the height used.
    @discardableResult
    func draw(into svg: inout SVG, x: Double, y: Double, maxWidth: Double) -> Double {
        for ((mark, text), (cx, cy)) in zip(entries, positions(x: x, y: y, maxWidth: maxWidth)) {
            switch mark {
            case .line(let color, let dash): svg.line(cx, cy - 4, cx + 24, cy - 4, stroke: color, width: 2, dash: dash)
            case .point(let color): svg.circle(cx + 12, cy - 4, radius: 3, fill: color)
            case .errorBar(let color):
                svg.line(cx + 12, cy - 11, cx + 12, cy + 3, stroke: color, width: 1.2)
                svg.line(cx + 8, cy - 11, cx + 16, cy - 11, stroke: color, width: 1.2)
                svg.line(cx + 8, cy + 3, cx + 16, cy + 3, stroke: color, width: 1.2)
            }
            svg.text(text, x: cx + 30, y: cy)
        }
        return height(maxWidth: maxWidth)
    }
}

/// Text widths without a font file: an average advance per character of a sans-serif face,
/// generous so that estimated room is never too small. Public so that tests check overlaps with
/// the same measure the plots lay out with.
public enum TextWidth {
    public static func estimate(_ text: String, size: Double) -> Double { Double(text.count) * size * 0.6 }
}
