import ElasticNetCore
import ElasticNetIO
import Foundation

/// The real data sets of ../shared/data, loaded once per process.
enum SharedData {
    /// The project's shared data folder: `$ENET_SHARED_DATA` if set, else `shared/data` beside the
    /// package (found from this file: Tests/ElasticNetCoreTests/Support/ -> ../../../../shared/data),
    /// else the workplace's `/work/shared/data`, so a clone checked out anywhere still finds it.
    static let directory: URL = {
        let here = URL(fileURLWithPath: #filePath)
        let packageRoot = here.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        var candidates = [packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data"),
                          URL(fileURLWithPath: "/work/shared/data")]
        if let given = ProcessInfo.processInfo.environment["ENET_SHARED_DATA"] {
            candidates.insert(URL(fileURLWithPath: given), at: 0)
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("diabetes.csv").path) }
            ?? candidates[0]
    }()

    struct DataSet: Sendable {
        let name: String
        let featureNames: [String]
        let x: DenseMatrix
        let y: [Double]
        let family: Family
    }

    /// The data set `name` (response in the last column, `y`).
    static func load(_ name: String) throws -> DataSet {
        let path = directory.appendingPathComponent("\(name).csv").path
        let table = try CSVReader.read(path: path)
        let p = table.columnNames.count - 1
        let x = DenseMatrix(rowCount: table.rowCount, columnCount: p,
                            columnMajor: Array(table.values[0 ..< (p * table.rowCount)]))
        let family: Family = ["breast_cancer", "binomial_example"].contains(name) ? .binomial
            : name == "poisson_example" ? .poisson
            : ["multinomial_example", "digits"].contains(name) ? .multinomial : .gaussian
        return DataSet(name: name, featureNames: Array(table.columnNames.prefix(p)), x: x,
                       y: Array(table.column(p)), family: family)
    }

    /// The response as class indices 0 ..< K, classes in sorted order of their values.
    static func classes(of data: DataSet) -> (classes: [Int], count: Int) {
        let values = Array(Set(data.y)).sorted()
        let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        return (data.y.map { index[$0]! }, values.count)
    }
}
