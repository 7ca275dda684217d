import ElasticNetCore
import ElasticNetModelFile
import Foundation
import Testing

/// The model-file reader: the files enet writes are read back whole, and a file whose parts do not
/// fit together is refused with an error naming it, before predict, explain or plot can index past
/// an array. The malformed cases are the ones that trapped `enet predict` and `enet plot path`
/// before the reader checked them (found while adding Fuzz/ModelFileTarget.swift); the fuzz
/// target asserts the same guarantees on whatever it generates.
struct SavedModelTests {
    /// The package root (this file is Tests/ElasticNetModelFileTests/SavedModelTests.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A small gaussian path model as enet writes it: two features, three lambdas, a CV curve.
    static func gaussian() -> [String: Any] {
        [
            "format": ModelFile.format, "format_version": ModelFile.version, "command": "cv", "target": "y",
            "options": ["family": "gaussian", "alpha": 1.0], "manifest": ["input": "data.csv"],
            "model": [
                "features": ["a", "b"], "lambdas": [1.0, 0.5, 0.25],
                "intercepts": [[3.0], [2.5], [2.0]],
                "coefficients": [[[:]], [["a": 0.5]], [["a": 0.75, "b": -0.25]]],
            ] as [String: Any],
            "dev_ratio": [0.0, 0.4, 0.6], "feature_scales": [1.5, 2.0],
            "lambdas": [1.0, 0.5, 0.25], "cvm": [4.0, 3.0, 3.5], "cvsd": [0.5, 0.4, 0.45], "nzero": [0, 1, 2],
            "index_min": 1, "index_1se": 0, "lambda_min": 0.5, "lambda_1se": 1.0, "measure": "mse",
        ]
    }

    /// A multinomial fit with three classes.
    static func multinomial() -> [String: Any] {
        var root = gaussian()
        root["options"] = ["family": "multinomial", "alpha": 1.0]
        root["class_labels"] = ["x", "y", "z"]
        root["model"] = [
            "features": ["a", "b"], "lambdas": [0.1],
            "intercepts": [[0.1, -0.2, 0.1]],
            "coefficients": [[["a": 1.0], [:], ["b": -1.0]]],
        ] as [String: Any]
        root["dev_ratio"] = nil
        return root
    }

    static func read(_ root: [String: Any]) throws(ModelFileError) -> SavedModel {
        try SavedModel(data: try! JSONSerialization.data(withJSONObject: root, options: [.sortedKeys]), path: "m.json")
    }

    @Test func aWellFormedModelReadsBack() throws {
        let model = try Self.read(Self.gaussian())
        #expect(model.family == .gaussian && model.features == ["a", "b"] && model.fits.lambdas == [1, 0.5, 0.25])
        #expect(model.fits.coefficients[2] == [[0.75, -0.25]] && model.fits.intercepts[1] == [2.5])
        #expect(model.curve?.indexMin == 1 && model.lambda1se == 1 && model.featureScales == [1.5, 2])
        let multinomial = try Self.read(Self.multinomial())
        #expect(multinomial.fits.coefficients[0] == [[1, 0], [0, 0], [0, -1]] && multinomial.classLabels == ["x", "y", "z"])
    }

    /// The fuzzer's seeds are model files written by enet: each must read, or the fuzzer starts from noise.
    @Test(arguments: ["cv-alphas.json", "multinomial-fit.json", "path-encoded.json"])
    func theFuzzSeedsAreModelFiles(name: String) throws {
        let path = Self.packageRoot.appendingPathComponent("Fuzz/corpus-model/\(name)").path
        let model = try SavedModel(path: path)
        #expect(!model.fits.lambdas.isEmpty && !model.features.isEmpty)
        if name == "path-encoded.json" { #expect(model.encoding.levels["colour"]?.count == 3 && !model.encoding.imputed.isEmpty) }
        if name == "cv-alphas.json" { #expect(model.curve != nil) }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let multinomial: Bool
        let edit: @Sendable (inout [String: Any]) -> Void
        /// Every one of these must appear in the message.
        let says: [String]
        var testDescription: String { name }
    }

    static func editModel(_ root: inout [String: Any], _ key: String, _ value: Any) {
        var model = root["model"] as! [String: Any]
        model[key] = value
        root["model"] = model
    }

    static let malformed: [Case] = [
        // enet predict --interpolate indexed the missing intercept; plot path the missing coefficients.
        Case(name: "no intercept at a lambda", multinomial: false, edit: { editModel(&$0, "intercepts", [[3.0], [], [2.0]]) },
             says: ["0 intercepts and 1 coefficient sets at lambda 2", "a gaussian model has one"]),
        Case(name: "no coefficients at a lambda", multinomial: false, edit: { editModel(&$0, "coefficients", [[[:]], [], [[:]]]) },
             says: ["1 intercepts and 0 coefficient sets at lambda 2"]),
        Case(name: "two classes in a gaussian model", multinomial: false,
             edit: { editModel(&$0, "intercepts", [[3.0, 1], [2.5, 1], [2.0, 1]]); editModel(&$0, "coefficients", [[[:], [:]], [[:], [:]], [[:], [:]]]) },
             says: ["2 intercepts and 2 coefficient sets at lambda 1"]),
        // enet predict --type nonzero indexed the class labels.
        Case(name: "fewer class labels than classes", multinomial: true, edit: { $0["class_labels"] = ["x", "y"] },
             says: ["3 intercepts and 3 coefficient sets", "one per class label (2)"]),
        Case(name: "multinomial without class labels", multinomial: true, edit: { $0["class_labels"] = NSNull() },
             says: ["multinomial model needs \"class_labels\""]),
        Case(name: "one class label", multinomial: true, edit: { $0["class_labels"] = ["x"] }, says: ["two or more"]),
        // enet plot path --x dev indexed the deviance ratios by lambda.
        Case(name: "dev_ratio shorter than the lambdas", multinomial: false, edit: { $0["dev_ratio"] = [0.5] },
             says: ["\"dev_ratio\" has 1 values for the model's 3 lambdas"]),
        Case(name: "feature_scales shorter than the features", multinomial: false, edit: { $0["feature_scales"] = [1.0] },
             says: ["\"feature_scales\" has 1 values for the model's 2 features"]),
        Case(name: "negative feature scale", multinomial: false, edit: { $0["feature_scales"] = [1.0, -2.0] },
             says: ["\"feature_scales\" value 2 is -2.0"]),
        Case(name: "negative lambda", multinomial: false, edit: { editModel(&$0, "lambdas", [1.0, 0.5, -0.25]) },
             says: ["lambda 3 is -0.25", "finite number >= 0"]),
        Case(name: "negative lambda_1se", multinomial: false, edit: { $0["lambda_1se"] = -1.0 }, says: ["\"lambda_1se\" is -1.0"]),
        Case(name: "lambdas and intercepts of different lengths", multinomial: false, edit: { editModel(&$0, "intercepts", [[3.0]]) },
             says: ["lambdas, intercepts and coefficients do not match"]),
        Case(name: "coefficient of an unknown feature", multinomial: false,
             edit: { editModel(&$0, "coefficients", [[[:]], [["c": 1.0]], [[:]]]) }, says: ["unknown feature \"c\""]),
        Case(name: "unknown family", multinomial: false, edit: { $0["options"] = ["family": "cauchy", "alpha": 1.0] },
             says: ["unknown family"]),
    ]

    @Test(arguments: malformed)
    func malformedModelsAreRefusedByName(_ c: Case) throws {
        var root = c.multinomial ? Self.multinomial() : Self.gaussian()
        c.edit(&root)
        let error = #expect(throws: ModelFileError.self) { try Self.read(root) }
        let message = error?.description ?? ""
        #expect(message.hasPrefix("m.json: "), "\(message)")
        for fragment in c.says { #expect(message.contains(fragment), "\(message) lacks \(fragment)") }
    }
}
