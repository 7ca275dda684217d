import Foundation
import Testing

/// Getting a newcomer's data in (issue 18): pandas' unnamed index column, rows with a missing
/// target, ID and name columns left out, and messages that say which option fixes the input.
struct DataInTests {
    /// Rows of three features and a gaussian target, as (index label, x1, x2, x3, y); no row is
    /// missing anything.
    static let rows: [(index: String, x: [Double], y: Double)] = (0 ..< 30).map { i in
        let x = [Double(i % 7), Double((i * 3) % 11), Double((i * 5) % 13)]
        return ("r\(i)", x, 2 * x[0] - x[1] + 0.5 * x[2] + Double(i % 3))
    }

    /// The rows as CSV: with pandas' index column (an empty first header name) when `indexed`,
    /// with the targets of `missing` rows written as `blank`, and only the rows in `keep`.
    static func csv(indexed: Bool, missing: Set<Int> = [], blank: String = "", keep: (Int) -> Bool = { _ in true }) -> String {
        var lines = [(indexed ? "," : "") + "x1,x2,x3,y"]
        for (i, row) in rows.enumerated() where keep(i) {
            let y = missing.contains(i) ? blank : String(row.y)
            lines.append((indexed ? row.index + "," : "") + row.x.map { String($0) }.joined(separator: ",") + "," + y)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The fitted coefficients of a `fit --format json` run, by name.
    static func coefficients(_ run: EnetRun) throws -> [String: Double] {
        try #require(run.json()["coefficients"] as? [String: Double])
    }

    static func fit(_ path: String, _ extra: [String] = []) throws -> EnetRun {
        try EnetRun(["fit", path, "--lambda", "0.1", "--format", "json"] + extra)
    }

    /// pandas' `df.to_csv("x.csv")` writes the row index as an unnamed first column: it is read
    /// past with one note on stderr, and the fit is the fit of the file without it.
    @Test func anUnnamedIndexColumnIsSkippedWithANote() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let indexed = try Self.fit(try scratch.write(Self.csv(indexed: true), "indexed.csv"))
        let plain = try Self.fit(try scratch.write(Self.csv(indexed: false), "plain.csv"))
        #expect(indexed.succeeded && plain.succeeded, "\(indexed.stderr)\(plain.stderr)")
        #expect(try Self.coefficients(indexed) == Self.coefficients(plain))
        #expect(try Set(Self.coefficients(indexed).keys) == ["x1", "x2", "x3"])
        let notes = indexed.stderr.split(separator: "\n")
        #expect(notes.count == 1 && notes[0].hasPrefix("enet: note: ") && notes[0].contains("indexed.csv")
                && notes[0].contains("row index"), "\(indexed.stderr)")
        #expect(plain.stderr.isEmpty, "\(plain.stderr)")
    }

    /// `predict` reads new data as the training data was read: an index column is skipped there
    /// too, and a target column, which predictions do not read, may have gaps.
    @Test func predictSkipsTheIndexColumnOfNewData() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let train = try scratch.write(Self.csv(indexed: true), "train.csv")
        let fit = try EnetRun(["fit", train, "--lambda", "0.1", "--output", scratch.path("m.json")])
        #expect(fit.succeeded, "\(fit.stderr)")
        let indexed = try EnetRun(["predict", scratch.path("m.json"), try scratch.write(Self.csv(indexed: true, missing: [3]), "new-indexed.csv")])
        let plain = try EnetRun(["predict", scratch.path("m.json"), try scratch.write(Self.csv(indexed: false), "new-plain.csv")])
        #expect(indexed.succeeded && plain.succeeded, "\(indexed.stderr)\(plain.stderr)")
        #expect(indexed.stdout == plain.stdout && indexed.csv.rows.count == Self.rows.count)
        #expect(indexed.stderr.contains("new-indexed.csv") && indexed.stderr.contains("row index"), "\(indexed.stderr)")
    }

    /// --drop-missing-target leaves out the rows whose target is empty or NA, says how many, and
    /// fits exactly what a file without those rows gives.
    @Test(arguments: ["", "NA"])
    func rowsWithAMissingTargetAreDropped(blank: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let missing: Set<Int> = [2, 11, 29]
        let holey = try scratch.write(Self.csv(indexed: false, missing: missing, blank: blank), "holey.csv")
        let complete = try scratch.write(Self.csv(indexed: false, keep: { !missing.contains($0) }), "complete.csv")
        let dropped = try Self.fit(holey, ["--drop-missing-target"])
        let reference = try Self.fit(complete)
        #expect(dropped.succeeded && reference.succeeded, "\(dropped.stderr)\(reference.stderr)")
        #expect(try Self.coefficients(dropped) == Self.coefficients(reference))
        #expect(dropped.stderr.contains("left out 3 of 30 rows") && dropped.stderr.contains("\"y\""), "\(dropped.stderr)")
        #expect(dropped.stderr.split(separator: "\n").count == 1)
    }

    /// A binomial target is read as labels: an empty label is missing too.
    @Test func aMissingClassLabelIsDropped() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let labels = Self.rows.indices.map { $0 == 4 ? "" : ($0 % 2 == 0 ? "no" : "yes") }
        func file(_ keep: (Int) -> Bool) -> String {
            "x1,x2,x3,y\n" + Self.rows.indices.filter(keep).map { i in
                Self.rows[i].x.map { String($0) }.joined(separator: ",") + "," + labels[i]
            }.joined(separator: "\n") + "\n"
        }
        let dropped = try Self.fit(try scratch.write(file { _ in true }, "holey.csv"), ["--family", "binomial", "--drop-missing-target"])
        let reference = try Self.fit(try scratch.write(file { $0 != 4 }, "complete.csv"), ["--family", "binomial"])
        #expect(dropped.succeeded && reference.succeeded, "\(dropped.stderr)\(reference.stderr)")
        #expect(try Self.coefficients(dropped) == Self.coefficients(reference))
        #expect(dropped.stderr.contains("left out 1 of 30 rows"), "\(dropped.stderr)")
    }

    /// After rows are dropped, a later error still names the line of the file it is on.
    @Test func errorsAfterDroppedRowsNameTheFileLine() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write("a,w,y\n1,1,\n2,1,3\n3,-1,4\n4,1,5\n", "data.csv")
        let run = try EnetRun(["fit", data, "--weights", "w", "--lambda", "0.1", "--drop-missing-target"])
        #expect(run.refusalProblem == nil, "\(run.refusalProblem ?? "")")
        #expect(run.stderr.contains("line 4, column 2") && run.stderr.contains("negative"), "\(run.stderr)")
    }

    /// --exclude leaves an ID and a text column out: the fit is the fit without them, and
    /// `predict` takes new data with or without those columns.
    @Test func excludedColumnsAreLeftOutAndNotNeededByPredict() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        func file(id: Bool) -> String {
            (id ? "id,name," : "") + "x1,x2,x3,y\n" + Self.rows.enumerated().map { i, row in
                (id ? "\(1000 + i),\"Name \(i)\"," : "") + row.x.map { String($0) }.joined(separator: ",") + ",\(row.y)"
            }.joined(separator: "\n") + "\n"
        }
        let withID = try scratch.write(file(id: true), "with-id.csv")
        let without = try scratch.write(file(id: false), "without.csv")
        let excluded = try Self.fit(withID, ["--exclude", "id,name", "--output", scratch.path("m.json")])
        let reference = try Self.fit(without)
        #expect(excluded.succeeded && reference.succeeded, "\(excluded.stderr)\(reference.stderr)")
        let model = try EnetRun.object(Data(contentsOf: URL(fileURLWithPath: scratch.path("m.json"))))
        #expect(model["coefficients"] as? [String: Double] == (try Self.coefficients(reference)))
        let predictWith = try EnetRun(["predict", scratch.path("m.json"), withID])
        let predictWithout = try EnetRun(["predict", scratch.path("m.json"), without])
        #expect(predictWith.succeeded && predictWithout.succeeded, "\(predictWith.stderr)\(predictWithout.stderr)")
        #expect(predictWith.stdout == predictWithout.stdout && predictWith.csv.rows.count == Self.rows.count)
        // An exact refit at another lambda reads the training data with the same exclusions.
        let refit = try EnetRun(["predict", scratch.path("m.json"), without, "--s", "0.05"])
        #expect(refit.succeeded, "\(refit.stderr)")
        #expect(refit.stderr.contains("refitted exactly"), "\(refit.stderr)")
    }

    static let refusals: [(name: String, csv: String, arguments: [String], says: [String])] = [
        ("text column", "a,league,y\n1,N,3\n2,A,4\n3,N,5\n", ["fit", "DATA", "--lambda", "0.1"],
         ["line 2, column 2", "\"N\" is not a number", "--categorical league", "--exclude league"]),
        ("binomial with three values", "a,y\n1,a\n2,b\n3,c\n", ["fit", "DATA", "--family", "binomial", "--lambda", "0.1"],
         ["two distinct values", "--family multinomial"]),
        ("missing target without the option", "a,y\n1,3\n2,\n3,5\n", ["fit", "DATA", "--lambda", "0.1", "--impute", "mean"],
         ["line 3", "\"y\"", "--drop-missing-target"]),
        ("every target missing", "a,y\n1,\n2,NA\n", ["fit", "DATA", "--lambda", "0.1", "--drop-missing-target"],
         ["data.csv", "every value", "\"y\""]),
        ("exclude an unknown column", "a,b,y\n1,2,3\n2,1,4\n3,3,5\n", ["fit", "DATA", "--lambda", "0.1", "--exclude", "id"],
         ["data.csv", "\"id\"", "--exclude"]),
        ("exclude the target", "a,b,y\n1,2,3\n2,1,4\n3,3,5\n", ["fit", "DATA", "--lambda", "0.1", "--exclude", "y"],
         ["--exclude", "target", "\"y\""]),
        ("exclude every feature", "a,b,y\n1,2,3\n2,1,4\n3,3,5\n", ["fit", "DATA", "--lambda", "0.1", "--exclude", "a,b"],
         ["data.csv", "no feature columns"]),
        ("a second empty column name", ",a,,y\n0,1,2,3\n1,2,1,4\n", ["fit", "DATA", "--lambda", "0.1"],
         ["data.csv", "line 1, column 3", "empty"]),
        ("missing target cell", "a,y\n1,3\n2,\n3,5\n", ["fit", "DATA", "--lambda", "0.1", "--target", "y"],
         ["line 3, column 2", "--drop-missing-target"]),
        ("missing feature cell", "a,y\n1,3\nNA,4\n3,5\n", ["fit", "DATA", "--lambda", "0.1", "--target", "y"],
         ["line 3, column 1", "--impute mean"]),
        ("missing class label", "a,y\n1,no\n2,\n3,yes\n", ["fit", "DATA", "--lambda", "0.1", "--family", "binomial"],
         ["line 3, column 2", "label is empty", "--drop-missing-target"]),
        // The note about the index column waits for success: a refusal is still one line.
        ("index column, then a refusal", ",a,y\n0,1,3\n1,x,4\n", ["fit", "DATA", "--lambda", "0.1"],
         ["line 3, column 2", "\"x\" is not a number"]),
    ]

    @Test(arguments: refusals.map(\.name))
    func refusalsSayWhichOptionHelps(name: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let c = try #require(Self.refusals.first { $0.name == name })
        let data = try scratch.write(c.csv, "data.csv")
        let run = try EnetRun(c.arguments.map { $0 == "DATA" ? data : $0 })
        #expect(run.refusalProblem == nil, "\(run.refusalProblem ?? "")")
        for fragment in c.says { #expect(run.stderr.contains(fragment), "\(run.stderr) lacks \(fragment)") }
    }
}
