/// How input columns become design columns: a categorical column becomes one 0/1 column per
/// level, named `column=level` (every level kept: the penalty makes the model identifiable), and
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

    public init(inputColumns: [String], levels: [String: [String]], imputed: [String: Double], impute: String?) {
        self.inputColumns = inputColumns
        self.levels = levels
        self.imputed = imputed
        self.impute = impute
    }

    /// Reads the block written by `json` (in `enet`).
    public init?(json: [String: Any]) {
        guard let columns = json["input_columns"] as? [String] else { return nil }
        inputColumns = columns
        levels = (json["categorical"] as? [String: [String]]) ?? [:]
        imputed = ((json["imputed"] as? [String: Any]) ?? [:]).compactMapValues { ($0 as? Double) ?? ($0 as? Int).map(Double.init) }
        impute = json["impute"] as? String
    }
}
