import Foundation
import Testing

/// `enet cv`: the curve and its documented fields, folds from a seed or a file, several alphas,
/// the kept out-of-fold predictions, and the same bits for any thread count.
struct CVCommandTests {
    static let command = ["cv", EnetRun.diabetes, "--folds", "5", "--seed", "1", "--format", "json"]

    /// The README's fields, each the length and shape it promises, and the cv.glmnet rules that
    /// tie them together (CONVENTIONS.md, known difference 4).
    @Test func curveHasTheDocumentedFields() throws {
        let run = try EnetRun(Self.command)
        #expect(run.succeeded, "\(run.stderr)")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        let json = try run.json()
        let lambdas = try #require(json["lambdas"] as? [Double])
        #expect(!lambdas.isEmpty && zip(lambdas, lambdas.dropFirst()).allSatisfy { $0 > $1 })
        var curves = [String: [Double]]()
        for key in ["cvm", "cvsd", "cvup", "cvlo"] {
            let values = try #require(json[key] as? [Double], "missing \(key)")
            #expect(values.count == lambdas.count && values.allSatisfy(\.isFinite), "\(key)")
            curves[key] = values
        }
        let (cvm, cvsd) = (curves["cvm"]!, curves["cvsd"]!)
        for l in lambdas.indices {
            // cvup and cvlo are cvm plus and minus cvsd; one rounding each.
            #expect(abs(curves["cvup"]![l] - (cvm[l] + cvsd[l])) <= 1e-12 * abs(cvm[l]))
            #expect(abs(curves["cvlo"]![l] - (cvm[l] - cvsd[l])) <= 1e-12 * abs(cvm[l]))
        }
        #expect((json["nzero"] as? [Int])?.count == lambdas.count)
        #expect(json["measure"] as? String == "mse")
        #expect(json["folds"] as? Int == 5)

        let indexMin = try #require(json["index_min"] as? Int), index1se = try #require(json["index_1se"] as? Int)
        let lambdaMin = try #require(json["lambda_min"] as? Double), lambda1se = try #require(json["lambda_1se"] as? Double)
        #expect(lambdaMin == lambdas[indexMin] && lambda1se == lambdas[index1se])
        #expect(lambda1se >= lambdaMin && index1se <= indexMin)
        #expect(cvm[indexMin] == cvm.min(), "lambda.min is not where cvm is smallest")
        #expect(cvm[index1se] <= cvm[indexMin] + cvsd[indexMin], "lambda.1se is not within one cvsd of the minimum")

        let foldid = try #require(json["foldid"] as? [Int])
        #expect(foldid.count == 442, "one fold id per data row")
        #expect(Set(foldid) == Set(1 ... 5))
    }

    /// Folds run in parallel, yet the whole output is the same bytes with one thread or two
    /// (apart from the manifest, which records the arguments and the date).
    @Test func threadCountChangesNoByte() throws {
        func withoutManifest(_ threads: String) throws -> String {
            let run = try EnetRun(Self.command + ["--threads", threads])
            #expect(run.succeeded, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.contains { $0.hasPrefix("  \"manifest\": ") })
            return lines.filter { !$0.hasPrefix("  \"manifest\": ") }.joined(separator: "\n")
        }
        let one = try withoutManifest("1"), two = try withoutManifest("2")
        #expect(one == two)
        #expect(one.contains("\"cvm\"") && one.contains("\"foldid\""))
    }

    /// Folds from a file are used as given: the output's fold ids are the file's, and no seed is recorded.
    @Test func foldsFromAFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let ids = (0 ..< 442).map { $0 % 4 + 1 }
        let file = try scratch.write(ids.map(String.init).joined(separator: "\n") + "\n", "folds.txt")
        let run = try EnetRun(["cv", EnetRun.diabetes, "--foldid", file, "--nlambda", "20", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        #expect(json["foldid"] as? [Int] == ids)
        #expect(json["folds"] as? Int == 4)
        #expect((json["manifest"] as? [String: Any])?["seed"] is NSNull)
    }

    /// Several alphas share the folds; each has its own curve, and the best is named by both rules.
    @Test func severalAlphas() throws {
        let run = try EnetRun(["cv", EnetRun.diabetes, "--folds", "5", "--nlambda", "20", "--alphas", "0,0.5,1", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        let perAlpha = try #require(json["alphas"] as? [[String: Any]])
        #expect(perAlpha.compactMap { $0["alpha"] as? Double } == [0, 0.5, 1])
        for curve in perAlpha {
            let lambdas = try #require(curve["lambdas"] as? [Double])
            #expect((curve["cvm"] as? [Double])?.count == lambdas.count)
            #expect(curve["lambda_min"] is Double && curve["lambda_1se"] is Double)
        }
        let bestMin = try #require(json["best_min"] as? [String: Double])
        let best1se = try #require(json["best_1se"] as? [String: Double])
        let bestAlpha = try #require(bestMin["alpha"])
        #expect([0, 0.5, 1].contains(bestAlpha))
        // The best alpha has the smallest minimum of all the curves.
        let minima = perAlpha.compactMap { ($0["cvm"] as? [Double])?.min() }
        #expect(bestMin["cvm"] == minima.min())
        #expect(try #require(best1se["lambda"]) >= (try #require(bestMin["lambda"])))
        #expect(json["alpha"] as? Double == bestAlpha, "the saved model is the best alpha's")
    }

    /// --keep writes the out-of-fold predictions: a header, then one row per data row with its fold.
    @Test func keptPredictions() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try EnetRun(["cv", EnetRun.diabetes, "--folds", "5", "--nlambda", "6", "--keep", scratch.path("oof.csv"),
                               "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        let lambdas = try #require(json["lambdas"] as? [Double]), foldid = try #require(json["foldid"] as? [Int])
        let lines = try scratch.read("oof.csv").split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(lines.first?.prefix(2) == ["row", "fold"])
        #expect(lines.first?.count == 2 + lambdas.count)
        #expect(lines.count == 1 + 442)
        for (i, cells) in lines.dropFirst().enumerated() {
            #expect(cells.count == 2 + lambdas.count && cells[0] == String(i + 1) && cells[1] == String(foldid[i]))
            #expect(cells.dropFirst(2).allSatisfy { Double($0)?.isFinite == true }, "row \(i + 1): \(cells)")
        }
        #expect(try scratch.contents() == ["oof.csv"], "a temporary file was left")
    }
}
