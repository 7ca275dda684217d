// libFuzzer target: the .npy reader. Any input must end in an array or an InputError, never a
// crash or an allocation beyond what the file's size allows.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNpy(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? NpyReader.parse(bytes, path: "fuzz.npy")
    // The same bytes behind a valid magic and version, so the header parser is reached often.
    let header: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(min(size, 255)), 0]
    _ = try? NpyReader.parse(header + bytes, path: "fuzz.npy")
    return 0
}
