import ElasticNetCore
import ElasticNetModelFile
import Foundation

/// Writing the model file from a command: the library's members (`ModelFile.Contents`), after the
/// command's report, and the manifest of the input with its SHA-256, which only the CLI knows.
extension ModelFile {
    /// A class label as written: integers without a decimal point.
    static func label(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : x.description
    }

    /// The fields every model file carries after the command's report: the library's model
    /// members, then the manifest of the input.
    static func fields(command: String, data: LoadedData, common: CommonOptions, fits: Fits,
                      seed: UInt64? = nil) throws -> [(String, JSON)] {
        let (centers, scales) = data.columnStatistics()
        let contents = Contents(command: command, target: data.targetName, features: data.featureNames,
                                classLabels: data.classNames, options: data.options, fits: fits,
                                featureCenters: centers, featureScales: scales, encoding: data.encoding,
                                weightsColumn: common.weights, offsetColumn: common.offset)
        return contents.members + [("manifest", try manifest(data: data, common: common, seed: seed))]
    }

    static func manifest(data: LoadedData, common: CommonOptions, seed: UInt64?) throws -> JSON {
        let url = URL(fileURLWithPath: common.data)
        let date = ISO8601DateFormatter().string(from: Date())
        return .object([
            ("tool", .string("enet")),
            ("tool_version", .string(Enet.version)),
            ("arguments", .array(CommandLine.arguments.dropFirst().map { .string($0) })),
            ("working_directory", .string(FileManager.default.currentDirectoryPath)),
            ("input", .string(common.data)),
            ("delimiter", common.delimiter.map { .string($0) } ?? .null),
            ("zero_based", .bool(common.zeroBased)),
            ("excluded_columns", .array(common.excludedColumns.map { .string($0) })),
            ("drop_missing_target", .bool(common.dropMissingTarget)),
            ("response_absolute", common.response.map { .string(URL(fileURLWithPath: $0).standardizedFileURL.path) } ?? .null),
            ("feature_names_absolute", common.featureNames.map { .string(URL(fileURLWithPath: $0).standardizedFileURL.path) } ?? .null),
            ("input_absolute", .string(url.standardizedFileURL.path)),
            ("rows", .integer(data.x.rowCount)),
            ("columns", .integer(data.columnCount)),
            ("sha256", .string(data.inputDigest)),
            ("response_sha256", data.responseDigest.map { .string($0) } ?? .null),
            ("feature_names_sha256", data.featureNamesDigest.map { .string($0) } ?? .null),
            ("seed", seed.map { .string(String($0)) } ?? .null),
            ("date", .string(date)),
        ])
    }
}
