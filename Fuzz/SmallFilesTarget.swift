// libFuzzer target: the small readers (the --lambdas and --foldid files, .npy arrays). Any input
// must end in a value or an InputError, never a crash or an unbounded allocation.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSmallFiles(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = NumberText.withCNumericLocale { () -> [Double]? in try? LambdaFile.parse(bytes, path: "fuzz.txt") }
    _ = try? FoldIDFile.parse(bytes, path: "fuzz.txt")
    _ = try? NpyReader.parse(bytes, path: "fuzz.npy")
    // The same bytes behind a valid .npy magic and version, so the header parser is reached.
    let header: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(min(size, 255)), 0]
    _ = try? NpyReader.parse(header + bytes, path: "fuzz.npy")
    return 0
}
