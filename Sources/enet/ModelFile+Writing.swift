import ElasticNetCore
import ElasticNetModelFile
import Foundation

/// Writing the model file (see `ModelFile` in ElasticNetModelFile for what it holds and for the
/// reader): the fields that follow a command's report, and the manifest with the input's SHA-256.
extension ModelFile {
    /// A class label as written: integers without a decimal point.
    static func label(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : x.description
    }

    /// The fields every model file carries after the command's report.
    static func fields(command: String, data: LoadedData, common: CommonOptions, fits: Fits,
                      seed: UInt64? = nil) throws -> [(String, JSON)] {
        let (centers, scales) = data.columnStatistics()
        let names = data.featureNames
        let options = data.options
        let model: JSON = .object([
            ("features", .array(names.map { .string($0) })),
            ("lambdas", .numbers(fits.lambdas)),
            ("intercepts", .array(fits.intercepts.map { .numbers($0) })),
            ("coefficients", .array(fits.coefficients.map { perClass in
                .array(perClass.map { b in .object(zip(names, b).filter { $0.1 != 0 }.map { ($0.0, .number($0.1)) }) })
            })),
        ])
        return [
            ("format", .string(format)),
            ("format_version", .integer(version)),
            ("command", .string(command)),
            ("target", .string(data.targetName)),
            ("weights_column", common.weights.map { .string($0) } ?? .null),
            ("offset_column", common.offset.map { .string($0) } ?? .null),
            ("class_labels", data.classNames.map { .array($0.map { .string($0) }) } ?? .null),
            ("feature_centers", .numbers(centers)),
            ("feature_scales", .numbers(scales)),
            ("options", .object([
                ("family", .string(options.family.rawValue)),
                ("alpha", .number(options.alpha)),
                ("penalty", .string(CommonOptions.PenaltyName(options.penalty).rawValue)),
                ("concavity", options.penalty.concavity.map { .number($0) } ?? .null),
                ("standardize", .bool(options.standardize)),
                ("intercept", .bool(options.intercept)),
                ("grouped", .bool(options.grouped)),
                ("penalty_factors", options.penaltyFactors.map { .numbers($0) } ?? .null),
                ("lower_bounds", options.lowerBounds.map { .numbers($0) } ?? .null),
                ("upper_bounds", options.upperBounds.map { .numbers($0) } ?? .null),
                ("tolerance", .number(options.tolerance)),
            ])),
            ("encoding", data.encoding.json),
            ("model", model),
            ("manifest", try manifest(data: data, common: common, seed: seed)),
        ]
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
