import Foundation
import Testing

/// svmlight input: fitted sparse (never densified), the same model as the CSV of the same data
/// for every family, predictions through a model file, and malformed files refused with the place.
struct SvmlightInputTests {
    /// sparse_example's rows: the CSV's feature cells and the response.
    static func sparseExampleRows() throws -> (features: [[String]], y: [Double]) {
        let text = try String(contentsOfFile: EnetRun.shared("sparse_example.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        return (lines.map { Array($0.dropLast()) }, lines.map { Double($0.last!)! })
    }

    /// The response of `family` derived from sparse_example's y (it is a gaussian data set).
    static func labels(_ y: [Double], family: String) -> [String] {
        let sorted = y.sorted()
        switch family {
        case "binomial": return y.map { $0 > sorted[y.count / 2] ? "1" : "0" }
        case "poisson": return y.map { String(Int(exp($0 / 2))) }
        case "multinomial": return y.map { $0 < sorted[y.count / 3] ? "a" : $0 < sorted[2 * y.count / 3] ? "b" : "c" }
        default: return y.map { String($0) }
        }
    }

    /// Writes the data with `labels` as CSV and as svmlight (1-based) into `scratch`.
    static func writePair(_ scratch: Scratch, features: [[String]], labels: [String]) throws {
        let p = features[0].count
        var csv = (1 ... p).map { "V\($0)" }.joined(separator: ",") + ",y\n"
        var svm = "# sparse_example, as svmlight\n"
        for (row, label) in zip(features, labels) {
            csv += row.joined(separator: ",") + ",\(label)\n"
            let pairs = row.enumerated().filter { Double($0.1) != 0 }.map { "\($0.0 + 1):\($0.1)" }
            svm += ([label.allSatisfy(\.isLetter) ? String(label.unicodeScalars.first!.value) : label] + pairs).joined(separator: " ") + "\n"
        }
        _ = try scratch.write(csv, "data.csv")
        _ = try scratch.write(svm, "data.svmlight")
    }

    @Test(arguments: ["gaussian", "binomial", "poisson", "multinomial"])
    func svmlightAndCSVGiveTheSameModel(_ family: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (features, y) = try Self.sparseExampleRows()
        try Self.writePair(scratch, features: features, labels: Self.labels(y, family: family))
        func path(_ file: String, alpha: String) throws -> [[Double]] {
            let run = try EnetRun(["path", file, "--family", family, "--alpha", alpha, "--nlambda", "12",
                                   "--tol", "1e-12", "--format", "json"], in: scratch.url)
            #expect(run.succeeded, "\(run.stderr)")
            let fits = try #require(try run.json()["coefficients"] as? [[String: Any]])
            return fits.map { table in
                // Multinomial: one object of nonzeros per class; flattened in class order.
                guard family == "multinomial" else { return (1 ... 20).map { table["V\($0)"] as? Double ?? 0 } }
                return table.keys.sorted().flatMap { k in
                    (1 ... 20).map { ((table[k] as? [String: Double]) ?? [:])["V\($0)"] ?? 0 }
                }
            }
        }
        for alpha in ["1", "0.5"] {
            let csv = try path("data.csv", alpha: alpha)
            let svm = try path("data.svmlight", alpha: alpha)
            #expect(csv.count == svm.count && !csv.isEmpty)
            for (a, b) in zip(csv, svm) {
                let size = a.reduce(1) { max($0, abs($1)) }
                for (u, v) in zip(a, b) { #expect(abs(u - v) <= 1e-6 * size, "alpha \(alpha): \(u) vs \(v)") }
                #expect(a.map { $0 == 0 } == b.map { $0 == 0 } || a.contains { abs($0) < 1e-6 * size })
            }
        }
    }

    @Test func svmlightModelPredictsOnSvmlightData() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = EnetRun.shared("sparse_example.svmlight")
        let cv = try EnetRun(["cv", data, "--folds", "5", "--seed", "3", "--output", scratch.path("model.json")])
        #expect(cv.succeeded, "\(cv.stderr)")
        let fromSvm = try EnetRun(["predict", scratch.path("model.json"), data, "--s", "lambda.min"])
        // The same rows as a CSV of the features alone (the model's target, "label", is not a column there).
        let (features, _) = try Self.sparseExampleRows()
        let csv = (1 ... 20).map { "V\($0)" }.joined(separator: ",") + "\n" + features.map { $0.joined(separator: ",") + "\n" }.joined()
        let fromCSV = try EnetRun(["predict", scratch.path("model.json"), try scratch.write(csv, "features.csv"), "--s", "lambda.min"])
        #expect(fromSvm.succeeded && fromCSV.succeeded, "\(fromSvm.stderr) \(fromCSV.stderr)")
        let a = fromSvm.csv.rows.map { Double($0[0])! }, b = fromCSV.csv.rows.map { Double($0[0])! }
        #expect(a.count == 100 && b.count == 100)
        for (u, v) in zip(a, b) { #expect(abs(u - v) <= 1e-12 * max(1, abs(v))) }
        // The saved coefficients are sparse: only nonzeros are written.
        let model = try EnetRun.object(Data(try scratch.read("model.json").utf8))
        let fits = try #require((model["model"] as? [String: Any])?["coefficients"] as? [[[String: Double]]])
        #expect(fits[0].first?.isEmpty == true)                    // lambda_max: every coefficient 0, none written
        // Between grid lambdas, predict refits exactly on the svmlight file.
        let refit = try EnetRun(["predict", scratch.path("model.json"), data, "--s", "0.0123"])
        #expect(refit.succeeded && refit.stderr.contains("refitted"), "\(refit.stderr)")
    }

    @Test func zeroBasedIndicesAndFeatureNames() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.write("1 0:1 1:2\n2 0:2 2:1\n3 1:3 2:2 qid:4\n4 0:4 # comment\n\n5 1:1 2:5\n", "zero.svm")
        _ = try scratch.write("1 1:1 2:2\n2 1:2 3:1\n3 2:3 3:2\n4 1:4\n5 2:1 3:5\n", "one.svm")
        _ = try scratch.write("alpha\nbeta\ngamma\n", "names.txt")
        let zero = try EnetRun(["fit", "zero.svm", "--zero-based", "--lambda", "0.01", "--feature-names", "names.txt", "--format", "json"], in: scratch.url)
        let one = try EnetRun(["fit", "one.svm", "--lambda", "0.01", "--feature-names", "names.txt", "--format", "json"], in: scratch.url)
        #expect(zero.succeeded && one.succeeded, "\(zero.stderr) \(one.stderr)")
        let a = try #require(try zero.json()["coefficients"] as? [String: Double])
        let b = try #require(try one.json()["coefficients"] as? [String: Double])
        #expect(a == b && Set(a.keys) == ["alpha", "beta", "gamma"])
    }

    /// Each malformed file is refused with the file, line and column and exit code 2.
    @Test(arguments: [
        ("1 2:1 x:3\n", "line 1, column 7", "is not a whole number"),
        ("1 2:1\n2 3:1 2:4\n", "line 2, column 7", "out of order"),
        ("1 2:1 2:4\n", "line 1, column 7", "appears twice"),
        ("1 2:1\n2 3:\n", "line 2, column 5", "the value is missing"),
        ("1 2:1\n2 3\n", "line 2, column 3", "expected index:value"),
        ("1 2:abc\n", "line 1, column 5", "\"abc\" is not a number"),
        ("1 0:1\n", "line 1, column 3", "--zero-based"),
        ("1 99999999999:1\n", "line 1, column 3", "beyond the limit"),
        ("yes 1:1\n", "line 1, column 1", "the label \"yes\" is not a number"),
        ("1 1:nan\n", "line 1, column 5", "not finite"),
        ("# only a comment\n", "no data lines", "no data lines"),
    ])
    func malformedFilesAreRefusedWithThePlace(_ file: String, _ place: String, _ problem: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.write(file, "bad.svmlight")
        let run = try EnetRun(["fit", "bad.svmlight", "--lambda", "0.1"], in: scratch.url)
        #expect(run.refusalProblem == nil, "\(run.refusalProblem ?? "")")
        #expect(run.stderr.contains("bad.svmlight: \(place)") && run.stderr.contains(problem), "\(run.stderr)")
    }

    @Test func csvOnlyOptionsAreRefusedForSvmlight() throws {
        for option in [["--weights", "w"], ["--target", "y"], ["--categorical", "auto"], ["--impute", "mean"]] {
            let run = try EnetRun(["fit", EnetRun.shared("sparse_example.svmlight"), "--lambda", "0.1"] + option)
            #expect(run.refusalProblem == nil && run.stderr.contains(option[0]), "\(run.stderr)")
        }
    }
}
