import ArgumentParser
import ElasticNetCore
import ElasticNetIO
import ElasticNetModelFile

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension Family: ExpressibleByArgument {}
extension Encoding.Coding: ExpressibleByArgument {}

/// How missing feature values are filled in.
enum ImputeMethod: String, ExpressibleByArgument, CaseIterable {
    case mean, median
}

/// The options shared by every fitting command: the data, the objective, the solver's accuracy
/// and where the output goes.
struct CommonOptions: ParsableArguments {
    @Argument(help: "A CSV or TSV file with a header row of column names, a .npy design matrix (with --response), or an svmlight / libsvm file (.svm, .svmlight, .libsvm; fitted sparse).")
    var data: String

    @Option(help: ".npy design: the response, a .npy vector or a text file with one value (or class label) a line.")
    var response: String?

    @Option(name: .customLong("feature-names"), help: ".npy or svmlight design: a text file with one feature name a line (default V1..Vp).")
    var featureNames: String?

    @Flag(name: .customLong("zero-based"), help: "svmlight: feature indices start at 0 (default 1).")
    var zeroBased = false

    @Option(help: "The response column (default: the last column).")
    var target: String?

    @Option(help: "The loss: \(Family.allCases.map(\.rawValue).joined(separator: ", ")).")
    var family: Family = .gaussian

    // Numeric options take the next word as their value even when it starts with "-", so that
    // `--lower -1` works and `--alpha -0.5` reaches validate() (ArgumentParser would otherwise read
    // "-1" as an option name and report a missing value).
    @Option(parsing: .unconditional, help: "The L1 share of the penalty, in [0, 1]: 1 lasso, 0 ridge.")
    var alpha: Double = 1

    /// The penalty's kind as the command line names it.
    enum PenaltyName: String, ExpressibleByArgument, CaseIterable { case enet, mcp, scad }

    @Option(help: "The penalty: enet (the elastic net: lasso, ridge and between, by --alpha), mcp (minimax concave) or scad, gaussian only; mcp and scad are mixed with a ridge part by --alpha like the elastic net, are not convex, and are certified by the KKT conditions instead of a duality gap.")
    var penalty: PenaltyName = .enet

    @Option(parsing: .unconditional, help: "mcp and scad: the concavity (mcp gamma > 1, default \(JSON.format(PenaltyKind.defaultMCPConcavity)); scad a > 2, default \(JSON.format(PenaltyKind.defaultSCADConcavity))). Larger is closer to the lasso.")
    var concavity: Double?

    /// The penalty asked for, with its concavity.
    var penaltyKind: PenaltyKind {
        switch penalty {
        case .enet: return .elasticNet
        case .mcp: return .mcp(gamma: concavity ?? PenaltyKind.defaultMCPConcavity)
        case .scad: return .scad(a: concavity ?? PenaltyKind.defaultSCADConcavity)
        }
    }

    @Flag(inversion: .prefixedNo, help: "Penalise in units of each column's 1/n standard deviation.")
    var standardize = true

    @Flag(inversion: .prefixedNo, help: "Fit an unpenalised intercept.")
    var intercept = true

    @Option(help: "A column of non-negative observation weights (not a feature).")
    var weights: String?

    @Option(help: "A column added to the linear predictor as it is (not a feature), e.g. log exposure for poisson.")
    var offset: String?

    @Option(help: "Categorical feature columns, one-hot encoded as NAME=LEVEL: NAME,... or auto (every non-numeric column).")
    var categorical: String?

    @Option(help: "How --categorical columns are coded: all (one 0/1 column per level, the default) or reference (every level but the first, as R's model.matrix; the fit then matches glmnet on model.matrix's x).")
    var coding: Encoding.Coding = .all

    @Option(help: "Fill missing feature values (empty, NA, NaN) with the column's mean or median (stored in the model).")
    var impute: ImputeMethod?

    @Option(help: "Columns left out of the model, NAME,... (an ID, a name); `enet predict` does not need them in new data.")
    var exclude: String?

    /// The names given to --exclude.
    var excludedColumns: [String] { exclude.map(NameList.split) ?? [] }

    @Flag(name: .customLong("drop-missing-target"),
          help: "Leave out the rows whose target is missing (empty, NA, NaN) and say how many on stderr.")
    var dropMissingTarget = false

    /// The names of --categorical (empty items dropped).
    var categoricalNames: [String] { (categorical.map(NameList.split) ?? []).filter { !$0.isEmpty } }

    /// What the CSV reader accepts besides numbers.
    var cellPolicy: CellPolicy {
        let names = categoricalNames
        var policy = CellPolicy(textColumns: Set(names.filter { $0 != "auto" }), autoText: names.contains("auto"),
                                allowMissing: impute != nil)
        policy.unnamedIndexColumn = true
        policy.ignoredColumns = Set(excludedColumns)
        if dropMissingTarget { policy.missingAllowed = target.map { .named($0) } ?? .last }
        policy.namingOption = "--categorical"
        return policy
    }

    @Flag(help: "Multinomial: the group lasso over the classes of each feature (in or out for every class at once).")
    var grouped = false

    @Option(name: .customLong("penalty-factor"), parsing: .unconditionalSingleValue,
            help: "Penalty factors: NAME=VALUE,... (0 = never penalised, inf = excluded); a bare VALUE sets every feature.")
    var penaltyFactor: [String] = []

    @Option(parsing: .unconditionalSingleValue, help: "Lower bounds on coefficients (<= 0): VALUE for all features and/or NAME=VALUE,...")
    var lower: [String] = []

    @Option(parsing: .unconditionalSingleValue, help: "Upper bounds on coefficients (>= 0): VALUE for all features and/or NAME=VALUE,...")
    var upper: [String] = []

    @Option(name: .customLong("positive-class"),
            help: "Binomial: the target value counted as 1 (default: the larger of the two values).")
    var positiveClass: String?

    @Option(parsing: .unconditional, help: "Convergence: duality gap relative to the objective.")
    var tol: Double = 1e-7

    @Option(name: .customLong("max-iterations"), parsing: .unconditional, help: "Cap on coordinate-descent sweeps per lambda.")
    var maxIterations: Int = 100_000

    @Option(help: "Field delimiter (default: tab for .tsv files, else comma).")
    var delimiter: String?

    @Option(name: .customLong("max-memory"),
            help: "Refuse an input whose design would need more memory than this, e.g. 2G or 512M (default: physical memory and ulimit).",
            transform: CommonOptions.memorySize)
    var maxMemory: Int?

    /// `--max-memory`'s value in bytes.
    static func memorySize(_ text: String) throws -> Int {
        guard let bytes = MemoryBudget.parse(text) else {
            throw ValidationError("--max-memory takes a size such as 2G, 512M or 100000 (bytes), got \"\(text)\"")
        }
        return bytes
    }

    func validate() throws {
        guard alpha >= 0 && alpha <= 1 else { throw ValidationError("--alpha must be in [0, 1], got \(alpha)") }
        guard tol > 0 && tol < 1 else { throw ValidationError("--tol must be in (0, 1), got \(tol)") }
        guard maxIterations > 0 else { throw ValidationError("--max-iterations must be positive, got \(maxIterations)") }
        if grouped && family != .multinomial { throw ValidationError("--grouped applies to --family multinomial only") }
        switch penalty {
        case .enet:
            if let concavity { throw ValidationError("--concavity \(JSON.format(concavity)) applies to --penalty mcp or scad only") }
        case .mcp:
            if let concavity, !(concavity > 1 && concavity.isFinite) {
                throw ValidationError("--concavity must be a finite number > 1 for --penalty mcp (gamma), got \(concavity)")
            }
        case .scad:
            if let concavity, !(concavity > 2 && concavity.isFinite) {
                throw ValidationError("--concavity must be a finite number > 2 for --penalty scad (a), got \(concavity)")
            }
        }
        if penalty != .enet && family != .gaussian {
            throw ValidationError("--penalty \(penalty.rawValue) applies to --family gaussian only (the \(family.rawValue) solver's line search assumes a convex penalty)")
        }
        if offset != nil && family == .multinomial { throw ValidationError("--offset is not supported for --family multinomial") }
        if InputTable.isNpy(data) || SvmlightInput.isSvmlight(data) {
            for (option, given) in [("--drop-missing-target", dropMissingTarget), ("--exclude", exclude != nil)] where given {
                throw ValidationError("\(option) applies to CSV and TSV data, not \(data)")
            }
        }
        if excludedColumns.contains(where: \.isEmpty) { throw ValidationError("--exclude: a column name is empty") }
        if let delimiter, delimiter.utf8.count != 1 {
            throw ValidationError("--delimiter must be a single character, got \"\(delimiter)\"")
        }
    }
}

extension CommonOptions.PenaltyName {
    /// The command-line name of a penalty kind.
    init(_ kind: PenaltyKind) {
        switch kind {
        case .elasticNet: self = .enet
        case .mcp: self = .mcp
        case .scad: self = .scad
        }
    }
}

extension SolverKind: ExpressibleByArgument {}
extension SGDZeroMethod: ExpressibleByArgument {}
extension StepSchedule: ExpressibleByArgument {}

/// The solver and its settings (`enet fit`, `enet compare`). Kept apart from `CommonOptions`
/// because `cv` has a `--seed` of its own (for the folds).
struct SolverOptions: ParsableArguments {
    @Option(help: "The algorithm: \(SolverKind.allCases.map(\.rawValue).joined(separator: ", ")) (default cd). All minimise the same objective.")
    var solver: SolverKind?

    @Option(help: "Write one CSV row per iteration (sgd: per epoch; cd: per sweep of plain cyclic coordinate descent from the null model) to this file: iteration, seconds, objective, duality gap, nonzeros, exact zeros.")
    var trace: String?

    @Option(parsing: .unconditional, help: "sgd: passes over the rows (default 200).")
    var epochs: Int?

    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "sgd: rows per stochastic gradient (default 1).")
    var batchSize: Int?

    @Option(parsing: .unconditional, help: "sgd: the seed of the row order (default 1); the same seed gives the same bits.")
    var seed: UInt64?

    @Option(name: .customLong("sgd-zeros"), help: "sgd: exact zeros by the cumulative L1 penalty (Tsuruoka et al. 2009) or truncated gradient (Langford et al. 2009): cumulative or truncated.")
    var sgdZeros: SGDZeroMethod?

    @Option(help: "subgradient: the step, fixed (1/L) or decreasing (1/(L sqrt(k+1)), the default).")
    var step: StepSchedule?

    /// The solver in effect.
    var kind: SolverKind { solver ?? .cd }

    func validate() throws {
        if let epochs, epochs <= 0 { throw ValidationError("--epochs must be a positive number of passes, got \(epochs)") }
        if let batchSize, batchSize <= 0 { throw ValidationError("--batch-size must be a positive number of rows, got \(batchSize)") }
        for (given, name) in [(epochs != nil, "--epochs"), (batchSize != nil, "--batch-size"), (seed != nil, "--seed"),
                              (sgdZeros != nil, "--sgd-zeros")] where given && kind != .sgd {
            throw ValidationError("\(name) applies to --solver sgd only (the solver is \(kind.rawValue))")
        }
        if step != nil && kind != .subgradient {
            throw ValidationError("--step applies to --solver subgradient only (the solver is \(kind.rawValue))")
        }
        if let trace { try Output.checkWritable(trace, option: "--trace") }
    }

    /// The library's settings; `maxIterations` caps iterations (sgd: epochs).
    func settings(maxIterations: Int) -> GradientSolverOptions {
        var settings = GradientSolverOptions(kind: kind)
        settings.maxIterations = kind == .sgd ? (epochs ?? 200) : maxIterations
        settings.batchSize = batchSize ?? 1
        settings.seed = seed ?? 1
        settings.sgdZeros = sgdZeros ?? .cumulativePenalty
        settings.stepSchedule = step ?? .decreasing
        settings.recordTrace = trace != nil
        return settings
    }
}
