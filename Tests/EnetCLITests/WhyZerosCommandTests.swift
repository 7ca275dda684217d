import Foundation
import Testing

/// `enet fit --solver`, `enet compare`, `enet explain` and `enet demo` as a user runs them.
struct WhyZerosCommandTests {
    static let solvers = ["proximal-gradient", "fista", "sgd", "subgradient"]

    /// Every solver prints `enet fit`'s JSON plus its own fields; the proximal solvers reach cd's
    /// objective within the sum of the two gaps, and none goes below cd's objective minus its gap.
    @Test(arguments: solvers)
    func fitWithASolverPrintsTheFitJSONAndItsZeros(solver: String) throws {
        let cd = try EnetRun(["fit", EnetRun.diabetes, "--lambda", "1", "--format", "json"]).json()
        let run = try EnetRun(["fit", EnetRun.diabetes, "--lambda", "1", "--solver", solver, "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        for key in ["family", "alpha", "lambda", "coefficients", "nonzero", "objective", "duality_gap", "iterations",
                    "solver", "iteration_unit", "exact_zeros", "below_1e-8", "tiny_nonzeros", "model"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["solver"] as? String == solver)
        let coefficients = try #require(json["coefficients"] as? [String: Double])
        #expect(json["exact_zeros"] as? Int == coefficients.values.filter { $0 == 0 }.count)
        let objective = try #require(json["objective"] as? Double), gap = try #require(json["duality_gap"] as? Double)
        let best = try #require(cd["objective"] as? Double), bestGap = try #require(cd["duality_gap"] as? Double)
        #expect(cd["solver"] == nil, "a plain fit prints what it always did")
        #expect(objective >= best - bestGap - 1e-13 * best)
        if solver == "proximal-gradient" || solver == "fista" {
            #expect(json["converged"] as? Bool == true)
            #expect(abs(objective - best) <= gap + bestGap + 1e-13 * best)
            let cdCoefficients = try #require(cd["coefficients"] as? [String: Double])
            #expect(Set(coefficients.filter { $0.value == 0 }.keys) == Set(cdCoefficients.filter { $0.value == 0 }.keys))
        }
        if solver == "subgradient" { #expect(json["exact_zeros"] as? Int == 0) }
    }

    @Test(arguments: ["fista", "cd"])
    func traceIsOneCSVRowPerIterationWrittenAtomically(_ solver: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try EnetRun(["fit", EnetRun.diabetes, "--lambda", "1", "--solver", solver, "--trace", scratch.path("trace.csv"),
                               "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let iterations = try #require(try run.json()["iterations"] as? Int)
        let lines = try scratch.read("trace.csv").split(separator: "\n")
        #expect(lines.first == "iteration,seconds,objective,duality_gap,nonzeros,exact_zeros")
        #expect(lines.count == iterations + 2)      // the header, the starting point, one row per iteration
        let last = lines.last!.split(separator: ",")
        // Both are shortest round-trip text of one double; Foundation's JSON reader may be an ulp off.
        let objective = try #require(try run.json()["objective"] as? Double)
        #expect(abs(try #require(Double(String(last[2]))) - objective) <= 1e-15 * objective)
        #expect(try scratch.contents() == ["trace.csv"])
        // The certified end point is the same optimum whichever solver reached it.
        let plain = try EnetRun(["fit", EnetRun.diabetes, "--lambda", "1", "--format", "json"]).json()
        let best = try #require(plain["objective"] as? Double), gap = try #require(try run.json()["duality_gap"] as? Double)
        #expect(objective - best <= gap + 1e-12 * best && best - objective <= (plain["duality_gap"] as? Double ?? 0) + 1e-12 * best)
    }

    @Test func seededSGDPrintsTheSameCoefficientsEveryRun() throws {
        let arguments = ["fit", EnetRun.diabetes, "--lambda", "1", "--solver", "sgd", "--epochs", "15", "--batch-size", "4",
                         "--seed", "7", "--format", "json"]
        let first = try EnetRun(arguments).json(), second = try EnetRun(arguments).json()
        #expect(first["coefficients"] as? [String: Double] == second["coefficients"] as? [String: Double])
        #expect(first["intercept"] as? Double == second["intercept"] as? Double)
        #expect(first["iterations"] as? Int == 15 && first["iteration_unit"] as? String == "epochs")
    }

    /// The issue's claims, read off compare's JSON: L2 has no zeros, the lasso has; subgradient has
    /// none; prox, fista, cd and sgd with the cumulative penalty share cd's support.
    @Test func compareShowsWhereExactZerosComeFrom() throws {
        let run = try EnetRun(["compare", EnetRun.diabetes, "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        let penalties = try #require(json["penalties"] as? [[String: Any]])
        #expect(penalties.map { $0["penalty"] as? String } == ["L1", "EN", "L2"])
        let lassoZeros = try #require(penalties[0]["exact_zeros"] as? Int)
        #expect(lassoZeros > 0)
        #expect(penalties[2]["exact_zeros"] as? Int == 0)
        let solvers = try #require(json["solvers"] as? [[String: Any]])
        let byLabel = Dictionary(uniqueKeysWithValues: solvers.map { ($0["label"] as! String, $0) })
        #expect(byLabel["subgradient"]?["exact_zeros"] as? Int == 0)
        for label in ["cd", "proximal-gradient", "fista", "sgd (cumulative)"] {
            #expect(byLabel[label]?["same_support_as_cd"] as? Bool == true, "\(label)")
            #expect(byLabel[label]?["exact_zeros"] as? Int == lassoZeros, "\(label)")
        }
        let text = try EnetRun(["compare", EnetRun.diabetes, "--lambda", "2"])
        #expect(text.succeeded && text.stdout.contains("0 (exact)") && text.stdout.contains("What this shows"))
        // Poisson: the solvers that need bounded curvature sit out, the others agree with cd.
        let poisson = try EnetRun(["compare", EnetRun.shared("poisson_example.csv"), "--family", "poisson", "--format", "json"])
        #expect(poisson.succeeded, "\(poisson.stderr)")
        let rows = try #require(try poisson.json()["solvers"] as? [[String: Any]])
        #expect(rows.map { $0["label"] as? String } == ["cd", "proximal-gradient", "fista"])
        #expect(rows.allSatisfy { $0["same_support_as_cd"] as? Bool == true })
    }

    /// explain's entry lambdas are those of `enet path` (the same default path); zeros have a KKT
    /// margin of at most 1; a model file from `enet cv` is explained at its lambda.1se.
    @Test func explainAgreesWithThePathAndReadsModels() throws {
        let run = try EnetRun(["explain", EnetRun.diabetes, "--lambda", "2", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        let path = try EnetRun(["path", EnetRun.diabetes, "--format", "json"]).json()
        let lambdas = try #require(path["lambdas"] as? [Double])
        let coefficients = try #require(path["coefficients"] as? [[String: Double]])
        #expect(json["path_lambdas"] as? [Double] == lambdas)
        let explained = try #require(json["coefficients"] as? [[String: Any]])
        #expect(explained.count == 10)
        for entry in explained {
            let name = try #require(entry["feature"] as? String)
            let firstIn = coefficients.firstIndex { $0[name] != nil }.map { lambdas[$0] }
            #expect((entry["entered"] as? [Double])?.first == firstIn, "\(name)")
            if entry["status"] as? String == "zero" {
                #expect((entry["kkt_margin"] as? Double).map { $0 <= 1 + 1e-6 } == true, "\(name)")
            }
        }
        let text = try EnetRun(["explain", EnetRun.diabetes, "--lambda", "2"])
        #expect(text.succeeded && (text.stdout.contains("enters (+)") || text.stdout.contains("enters (-)")))

        let scratch = try Scratch()
        defer { scratch.remove() }
        let cv = try EnetRun(["cv", EnetRun.diabetes, "--folds", "5", "--output", scratch.path("model.json")])
        #expect(cv.succeeded, "\(cv.stderr)")
        let model = try EnetRun(["explain", scratch.path("model.json"), "--format", "json"])
        #expect(model.succeeded, "\(model.stderr)")
        let saved = try EnetRun.object(Data(try scratch.read("model.json").utf8))
        #expect(try model.json()["lambda"] as? Double == saved["lambda_1se"] as? Double)
    }

    @Test func demoPrintsTheOneWeightTrajectories() throws {
        let run = try EnetRun(["demo", "l1-vs-l2", "--w0", "5", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        let l1 = try #require(json["l1"] as? [Double]), l2 = try #require(json["l2"] as? [Double])
        #expect(l1.count == 13 && l2.count == 13)
        #expect(l1.firstIndex(of: 0) == 10 && l1[10...].allSatisfy { $0 == 0 })
        #expect(l2.enumerated().allSatisfy { $1 == 5 * pow(0.5, Double($0)) })
        #expect((json["l1_subgradient"] as? [Double])?.count == 13)
        let text = try EnetRun(["demo", "l1-vs-l2", "--w0", "5.1", "--steps", "14"])
        #expect(text.succeeded && text.stdout.contains("never exactly 0"))
        // --svg draws the same trajectories: a well-formed SVG with no network resource.
        let scratch = try Scratch()
        defer { scratch.remove() }
        let drawn = try EnetRun(["demo", "l1-vs-l2", "--w0", "5.1", "--svg", scratch.path("demo.svg")])
        #expect(drawn.succeeded, "\(drawn.stderr)")
        let figure = try Rendered(file: scratch.path("demo.svg"))
        #expect(figure.networkResources.isEmpty && (figure.elementCounts["polyline", default: 0] + figure.elementCounts["path", default: 0]) >= 3)
        #expect(try scratch.contents() == ["demo.svg"])
    }

    @Test(arguments: [
        (["fit", "DATA", "--lambda", "1", "--solver", "sgd", "--step", "fixed"], "--step"),
        (["fit", "DATA", "--lambda", "1", "--solver", "sgd", "--epochs", "0"], "--epochs"),
        (["fit", "DATA", "--lambda", "1", "--solver", "sgd", "--batch-size", "0"], "--batch-size"),
        (["fit", "DATA", "--lambda", "1", "--epochs", "5"], "--epochs"),
        (["fit", "DATA", "--lambda", "1", "--solver", "fista", "--trace", "/no/such/folder/t.csv"], "--trace"),
        (["fit", "DATA", "--lambda", "1", "--solver", "newton"], "--solver"),
        (["compare", "DATA", "--lambda-frac", "2"], "--lambda-frac"),
        (["compare", "DATA", "--budget", "0"], "--budget"),
        (["compare", "DATA", "--alpha", "0.5"], "--alpha"),
        (["explain", "DATA", "--lambda", "-1"], "--lambda"),
        (["demo", "l1-vs-l2", "--eta", "0"], "--eta"),
        (["demo", "l1-vs-l2", "--steps", "0"], "--steps"),
        (["demo", "l1-vs-l2", "--w0", "1e308"], "--w0"),
        (["demo", "l1-vs-l2", "--eta", "1", "--lambda", "2"], "--eta"),
        (["fit", "MULTI", "--family", "multinomial", "--lambda", "0.02", "--trace", "/tmp/t.csv"], "--trace"),
    ])
    func badOptionsAreRefusedNamingTheOption(arguments: [String], option: String) throws {
        let run = try EnetRun(arguments.map {
            $0 == "DATA" ? EnetRun.diabetes : $0 == "MULTI" ? EnetRun.shared("multinomial_example.csv") : $0
        })
        #expect(run.refusalProblem == nil, "\(arguments): \(run.refusalProblem ?? "")")
        #expect(run.stderr.contains(option), "\(arguments): \(run.stderr)")
    }

    @Test func sgdRefusesPoisson() throws {
        let run = try EnetRun(["fit", EnetRun.shared("poisson_example.csv"), "--family", "poisson", "--lambda", "0.01",
                               "--solver", "sgd"])
        #expect(run.refusalProblem == nil && run.stderr.contains("--solver sgd"), "\(run.stderr)")
    }
}
