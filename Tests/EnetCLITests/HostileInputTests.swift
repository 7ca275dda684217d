import Foundation
import Testing

/// Hostile input (issue 15): magnitudes at the ends of double precision, fold ids, empty shapes,
/// inputs too big for memory or endless, and names that are not there. Each ends in a result or
/// in one line on stderr with exit code 2, never a trap, an abort or a silent wrong answer.
struct HostileInputTests {
    /// A small gaussian problem: y = 2a - b + noise, with a weights column of 1e308.
    static let csv: String = {
        var lines = ["a,b,c,w,y"]
        for i in 0 ..< 30 {
            let a = sin(Double(i) * 1.3), b = cos(Double(i) * 0.7), c = sin(Double(i * i) * 0.1)
            lines.append("\(a),\(b),\(c),1e308,\(2 * a - b + 0.1 * sin(Double(i) * 5.1))")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    static func expectRefused(_ run: EnetRun, mentioning words: [String], _ what: String) {
        #expect(run.refusalProblem == nil, "\(what): \(run.refusalProblem ?? "")")
        for word in words { #expect(run.stderr.contains(word), "\(what): \(run.stderr)") }
    }

    // MARK: traps

    /// A subnormal lambda (or --s, --lambda-frac) is lambda 0 to double precision: it fits.
    @Test func subnormalLambdasFit() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write(Self.csv, "d.csv")
        for arguments in [["fit", data, "--lambda", "1e-320"], ["fit", data, "--lambda", "5e-324", "--alpha", "0.5"],
                          ["compare", data, "--lambda", "1e-320", "--budget", "20"],
                          ["explain", data, "--lambda-frac", "1e-320"],
                          ["cv", data, "--folds", "3", "--nlambda", "5", "--output", scratch.path("m.json")],
                          ["predict", scratch.path("m.json"), data, "--s", "5e-324"]] {
            let run = try EnetRun(arguments)
            #expect(run.succeeded, "\(arguments): exit \(run.status), \(run.stderr)")
        }
    }

    /// A model file whose lambda.1se is subnormal: predict refits there.
    @Test func modelWithSubnormalLambdaPredicts() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write(Self.csv, "d.csv")
        let model = scratch.path("m.json")
        #expect(try EnetRun(["cv", data, "--folds", "3", "--nlambda", "5", "--output", model]).succeeded)
        var object = try EnetRun.object(Data(contentsOf: URL(fileURLWithPath: model)))
        #expect(object["lambda_1se"] != nil)
        object["lambda_1se"] = 1e-320
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: model))
        let run = try EnetRun(["predict", model, data])
        #expect(run.succeeded, "\(run.status): \(run.stderr)")
        #expect(run.csv.rows.count == 30 && run.csv.rows.allSatisfy { Double($0[0])?.isFinite == true })
    }

    /// A penalty factor whose lambda_max overflows: an error naming it, not a trap.
    @Test func tinyPenaltyFactorIsAnError() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write(Self.csv, "d.csv")
        Self.expectRefused(try EnetRun(["fit", data, "--lambda", "0.1", "--penalty-factor", "5e-324"]),
                           mentioning: ["penalty factor", "lambda_max"], "pf 5e-324")
        #expect(try EnetRun(["fit", data, "--lambda", "0.1", "--penalty-factor", "a=1e-300"]).succeeded)
    }

    /// Fold ids beyond the row count (2^40, Int.max) or beyond Int: one line naming the file.
    @Test(arguments: ["1099511627776", "9223372036854775807", "99999999999999999999"])
    func hugeFoldIdsAreRefused(id: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write(Self.csv, "d.csv")
        let ids = (0 ..< 30).map { $0 == 4 ? id : String($0 % 3 + 1) }.joined(separator: "\n")
        let folds = try scratch.write(ids + "\n", "folds.txt")
        Self.expectRefused(try EnetRun(["cv", data, "--foldid", folds]), mentioning: ["folds.txt"], "fold id \(id)")
    }

    /// No rows or no columns, in every format: a clear error, for fit and predict.
    @Test func emptyShapesAreRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write(Self.csv, "d.csv")
        try NpyInputTests.npy(shape: "(4, 0)", fortran: false, values: []).write(to: scratch.url.appendingPathComponent("x40.npy"))
        try NpyInputTests.npy(shape: "(0, 3)", fortran: false, values: []).write(to: scratch.url.appendingPathComponent("x03.npy"))
        _ = try scratch.write("1\n2\n3\n4\n", "y.txt")
        _ = try scratch.write("y\n1\n2\n3\n", "only-target.csv")
        _ = try scratch.write("1\n2 qid:3\n", "no-features.svm")
        let model = scratch.path("m.json")
        #expect(try EnetRun(["fit", data, "--lambda", "0.1", "--output", model]).succeeded)
        for arguments in [["fit", scratch.path("x40.npy"), "--response", scratch.path("y.txt"), "--lambda", "0.1"],
                          ["fit", scratch.path("x03.npy"), "--response", scratch.path("y.txt"), "--lambda", "0.1"],
                          ["predict", model, scratch.path("x40.npy")],
                          ["fit", scratch.path("only-target.csv"), "--lambda", "0.1"],
                          ["fit", scratch.path("no-features.svm"), "--lambda", "0.1"]] {
            Self.expectRefused(try EnetRun(arguments), mentioning: [], "\(arguments)")
        }
    }

    /// A one-hot design beyond the memory budget is refused before it is allocated, naming the
    /// column and its levels; an endless input (a link to /dev/zero) ends in an error, in every reader.
    @Test func inputsBeyondMemoryAreRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let levels = (0 ..< 3000).map { "a,id\($0),\(Double($0 % 7))" }
        let data = try scratch.write("x,id,y\n" + levels.joined(separator: "\n") + "\n", "ids.csv")
        Self.expectRefused(try EnetRun(["fit", data, "--lambda", "0.1", "--categorical", "x,id", "--max-memory", "20M"]),
                           mentioning: ["3000", "\"id\"", "--max-memory"], "3000 levels x 3000 rows")
        Self.expectRefused(try EnetRun(["fit", data, "--lambda", "0.1", "--max-memory", "lots"]), mentioning: ["--max-memory"], "bad size")
        let model = scratch.path("m.json")
        #expect(try EnetRun(["fit", try scratch.write(Self.csv, "d.csv"), "--lambda", "0.1", "--output", model]).succeeded)
        for name in ["zero.csv", "zero.svm", "zero.npy"] {
            try FileManager.default.createSymbolicLink(atPath: scratch.path(name), withDestinationPath: "/dev/zero")
        }
        try FileManager.default.createSymbolicLink(atPath: scratch.path("zero.json"), withDestinationPath: "/dev/zero")
        let data2 = scratch.path("d.csv")
        try NpyInputTests.npy(shape: "(3, 2)", fortran: false, values: [1, 2, 3, 4, 5, 7]).write(to: scratch.url.appendingPathComponent("x.npy"))
        _ = try scratch.write("1\n2\n4\n", "y.txt")
        for arguments in [["fit", scratch.path("zero.csv"), "--lambda", "1"], ["fit", scratch.path("zero.svm"), "--lambda", "1"],
                          ["fit", scratch.path("zero.npy"), "--response", data2, "--lambda", "1"],
                          ["cv", data2, "--foldid", scratch.path("zero.csv")],
                          ["fit", scratch.path("x.npy"), "--response", scratch.path("zero.csv"), "--lambda", "1"],
                          ["fit", scratch.path("x.npy"), "--response", scratch.path("y.txt"), "--feature-names", scratch.path("zero.csv"), "--lambda", "1"],
                          ["path", data2, "--lambdas", scratch.path("zero.csv")],
                          ["predict", scratch.path("zero.json"), data2], ["predict", model, scratch.path("zero.csv")]] {
            Self.expectRefused(try EnetRun(arguments), mentioning: ["zero."], "\(arguments)")
        }
    }

    // MARK: silent wrong answers

    /// Weights of 1e308 are the unweighted fit (weights are relative), not the null model.
    @Test func hugeWeightsGiveTheUnweightedFit() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write(Self.csv, "d.csv")
        func coefficients(_ extra: [String]) throws -> [String: Double] {
            let run = try EnetRun(["fit", data, "--lambda", "0.05", "--format", "json"] + extra)
            #expect(run.succeeded, "\(run.stderr)")
            return try #require(try run.json()["coefficients"] as? [String: Double])
        }
        let weighted = try coefficients(["--weights", "w"])
        let plain = try coefficients([])
        #expect(weighted["a"]! != 0, "the null model was fitted: \(weighted)")
        for name in ["a", "b", "c"] { #expect(abs(weighted[name]! - plain[name]!) <= 1e-4, "\(name): \(weighted) vs \(plain)") }
    }

    /// A gaussian target named in --categorical is an error (it would be read as zeros).
    @Test func categoricalTargetIsAnError() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write(Self.csv, "d.csv")
        Self.expectRefused(try EnetRun(["fit", data, "--lambda", "0.1", "--categorical", "y"]), mentioning: ["target", "\"y\""], "gaussian")
    }

    /// Predictions that overflow double precision are an error naming the row, not "null".
    @Test func overflowingPredictionsAreAnError() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write(Self.csv, "d.csv")
        let model = scratch.path("m.json")
        #expect(try EnetRun(["fit", data, "--lambda", "0.01", "--output", model]).succeeded)
        let big = Self.csv.replacingOccurrences(of: "a,b,c,w,y\n", with: "a,b,c,w,y\n1e308,-1e308,1e308,1,0\n")
        let run = try EnetRun(["predict", model, try scratch.write(big, "big.csv")])
        Self.expectRefused(run, mentioning: ["big.csv", "line 2", "overflow"], "overflow")
    }

    /// Names that are not columns or features, in every NAME option: an error naming the option
    /// and the name, with the close names suggested.
    @Test func unknownNamesAreErrorsWithSuggestions() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let rows = (0 ..< 20).map { "\(Double($0) * 0.1),\(["north", "south"][$0 % 2]),\(Double($0 % 5))" }
        let data = try scratch.write("size,Division,y\n" + rows.joined(separator: "\n") + "\n", "d.csv")
        for (option, value) in [("--categorical", "Divison"), ("--target", "Divison"), ("--weights", "Divison"),
                                ("--offset", "Divison"), ("--penalty-factor", "Divison=north=2")] {
            var arguments = ["fit", data, "--lambda", "0.1", option, value]
            if option != "--categorical" { arguments += ["--categorical", "Division"] }
            let run = try EnetRun(arguments)
            Self.expectRefused(run, mentioning: [option, "Divison"], option)
            #expect(run.stderr.contains("Division"), "\(option): no suggestion: \(run.stderr)")
        }
    }
}
