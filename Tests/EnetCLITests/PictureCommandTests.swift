import Foundation
import Testing

/// `enet plot` and `enet report` as a user runs them: the files are well-formed XML, the curves
/// carry the feature names, nothing points outside the file, the same input gives the same
/// bytes, and bad options are refused naming the option.
struct PictureCommandTests {
    static let features = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]

    /// A cv model file of the bundled example in a fresh folder.
    static func modelFolder() throws -> Scratch {
        let scratch = try Scratch()
        let run = try EnetRun(["cv", EnetRun.diabetes, "--output", scratch.path("model.json"), "--threads", "1"])
        #expect(run.succeeded, "\(run.stderr)")
        return scratch
    }

    /// Each kind, with whether its labels must name every feature, and whether two runs must give
    /// the same bytes (a trace's time panel is wall-clock time, the one thing that varies).
    static let kinds: [(name: String, arguments: [String], namesFeatures: Bool, reproducible: Bool)] = [
        ("path", ["plot", "path", "MODEL"], true, true),
        ("path-norm", ["plot", "path", "MODEL", "--x", "norm"], true, true),
        ("path-dev", ["plot", "path", "MODEL", "--x", "dev", "--units", "original"], true, true),
        ("path-data", ["plot", "path", EnetRun.diabetes, "--alpha", "0.5"], true, true),
        ("cv", ["plot", "cv", "MODEL"], false, true),
        ("cv-data", ["plot", "cv", EnetRun.diabetes, "--folds", "5", "--threads", "1"], false, true),
        ("compare", ["plot", "compare", EnetRun.diabetes], true, true),
        ("trace", ["plot", "trace", EnetRun.diabetes, "--lambda", "2", "--iterations", "200"], false, false),
        ("demo", ["plot", "demo"], false, true),
    ]

    @Test(arguments: kinds.map(\.name))
    func everyPlotIsWellFormedSelfContainedAndLabelled(kind: String) throws {
        let scratch = try Self.modelFolder()
        defer { scratch.remove() }
        let spec = try #require(Self.kinds.first { $0.name == kind })
        let arguments = spec.arguments.map { $0 == "MODEL" ? scratch.path("model.json") : $0 }
        let run = try EnetRun(arguments + ["--out", scratch.path("a.svg")])
        #expect(run.succeeded && run.stdout.isEmpty && run.stderr.isEmpty, "\(run.stderr)")
        let svg = try Rendered(file: scratch.path("a.svg"))
        #expect(svg.text.hasPrefix("<?xml") && svg.elementCounts["svg"] == 1)
        #expect(svg.networkResources.isEmpty, "network resources: \(svg.networkResources)")
        #expect(svg.externalReferences.isEmpty, "references outside the file: \(svg.externalReferences)")
        #expect((svg.elementCounts["polyline"] ?? 0) + (svg.elementCounts["circle"] ?? 0) > 0, "nothing is drawn")
        if spec.namesFeatures {
            for name in Self.features { #expect(svg.labels.contains(name), "no label \(name) in \(kind)") }
        }
        // Written atomically: only the model and the picture are left in the folder.
        #expect(try scratch.contents() == ["a.svg", "model.json"])
        if spec.reproducible {
            let again = try EnetRun(arguments + ["--out", scratch.path("b.svg")])
            #expect(again.succeeded)
            #expect(try scratch.read("a.svg") == scratch.read("b.svg"), "two runs of plot \(kind) differ")
        }
    }

    @Test func pathLabelsNameHostileFeatureNamesEscaped() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let csv = "\"a<b\",\"x&y\",\"q\"\"uote\",y\n" + (0 ..< 30).map { i in
            let x = [Double(i % 7), Double((i * 3) % 11), Double((i * 5) % 13)]
            return x.map { String($0) }.joined(separator: ",") + ",\(x[0] * 2 - x[1] + 0.5 * x[2] + Double(i % 3))"
        }.joined(separator: "\n") + "\n"
        let data = try scratch.write(csv, "odd.csv")
        let run = try EnetRun(["plot", "path", data, "--out", scratch.path("odd.svg")])
        #expect(run.succeeded, "\(run.stderr)")
        let svg = try Rendered(file: scratch.path("odd.svg"))
        for name in ["a<b", "x&y", "q\"uote"] { #expect(svg.labels.contains(name), "label \(name) missing") }
    }

    @Test func reportIsOneSelfContainedWellFormedPage() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let arguments = ["report", EnetRun.diabetes, "--folds", "5", "--threads", "1", "--iterations", "100", "--out", "report.html"]
        let run = try EnetRun(arguments, in: scratch.url)
        #expect(run.succeeded && run.stdout.isEmpty && run.stderr.isEmpty, "\(run.stderr)")
        let page = try Rendered(file: scratch.path("report.html"))
        #expect(page.networkResources.isEmpty, "network resources: \(page.networkResources)")
        #expect(page.externalReferences.isEmpty, "references outside the page: \(page.externalReferences)")
        // Two inline scripts (the lambda slider's data and code), none loaded from anywhere.
        #expect(page.elementCounts["script"] == 2 && !page.text.contains("<script src") && page.elementCounts["link"] == nil
                && page.elementCounts["img"] == nil)
        // Path, CV curve, fitted against observed, L1 against L2, solver traces, one-weight demo.
        #expect(page.elementCounts["svg"] == 6 && page.elementCounts["figure"] == 6)
        for name in Self.features { #expect(page.labels.contains(name), "no label \(name)") }
        for heading in ["Data", "Coefficient paths", "Cross-validation and the chosen lambda", "Coefficients of the chosen model",
                        "Fitted against observed", "Certificates", "L1 against L2", "Solver traces", "Why L1 gives exact zeros: one weight", "Reproducibility"] {
            #expect(page.labels.contains(heading), "no section \(heading)")
        }
        for fact in ["duality gap", "largest KKT residual", "input SHA-256", "KKT margin"] {
            #expect(page.labels.contains(fact), "no \(fact)")
        }
        let digest = try #require(ModelDigest.sha256(EnetRun.diabetes))
        #expect(page.labels.contains(digest))
        // The reproducing command is the one that was run.
        #expect(page.labels.contains("enet " + arguments.joined(separator: " ")))
        // The same command gives the same bytes.
        let first = try scratch.read("report.html")
        let again = try EnetRun(arguments, in: scratch.url)
        #expect(again.succeeded)
        #expect(try scratch.read("report.html") == first, "two runs of the same report differ")
        #expect(try scratch.contents() == ["report.html"], "a temporary file was left behind")
    }

    @Test func reportZerosCarryKKTMarginsBelowOne() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try EnetRun(["report", EnetRun.diabetes, "--folds", "5", "--threads", "1", "--iterations", "20",
                               "--out", scratch.path("r.html")])
        #expect(run.succeeded, "\(run.stderr)")
        let html = try scratch.read("r.html")
        // The zero table: rows of feature, margin, certified. At the optimum every zero's margin is <= 1.
        let table = try #require(html.range(of: "<th>certified zero</th>").map { String(html[$0.upperBound...]) })
        let body = String(table[..<(table.range(of: "</table>")?.lowerBound ?? table.endIndex)])
        let regex = try NSRegularExpression(pattern: #"<tr><td>([^<]+)</td><td class="num">([^<]+)</td>"#)
        let rows = regex.matches(in: body, range: NSRange(body.startIndex..., in: body)).map {
            (String(body[Range($0.range(at: 1), in: body)!]), String(body[Range($0.range(at: 2), in: body)!]))
        }
        #expect(!rows.isEmpty, "no zero coefficients listed at lambda.1se")
        for (feature, margin) in rows {
            let value = try #require(Double(margin), "margin of \(feature) is \(margin)")
            #expect(value >= 0 && value <= 1 + 1e-6, "\(feature): KKT margin \(value) above 1 at a certified zero")
        }
    }

    static let refusals: [(arguments: [String], option: String)] = [
        (["plot", "path", EnetRun.diabetes, "--x", "bogus", "--out", "p.svg"], "--x"),
        (["plot", "path", EnetRun.diabetes, "--output", "/no/such/folder/p.svg"], "--output"),
        (["plot", "path", EnetRun.diabetes, "--format", "json", "--out", "p.svg"], "--format"),
        (["plot", "path", EnetRun.diabetes, "--out", "/no/such/folder/p.svg"], "--out"),
        (["plot", "path", EnetRun.diabetes], "--out"),
        (["plot", "cv", EnetRun.diabetes, "--folds", "1", "--out", "p.svg"], "--folds"),
        (["plot", "cv", EnetRun.diabetes, "--x", "norm", "--out", "p.svg"], "--x"),
        (["plot", "trace", EnetRun.diabetes, "--out", "p.svg"], "--lambda"),
        (["plot", "trace", EnetRun.diabetes, "--lambda", "1", "--solvers", "newton", "--out", "p.svg"], "--solvers"),
        (["plot", "trace", EnetRun.diabetes, "--lambda", "1", "--iterations", "0", "--out", "p.svg"], "--iterations"),
        (["plot", "demo", "--steps", "0", "--out", "p.svg"], "--steps"),
        (["plot", "spiral"], "spiral"),
        (["report", EnetRun.diabetes, "--family", "multinomial", "--out", "r.html"], "--family"),
        (["report", EnetRun.diabetes, "--s", "lambda.best", "--out", "r.html"], "--s"),
        (["report", EnetRun.diabetes, "--format", "json", "--output", "r.html"], "--format"),
    ]

    @Test(arguments: refusals.indices)
    func badOptionsAreRefusedNamingTheOption(index: Int) throws {
        let (arguments, option) = Self.refusals[index]
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try EnetRun(arguments, in: scratch.url)
        #expect(run.refusalProblem == nil, "\(arguments): \(run.refusalProblem ?? "")")
        #expect(run.stderr.contains(option), "\(arguments): the message does not name \(option): \(run.stderr)")
        #expect(try scratch.contents().isEmpty, "\(arguments) left a file")
    }

    /// Wide multiclass data as issue 18 met it (Khan: 63 rows, thousands of genes, 4 classes):
    /// one panel per class, each naming at most a dozen genes, in a picture of bounded size.
    @Test func widePathHasOnePanelPerClassAndFewNames() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let p = 2308, classes = 4
        var state: UInt64 = 18
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let header = (1 ... p).map { "gene\($0)" }.joined(separator: ",") + ",y"
        let rows = (0 ..< 63).map { i -> String in
            // Gene k of the first 20 marks class k % 4.
            let genes = (0 ..< p).map { j in String(format: "%.3f", noise() + (j < 20 && j % classes == i % classes ? 1.5 : 0)) }
            return genes.joined(separator: ",") + ",\(i % classes)"
        }
        let data = try scratch.write(([header] + rows).joined(separator: "\n") + "\n", "khan.csv")
        let cv = try EnetRun(["cv", data, "--family", "multinomial", "--folds", "3", "--nlambda", "30", "--threads", "1",
                              "--output", scratch.path("model.json")])
        #expect(cv.succeeded, "\(cv.stderr)")
        let run = try EnetRun(["plot", "path", scratch.path("model.json"), "--out", scratch.path("path.svg")])
        #expect(run.succeeded, "\(run.stderr)")
        let svg = try Rendered(file: scratch.path("path.svg"))
        let height = try #require(svg.text.firstMatch(of: /height="([0-9.]+)"/).flatMap { Double($0.1) })
        #expect(height < 2000, "\(height) px tall")
        for k in 0 ..< classes { #expect(svg.labels.contains("class \(k)"), "no panel for class \(k)") }
        let genes = svg.labels.filter { $0.hasPrefix("gene") }
        #expect(!genes.isEmpty && genes.count <= 12 * classes, "\(genes.count) gene names drawn")
        #expect(svg.labels.contains { $0.hasPrefix("λ.min = ") } && svg.labels.contains { $0.hasPrefix("λ.1se = ") })
    }

    /// `enet demo` and `enet plot demo` start from the same defaults: their figures are the same bytes.
    @Test func demoAndPlotDemoAgree() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let demo = try EnetRun(["demo", "l1-vs-l2", "--svg", scratch.path("a.svg")])
        let plot = try EnetRun(["plot", "demo", "--out", scratch.path("b.svg")])
        #expect(demo.succeeded && plot.succeeded, "\(demo.stderr) \(plot.stderr)")
        #expect(try scratch.read("a.svg") == scratch.read("b.svg"), "enet demo and enet plot demo draw different figures")
    }

    @Test func modelFilesThatCannotBeDrawnAreRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let fit = try EnetRun(["fit", EnetRun.diabetes, "--lambda", "1", "--output", scratch.path("fit.json")])
        let path = try EnetRun(["path", EnetRun.diabetes, "--output", scratch.path("path.json")])
        #expect(fit.succeeded && path.succeeded)
        for (arguments, words) in [(["plot", "path", scratch.path("fit.json")], "a path plot needs"),
                                   (["plot", "cv", scratch.path("path.json")], "no cross-validation curve"),
                                   (["plot", "compare", scratch.path("path.json")], "give it the data file")] {
            let run = try EnetRun(arguments + ["--out", scratch.path("x.svg")])
            #expect(run.refusalProblem == nil, "\(arguments): \(run.refusalProblem ?? "")")
            #expect(run.stderr.contains(words), "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("x.svg")))
    }
}

/// The SHA-256 the report's manifest should show, computed here with the system's tool.
enum ModelDigest {
    static func sha256(_ path: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let out = Pipe()
        process.standardOutput = out
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return text.split(separator: " ").first.map(String.init)
    }

}

/// A report of data with nothing to find.
struct ReportEdgeCaseTests {
    /// Pure noise: cross-validation picks the null model (lambda.1se = lambda_max), where every
    /// solver starts already optimal; the page still shows numbers, never NaN.
    @Test func reportOnNoiseShowsNoNaN() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // A fixed, patternless table (a linear congruential sequence), so the test is reproducible.
        var state: UInt64 = 5
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let rows = (0 ..< 30).map { _ in (0 ..< 4).map { _ in String(next()) }.joined(separator: ",") }
        _ = try scratch.write("a,b,c,y\n" + rows.joined(separator: "\n") + "\n", "noise.csv")
        let run = try EnetRun(["report", "noise.csv", "--folds", "3", "--out", "r.html", "--quiet"], in: scratch.url)
        #expect(run.succeeded, "\(run.stderr)")
        let page = try scratch.read("r.html")
        #expect(!page.contains("NaN") && !page.contains(">nan<") && !page.contains("inf<"))
    }
}
