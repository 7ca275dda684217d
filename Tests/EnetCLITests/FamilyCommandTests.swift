import Foundation
import Testing

/// Small data sets written by the tests themselves (deterministic, a few dozen rows), so each
/// family's run takes milliseconds.
enum FamilyData {
    /// Two features and a yes/no target that the features explain only in part (not separable).
    static func binomialWords(rows: Int) -> String {
        var text = "x1,x2,answer\n"
        for i in 0 ..< rows {
            let x1 = sin(Double(i)), x2 = cos(1.3 * Double(i))
            let yes = x1 + 0.5 * x2 + 0.9 * sin(5.1 * Double(i)) > 0
            text += "\(x1),\(x2),\(yes ? "yes" : "no")\n"
        }
        return text
    }

    /// Counts with a log-exposure column `shift` above the one they were drawn with.
    static func poissonWithExposure(rows: Int, shift: Double) -> String {
        var text = "x1,x2,log_exposure,count\n"
        for i in 0 ..< rows {
            let x1 = sin(Double(i)), x2 = cos(0.7 * Double(i)), exposure = log(1 + Double(i % 4))
            let count = Int((exp(0.3 + 0.5 * x1 + exposure)).rounded()) + i % 3
            text += "\(x1),\(x2),\(exposure + shift),\(count)\n"
        }
        return text
    }
}

/// Binomial, poisson (with an offset) and multinomial models from the command line.
struct FamilyCommandTests {
    /// breast_cancer's path: certified at every lambda, the classes named, and the first fit empty.
    @Test func binomialPath() throws {
        let run = try EnetRun(["path", EnetRun.shared("breast_cancer.csv"), "--family", "binomial", "--nlambda", "12",
                               "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        #expect(json["family"] as? String == "binomial")
        #expect(json["classes"] as? [String: Double] == ["negative": 0, "positive": 1])
        #expect((json["features"] as? [String])?.count == 30)
        let gaps = try #require(json["relative_gaps"] as? [Double])
        #expect(gaps.allSatisfy { $0 <= 1e-7 }, "\(gaps.max() ?? .nan)")
        let coefficients = try #require(json["coefficients"] as? [[String: Double]])
        #expect(coefficients.first?.isEmpty == true && coefficients.last?.isEmpty == false)
    }

    /// A word target: the positive class is the larger label, and the fit reports which is which.
    @Test func binomialFitOnWordLabels() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write(FamilyData.binomialWords(rows: 60), "answers.csv")
        let run = try EnetRun(["fit", data, "--family", "binomial", "--lambda", "0.01", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        #expect(json["classes"] as? [String: String] == ["negative": "no", "positive": "yes"])
        #expect((json["coefficients"] as? [String: Double]).map { Set($0.keys) } == ["x1", "x2"])
        let gap = try #require(json["duality_gap"] as? Double), objective = try #require(json["objective"] as? Double)
        #expect(gap <= 1e-7 * abs(objective))
    }

    /// The README's poisson example is certified.
    @Test func poissonFit() throws {
        let run = try EnetRun(["fit", EnetRun.shared("poisson_example.csv"), "--family", "poisson", "--alpha", "0.5",
                               "--lambda", "0.01", "--format", "json"])
        #expect(run.succeeded && run.stderr.isEmpty, "\(run.stderr)")
        let json = try run.json()
        #expect(json["family"] as? String == "poisson" && json["alpha"] as? Double == 0.5 && json["lambda"] as? Double == 0.01)
        // A poisson objective can be negative: the gap is bounded relative to its size.
        let gap = try #require(json["duality_gap"] as? Double), objective = try #require(json["objective"] as? Double)
        #expect(gap >= 0 && gap <= 1e-7 * abs(objective))
        #expect((json["coefficients"] as? [String: Double])?.count == 20)
    }

    /// An offset is not a feature, and it enters eta as it is: adding c to it moves the intercept
    /// by -c and leaves the coefficients (the objective is the same function of b0 + c).
    @Test func offsetIsNotAFeatureAndShiftsTheIntercept() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        func fit(shift: Double) throws -> [String: Any] {
            let data = try scratch.write(FamilyData.poissonWithExposure(rows: 40, shift: shift), "counts+\(shift).csv")
            let run = try EnetRun(["fit", data, "--family", "poisson", "--offset", "log_exposure", "--lambda", "0.01",
                                   "--format", "json"])
            #expect(run.succeeded, "\(run.stderr)")
            return try run.json()
        }
        let plain = try fit(shift: 0), shifted = try fit(shift: 2.5)
        let b = try #require(plain["coefficients"] as? [String: Double])
        let c = try #require(shifted["coefficients"] as? [String: Double])
        #expect(Set(b.keys) == ["x1", "x2"], "the offset column became a feature")
        #expect(plain["offset_column"] as? String == "log_exposure")
        // Both fits are certified to a relative gap of 1e-7; their difference is far smaller than that allows.
        for name in b.keys { #expect(abs(b[name]! - c[name]!) <= 1e-6 * max(1, abs(b[name]!)), "\(name)") }
        let b0 = try #require(plain["intercept"] as? Double), c0 = try #require(shifted["intercept"] as? Double)
        #expect(abs((b0 - 2.5) - c0) <= 1e-6)

        // predict needs the offset column again.
        _ = try EnetRun(["fit", scratch.path("counts+0.0.csv"), "--family", "poisson", "--offset", "log_exposure",
                         "--lambda", "0.01", "--output", scratch.path("m.json")])
        let lacking = try EnetRun(["predict", scratch.path("m.json"), try scratch.write("x1,x2\n0.1,0.2\n", "new.csv")])
        #expect(lacking.refusalProblem == nil, "\(lacking.refusalProblem ?? "")")
        #expect(lacking.stderr.contains("new.csv") && lacking.stderr.contains("log_exposure"))
    }

    /// Multinomial fit JSON: the classes, a centred intercept per class, and every feature in
    /// every class's coefficients.
    @Test func multinomialFitShape() throws {
        let run = try EnetRun(["fit", EnetRun.shared("multinomial_example.csv"), "--family", "multinomial", "--alpha", "0.5",
                               "--lambda", "0.02", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        let classes = try #require(json["classes"] as? [String])
        #expect(classes == ["1", "2", "3"])
        let intercepts = try #require(json["intercept"] as? [String: Double])
        #expect(Set(intercepts.keys) == Set(classes))
        // Centred: the sum is 0 up to the rounding of three numbers of size about 1.
        #expect(abs(intercepts.values.reduce(0, +)) <= 1e-12)
        let coefficients = try #require(json["coefficients"] as? [String: [String: Double]])
        #expect(Set(coefficients.keys) == Set(classes))
        for (name, perFeature) in coefficients { #expect(perFeature.count == 30, "class \(name)") }
        let gap = try #require(json["duality_gap"] as? Double), objective = try #require(json["objective"] as? Double)
        #expect(gap <= 1e-7 * objective)
    }

    /// The grouped penalty keeps a feature in every class or none, at every lambda of the path.
    @Test func groupedPathIsAllOrNone() throws {
        let run = try EnetRun(["path", EnetRun.shared("multinomial_example.csv"), "--family", "multinomial", "--grouped",
                               "--nlambda", "10", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        #expect(json["grouped"] as? Bool == true)
        let path = try #require(json["coefficients"] as? [[String: [String: Double]]])
        #expect(path.count >= 2)
        for (l, perClass) in path.enumerated() {
            #expect(perClass.count == 3)
            let supports = Set(perClass.values.map { Set($0.keys) })
            #expect(supports.count == 1, "lambda \(l + 1): a feature is in some classes only")
        }
        #expect(path.last?.values.first?.isEmpty == false)
    }
}
