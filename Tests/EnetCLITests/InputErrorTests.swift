import Foundation
import Testing

/// Bad input is one line on stderr naming the file and place, or the option; exit code 2; nothing
/// on stdout; no file left behind; never a trap.
struct InputErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        /// Files to write (name, contents); "data.csv" is the usual input.
        var files: [String: String] = [:]
        /// Commands run first, each of which must succeed (e.g. a fit that writes the model "m.json").
        var before: [[String]] = []
        let arguments: [String]
        /// Every one of these must appear in the message.
        let says: [String]
        var testDescription: String { name }
    }

    static let good = "a,b,y\n1,2,3\n4,5,7\n2,1,2\n"
    static let binary = "a,b,y\n1,2,0\n4,5,1\n3,1,0\n2,2,1\n5,1,0\n0,3,1\n"
    /// A fitted gaussian model of `good`, as m.json.
    static let fitModel = [["fit", "data.csv", "--lambda", "0.1", "--output", "m.json"]]

    static let dataFiles: [Case] = [
        Case(name: "missing file", arguments: ["path", "nope.csv"], says: ["nope.csv", "no such file"]),
        Case(name: "empty file", files: ["data.csv": ""], arguments: ["path", "data.csv"], says: ["data.csv", "empty"]),
        Case(name: "header only", files: ["data.csv": "a,b,y\n"], arguments: ["path", "data.csv"], says: ["data.csv", "header"]),
        Case(name: "ragged row", files: ["data.csv": "a,b,y\n1,2,3\n4,5\n"], arguments: ["path", "data.csv"],
             says: ["data.csv", "line 3"]),
        Case(name: "row too long", files: ["data.csv": "a,b,y\n1,2,3\n4,5,6,7\n"], arguments: ["fit", "data.csv", "--lambda", "1"],
             says: ["data.csv", "line 3"]),
        Case(name: "not a number", files: ["data.csv": "a,b,y\n1,2,3\n4,x,6\n"], arguments: ["path", "data.csv"],
             says: ["data.csv", "line 3", "column 2"]),
        Case(name: "NaN", files: ["data.csv": "a,b,y\n1,NaN,3\n4,5,6\n"], arguments: ["path", "data.csv"],
             says: ["data.csv", "line 2", "column 2"]),
        Case(name: "infinite", files: ["data.csv": "a,b,y\n1,2,3\n4,inf,6\n"], arguments: ["path", "data.csv"],
             says: ["data.csv", "line 3", "column 2"]),
        Case(name: "overflows to infinity", files: ["data.csv": "a,b,y\n1,2,3\n4,5,1e400\n"], arguments: ["fit", "data.csv", "--lambda", "1"],
             says: ["data.csv", "line 3", "column 3"]),
        // Finite but so large that squares overflow: no finite objective exists, so a clear error.
        Case(name: "response too large to square", files: ["data.csv": "a,b,y\n1,2,3\n4,5,1e300\n2,2,1\n"],
             arguments: ["fit", "data.csv", "--lambda", "1"], says: ["response", "too large", "rescale"]),
        Case(name: "feature too large to square", files: ["data.csv": "a,b,y\n1e300,2,3\n4,5,1\n2,2,1\n"],
             arguments: ["path", "data.csv"], says: ["feature 1", "too large", "rescale"]),
        Case(name: "svmlight feature too large", files: ["data.svm": "1 1:1e300\n-1 2:1\n2 1:3e300 2:1\n"],
             arguments: ["fit", "data.svm", "--lambda", "0.1", "--no-standardize"], says: ["feature 1", "too large"]),
        Case(name: "empty cell", files: ["data.csv": "a,b,y\n1,,3\n4,5,6\n"], arguments: ["path", "data.csv"],
             says: ["data.csv", "line 2", "column 2"]),
        Case(name: "unclosed quote", files: ["data.csv": "a,b,y\n1,\"2,3\n"], arguments: ["path", "data.csv"],
             says: ["data.csv", "line 2", "quote"]),
        Case(name: "a column name twice", files: ["data.csv": "a,a,y\n1,2,3\n4,5,6\n"], arguments: ["path", "data.csv"],
             says: ["data.csv", "line 1", "\"a\""]),
        Case(name: "no feature columns", files: ["data.csv": "y\n1\n2\n"], arguments: ["path", "data.csv"],
             says: ["data.csv", "feature"]),
        Case(name: "single row", files: ["data.csv": "a,b,y\n1,2,3\n"], arguments: ["path", "data.csv"],
             says: ["data.csv", "2 data rows"]),
    ]

    static let columns: [Case] = [
        Case(name: "unknown target", files: ["data.csv": good], arguments: ["path", "data.csv", "--target", "z"],
             says: ["data.csv", "\"z\"", "--target"]),
        Case(name: "unknown weights", files: ["data.csv": good], arguments: ["path", "data.csv", "--weights", "w"],
             says: ["\"w\"", "--weights"]),
        Case(name: "unknown offset", files: ["data.csv": good], arguments: ["path", "data.csv", "--offset", "e"],
             says: ["\"e\"", "--offset"]),
        Case(name: "negative weight", files: ["data.csv": "a,w,y\n1,1,3\n4,-1,7\n2,1,2\n"],
             arguments: ["path", "data.csv", "--weights", "w"], says: ["data.csv", "line 3", "column 2", "negative"]),
        Case(name: "every weight zero", files: ["data.csv": "a,w,y\n1,0,3\n4,0,7\n2,0,2\n"],
             arguments: ["fit", "data.csv", "--weights", "w", "--lambda", "1"], says: ["data.csv", "\"w\"", "positive weight"]),
        Case(name: "binomial with three values", files: ["data.csv": good], arguments: ["path", "data.csv", "--family", "binomial"],
             says: ["data.csv", "two distinct values", "\"y\""]),
        Case(name: "binomial class weighted out", files: ["data.csv": "a,w,y\n1,1,0\n2,0,1\n3,1,0\n"],
             arguments: ["path", "data.csv", "--family", "binomial", "--weights", "w"], says: ["data.csv", "\"y\"", "class 1"]),
        Case(name: "positive class not in the target", files: ["data.csv": binary],
             arguments: ["fit", "data.csv", "--family", "binomial", "--lambda", "0.1", "--positive-class", "7"],
             says: ["--positive-class", "7"]),
        Case(name: "multinomial with one class", files: ["data.csv": "a,b,y\n1,2,1\n4,5,1\n"],
             arguments: ["path", "data.csv", "--family", "multinomial"], says: ["data.csv", "two classes"]),
        Case(name: "negative count", files: ["data.csv": "a,b,y\n1,2,3\n4,5,-1\n"], arguments: ["path", "data.csv", "--family", "poisson"],
             says: ["data.csv", "line 3", "column 3", "\"y\""]),
        Case(name: "every count zero", files: ["data.csv": "a,b,y\n1,2,0\n4,5,0\n"],
             arguments: ["fit", "data.csv", "--family", "poisson", "--lambda", "0.1"], says: ["data.csv", "\"y\"", "positive count"]),
    ]

    static let options: [Case] = [
        Case(name: "alpha above 1", files: ["data.csv": good], arguments: ["path", "data.csv", "--alpha", "1.5"], says: ["--alpha", "1.5"]),
        Case(name: "alpha below 0", files: ["data.csv": good], arguments: ["fit", "data.csv", "--lambda", "1", "--alpha", "-0.5"],
             says: ["--alpha", "-0.5"]),
        Case(name: "negative lambda", files: ["data.csv": good], arguments: ["fit", "data.csv", "--lambda=-1"], says: ["--lambda", ">= 0"]),
        Case(name: "lambda not a number", files: ["data.csv": good], arguments: ["fit", "data.csv", "--lambda", "nan"], says: ["--lambda"]),
        Case(name: "fit without lambda", files: ["data.csv": good], arguments: ["fit", "data.csv"], says: ["--lambda", "enet path"]),
        Case(name: "tolerance out of range", files: ["data.csv": good], arguments: ["path", "data.csv", "--tol", "-1"], says: ["--tol"]),
        Case(name: "empty lambdas file", files: ["data.csv": good, "l.txt": "\n"], arguments: ["path", "data.csv", "--lambdas", "l.txt"],
             says: ["l.txt"]),
        Case(name: "missing lambdas file", files: ["data.csv": good], arguments: ["path", "data.csv", "--lambdas", "l.txt"],
             says: ["l.txt", "no such file"]),
        Case(name: "unsorted lambdas", files: ["data.csv": good, "l.txt": "1\n2\n"], arguments: ["path", "data.csv", "--lambdas", "l.txt"],
             says: ["l.txt", "line 2"]),
        Case(name: "negative lambda in a file", files: ["data.csv": good, "l.txt": "1\n-2\n"],
             arguments: ["path", "data.csv", "--lambdas", "l.txt"], says: ["l.txt", "line 2", "negative"]),
        Case(name: "lambda file word", files: ["data.csv": good, "l.txt": "1\n0.5\nlots\n"],
             arguments: ["cv", "data.csv", "--folds", "3", "--lambdas", "l.txt"], says: ["l.txt", "line 3", "lots"]),
        Case(name: "unknown penalty factor feature", files: ["data.csv": good],
             arguments: ["path", "data.csv", "--penalty-factor", "zz=0"], says: ["--penalty-factor", "zz"]),
        Case(name: "negative penalty factor", files: ["data.csv": good],
             arguments: ["path", "data.csv", "--penalty-factor", "a=-1"], says: ["--penalty-factor", "a=-1"]),
        Case(name: "lower bound above 0", files: ["data.csv": good], arguments: ["path", "data.csv", "--lower", "1"], says: ["--lower"]),
        Case(name: "grouped without multinomial", files: ["data.csv": good], arguments: ["path", "data.csv", "--grouped"],
             says: ["--grouped"]),
        Case(name: "output into a missing folder", files: ["data.csv": good],
             arguments: ["path", "data.csv", "--output", "no/such/folder/out.txt"], says: ["--output", "no/such/folder"]),
        Case(name: "fit output into a missing folder", files: ["data.csv": good],
             arguments: ["fit", "data.csv", "--lambda", "1", "--output", "no/m.json"], says: ["--output", "no/m.json"]),
    ]

    static let crossValidation: [Case] = [
        Case(name: "fold ids of the wrong length", files: ["data.csv": good, "f.txt": "1\n2\n"],
             arguments: ["cv", "data.csv", "--foldid", "f.txt"], says: ["f.txt", "2 fold ids", "3 data rows"]),
        Case(name: "a fold with no rows", files: ["data.csv": good, "f.txt": "1\n3\n1\n"],
             arguments: ["cv", "data.csv", "--foldid", "f.txt"], says: ["f.txt", "fold 2"]),
        Case(name: "one fold only", files: ["data.csv": good, "f.txt": "1\n1\n1\n"],
             arguments: ["cv", "data.csv", "--foldid", "f.txt"], says: ["f.txt", "2 folds"]),
        Case(name: "fold id not a number", files: ["data.csv": good, "f.txt": "1\nx\n2\n"],
             arguments: ["cv", "data.csv", "--foldid", "f.txt"], says: ["f.txt", "line 2"]),
        Case(name: "fold id zero", files: ["data.csv": good, "f.txt": "1\n0\n2\n"],
             arguments: ["cv", "data.csv", "--foldid", "f.txt"], says: ["f.txt", "line 2"]),
        Case(name: "too few training rows", files: ["data.csv": good, "f.txt": "1\n2\n2\n"],
             arguments: ["cv", "data.csv", "--foldid", "f.txt"], says: ["data.csv", "f.txt", "fold 2"]),
        Case(name: "more folds than rows", files: ["data.csv": good], arguments: ["cv", "data.csv", "--folds", "5"],
             says: ["--folds", "data.csv", "3 rows", "5 folds"]),
        Case(name: "one fold", files: ["data.csv": good], arguments: ["cv", "data.csv", "--folds", "1"], says: ["--folds"]),
        Case(name: "auc with a one-class fold", files: ["data.csv": binary, "f.txt": "1\n2\n1\n2\n3\n3\n"],
             arguments: ["cv", "data.csv", "--family", "binomial", "--measure", "auc", "--foldid", "f.txt"],
             says: ["AUC", "fold 1", "data.csv"]),
        Case(name: "measure for another family", files: ["data.csv": good], arguments: ["cv", "data.csv", "--measure", "auc"],
             says: ["--measure", "gaussian"]),
        Case(name: "alpha list out of range", files: ["data.csv": good], arguments: ["cv", "data.csv", "--alphas", "0,2"],
             says: ["--alphas", "\"2\""]),
        Case(name: "keep into a missing folder", files: ["data.csv": good],
             arguments: ["cv", "data.csv", "--folds", "3", "--keep", "no/oof.csv"], says: ["--keep", "no/oof.csv"]),
    ]

    static let prediction: [Case] = [
        Case(name: "model file missing", files: ["data.csv": good], arguments: ["predict", "none.json", "data.csv"],
             says: ["none.json"]),
        Case(name: "model not JSON", files: ["data.csv": good, "m.json": "fitted!"], arguments: ["predict", "m.json", "data.csv"],
             says: ["m.json", "JSON"]),
        Case(name: "model of an unknown version", files: ["data.csv": good, "m.json": "{\"format\": \"enet-model\", \"format_version\": 99}"],
             arguments: ["predict", "m.json", "data.csv"], says: ["m.json", "version 99"]),
        Case(name: "model of a fractional version", files: ["data.csv": good, "m.json": "{\"format\": \"enet-model\", \"format_version\": 1.5}"],
             arguments: ["predict", "m.json", "data.csv"], says: ["m.json", "version 1.5"]),
        Case(name: "data lacks a feature", files: ["data.csv": good, "new.csv": "a,y\n1,2\n"], before: fitModel,
             arguments: ["predict", "m.json", "new.csv"], says: ["new.csv", "feature column b"]),
        Case(name: "data has an unknown column", files: ["data.csv": good, "new.csv": "a,b,c\n1,2,3\n"], before: fitModel,
             arguments: ["predict", "m.json", "new.csv"], says: ["new.csv", "column c"]),
        Case(name: "lambda.min of a fit model", files: ["data.csv": good], before: fitModel,
             arguments: ["predict", "m.json", "data.csv", "--s", "lambda.min"], says: ["m.json", "lambda.min", "enet cv"]),
        Case(name: "interpolating one lambda", files: ["data.csv": good], before: fitModel,
             arguments: ["predict", "m.json", "data.csv", "--s", "0.05", "--interpolate"], says: ["m.json", "interpolate"]),
        Case(name: "negative s", files: ["data.csv": good], before: fitModel,
             arguments: ["predict", "m.json", "data.csv", "--s", "-1"], says: ["--s", "\"-1\""]),
        Case(name: "class of a gaussian model", files: ["data.csv": good], before: fitModel,
             arguments: ["predict", "m.json", "data.csv", "--type", "class"], says: ["--type class", "gaussian"]),
        Case(name: "no data to predict on", files: ["data.csv": good], before: fitModel,
             arguments: ["predict", "m.json"], says: ["data file"]),
        Case(name: "predict output into a missing folder", files: ["data.csv": good], before: fitModel,
             arguments: ["predict", "m.json", "data.csv", "--output", "no/p.csv"], says: ["--output", "no/p.csv"]),
    ]

    @Test(arguments: dataFiles + columns + options + crossValidation + prediction)
    func refusedWithAClearMessage(_ c: Case) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        for (name, contents) in c.files { _ = try scratch.write(contents, name) }
        for command in c.before {
            let run = try EnetRun(command, in: scratch.url)
            try #require(run.succeeded, "setup \(command) failed: \(run.stderr)")
        }
        let present = try scratch.contents()
        let run = try EnetRun(c.arguments, in: scratch.url)
        #expect(run.refusalProblem == nil, "\(run.refusalProblem ?? "")")
        for fragment in c.says { #expect(run.stderr.contains(fragment), "\(run.stderr) lacks \(fragment)") }
        #expect(try scratch.contents() == present, "a file was left behind")
    }

    /// Whatever the bytes, `enet` answers or refuses; it does not trap. (Seeded, so a failure repeats.)
    @Test func arbitraryBytesNeverTrap() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var state: UInt64 = 0x5EED
        func next() -> UInt8 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        // Raw bytes, and bytes drawn mostly from the characters of a CSV of numbers.
        let alphabet = Array("0123456789.,-+eE\n\r\" \tnaif".utf8)
        for trial in 0 ..< 12 {
            let bytes = (0 ..< 300).map { _ in trial % 2 == 0 ? next() : alphabet[Int(next()) % alphabet.count] }
            let path = scratch.path("noise\(trial).csv")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let run = try EnetRun(["fit", path, "--lambda", "0.1"])
            #expect(!run.crashed, "trial \(trial) crashed")
            #expect(run.succeeded || run.refusalProblem == nil, "trial \(trial): \(run.refusalProblem ?? "")")
        }
    }

    /// A negative number after an option is its value, so `--lower -1` (the README's bounds) works.
    @Test func negativeValuesAfterAnOption() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write(Self.good, "data.csv")
        let bounded = try EnetRun(["fit", data, "--lambda", "0.01", "--lower", "-0.5", "--format", "json"])
        #expect(bounded.succeeded, "\(bounded.stderr)")
        let coefficients = try #require(try bounded.json()["coefficients"] as? [String: Double])
        #expect(coefficients.values.allSatisfy { $0 >= -0.5 })
        let negative = try EnetRun(["fit", data, "--lambda", "-1"])
        #expect(negative.status == 2 && negative.stderr.contains(">= 0"), "\(negative.stderr)")
    }
}
