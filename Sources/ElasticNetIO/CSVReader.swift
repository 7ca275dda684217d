/// Reads a CSV or TSV file of numbers with a header row of column names.
///
/// Hand-written rather than taken from a package: the maintained Swift CSV packages build a
/// String per cell (swiftcsv/SwiftCSV keeps rows of Strings; yaslab/CSV.swift's reader returns
/// `[String]` rows), so a numeric file would pay for millions of Strings and a second pass to
/// convert them, and their errors do not name the line and column of a bad number. Here the file
/// streams through a 1 MiB buffer into a byte-level state machine (`CSVParser`), each cell is
/// converted where it lies (`NumberText`: an exact fast path, else strtod; correctly rounded
/// either way, the same bits as `Double(String)`), and the cells are transposed once, at the end,
/// to the column-major layout a design matrix wants.
///
/// Measured with `swift run -c release enet-bench --repeats 3 --csv FILE` on a 526 MB file of
/// 1,000,000 rows x 40 columns of `%.10g` Gaussian numbers (numpy.savetxt), in the page cache, on
/// a 2-core AMD EPYC VM: 2.06 s, 256 MB/s, peak resident 327 MiB for a 305 MiB matrix (1.00 x the
/// matrix above the process's 20 MiB baseline). Before the number fast path, strtod took 65% of
/// the time (perf) and the rate was 118 MB/s.
public enum CSVReader {
    /// Reads the CSV file at `path` into a column-major table.
    ///
    /// - The first row names the columns (names may be quoted; they must be distinct and non-empty).
    /// - Fields are separated by `delimiter` when given, else by a tab for `.tsv` and `.tab`
    ///   files, else by a comma. Fields may be quoted, with `""` for a quote inside.
    /// - Every other cell must be a finite number; spaces around it are ignored. Empty cells, NA,
    ///   NaN and infinities are errors.
    /// - LF or CRLF line ends; a UTF-8 byte-order mark is skipped; blank lines may end the file
    ///   but not interrupt the data.
    ///
    /// Errors name the file, the physical line (the header is line 1, and a line break inside a
    /// quoted field counts) and, for a cell, its column number and name.
    ///
    /// `labelColumn` keeps one column as text instead (class labels such as "setosa"); its cells
    /// may be anything but empty.
    /// `policy` reads categorical columns as text and lets missing numbers through as NaN; it may
    /// also read past an unnamed first column (pandas' row index) and columns left out by name.
    /// `observer` sees every byte of the file as it is read (see `ByteObserver`).
    public static func read(path: String, delimiter: UInt8? = nil, labelColumn: LabelColumn? = nil,
                            policy: CellPolicy = CellPolicy(), observer: ByteObserver? = nil) throws(InputError) -> NumericTable {
        try read(path: path, delimiter: delimiter, labelColumn: labelColumn, policy: policy, chunkSize: 1 << 20,
                 observer: observer)
    }

    /// As the public `read`, with the size of the chunks the file is read in: tests shrink it to
    /// put chunk boundaries inside every field, quote and line end.
    static func read(path: String, delimiter: UInt8?, labelColumn: LabelColumn? = nil, policy: CellPolicy = CellPolicy(),
                     chunkSize: Int, observer: ByteObserver? = nil) throws(InputError) -> NumericTable {
        let separator = delimiter ?? defaultDelimiter(for: path)
        guard ![0x0A, 0x0D, 0x22].contains(separator), separator < 0x80 else {
            throw .file(path, "the delimiter must be one ASCII character other than a quote or a line end")
        }
        let file = try FileReader(path: path, observer: observer)
        var parser = CSVParser(path: path, delimiter: separator, labelColumn: labelColumn, policy: policy)
        return try NumberText.withCNumericLocale { () throws(InputError) in
            try file.forEachChunk(chunkSize: chunkSize) { chunk throws(InputError) in try parser.consume(chunk) }
            return try parser.finish()
        }
    }

    /// Tab for `.tsv` and `.tab` files (any case), comma otherwise.
    static func defaultDelimiter(for path: String) -> UInt8 {
        let lower = path.lowercased()
        return lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") ? 0x09 : 0x2C
    }
}
