import ElasticNetCore
import ElasticNetModelFile
import Foundation
import Testing

/// A model the library writes (`ModelFile.Contents.write`) reads back (`SavedModel`) with every
/// number bit for bit, so the loaded model predicts exactly what the fitted one does. The numbers
/// are drawn to need all 17 digits: Foundation's JSONSerialization read about one in five of them
/// as a neighbouring double.
struct ModelFileRoundTripTests {
    @Test func everyNumberReadsBackBitForBit() throws {
        var generator = SplitMix64(seed: 7)
        let (n, p) = (60, 8)
        let columns = (0 ..< p).map { _ in (0 ..< n).map { _ in generator.uniform() * 10 - 5 } }
        let y = (0 ..< n).map { i in 1.7 * columns[0][i] - 0.9 * columns[3][i] + generator.uniform() }
        let x = DenseMatrix(columns: columns)
        let path = try ElasticNet().path(x: x, y: y)
        let contents = ModelFile.Contents(path: path, x: x, features: (0 ..< p).map { "f\($0)" }, target: "y")

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("roundtrip-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try contents.write(to: file)
        let loaded = try SavedModel(path: file)

        #expect(loaded.family == .gaussian && loaded.features == contents.features && loaded.target == "y")
        #expect(loaded.fits.lambdas == path.lambdas)
        #expect(loaded.fits.intercepts == path.fits.map { [$0.intercept] })
        #expect(loaded.fits.coefficients == path.fits.map { [$0.coefficients.array] })
        #expect(loaded.manifest.isEmpty, "the library writes no manifest of the input")
        for lambda in [path.lambdas[10], path.lambdas[40], (path.lambdas[20] + path.lambdas[21]) / 2] {
            #expect(try loaded.predictor(at: lambda).response(x).map { $0[0] } == path.response(x, at: lambda))
        }
    }

    /// The objective reads back as it was given (`SavedModel.fitOptions`), infinities included, so
    /// a refit at another lambda minimises the same objective as the saved path.
    @Test func theOptionsReadBackAsTheObjectiveFitted() throws {
        var options = FitOptions(family: .gaussian, alpha: 0.7, standardize: false, intercept: true)
        options.penalty = .mcp(gamma: 2.5)
        options.tolerance = 1e-9
        options.penaltyFactors = [1, 0, .infinity, 2]
        options.lowerBounds = [-.infinity, 0, -.infinity, -1]
        options.upperBounds = [.infinity, .infinity, 3, .infinity]
        let fits = ModelFile.Fits(lambdas: [0.5], intercepts: [[1.25]], coefficients: [[[0.5, 0, 0, -0.25]]])
        let contents = ModelFile.Contents(command: "fit", target: "y", features: ["a", "b", "c", "d"], classLabels: nil,
                                          options: options, fits: fits, featureCenters: [0, 0, 0, 0],
                                          featureScales: [1, 1, 1, 1])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("options-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try contents.write(to: file)
        #expect(try SavedModel(path: file).fitOptions == options)
    }
}
