import ElasticNetCore
import Foundation

extension SavedModel {
    /// The objective the model was fitted with, read back from the file's "options" block (which
    /// `ModelFile.Contents` writes from a `FitOptions`): refit it exactly at another lambda with
    /// `ElasticNet(options: saved.fitOptions).fit(x:y:lambda:)` on the training data. A per-feature
    /// value written as null is infinite (JSON has no infinity): an excluded feature's penalty
    /// factor, an absent bound. Files written before the penalty was recorded are the elastic net's.
    public var fitOptions: FitOptions {
        func number(_ key: String) -> Double? { (options[key] as? NSNumber)?.doubleValue }
        func flag(_ key: String, default value: Bool) -> Bool { (options[key] as? NSNumber)?.boolValue ?? value }
        func perFeature(_ key: String, missing: Double) -> [Double]? {
            (options[key] as? [Any]).map { $0.map { ($0 as? NSNumber)?.doubleValue ?? missing } }
        }
        var fitted = FitOptions(family: family, alpha: alpha, standardize: flag("standardize", default: true),
                                intercept: flag("intercept", default: true))
        fitted.grouped = flag("grouped", default: false)
        if let tolerance = number("tolerance") { fitted.tolerance = tolerance }
        switch options["penalty"] as? String {
        case "mcp": fitted.penalty = .mcp(gamma: number("concavity") ?? PenaltyKind.defaultMCPConcavity)
        case "scad": fitted.penalty = .scad(a: number("concavity") ?? PenaltyKind.defaultSCADConcavity)
        default: fitted.penalty = .elasticNet
        }
        fitted.penaltyFactors = perFeature("penalty_factors", missing: .infinity)
        fitted.lowerBounds = perFeature("lower_bounds", missing: -.infinity)
        fitted.upperBounds = perFeature("upper_bounds", missing: .infinity)
        return fitted
    }
}
