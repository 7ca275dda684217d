/// A small text file of one entry a line (a response file, feature names), read with the bounds of
/// `FileReader.readAll`: a line over 1 MiB or a file beyond the memory budget is an error, so an
/// endless input (a link to /dev/zero) ends in a message rather than in the allocator.
public enum TextLines {
    /// The file's text, decoded as UTF-8 (invalid bytes replaced).
    public static func read(path: String) throws(InputError) -> String {
        let bytes = try FileReader(path: path).readAll(lineLimit: FileReader.shortLineLimit)
        return String(decoding: bytes, as: UTF8.self)
    }
}
