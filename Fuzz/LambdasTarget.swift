// libFuzzer target: the --lambdas file reader. Any input must end in a sequence or an InputError.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLambdas(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = NumberText.withCNumericLocale { () -> [Double]? in try? LambdaFile.parse(bytes, path: "fuzz.txt") }
    return 0
}
