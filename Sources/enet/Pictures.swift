import ElasticNetCore
import ElasticNetModelFile
import ElasticNetReport
import Foundation

/// The plots' inputs built from what the commands have (fitted paths, CV curves, model files):
/// one place that decides titles, units and feature labels for `plot` and `report` alike.
enum Pictures {
    /// A path picture from fits in original units. With `scales` (each feature's 1/n standard
    /// deviation) the curves are b_j s_j, the change in the linear predictor per standard
    /// deviation of the feature: features measured in different units become comparable, which
    /// raw coefficients are not (on diabetes, a serum measure in the hundreds has a tiny
    /// coefficient and its curve would hug zero). Multinomial fits have one coefficient per
    /// class; the picture draws one panel per class (as glmnet does), named by `classNames`,
    /// and keeps each feature's 2-norm over the classes (glmnet's "2norm") as its summary.
    static func path(title: String, features: [String], fits: ModelFile.Fits, devianceRatios: [Double]?,
                     scales: [Double]?, lambdaMin: Double? = nil, lambda1se: Double? = nil, classNames: [String]? = nil) -> PathPicture {
        let classCount = fits.coefficients.first?.count ?? 1
        let perClass = classCount > 1
        let unit = { (j: Int) in scales.map { $0.indices.contains(j) ? $0[j] : 1 } ?? 1 }
        let values = fits.coefficients.map { classes in
            features.indices.map { j in
                unit(j) * (perClass ? classes.reduce(0) { $0 + $1[j] * $1[j] }.squareRoot() : classes[0][j])
            }
        }
        let classPanels = perClass ? (0 ..< classCount).map { k in
            (name: "class \(classNames.map { $0.indices.contains(k) ? $0[k] : String(k + 1) } ?? String(k + 1))",
             coefficients: fits.coefficients.map { classes in features.indices.map { j in unit(j) * classes[k][j] } })
        } : []
        let units = scales == nil ? "original units" : "per standard deviation of the feature"
        return PathPicture(title: title, features: features, lambdas: fits.lambdas, coefficients: values,
                           devianceRatios: devianceRatios, lambdaMin: lambdaMin, lambda1se: lambda1se,
                           valueTitle: "coefficient (\(units))", classPanels: classPanels)
    }

    static func cv(title: String, curve: CVCurve) -> CVPicture {
        CVPicture(title: title, lambdas: curve.lambdas, cvm: curve.cvm, cvsd: curve.cvsd, nonzero: curve.nonzero,
                  indexMin: curve.indexMin, index1se: curve.index1se, measureTitle: measureTitle(curve.measure.rawValue))
    }

    static func cv(title: String, curve: SavedCurve) -> CVPicture {
        CVPicture(title: title, lambdas: curve.lambdas, cvm: curve.cvm, cvsd: curve.cvsd, nonzero: curve.nonzero,
                  indexMin: curve.indexMin, index1se: curve.index1se, measureTitle: measureTitle(curve.measure))
    }

    /// The y axis title of a CV measure.
    static func measureTitle(_ measure: String) -> String {
        switch CVMeasure(rawValue: measure) {
        case .mse: return "mean squared error (CV)"
        case .mae: return "mean absolute error (CV)"
        case .deviance: return "deviance per observation (CV)"
        case .class: return "misclassification rate (CV)"
        case .auc: return "AUC (CV)"
        case nil: return measure
        }
    }

    /// The alphas of the L1-vs-L2 comparison: lasso, an even elastic net, ridge.
    static let comparisonAlphas: [(alpha: Double, name: String)] = [(1, "lasso"), (0.5, "elastic net"), (0, "ridge")]

    /// Paths of the comparison alphas on `data` with its other options, one picture each.
    ///
    /// Each alpha has its own lambda_max (ridge's is a thousand times the lasso's, CONVENTIONS.md),
    /// so on a default sequence every path is run down to the lasso path's smallest lambda: all
    /// three then end at comparable fits, and the picture's x axis (deviance explained) lines
    /// them up.
    static func comparison(data: LoadedData, lambdas: LambdaSequence, scales: [Double]?,
                           progress: ProgressBar?) throws -> [PathPicture] {
        var pictures: [PathPicture] = []
        var smallestLambda: Double?
        for (alpha, name) in comparisonAlphas {
            var options = data.options
            options.alpha = alpha
            var model = ElasticNet(options: options)
            model.progress = progress?.nextStage()
            var sequence = lambdas
            let fits: ModelFile.Fits, ratios: [Double]
            if let classes = data.classIndex, let labels = data.labels {
                if case .automatic(let count, _) = lambdas, let smallestLambda {
                    let lambdaMax = try model.multinomialLambdaMax(x: data.x, classes: classes, classCount: labels.count,
                                                                   weights: data.weights)
                    if lambdaMax > smallestLambda { sequence = .automatic(count: count, minRatio: smallestLambda / lambdaMax) }
                }
                let path = try model.multinomialPath(x: data.x, classes: classes, classCount: labels.count,
                                                     weights: data.weights, lambdas: sequence)
                (fits, ratios) = (ModelFile.Fits(path), path.fits.map(\.devianceRatio))
            } else {
                if case .automatic(let count, _) = lambdas, let smallestLambda {
                    let lambdaMax = try model.lambdaMax(x: data.x, y: data.y, weights: data.weights, offset: data.offset)
                    if lambdaMax > smallestLambda { sequence = .automatic(count: count, minRatio: smallestLambda / lambdaMax) }
                }
                let path = try model.path(x: data.x, y: data.y, weights: data.weights, offset: data.offset, lambdas: sequence)
                (fits, ratios) = (ModelFile.Fits(path), path.fits.map(\.devianceRatio))
            }
            smallestLambda = smallestLambda ?? fits.lambdas.last
            pictures.append(path(title: "\(name) (α = \(Label.number(alpha)))", features: data.featureNames, fits: fits,
                                 devianceRatios: ratios, scales: scales))
        }
        return pictures
    }

    /// The path of `data` at its alpha, in original units, with the deviance explained.
    static func fitPath(data: LoadedData, lambdas: LambdaSequence, progress: ProgressHandler?) throws
        -> (fits: ModelFile.Fits, devianceRatios: [Double]) {
        var model = ElasticNet(options: data.options)
        model.progress = progress
        if let classes = data.classIndex, let labels = data.labels {
            let path = try model.multinomialPath(x: data.x, classes: classes, classCount: labels.count,
                                                 weights: data.weights, lambdas: lambdas)
            return (ModelFile.Fits(path), path.fits.map(\.devianceRatio))
        }
        let path = try model.path(x: data.x, y: data.y, weights: data.weights, offset: data.offset, lambdas: lambdas)
        return (ModelFile.Fits(path), path.fits.map(\.devianceRatio))
    }

    /// One trace per gradient solver at `lambda`, each capped at `iterations` (sgd: epochs).
    static func traces(data: LoadedData, lambda: Double, solvers: [SolverKind], iterations: Int) throws -> [TraceLine] {
        let model = ElasticNet(options: data.options)
        return try solvers.map { kind in
            var settings = GradientSolverOptions(kind: kind)
            settings.maxIterations = iterations
            settings.recordTrace = true
            let solved = try model.fit(x: data.x, y: data.y, weights: data.weights, offset: data.offset, lambda: lambda,
                                       solver: settings)
            let rows = solved.trace.rows
            return TraceLine(name: kind.rawValue, iterations: rows.map(\.iteration), seconds: rows.map(\.seconds),
                             gaps: rows.map(\.dualityGap), nonzeros: rows.map(\.nonzeros))
        }
    }

    /// The demo figure's numbers, as ElasticNetCore computes them.
    static func demo(_ demo: OneWeightDemo) -> DemoPicture {
        var picture = DemoPicture(eta: demo.eta, lambda: demo.lambda, l1: demo.l1, l1Subgradient: demo.l1Subgradient, l2: demo.l2,
                                  dataL1: demo.dataL1, dataL1Subgradient: demo.dataL1Subgradient, dataL2: demo.dataL2,
                                  lassoOptimum: demo.lassoOptimum, ridgeOptimum: demo.ridgeOptimum)
        (picture.mcp, picture.scad, picture.dataMCP, picture.dataSCAD) = (demo.mcp, demo.scad, demo.dataMCP, demo.dataSCAD)
        (picture.mcpConcavity, picture.scadConcavity) = (OneWeightDemo.mcpConcavity, OneWeightDemo.scadConcavity)
        return picture
    }

    /// "Lasso", "Ridge" or "Elastic net (α = 0.5)".
    static func penaltyName(_ alpha: Double) -> String {
        alpha == 1 ? "Lasso" : alpha == 0 ? "Ridge" : "Elastic net (α = \(Label.number(alpha)))"
    }

    /// A file's name without its folder, for titles (the full path is in the report's manifest).
    static func name(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }
}
