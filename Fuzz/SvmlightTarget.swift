// libFuzzer target: the svmlight / libsvm reader, 1-based and 0-based. Any input must end in a
// sparse table or an InputError, never a crash or an allocation beyond the feature limit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSvmlight(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for zeroBased in [false, true] {
        guard let table = try? SvmlightReader.parse(bytes, path: "fuzz.svmlight", zeroBased: zeroBased) else { continue }
        // What the fitting code relies on: consistent compressed columns, rows increasing.
        precondition(table.columnStarts.count == table.columnCount + 1 && table.columnStarts.last == table.values.count)
        for j in 0 ..< table.columnCount {
            let rows = table.rowIndices[table.columnStarts[j] ..< table.columnStarts[j + 1]]
            precondition(zip(rows, rows.dropFirst()).allSatisfy { $0 < $1 } && rows.allSatisfy { $0 < table.rowCount })
        }
        precondition(table.labels.count == table.rowCount && table.values.allSatisfy { $0.isFinite && $0 != 0 })
    }
    return 0
}
