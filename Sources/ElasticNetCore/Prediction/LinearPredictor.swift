/// A model at one lambda reduced to what a prediction needs: per response (K = 1) or per class
/// (K >= 2), an intercept b0_k and coefficients b_k in the features' original units, and the
/// family whose inverse link turns the linear predictor
///
///     eta_ik = b0_k + x_i . b_k (+ offset_i)
///
/// into a mean. Obtained from a fit (`ElasticNetFit.predictor`, `MultinomialFit.predictor`), from
/// a path at any lambda (`RegularizationPath.predictor(at:)`, interpolating between its grid
/// points), or built from saved numbers.
public struct LinearPredictor: Sendable, Equatable {
    /// The family: it decides what `response` and `classes` mean.
    public var family: Family
    /// The lambda these coefficients belong to (possibly interpolated).
    public var lambda: Double
    /// b0_k, one per response or class.
    public var intercepts: [Double]
    /// b_k, one vector per response or class, each with one entry per feature.
    public var coefficients: [CoefficientVector]

    /// A predictor over K intercepts and K coefficient vectors of equal length (K = 1 except for
    /// the multinomial).
    public init(family: Family, lambda: Double, intercepts: [Double], coefficients: [CoefficientVector]) {
        precondition(!intercepts.isEmpty && intercepts.count == coefficients.count,
                     "LinearPredictor: \(intercepts.count) intercepts for \(coefficients.count) coefficient vectors")
        precondition(coefficients.allSatisfy { $0.count == coefficients[0].count },
                     "LinearPredictor: coefficient vectors of unequal length")
        precondition(family == .multinomial || intercepts.count == 1,
                     "LinearPredictor: a \(family.rawValue) model has one response, got \(intercepts.count)")
        self.family = family
        self.lambda = lambda
        self.intercepts = intercepts
        self.coefficients = coefficients
    }

    /// The same from dense coefficient arrays, `coefficients[k][j]`.
    public init(family: Family, lambda: Double, intercepts: [Double], coefficients: [[Double]]) {
        self.init(family: family, lambda: lambda, intercepts: intercepts, coefficients: coefficients.map(CoefficientVector.init))
    }

    /// K: 1, or the number of classes.
    public var responseCount: Int { intercepts.count }

    /// p: the number of features the design must have.
    public var featureCount: Int { coefficients[0].count }

    /// The features (0-based, ascending) with a nonzero coefficient for some response or class.
    public var nonzeroFeatures: [Int] {
        Set(coefficients.flatMap(\.nonzeroIndices)).sorted()
    }

    /// The linear predictors, `[row][k]`: eta_ik = b0_k + x_i . b_k + offset_i. The offset, when
    /// given, is one value per row, added to every class (it does not change class probabilities).
    public func link(_ x: some DesignMatrix, offset: [Double]? = nil) throws(ElasticNetError) -> [[Double]] {
        guard x.columnCount == featureCount else {
            throw .shapeMismatch("the design has \(x.columnCount) columns but the model has \(featureCount) features")
        }
        if let offset, offset.count != x.rowCount {
            throw .shapeMismatch("there are \(offset.count) offsets for \(x.rowCount) rows")
        }
        let rows = Array(0 ..< x.rowCount)
        let products = coefficients.map { x.product($0.array, rows: rows) }
        return rows.map { i in
            let shift = offset?[i] ?? 0
            return intercepts.indices.map { k in intercepts[k] + shift + products[k][i] }
        }
    }

    /// The fitted means, `[row][k]`: the family's inverse link of `link` (gaussian: eta; binomial:
    /// P(class 1); poisson: the expected count; multinomial: the K class probabilities of each row).
    public func response(_ x: some DesignMatrix, offset: [Double]? = nil) throws(ElasticNetError) -> [[Double]] {
        try link(x, offset: offset).map(mean(eta:))
    }

    /// The predicted class of each row: binomial 1 when eta > 0 (P(class 1) > 1/2), else 0, as
    /// glmnet's predict(type = "class"); multinomial the class of the largest eta (the most
    /// probable; the first among exact ties). Other families have no classes.
    public func classes(_ x: some DesignMatrix, offset: [Double]? = nil) throws(ElasticNetError) -> [Int] {
        guard family == .binomial || family == .multinomial else {
            throw .shapeMismatch("a \(family.rawValue) model predicts no classes; only binomial and multinomial ones do")
        }
        return try link(x, offset: offset).map(Self.predictedClass(eta:))
    }

    /// The mean of one row from its K linear predictors.
    func mean(eta: [Double]) -> [Double] {
        family == .multinomial ? Family.softmax(eta) : [family.inverseLink(eta[0])]
    }

    /// The class of one row: with K = 1 (binomial) eta > 0 is class 1; with K classes the argmax.
    static func predictedClass(eta: [Double]) -> Int {
        if eta.count == 1 { return eta[0] > 0 ? 1 : 0 }
        var best = 0
        for k in eta.indices where eta[k] > eta[best] { best = k }
        return best
    }
}
