/// Reads fold assignments for cross-validation: one whole number (1 ... k) a line, in row order.
/// Blank lines are skipped; errors name the file and the line.
public enum FoldIDFile {
    public static func read(path: String) throws(InputError) -> [Int] {
        try parse(try FileReader(path: path).readAll(lineLimit: FileReader.shortLineLimit), path: path)
    }

    /// The fold ids in `bytes`, the contents of the file at `path`.
    static func parse(_ bytes: [UInt8], path: String) throws(InputError) -> [Int] {
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        var ids: [Int] = []
        for (index, lineBytes) in text.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let line = String(decoding: lineBytes, as: UTF8.self).trimming(" \t\r")
            if line.isEmpty { continue }
            guard let id = Int(line), id >= 1 else {
                throw .line(path, index + 1, "\"\(InputError.oneLine(line))\" is not a fold number 1, 2, ...")
            }
            ids.append(id)
        }
        guard !ids.isEmpty else { throw .file(path, "no fold ids (the file holds no numbers)") }
        return ids
    }
}
