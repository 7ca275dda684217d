/// A self-contained HTML page: inline CSS, inline SVG figures, no fonts, no links to anything
/// outside the file, so it opens the same offline, in an archive or attached to an email. Its one
/// optional script (`slider`) is inline and only adds to a page that is complete without it. It
/// is also well-formed XML (every element closed, text escaped), which the tests check with an
/// XML parser.
public struct HTMLReport {
    public let title: String
    private var parts: [String] = []
    private var contents: [(id: String, title: String)] = []

    public init(title: String) { self.title = title }

    /// A numbered section heading, listed in the table of contents.
    public mutating func section(_ heading: String) {
        let id = "s\(contents.count + 1)"
        contents.append((id, heading))
        parts.append("<h2 id=\"\(id)\">\(SVG.escape(heading))</h2>")
    }

    /// A paragraph; `id` names it for the slider's script.
    public mutating func paragraph(_ text: String, id: String? = nil) {
        parts.append("<p\(Self.idAttribute(id))>\(SVG.escape(text))</p>")
    }

    /// A table; `numeric` columns are right-aligned; `bodyID` names its body for the slider's script.
    public mutating func table(headers: [String], rows: [[String]], numeric: Set<Int> = [], caption: String? = nil,
                               bodyID: String? = nil) {
        var html = "<table>"
        if let caption { html += "<caption>\(SVG.escape(caption))</caption>" }
        html += "<thead><tr>" + headers.enumerated().map { cell("th", $1, numeric: numeric.contains($0)) }.joined()
            + "</tr></thead><tbody\(Self.idAttribute(bodyID))>"
        for row in rows {
            html += "<tr>" + row.enumerated().map { cell("td", $1, numeric: numeric.contains($0)) }.joined() + "</tr>"
        }
        parts.append(html + "</tbody></table>")
    }

    /// Two columns of names and values.
    public mutating func facts(_ pairs: [(String, String)]) {
        parts.append("<table class=\"facts\"><tbody>" + pairs.map { "<tr><th>\(SVG.escape($0.0))</th><td>\(SVG.escape($0.1))</td></tr>" }.joined()
                     + "</tbody></table>")
    }

    /// An inline SVG picture with its caption.
    public mutating func figure(_ svg: SVG, caption: String) {
        parts.append("<figure>\(svg.rendered(standalone: false))<figcaption>\(SVG.escape(caption))</figcaption></figure>")
    }

    /// The lambda slider: its data and its script, inline. The script runs after the parts it
    /// changes (it is appended where it is called, at the end of the page).
    public mutating func slider(_ slider: LambdaSlider) {
        parts.append("<script type=\"application/json\" id=\"lambda-slider-data\">\(slider.json())</script>")
        // In CDATA for XML parsers; the markers are JavaScript comments to an HTML parser.
        parts.append("<script>//<![CDATA[\n\(LambdaSlider.script)\n//]]></script>")
    }

    private static func idAttribute(_ id: String?) -> String { id.map { " id=\"\(SVG.escape($0))\"" } ?? "" }

    /// Preformatted text, e.g. a command to copy.
    public mutating func code(_ text: String) {
        parts.append("<pre>\(SVG.escape(text))</pre>")
    }

    public func rendered() -> String {
        let toc = "<nav><ol>" + contents.map { "<li><a href=\"#\($0.id)\">\(SVG.escape($0.title))</a></li>" }.joined() + "</ol></nav>"
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(SVG.escape(title))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <h1>\(SVG.escape(title))</h1>
        \(toc)
        \(parts.joined(separator: "\n"))
        </body>
        </html>

        """
    }

    private func cell(_ tag: String, _ text: String, numeric: Bool) -> String {
        "<\(tag)\(numeric ? " class=\"num\"" : "")>\(SVG.escape(text))</\(tag)>"
    }

    /// Print-friendly: figures never split across pages and scale down to the page width.
    static let style = """
    body{font-family:Helvetica,Arial,sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#111;line-height:1.4}
    h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}
    table{border-collapse:collapse;margin:0.8em 0}th,td{padding:0.2em 0.7em;border-bottom:1px solid #e2e2e2;text-align:left}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;color:#555;padding:0.3em 0}
    table.facts th{font-weight:normal;color:#555}
    figure{margin:1em 0;break-inside:avoid}figure svg{max-width:100%;height:auto}figcaption{color:#444;font-size:0.92em}
    pre{background:#f4f4f4;padding:0.6em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
    nav ol{columns:2}
    .slider{position:sticky;top:0;background:#fff;padding:0.4em 0;border-bottom:1px solid #ccc;z-index:1}
    .slider input{width:60%;vertical-align:middle}
    @media print{.slider{display:none}}
    """
}
