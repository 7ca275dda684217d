/// A small SVG 1.1 writer: elements appended in order, text escaped, numbers written with one
/// decimal (a tenth of a pixel is below what any screen or printer shows, and fixed rounding keeps
/// the bytes the same for the same input). There is no maintained Swift plotting package for
/// Linux, and what the plots need is a handful of shapes.
public struct SVG {
    public let width: Double
    public let height: Double
    private var body: [String] = []
    private var definitions: [String] = []
    private var titleText: String?

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The document. `standalone` adds the XML declaration a .svg file carries; inside HTML it is
    /// left out. The namespace is required by SVG (it names the vocabulary; nothing is fetched).
    public func rendered(standalone: Bool = true) -> String {
        var lines: [String] = []
        if standalone { lines.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>") }
        lines.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(Self.number(width))\" "
                     + "height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
                     + "font-family=\"\(Self.fontFamily)\" font-size=\"12\">")
        if let titleText { lines.append("<title>\(Self.escape(titleText))</title>") }
        if !definitions.isEmpty { lines.append("<defs>"); lines += definitions; lines.append("</defs>") }
        lines.append("<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"#ffffff\"/>")
        lines += body
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Generic families only: no font file is referenced, so nothing is loaded.
    static let fontFamily = "Helvetica, Arial, sans-serif"

    // MARK: Shapes

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
                              width: Double = 1, dash: String? = nil, clip: String? = nil) {
        body.append("<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\""
                    + Self.stroke(stroke, width: width, dash: dash) + Self.clip(clip) + "/>")
    }

    /// A polyline through `points`; non-finite points split it into pieces.
    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5,
                                  dash: String? = nil, clip: String? = nil) {
        var piece: [String] = []
        func flush() {
            if piece.count >= 2 {
                body.append("<polyline fill=\"none\" points=\"\(piece.joined(separator: " "))\""
                            + Self.stroke(stroke, width: width, dash: dash) + " stroke-linejoin=\"round\"" + Self.clip(clip) + "/>")
            }
            piece = []
        }
        for (x, y) in points {
            if x.isFinite && y.isFinite { piece.append("\(Self.number(x)),\(Self.number(y))") } else { flush() }
        }
        flush()
    }

    public mutating func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: String = "none",
                              fillOpacity: Double? = nil, stroke: String? = nil, strokeWidth: Double = 1) {
        body.append("<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
                    + "fill=\"\(fill)\"" + (fillOpacity.map { " fill-opacity=\"\($0)\"" } ?? "")
                    + (stroke.map { Self.stroke($0, width: strokeWidth, dash: nil) } ?? "") + "/>")
    }

    public mutating func circle(_ x: Double, _ y: Double, radius: Double, fill: String, clip: String? = nil) {
        body.append("<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(fill)\"" + Self.clip(clip) + "/>")
    }

    /// Points of one colour in a group named `id`, in order: a page's script moves the group's
    /// i-th circle for the i-th point (the report's fitted-vs-observed plot under the slider).
    public mutating func points(id: String, _ points: [(Double, Double)], radius: Double, fill: String, opacity: Double,
                                clip: String? = nil) {
        body.append("<g id=\"\(Self.escape(id))\" fill=\"\(fill)\" fill-opacity=\"\(opacity)\"" + Self.clip(clip) + ">")
        for (x, y) in points {
            body.append("<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\"/>")
        }
        body.append("</g>")
    }

    public enum Anchor: String { case start, middle, end }

    /// Text with its baseline at y. `rotate` turns it about (x, y), in degrees.
    public mutating func text(_ string: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12,
                              fill: String = "#000000", bold: Bool = false, rotate: Double? = nil) {
        var attributes = "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor.rawValue)\""
        if size != 12 { attributes += " font-size=\"\(Self.number(size))\"" }
        if fill != "#000000" { attributes += " fill=\"\(fill)\"" }
        if bold { attributes += " font-weight=\"bold\"" }
        if let rotate { attributes += " transform=\"rotate(\(Self.number(rotate)) \(Self.number(x)) \(Self.number(y)))\"" }
        body.append("<text \(attributes)>\(Self.escape(string))</text>")
    }

    /// A vertical line drawn hidden, for a page's script to move to lambda index l: `positions`
    /// holds its x at every lambda ("none" where it has no place), so the script needs no scale.
    public mutating func sliderMarker(id: String, positions: [Double], top: Double, bottom: Double, stroke: String) {
        let xs = positions.map { $0.isFinite ? Self.number($0) : "none" }.joined(separator: " ")
        body.append("<line id=\"\(Self.escape(id))\" x1=\"0\" y1=\"\(Self.number(top))\" x2=\"0\" y2=\"\(Self.number(bottom))\""
                    + Self.stroke(stroke, width: 2, dash: nil) + " visibility=\"hidden\" data-positions=\"\(xs)\"/>")
    }

    /// A clipping rectangle, used by reference as `clip`; ids are chosen by the caller so they
    /// stay unique when several plots share one HTML page.
    public mutating func clipRect(id: String, _ x: Double, _ y: Double, _ width: Double, _ height: Double) {
        definitions.append("<clipPath id=\"\(Self.escape(id))\"><rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" "
                           + "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\"/></clipPath>")
    }

    /// A title for the whole picture (shown as a tooltip, read by screen readers).
    public mutating func title(_ string: String) {
        titleText = string
    }

    // MARK: Formatting

    /// One decimal, no exponent, no "-0": the same number always gives the same text. A
    /// coordinate beyond a billion pixels (a finite value near the top of Double's range, from a
    /// model file's huge coefficient) is drawn at a billion, far off the canvas as it should be,
    /// rather than overflowing Int.
    public static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let tenths = Int((min(max(x, -1e9), 1e9) * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// Escapes the five XML special characters, and drops control characters that XML 1.0 forbids
    /// (a feature name may hold anything a CSV header can).
    public static func escape(_ string: String) -> String {
        var out = ""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out += " "
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func stroke(_ color: String, width: Double, dash: String?) -> String {
        " stroke=\"\(color)\" stroke-width=\"\(number(width))\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")
    }

    private static func clip(_ id: String?) -> String { id.map { " clip-path=\"url(#\(escape($0)))\"" } ?? "" }
}
