import ElasticNetCore
import Foundation

// libFuzzer target: the model-file reader behind `enet predict`, `explain` and `plot`. Any input
// must end in a SavedModel or a ModelFileError naming the file, never a crash; and a model that
// is accepted must hold what those commands index without checking (one intercept and one
// coefficient vector per class at every lambda, a coefficient per feature, per-lambda arrays as
// long as the lambdas, a CV curve whose indices are inside it).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    let model: SavedModel
    do {
        model = try SavedModel(data: bytes, path: "fuzz.json")
    } catch {
        precondition(error.description.hasPrefix("fuzz.json: "), "an error that does not name the file: \(error)")
        return 0
    }
    let fits = model.fits
    let classCount = model.family == .multinomial ? (model.classLabels?.count ?? 0) : 1
    precondition(classCount >= (model.family == .multinomial ? 2 : 1))
    precondition(!fits.lambdas.isEmpty && fits.lambdas.allSatisfy { $0 >= 0 && $0.isFinite })
    precondition(fits.intercepts.count == fits.lambdas.count && fits.coefficients.count == fits.lambdas.count)
    for (intercepts, coefficients) in zip(fits.intercepts, fits.coefficients) {
        precondition(intercepts.count == classCount && coefficients.count == classCount)
        precondition(coefficients.allSatisfy { $0.count == model.features.count })
    }
    for lambda in [model.lambdaMin, model.lambda1se].compactMap({ $0 }) { precondition(lambda >= 0 && lambda.isFinite) }
    precondition(model.devianceRatios.map { $0.count == fits.lambdas.count } ?? true)
    precondition(model.featureScales.map { $0.count == model.features.count && $0.allSatisfy { $0 >= 0 && $0.isFinite } } ?? true)
    if let curve = model.curve {
        precondition([curve.cvm.count, curve.cvsd.count, curve.nonzero.count].allSatisfy { $0 == curve.lambdas.count })
        precondition(curve.lambdas.indices.contains(curve.indexMin) && curve.lambdas.indices.contains(curve.index1se))
    }
    return 0
}
