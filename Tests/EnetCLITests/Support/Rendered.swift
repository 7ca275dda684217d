import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG or HTML file as a browser would receive it: parsed as XML (so "well-formed" means an
/// XML parser accepted every byte), with its text content and the resources it would load.
struct Rendered {
    let text: String
    /// The character data of every `<text>` element (SVG labels) and every element of the page.
    let labels: [String]
    /// Elements by name, counted.
    let elementCounts: [String: Int]

    init(file: String) throws {
        text = try String(contentsOfFile: file, encoding: .utf8)
        let collector = Collector()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = collector
        guard parser.parse() else {
            throw XMLProblem(description: "\(file) is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown") at line \(parser.lineNumber), column \(parser.columnNumber)")
        }
        labels = collector.texts
        elementCounts = collector.counts
    }

    /// References that would make the browser fetch something from the network: an href, src or
    /// url() whose target is http:// or https://. The SVG namespace declaration
    /// xmlns="http://www.w3.org/2000/svg" is not one: SVG requires it, it names the vocabulary
    /// and nothing is fetched, so the check is on resources, not on every "http" in the file.
    var networkResources: [String] {
        let pattern = #"(?:href|src)\s*=\s*["']\s*https?://[^"']*|url\(\s*["']?\s*https?://[^)]*\)|@import"#
        let regex = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).map { String(text[Range($0.range, in: text)!]) }
    }

    /// Every href, src and url() reference at all: a self-contained page may point only inside
    /// itself (#fragment).
    var externalReferences: [String] {
        let regex = try! NSRegularExpression(pattern: #"(?:href|src)\s*=\s*["']([^"']*)["']|url\(\s*["']?([^)"']*)"#,
                                             options: [.caseInsensitive])
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            let target = (1 ... 2).compactMap { Range(match.range(at: $0), in: text).map { String(text[$0]) } }.first ?? ""
            return target.hasPrefix("#") ? nil : target
        }
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var texts: [String] = []
        var counts: [String: Int] = [:]
        private var current = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            counts[name, default: 0] += 1
            current = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { texts.append(trimmed) }
            current = ""
        }
    }
}

struct XMLProblem: Error, CustomStringConvertible {
    let description: String
}
