import Foundation
import Testing

/// The first hour with enet (issue 18), end to end: a pandas CSV with its index column and a row
/// whose target is missing, cross-validated into a model file, reported, and used to predict on
/// new pandas data, without any option a newcomer would not find in --help.
struct NewcomerFlowTests {
    /// `df.to_csv(path)` of a frame with features x1, x2, x3 and target y: an unnamed index
    /// column first, NaN written as an empty cell (`withTarget: false` leaves y out, as new data).
    static func pandasCSV(rows: Range<Int>, missingTarget: Set<Int> = [], withTarget: Bool = true) -> String {
        var lines = [",x1,x2,x3" + (withTarget ? ",y" : "")]
        for i in rows {
            let x = [Double(i % 7), Double((i * 3) % 11) / 2, Double((i * 5) % 13) - 6]
            let y = 1.5 * x[0] - x[1] + 0.25 * x[2] + Double(i % 4) / 4
            let target = withTarget ? "," + (missingTarget.contains(i) ? "" : String(y)) : ""
            lines.append("\(i)," + x.map { String($0) }.joined(separator: ",") + target)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func pandasCSVToCrossValidatedModelReportAndPredictions() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.write(Self.pandasCSV(rows: 0 ..< 60, missingTarget: [7]), "data.csv")
        _ = try scratch.write(Self.pandasCSV(rows: 60 ..< 70, withTarget: false), "new.csv")

        let cv = try EnetRun(["cv", "data.csv", "--target", "y", "--drop-missing-target", "--output", "m.json"], in: scratch.url)
        #expect(cv.succeeded && cv.stdout.isEmpty, "\(cv.stderr)")
        #expect(cv.stderr.contains("row index") && cv.stderr.contains("left out 1 of 60 rows"), "\(cv.stderr)")
        let model = try EnetRun.object(Data(contentsOf: URL(fileURLWithPath: scratch.path("m.json"))))
        #expect(model["features"] as? [String] == ["x1", "x2", "x3"], "\(model["features"] ?? "none")")

        let report = try EnetRun(["report", "data.csv", "--target", "y", "--drop-missing-target", "--iterations", "20",
                                  "--output", "report.html"], in: scratch.url)
        #expect(report.succeeded && report.stdout.isEmpty, "\(report.stderr)")
        let page = try Rendered(file: scratch.path("report.html"))
        for name in ["x1", "x2", "x3"] { #expect(page.labels.contains(name), "the report has no \(name)") }

        let predict = try EnetRun(["predict", "m.json", "new.csv"], in: scratch.url)
        #expect(predict.succeeded, "\(predict.stderr)")
        #expect(predict.csv.header == ["response"] && predict.csv.rows.count == 10, "\(predict.stdout)")
        #expect(predict.csv.rows.allSatisfy { Double($0[0])?.isFinite == true }, "\(predict.stdout)")
        // A lambda off the grid refits on the training data, read as cv read it (the model file
        // records --drop-missing-target), without repeating cv's notes.
        let refit = try EnetRun(["predict", "m.json", "new.csv", "--s", "0.0123"], in: scratch.url)
        #expect(refit.succeeded && refit.csv.rows.count == 10, "\(refit.stderr)")
        #expect(refit.stderr.contains("refitted exactly") && !refit.stderr.contains("left out 1 of 60"), "\(refit.stderr)")
    }
}
