import ElasticNetReport
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A drawn picture read back as its elements, for checks on what a reader would see: where text
/// sits, which curves are drawn in which style, how large the picture is.
struct SVGElements {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text: String
        func number(_ key: String) -> Double { Double(attributes[key] ?? "") ?? 0 }
    }

    var elements: [Element] = []
    var width: Double { elements.first { $0.name == "svg" }?.number("width") ?? 0 }
    var height: Double { elements.first { $0.name == "svg" }?.number("height") ?? 0 }

    init(_ xml: String) throws {
        final class Collector: NSObject, XMLParserDelegate {
            var elements: [Element] = []
            var open: [Int] = []
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                open.append(elements.count)
                elements.append(Element(name: name, attributes: attributes, text: ""))
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                if let last = open.last { elements[last].text += string }
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                open.removeLast()
            }
        }
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = Collector()
        parser.delegate = collector
        let parsed = parser.parse()
        try #require(parsed, "not well-formed XML: \(String(describing: parser.parserError))")
        elements = collector.elements
    }

    /// A text's box as the plots estimate it (TextWidth), from a little above the cap height to
    /// a little below the baseline; nil for rotated text (axis titles stand apart by construction).
    struct Box: CustomStringConvertible {
        var text: String, left: Double, right: Double, top: Double, bottom: Double
        func overlaps(_ other: Box) -> Bool {
            left < other.right && other.left < right && top < other.bottom && other.top < bottom
        }
        var description: String { "\"\(text)\" [\(left), \(right)] x [\(top), \(bottom)]" }
    }

    var textBoxes: [Box] {
        elements.filter { $0.name == "text" && $0.attributes["transform"] == nil }.map { element in
            let size = Double(element.attributes["font-size"] ?? "12") ?? 12
            let width = TextWidth.estimate(element.text, size: size)
            let x = element.number("x"), y = element.number("y")
            let left = switch element.attributes["text-anchor"] {
            case "middle": x - width / 2
            case "end": x - width
            default: x
            }
            // Estimated widths are generous; trimming a sixth of a character each side keeps
            // neighbours that merely touch in the estimate from counting as overlapping.
            let slack = size * 0.1
            return Box(text: element.text, left: left + slack, right: left + width - slack, top: y - size * 0.75, bottom: y + size * 0.2)
        }
    }

    /// Pairs of texts that overlap.
    var overlappingTexts: [(Box, Box)] {
        let boxes = textBoxes
        var pairs: [(Box, Box)] = []
        for a in boxes.indices {
            for b in boxes.indices where b > a && boxes[a].overlaps(boxes[b]) { pairs.append((boxes[a], boxes[b])) }
        }
        return pairs
    }

    /// Texts that run off the canvas.
    var textsOffCanvas: [Box] {
        textBoxes.filter { $0.left < 0 || $0.right > width || $0.top < 0 || $0.bottom > height }
    }

    /// The style (colour, dash) of each clipped polyline, i.e. each data curve, with its count.
    var curveStyles: [String: Int] {
        var styles: [String: Int] = [:]
        for element in elements where element.name == "polyline" && element.attributes["clip-path"] != nil {
            styles[Self.style(element), default: 0] += 1
        }
        return styles
    }

    /// The styles of the unclipped sample lines: legend entries and end-label keys.
    var keyStyles: Set<String> {
        Set(elements.filter { $0.name == "line" && $0.attributes["clip-path"] == nil && $0.number("stroke-width") == 2 }.map(Self.style))
    }

    static func style(_ element: Element) -> String {
        (element.attributes["stroke"] ?? "") + " " + (element.attributes["stroke-dasharray"] ?? "solid")
    }

    var texts: [String] { elements.filter { $0.name == "text" }.map(\.text) }
}
