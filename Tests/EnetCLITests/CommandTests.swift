import ElasticNetCore
import ElasticNetIO
import Foundation
import Testing

/// `enet` as a user runs it: the README's commands, the JSON shapes, and a saved model whose
/// predictions equal the library's own fit.
struct CommandTests {
    @Test func pathOnTheBundledExample() throws {
        let text = try EnetRun(["path", EnetRun.diabetes])
        #expect(text.succeeded && text.stderr.isEmpty, "\(text.stderr)")
        #expect(text.stdout.contains("lambda") && text.stdout.contains("%dev"))
        let run = try EnetRun(["path", EnetRun.diabetes, "--format", "json"])
        #expect(run.succeeded && run.stderr.isEmpty, "\(run.stderr)")
        let json = try run.json()
        #expect(json["family"] as? String == "gaussian" && json["alpha"] as? Double == 1)
        #expect(json["features"] as? [String] == ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"])
        let lambdas = try #require(json["lambdas"] as? [Double])
        #expect(lambdas.count >= 2 && zip(lambdas, lambdas.dropFirst()).allSatisfy { $0 > $1 })
        for key in ["intercepts", "dev_ratio", "duality_gaps"] {
            #expect((json[key] as? [Double])?.count == lambdas.count, "\(key) is not one number per lambda")
        }
        #expect((json["df"] as? [Int])?.count == lambdas.count)
        let coefficients = try #require(json["coefficients"] as? [[String: Double]])
        #expect(coefficients.count == lambdas.count && coefficients.first?.isEmpty == true)
        // Certified: the duality gap relative to the objective is within the default --tol.
        let gaps = try #require(json["duality_gaps"] as? [Double]), objectives = try #require(json["objectives"] as? [Double])
        for (gap, objective) in zip(gaps, objectives) { #expect(gap >= 0 && gap <= 1e-7 * objective, "gap \(gap)") }
        #expect((json["relative_gaps"] as? [Double])?.allSatisfy { $0 <= 1e-7 } == true)
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
        #expect(json["nonzero"] as? Int == coefficients.values.filter { $0 != 0 }.count)
        #expect(json["alpha"] as? Double == 0.5 && json["lambda"] as? Double == 0.1 && json["standardize"] as? Bool == true)
        #expect(json["intercept"] is Double && json["iterations"] is Int)
    }

    @Test func fitWithoutLambdaSaysWhatToDo() throws {
        let run = try EnetRun(["fit", EnetRun.diabetes])
        #expect(run.refusalProblem == nil, "\(run.refusalProblem ?? "")")
        #expect(run.stderr.contains("--lambda") && run.stderr.contains("enet path"))
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

    @Test func outputFileIsWrittenWholeAndAlone() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try EnetRun(["path", EnetRun.diabetes, "--nlambda", "5", "--output", scratch.path("path.json")])
        #expect(run.status == 0 && run.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["path.json"])
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("path.json"))))
        #expect((written as? [String: Any])?["format"] as? String == "enet-model")
    }

    /// The benchmark's invocation: a user grid, no standardisation, and `--timing` in the JSON.
    @Test func pathTimingReportsLoadAndFitSeconds() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let grid = try scratch.write("40\n10\n1\n0.1\n", "grid.txt")
        let run = try EnetRun(["path", EnetRun.diabetes, "--lambdas", grid, "--alpha", "0.5", "--no-standardize",
                               "--format", "json", "--timing"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        let timing = try #require(json["timing"] as? [String: Double])
        #expect(Set(timing.keys) == ["load_seconds", "fit_seconds", "fit_cpu_seconds"] && timing.values.allSatisfy { $0 >= 0 && $0 < 60 })
        #expect((json["lambdas"] as? [Double]) == [40, 10, 1, 0.1])
        let plain = try EnetRun(["path", EnetRun.diabetes, "--lambdas", grid, "--format", "json"]).json()
        #expect(plain["timing"] == nil)
    }
}
