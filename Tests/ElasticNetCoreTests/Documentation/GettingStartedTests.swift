import ElasticNetCore
import Foundation
import Testing

/// The getting-started article (Sources/ElasticNetCore/ElasticNetCore.docc/GettingStarted.md)
/// cannot rot: its code runs here line for line, and a check reads the article and fails when
/// one of its code lines is missing from this file. Change both together.
struct GettingStartedTests {
    static let article: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/ElasticNetCore/ElasticNetCore.docc/GettingStarted.md")

    /// The lines of the article's ```swift blocks, trimmed, blank lines dropped.
    static func articleCodeLines() throws -> [String] {
        var lines = [String](), inCode = false
        for line in try String(contentsOf: article, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") { inCode = trimmed == "```swift"; continue }
            if inCode && !trimmed.isEmpty { lines.append(trimmed) }
        }
        return lines
    }

    @Test func everyCodeLineOfTheArticleRunsInThisTest() throws {
        let code = try Self.articleCodeLines()
        #expect(code.count >= 10, "the article's code blocks were not found in \(Self.article.path)")
        let here = Set(try String(contentsOfFile: #filePath, encoding: .utf8).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) })
        for line in code { #expect(here.contains(line), "the article's line is not run by this test: \(line)") }
    }

    /// The article's code on breast_cancer (binomial, 569 rows, 30 features), predicting its
    /// first rows. What it prints is checked against the definitions, not stored numbers.
    @Test func theArticleFitsCrossValidatesAndPredicts() throws {
        let data = try SharedData.load("breast_cancer")
        let rows = (0 ..< data.x.rowCount).map { i in (0 ..< data.x.columnCount).map { data.x[row: i, column: $0] } }
        let y = data.y
        let newRows = Array(rows.prefix(20))

        // The article, GettingStarted.md:
        let x = DenseMatrix(rows: rows)
        let model = ElasticNet(options: FitOptions(family: .binomial, alpha: 0.5))
        let path = try model.path(x: x, y: y)
        let (_, curve) = try model.crossValidate(x: x, y: y)
        let lambda = curve.lambda1se
        let newX = DenseMatrix(rows: newRows)
        let probabilities = try path.response(newX, at: lambda)
        let classes = try path.classes(newX, at: lambda)
        let features = path.predictor(at: lambda).nonzeroFeatures
        // Lambdas off the grid:
        let exact = try model.fit(x: x, y: y, lambda: lambda / 3)
        let exactProbabilities = try exact.response(newX)

        // lambda.1se is one of the path's lambdas, so the prediction is that fit's, not an interpolation.
        let index = try #require(path.lambdas.firstIndex(of: lambda))
        let fit = path.fits[index]
        #expect(LambdaPosition(of: lambda, in: path.lambdas) == .fitted(index: index))
        #expect(features == fit.coefficients.nonzeroIndices)
        #expect(!features.isEmpty && features.count < 30)
        for (i, row) in newRows.enumerated() {
            let eta = zip(row, fit.coefficients).reduce(fit.intercept) { $0 + $1.0 * $1.1 }
            #expect(abs(probabilities[i] - 1 / (1 + exp(-eta))) <= 1e-12)
            #expect(classes[i] == (eta > 0 ? 1 : 0))
        }
        #expect(exact.converged && exact.lambda == lambda / 3)
        #expect(exactProbabilities.count == newRows.count)
    }
}
