/// Reads a text file of one item a line: a response (`--response`) or feature names
/// (`--feature-names`).
///
/// The same line rules as the other readers: LF or CRLF line ends, a UTF-8 byte-order mark
/// skipped, spaces and tabs around an item ignored, blank lines skipped. Reading through
/// `FileReader` makes a pipe (`<(cut -f1 y.txt)`) work and a missing file say so, and bounds it: a
/// line longer than any item (a link to /dev/zero) is refused at once.
public enum LineFile {
    /// The non-blank lines of `path`, trimmed, in file order. Errors name the file and, for a line
    /// that is not UTF-8 text, the line. `observer` sees every byte read (see `ByteObserver`).
    public static func read(path: String, observer: ByteObserver? = nil) throws(InputError) -> [String] {
        try items(in: try FileReader(path: path, observer: observer).readAll(lineLimit: FileReader.shortLineLimit), path: path)
    }

    /// The non-blank lines of `bytes`, the contents of the file at `path`.
    static func items(in bytes: [UInt8], path: String) throws(InputError) -> [String] {
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        var items: [String] = []
        for (index, lineBytes) in text.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard let line = String(validating: lineBytes, as: UTF8.self) else {
                throw .line(path, index + 1, "not UTF-8 text")
            }
            let item = line.trimming(" \t\r")
            if !item.isEmpty { items.append(item) }
        }
        return items
    }
}
