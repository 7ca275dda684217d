import Foundation
import Testing

/// Bad input is one line on stderr naming the file and place, or the option; exit code 2; nothing
/// on stdout; never a trap.
struct InputErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        /// Files to write (name, contents); "data.csv" is the usual input.
        let files: [String: String]
        let arguments: [String]
        /// Every one of these must appear in the message.
        let says: [String]
        var testDescription: String { name }
    }

    static let good = "a,b,y\n1,2,3\n4,5,7\n2,1,2\n"

    static let cases: [Case] = [
        Case(name: "missing file", files: [:], arguments: ["path", "nope.csv"], says: ["nope.csv"]),
        Case(name: "empty file", files: ["data.csv": ""], arguments: ["path", "data.csv"], says: ["data.csv", "empty"]),
        Case(name: "header only", files: ["data.csv": "a,b,y\n"], arguments: ["path", "data.csv"], says: ["data.csv", "header"]),
        Case(name: "ragged row", files: ["data.csv": "a,b,y\n1,2,3\n4,5\n"], arguments: ["path", "data.csv"],
             says: ["data.csv", "line 3"]),
        Case(name: "not a number", files: ["data.csv": "a,b,y\n1,2,3\n4,x,6\n"], arguments: ["path", "data.csv"],
             says: ["data.csv", "line 3", "column 2"]),
        Case(name: "NaN", files: ["data.csv": "a,b,y\n1,NaN,3\n4,5,6\n"], arguments: ["path", "data.csv"],
             says: ["data.csv", "line 2", "column 2"]),
        Case(name: "infinite", files: ["data.csv": "a,b,y\n1,2,3\n4,inf,6\n"], arguments: ["path", "data.csv"],
             says: ["data.csv", "line 3", "column 2"]),
        Case(name: "unknown target", files: ["data.csv": good], arguments: ["path", "data.csv", "--target", "z"],
             says: ["data.csv", "\"z\"", "--target"]),
        Case(name: "unknown weights", files: ["data.csv": good], arguments: ["path", "data.csv", "--weights", "w"],
             says: ["\"w\"", "--weights"]),
        Case(name: "negative weight", files: ["data.csv": "a,w,y\n1,1,3\n4,-1,7\n2,1,2\n"],
             arguments: ["path", "data.csv", "--weights", "w"], says: ["data.csv", "line 3", "negative"]),
        Case(name: "single row", files: ["data.csv": "a,b,y\n1,2,3\n"], arguments: ["path", "data.csv"],
             says: ["data.csv", "2 data rows"]),
        Case(name: "binomial with three values", files: ["data.csv": good], arguments: ["path", "data.csv", "--family", "binomial"],
             says: ["data.csv", "two distinct values", "\"y\""]),
        Case(name: "multinomial with one class", files: ["data.csv": "a,b,y\n1,2,1\n4,5,1\n"],
             arguments: ["path", "data.csv", "--family", "multinomial"], says: ["data.csv", "two classes"]),
        Case(name: "negative count", files: ["data.csv": "a,b,y\n1,2,3\n4,5,-1\n"], arguments: ["path", "data.csv", "--family", "poisson"],
             says: ["data.csv", "line 3", "\"y\""]),
        Case(name: "alpha out of range", files: ["data.csv": good], arguments: ["path", "data.csv", "--alpha", "1.5"], says: ["--alpha"]),
        Case(name: "negative lambda", files: ["data.csv": good], arguments: ["fit", "data.csv", "--lambda", "-1"], says: ["--lambda"]),
        Case(name: "empty lambdas file", files: ["data.csv": good, "l.txt": "\n"], arguments: ["path", "data.csv", "--lambdas", "l.txt"],
             says: ["l.txt"]),
        Case(name: "unsorted lambdas", files: ["data.csv": good, "l.txt": "1\n2\n"], arguments: ["path", "data.csv", "--lambdas", "l.txt"],
             says: ["l.txt", "line 2"]),
        Case(name: "negative lambda in a file", files: ["data.csv": good, "l.txt": "1\n-2\n"],
             arguments: ["path", "data.csv", "--lambdas", "l.txt"], says: ["l.txt", "line 2", "negative"]),
        Case(name: "unknown penalty factor feature", files: ["data.csv": good],
             arguments: ["path", "data.csv", "--penalty-factor", "zz=0"], says: ["--penalty-factor", "zz"]),
        Case(name: "output into a missing folder", files: ["data.csv": good],
             arguments: ["path", "data.csv", "--output", "no/such/folder/out.txt"], says: ["no/such/folder"]),
        Case(name: "fold ids of the wrong length", files: ["data.csv": good, "f.txt": "1\n2\n"],
             arguments: ["cv", "data.csv", "--foldid", "f.txt"], says: ["f.txt", "fold ids"]),
        Case(name: "a fold with no rows", files: ["data.csv": good, "f.txt": "1\n3\n1\n"],
             arguments: ["cv", "data.csv", "--foldid", "f.txt"], says: ["fold 2"]),
        Case(name: "fold id not a number", files: ["data.csv": good, "f.txt": "1\nx\n2\n"],
             arguments: ["cv", "data.csv", "--foldid", "f.txt"], says: ["f.txt", "line 2"]),
        Case(name: "more folds than rows", files: ["data.csv": good], arguments: ["cv", "data.csv", "--folds", "5"],
             says: ["3 rows", "5 folds"]),
        Case(name: "model file missing", files: ["data.csv": good], arguments: ["predict", "none.json", "data.csv"],
             says: ["none.json"]),
        Case(name: "model of an unknown version", files: ["data.csv": good, "m.json": "{\"format\": \"enet-model\", \"format_version\": 99}"],
             arguments: ["predict", "m.json", "data.csv"], says: ["m.json", "version 99"]),
    ]

    @Test(arguments: cases)
    func refusedWithAClearMessage(_ c: Case) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        for (name, contents) in c.files { _ = try scratch.write(contents, name) }
        let run = try EnetRun(c.arguments, in: scratch.url)
        #expect(run.status == 2, "exit \(run.status): \(run.stderr)")
        #expect(run.stdout.isEmpty, "stdout: \(run.stdout)")
        #expect(run.stderr.hasPrefix("enet: error: ") && run.stderr.filter { $0 == "\n" }.count == 1, "\(run.stderr)")
        for fragment in c.says { #expect(run.stderr.contains(fragment), "\(run.stderr) lacks \(fragment)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted() == c.files.keys.sorted(),
                "a file was left behind")
    }

    /// A model's data must have its features, and no columns it does not know.
    @Test func predictionDataMustMatchTheModel() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write(Self.good, "data.csv")
        #expect(try EnetRun(["fit", data, "--lambda", "0.1", "--output", scratch.path("m.json")]).status == 0)
        let missing = try EnetRun(["predict", scratch.path("m.json"), try scratch.write("a,y\n1,2\n", "missing.csv")])
        #expect(missing.status == 2 && missing.stderr.contains("missing.csv") && missing.stderr.contains("b"))
        let extra = try EnetRun(["predict", scratch.path("m.json"), try scratch.write("a,b,c\n1,2,3\n", "extra.csv")])
        #expect(extra.status == 2 && extra.stderr.contains("extra.csv") && extra.stderr.contains("c"))
        let cvOnly = try EnetRun(["predict", scratch.path("m.json"), data, "--s", "lambda.min"])
        #expect(cvOnly.status == 2 && cvOnly.stderr.contains("enet cv"))
    }
}
