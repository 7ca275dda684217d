// Fits a lasso path on a CSV whose last column is the response, picks lambda by 10-fold
// cross-validation, saves the model, loads it back and checks that the loaded model predicts
// what the fitted one does. Exits non-zero on any disagreement.
//
//     swift run LibraryConsumer ../diabetes.csv
import ElasticNetCore
import ElasticNetIO
import ElasticNetModelFile
import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard let csv = arguments.first else {
    FileHandle.standardError.write(Data("usage: LibraryConsumer DATA.csv [MODEL.json]\n".utf8))
    exit(2)
}
let modelPath = arguments.dropFirst().first ?? NSTemporaryDirectory() + "library-consumer-model.json"

do {
    let table = try CSVReader.read(path: csv)
    let p = table.columnCount - 1
    let x = DenseMatrix(columns: (0 ..< p).map { Array(table.column($0)) })
    let y = Array(table.column(p))

    let model = ElasticNet(options: FitOptions(family: .gaussian, alpha: 1))
    let (path, curve) = try model.crossValidate(x: x, y: y)
    let lambda = curve.lambda1se
    let fitted = try path.response(x, at: lambda)

    let contents = ModelFile.Contents(path: path, x: x, features: Array(table.columnNames.prefix(p)),
                                      target: table.columnNames[p])
    try contents.write(to: modelPath)
    let loaded = try SavedModel(path: modelPath)
    let predicted = try loaded.predictor(at: lambda).response(x).map { $0[0] }

    let worst = zip(fitted, predicted).map { abs($0 - $1) / max(abs($0), 1) }.max() ?? 0
    let used = path.predictor(at: lambda).nonzeroFeatures.map { table.columnNames[$0] }
    print("\(path.fits.count) lambdas; lambda.1se \(lambda) uses \(used.joined(separator: ", "))")
    print("saved to \(modelPath) and loaded: worst relative difference of the predictions \(worst)")
    guard worst == 0, loaded.features == Array(table.columnNames.prefix(p)), loaded.fits.lambdas == path.lambdas else {
        FileHandle.standardError.write(Data("LibraryConsumer: the loaded model differs from the fitted one\n".utf8))
        exit(1)
    }
} catch {
    FileHandle.standardError.write(Data("LibraryConsumer: \(error)\n".utf8))
    exit(1)
}
