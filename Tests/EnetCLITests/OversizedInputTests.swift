import Foundation
import Testing

/// Inputs large in one direction only (issue 15): many columns and few rows, a class per row, an
/// svmlight file naming a far feature. Each is fitted with the right names, or refused at once
/// with the reason, never left to run for minutes.
struct OversizedInputTests {
    /// 20,000 columns x 6 rows, y a copy of one column far down the header: the fit finds that
    /// column by name (names are matched through a dictionary, not a search per feature).
    @Test func wideCSVFitsWithTheRightNames() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let p = 20_000, chosen = 17_321
        var lines = [(0 ..< p).map { "x\($0)" }.joined(separator: ",") + ",y"]
        for i in 0 ..< 6 {
            // Pseudo-random cells (the fractional part of a scaled sine), no two columns alike.
            let row = (0 ..< p).map { j in
                let s = sin(Double(i * 100_003 + j) * 12.9898) * 43758.5453
                return ((s - s.rounded(.down)) * 1000).rounded() / 1000
            }
            lines.append(row.map { String($0) }.joined(separator: ",") + ",\(row[chosen])")
        }
        let data = try scratch.write(lines.joined(separator: "\n") + "\n", "wide.csv")
        let run = try EnetRun(["fit", data, "--lambda", "0.01", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let coefficients = try #require(try run.json()["coefficients"] as? [String: Double])
        #expect(coefficients.count == p)
        let largest = coefficients.max { abs($0.value) < abs($1.value) }
        #expect(largest?.key == "x\(chosen)", "\(String(describing: largest))")
    }

    /// A class seen on one row cannot be fitted (glmnet refuses it too): an ID-like target is
    /// refused before any fitting, saying why.
    @Test func singleRowClassesAreRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let rows = (0 ..< 400).map { "\(sin(Double($0))),\(cos(Double($0))),id\($0)" }
        let data = try scratch.write("a,b,id\n" + rows.joined(separator: "\n") + "\n", "ids.csv")
        let run = try EnetRun(["cv", data, "--family", "multinomial"])
        #expect(run.refusalProblem == nil, "\(run.refusalProblem ?? "")")
        #expect(run.stderr.contains("400 classes") && run.stderr.contains("single row"), "\(run.stderr)")
    }

    /// 10 rows naming feature 2^20: cross-validation over the few real columns, with the
    /// features named by their own indices.
    @Test func farSvmlightFeatureCrossValidates() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var lines = [String]()
        for i in 0 ..< 12 {
            let a = sin(Double(i) * 1.7), b = cos(Double(i) * 0.9)
            lines.append("\(3 * a + 0.1 * b) 2:\(a) 7:\(b)" + (i == 3 ? " 1048576:1" : ""))
        }
        let data = try scratch.write(lines.joined(separator: "\n") + "\n", "far.svm")
        // Text output: a JSON model of 2^20 features writes every feature's name, centre and scale.
        let text = try EnetRun(["cv", data, "--folds", "3"])
        #expect(text.succeeded, "\(text.stderr)")
        #expect(text.stdout.contains("lambda.min") && text.stdout.contains("V2"), "\(text.stdout.suffix(300))")
    }
}
