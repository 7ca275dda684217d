import Foundation
import Testing

/// Categorical columns are one-hot encoded with readable names, missing numbers imputed, and both
/// applied again from the model file at prediction.
struct EncodingTests {
    static let training: String = {
        var text = "size,colour,y\n"
        for i in 0 ..< 60 {
            let colour = ["red", "green", "blue"][i % 3]
            let size = sin(Double(i))
            let y = (colour == "red" ? 2.0 : colour == "green" ? -1 : 0) + 0.5 * size + 0.1 * cos(Double(7 * i))
            text += "\(i % 11 == 0 ? "NA" : String(size)),\(colour),\(y)\n"
        }
        return text
    }()

    @Test func categoricalAndImputedColumnsRoundTrip() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write(Self.training, "train.csv")
        let refused = try EnetRun(["fit", data, "--lambda", "0.01"])
        #expect(refused.status == 2 && refused.stderr.contains("line 2, column 1"))

        let fit = try EnetRun(["fit", data, "--lambda", "0.01", "--categorical", "colour", "--impute", "mean",
                               "--output", scratch.path("m.json")])
        #expect(fit.status == 0, "\(fit.stderr)")
        let model = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("m.json")))) as? [String: Any])
        let coefficients = try #require(model["coefficients"] as? [String: Double])
        #expect(Set(coefficients.keys) == ["size", "colour=blue", "colour=green", "colour=red"])
        #expect(coefficients["colour=red"]! > coefficients["colour=green"]!)

        let fresh = try scratch.write("size,colour\n0.5,red\nNA,green\n0.1,purple\n", "new.csv")
        let unknown = try EnetRun(["predict", scratch.path("m.json"), fresh])
        #expect(unknown.status == 2 && unknown.stderr.contains("purple") && unknown.stderr.contains("line 4"))
        let ignored = try EnetRun(["predict", scratch.path("m.json"), fresh, "--unknown-level", "ignore"])
        #expect(ignored.status == 0, "\(ignored.stderr)")
        let values = ignored.stdout.split(separator: "\n").dropFirst().map { Double($0)! }
        let b0 = try #require((model["intercept"] as? Double))
        let mean = try #require(((model["encoding"] as? [String: Any])?["imputed"] as? [String: Double])?["size"])
        let expected = [b0 + 0.5 * coefficients["size"]! + coefficients["colour=red"]!,
                        b0 + mean * coefficients["size"]! + coefficients["colour=green"]!,
                        b0 + 0.1 * coefficients["size"]!]
        for (value, want) in zip(values, expected) { #expect(abs(value - want) <= 1e-12 * max(1, abs(want))) }
    }

    /// A categorical column whose name holds a comma, and a penalty factor on one of its levels
    /// (a feature name with "=" in it): both survive the refit that predict runs from the model.
    @Test func namesWithCommasAndLevelsRefit() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = Self.training.replacingOccurrences(of: "size,colour,y", with: "size,\"col,our\",y")
        _ = try scratch.write(data, "data.csv")
        let cv = try EnetRun(["cv", "data.csv", "--categorical", "\"col,our\"", "--impute", "mean", "--folds", "3",
                              "--penalty-factor", "\"col,our=red\"=0.5,size=2", "--output", "m.json"], in: scratch.url)
        #expect(cv.succeeded, "\(cv.stderr)")
        let model = try EnetRun.object(Data(try scratch.read("m.json").utf8))
        let factors = try #require((model["options"] as? [String: Any])?["penalty_factors"] as? [Double])
        let features = try #require((model["model"] as? [String: Any])?["features"] as? [String])
        #expect(features == ["size", "col,our=blue", "col,our=green", "col,our=red"] && factors == [2, 1, 1, 0.5])
        let refit = try EnetRun(["predict", "m.json", "data.csv", "--s", "0.0123"], in: scratch.url)
        #expect(refit.succeeded && refit.stderr.contains("refitted"), "\(refit.stderr)")
        let explained = try EnetRun(["explain", "m.json"], in: scratch.url)
        #expect(explained.succeeded, "\(explained.stderr)")
    }
}
