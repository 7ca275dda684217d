// libFuzzer target: the --foldid file reader. Any input must end in fold ids or an InputError.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFoldIDs(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? FoldIDFile.parse(bytes, path: "fuzz.txt")
    return 0
}
