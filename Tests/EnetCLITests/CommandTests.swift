import ElasticNetCore
import ElasticNetIO
import Foundation
import Testing

/// `enet` as a user runs it: the README's commands, the JSON shapes, and a saved model whose
/// predictions equal the library's own fit.
struct CommandTests {
    static let shared = URL(fileURLWithPath: EnetRun.packageRoot.path).deletingLastPathComponent()
        .appendingPathComponent("shared/data")

    static func sharedFile(_ name: String) -> String {
        let beside = shared.appendingPathComponent(name).path
        return FileManager.default.fileExists(atPath: beside) ? beside : "/work/shared/data/" + name
    }

    @Test func pathOnTheBundledExample() throws {
        let text = try EnetRun(["path", EnetRun.diabetes])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("lambda") && text.stdout.contains("%dev"))
        let run = try EnetRun(["path", EnetRun.diabetes, "--format", "json"])
        let json = try run.json()
        let lambdas = try #require(json["lambdas"] as? [Double])
        #expect(zip(lambdas, lambdas.dropFirst()).allSatisfy { $0 > $1 })
        #expect((json["coefficients"] as? [[String: Double]])?.first?.isEmpty == true)
        #expect((json["relative_gaps"] as? [Double])?.allSatisfy { $0 <= 1e-7 } == true)
        for key in ["family", "alpha", "features", "intercepts", "df", "dev_ratio", "duality_gaps"] {
            #expect(json[key] != nil, "missing \(key)")
        }
    }

    @Test func fitPrintsTheDocumentedJSON() throws {
        let run = try EnetRun(["fit", EnetRun.diabetes, "--target", "y", "--alpha", "0.5", "--lambda", "0.1", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        for key in ["family", "alpha", "lambda", "standardize", "intercept", "coefficients", "nonzero", "objective",
                    "duality_gap", "iterations"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        let coefficients = try #require(json["coefficients"] as? [String: Double])
        #expect(Set(coefficients.keys) == ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"])
        let gap = try #require(json["duality_gap"] as? Double), objective = try #require(json["objective"] as? Double)
        #expect(gap <= 1e-7 * objective)
    }

    @Test func fitWithoutLambdaSaysWhatToDo() throws {
        let run = try EnetRun(["fit", EnetRun.diabetes])
        #expect(run.status == 2 && run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("enet: error:") && run.stderr.contains("--lambda") && run.stderr.contains("enet path"))
    }

    @Test func poissonAndMultinomialFamilies() throws {
        let poisson = try EnetRun(["fit", Self.sharedFile("poisson_example.csv"), "--family", "poisson", "--alpha", "0.5",
                                   "--lambda", "0.01", "--format", "json"])
        #expect(poisson.status == 0, "\(poisson.stderr)")
        #expect((try poisson.json()["family"] as? String) == "poisson")

        let multinomial = try EnetRun(["fit", Self.sharedFile("multinomial_example.csv"), "--family", "multinomial",
                                       "--lambda", "0.02", "--format", "json"])
        let json = try multinomial.json()
        #expect(json["classes"] as? [String] == ["1", "2", "3"])
        let intercepts = try #require(json["intercept"] as? [String: Double])
        #expect(abs(intercepts.values.reduce(0, +)) <= 1e-12)
        #expect((json["coefficients"] as? [String: [String: Double]])?.count == 3)

        let grouped = try EnetRun(["path", Self.sharedFile("multinomial_example.csv"), "--family", "multinomial", "--grouped",
                                   "--nlambda", "8", "--format", "json"]).json()
        for perLambda in try #require(grouped["coefficients"] as? [[String: [String: Double]]]) {
            let supports = perLambda.values.map { Set($0.keys) }
            #expect(Set(supports).count <= 1, "a grouped feature is in some classes only")
        }
    }

    /// Word labels are classes as written; a saved model predicts them.
    @Test func wordLabelsRoundTrip() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var text = "a,b,kind\n"
        for i in 0 ..< 60 {
            let k = i % 3
            text += "\(Double(k) + sin(Double(i))),\(Double(-k) + cos(Double(i) * 1.7)),\(["ash", "birch", "cedar"][k])\n"
        }
        let data = try scratch.write(text, "trees.csv")
        let model = scratch.path("trees.json")
        let cv = try EnetRun(["cv", data, "--family", "multinomial", "--folds", "3", "--measure", "class", "--output", model])
        #expect(cv.status == 0, "\(cv.stderr)")
        let predicted = try EnetRun(["predict", model, data, "--type", "class"])
        let lines = predicted.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "class" && lines.count == 61)
        #expect(Set(lines.dropFirst()).isSubset(of: ["ash", "birch", "cedar"]))
    }

    /// A cross-validated model written to a file predicts what the library's own fit predicts.
    @Test func savedModelPredictsAsTheInMemoryFit() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let model = scratch.path("model.json")
        let cv = try EnetRun(["cv", EnetRun.diabetes, "--folds", "5", "--seed", "3", "--output", model])
        #expect(cv.status == 0, "\(cv.stderr)")
        let saved = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model))) as? [String: Any])
        let lambdas = try #require(saved["lambdas"] as? [Double])
        let indexMin = try #require(saved["index_min"] as? Int)
        #expect(try #require(saved["lambda_1se"] as? Double) >= lambdas[indexMin])
        let predicted = try EnetRun(["predict", model, EnetRun.diabetes, "--s", "lambda.min"])
        #expect(predicted.status == 0, "\(predicted.stderr)")
        let values = predicted.stdout.split(separator: "\n").dropFirst().map { Double($0)! }

        let table = try CSVReader.read(path: EnetRun.diabetes)
        let p = table.columnCount - 1
        let x = DenseMatrix(rowCount: table.rowCount, columnCount: p, columnMajor: Array(table.values[0 ..< p * table.rowCount]))
        let fit = try ElasticNet().path(x: x, y: Array(table.column(p)), lambdas: .explicit(lambdas)).fits[indexMin]
        #expect(values.count == table.rowCount)
        for i in 0 ..< table.rowCount {
            let eta = (0 ..< p).reduce(fit.intercept) { $0 + x[row: i, column: $1] * fit.coefficients[$1] }
            #expect(abs(values[i] - eta) <= 1e-9 * max(1, abs(eta)), "row \(i + 1): \(values[i]) vs \(eta)")
        }
        // Between grid points: an exact refit, or glmnet's interpolation if asked; both say which.
        let refit = try EnetRun(["predict", model, EnetRun.diabetes, "--s", "0.05"])
        let interpolated = try EnetRun(["predict", model, EnetRun.diabetes, "--s", "0.05", "--interpolate"])
        #expect(refit.stderr.contains("refitted") && interpolated.stderr.contains("interpolated"))
    }

    /// Folds run in parallel, and the curve is the same bits with one thread or two.
    @Test func threadCountDoesNotChangeTheCurve() throws {
        func curve(_ threads: String) throws -> [String] {
            let json = try EnetRun(["cv", EnetRun.diabetes, "--folds", "4", "--nlambda", "20", "--threads", threads,
                                    "--format", "json"]).json()
            return try ["lambdas", "cvm", "cvsd", "foldid", "lambda_min", "lambda_1se"].map { key in
                String(decoding: try JSONSerialization.data(withJSONObject: [json[key]!]), as: UTF8.self)
            }
        }
        #expect(try curve("1") == curve("2"))
    }

    @Test func outputFileIsWrittenWholeAndAlone() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try EnetRun(["path", EnetRun.diabetes, "--nlambda", "5", "--output", scratch.path("path.json")])
        #expect(run.status == 0 && run.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["path.json"])
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("path.json"))))
        #expect((written as? [String: Any])?["format"] as? String == "enet-model")
    }
}
