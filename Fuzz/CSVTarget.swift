// libFuzzer target: the CSV reader, fed in two chunks split at a byte the input chooses, with
// each cell policy. Any input must end in a table or an InputError, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let split = Int(data[0]) % size
    let bytes = UnsafeBufferPointer(start: data + 1, count: size - 1)
    // The last policy reads past an index column and a named one, and lets the target be missing.
    var selecting = CellPolicy(autoText: true)
    selecting.unnamedIndexColumn = true
    selecting.ignoredColumns = ["a", "id"]
    selecting.missingAllowed = .last
    for policy in [CellPolicy(), CellPolicy(autoText: true, allowMissing: true), selecting] {
        var parser = CSVParser(path: "fuzz.csv", delimiter: 0x2C, labelColumn: .last, policy: policy)
        _ = NumberText.withCNumericLocale { () -> NumericTable? in
            do throws(InputError) {
                try parser.consume(UnsafeBufferPointer(rebasing: bytes[0 ..< min(split, bytes.count)]))
                try parser.consume(UnsafeBufferPointer(rebasing: bytes[min(split, bytes.count)...]))
                return try parser.finish()
            } catch {
                return nil
            }
        }
    }
    return 0
}
