/// How input columns become design columns: a categorical column becomes one 0/1 column per
/// level, named `column=level` (every level kept, `all`: the penalty makes the model identifiable;
/// or every level but the first, `reference`: treatment coding, as R's model.matrix), and
/// missing numbers are imputed (`--impute mean|median`). Fitted once on the training data, stored
/// in the model file, and applied again, unchanged, at prediction. Learning, applying and writing
/// it are in the `enet` target (`Encoding+Apply.swift`); reading it back is here.
public struct Encoding: Sendable {
    /// The input columns the features come from, in order.
    public var inputColumns: [String]
    /// Levels of each categorical column, in order.
    public var levels: [String: [String]]
    /// The value that replaces a missing number, per numeric column.
    public var imputed: [String: Double]
    /// mean or median, when imputing.
    public var impute: String?
    /// How a categorical column's levels become columns: every level (`all`), or every level but
    /// the first (`reference`).
    public var coding: Coding

    /// The coding of categorical columns.
    public enum Coding: String, Sendable, CaseIterable {
        /// One column per level.
        case all
        /// One column per level but the first (the baseline), as R's model.matrix.
        case reference
    }

    public init(inputColumns: [String], levels: [String: [String]], imputed: [String: Double], impute: String?,
                coding: Coding = .all) {
        self.inputColumns = inputColumns
        self.levels = levels
        self.imputed = imputed
        self.impute = impute
        self.coding = coding
    }

    /// The levels of categorical column `name` that get a column of their own, in order.
    public func encodedLevels(of name: String) -> [String]? {
        guard let all = levels[name] else { return nil }
        return coding == .reference ? Array(all.dropFirst()) : all
    }

    /// The model file's "encoding" block, which `init?(json:)` reads back.
    public var json: JSON {
        .object([
            ("input_columns", .array(inputColumns.map { .string($0) })),
            ("categorical", .object(inputColumns.compactMap { name in levels[name].map { (name, .array($0.map { .string($0) })) } })),
            ("impute", impute.map { .string($0) } ?? .null),
            ("coding", .string(coding.rawValue)),
            ("imputed", .object(inputColumns.compactMap { name in imputed[name].map { (name, .number($0)) } })),
        ])
    }

    /// Reads the block written by `json`.
    public init?(json: [String: Any]) {
        guard let columns = json["input_columns"] as? [String] else { return nil }
        inputColumns = columns
        levels = (json["categorical"] as? [String: [String]]) ?? [:]
        imputed = ((json["imputed"] as? [String: Any]) ?? [:]).compactMapValues { ($0 as? Double) ?? ($0 as? Int).map(Double.init) }
        impute = json["impute"] as? String
        // Files written before the coding was recorded kept every level.
        guard let coding = Coding(rawValue: (json["coding"] as? String) ?? "all") else { return nil }
        self.coding = coding
    }
}
