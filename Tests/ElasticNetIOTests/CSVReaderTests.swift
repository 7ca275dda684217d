@testable import ElasticNetIO
import Foundation
import Testing

/// Well-formed files: names, values and the dialects the reader accepts.
@Suite struct CSVReaderTests {
    /// Each text must read as the same bits as `Double(String)`: strtod and Swift agree on
    /// correctly rounded conversion, including the halfway, subnormal and extreme cases here.
    @Test func numbersReadAsTheSameBitsAsDoubleFromString() throws {
        let texts = [
            "0.1", "1e-300", "123456789.123456789", "-0.0", "0", "5e-324", "2.2250738585072011e-308",
            "1.7976931348623157e308", "9007199254740993", "0.1000000000000000055511151231257827021181583404541015625",
            "1e-400", "+3", ".5", "5.", "1E5", "-2.5e-3", "4.9406564584124654e-324", "179769313486231580793728971405301e276",
        ]
        let table = try withTemporaryFolder { folder in
            let rows = texts.enumerated().map { "\($0.offset),\($0.element)" }
            return try CSVReader.read(path: folder.write("x,value\n" + rows.joined(separator: "\n") + "\n", to: "numbers.csv"))
        }
        #expect(table.columnNames == ["x", "value"])
        #expect(table.rowCount == texts.count)
        let values = Array(table.column(1))
        for (i, text) in texts.enumerated() {
            let expected = try #require(Double(text))
            #expect(values[i].bitPattern == expected.bitPattern, "\(text)")
        }
        #expect(Array(table.column(0)) == texts.indices.map(Double.init))
    }

    /// Random bit patterns printed shortest-round-trip and with 17 digits, and random long digit
    /// strings, all read back bit for bit as `Double(String)` reads them.
    @Test func randomNumbersRoundTripExactly() throws {
        var random = SplitMix64(seed: 20_240_611)
        var texts: [String] = []
        while texts.count < 3_000 {
            let x = Double(bitPattern: random.next())
            guard x.isFinite else { continue }
            texts.append("\(x)")
            texts.append(String(format: "%.17g", x))
            let digits = (0 ..< Int.random(in: 1 ... 30, using: &random)).map { _ in String(Int.random(in: 0 ... 9, using: &random)) }
            texts.append("\(digits.joined())e\(Int.random(in: -350 ... 270, using: &random))")
        }
        let table = try withTemporaryFolder { folder in
            try CSVReader.read(path: folder.write("v\n" + texts.joined(separator: "\n"), to: "random.csv"))
        }
        #expect(table.rowCount == texts.count)
        for (text, value) in zip(texts, table.values) {
            #expect(value.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
    }

    /// Around the limits of the exact fast path (digits below 2^53, powers of ten up to 10^22)
    /// and past them, where strtod takes over: the bits must match `Double(String)` either way.
    @Test func fastPathLimitsReadAsTheSameBitsAsDoubleFromString() throws {
        var texts = [
            "9007199254740992", "9007199254740993", "-9007199254740993", "1e22", "1e23", "9007199254740992e22",
            "1e-22", "1e-23", "4.5e-22", "0.0000000000000000000001", "1234567890123456789", "12345678901234567890",
            "00000000000000000000000000001.5", "1.50000000000000000000000", "-0", "0e999", "5.", ".5e1",
        ]
        var random = SplitMix64(seed: 53)
        for _ in 0 ..< 3_000 {
            let digits = String(UInt64.random(in: 0 ... (1 << 54), using: &random))
            let point = Int.random(in: 0 ... digits.count, using: &random)
            let mantissa = digits.prefix(point) + "." + digits.dropFirst(point)
            texts.append("\(mantissa)e\(Int.random(in: -40 ... 40, using: &random))")
        }
        let table = try withTemporaryFolder { folder in
            try CSVReader.read(path: folder.write("v\n" + texts.joined(separator: "\n"), to: "limits.csv"))
        }
        for (text, value) in zip(texts, table.values) {
            #expect(value.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
    }

    @Test func valuesAreColumnMajor() throws {
        let table = try withTemporaryFolder { folder in
            try CSVReader.read(path: folder.write("a,b,c\n1,2,3\n4,5,6\n", to: "grid.csv"))
        }
        #expect(table.values == [1, 4, 2, 5, 3, 6])
        #expect(Array(table.column(2)) == [3, 6])
        #expect(table.column(named: "b") == [2, 5])
        #expect(table.columnIndex(named: "c") == 2)
        #expect(table.column(named: "z") == nil)
        #expect(table.columnCount == 3)
    }

    /// A label column is kept as text (trimmed unless quoted) and the other cells stay numbers.
    @Test func labelColumnIsKeptAsText() throws {
        let text = "x,kind,y\n1, setosa ,2\n3,\" virginica\",4\n"
        let (named, last) = try withTemporaryFolder { folder in
            (try CSVReader.read(path: folder.write(text, to: "labels.csv"), labelColumn: .named("kind")),
             try CSVReader.read(path: folder.write("x,y\n1,2\n3,4\n", to: "numbers.csv"), labelColumn: .last))
        }
        #expect(named.labels?.column == 1)
        #expect(named.labels?.values == ["setosa", " virginica"])
        #expect(named.column(named: "x") == [1, 3] && named.column(named: "y") == [2, 4])
        #expect(last.labels?.column == 1 && last.labels?.values == ["2", "4"])
        let empty = inputError {
            try withTemporaryFolder { folder in
                try CSVReader.read(path: folder.write("x,kind\n1,a\n2,\n", to: "empty.csv"), labelColumn: .last)
            }
        }
        #expect(empty?.description.contains("line 3, column 2") == true, "\(String(describing: empty))")
    }

    /// Categorical columns by name or found automatically, and missing numbers let through as NaN.
    @Test func categoricalColumnsAndMissingValues() throws {
        let text = "size,colour,shape,y\n1,red,3,1\n,blue,round,2\n2.5,red,NA,3\n"
        let (named, auto) = try withTemporaryFolder { folder in
            let path = try folder.write(text, to: "mixed.csv")
            return (try CSVReader.read(path: path, policy: CellPolicy(textColumns: ["colour", "shape"], allowMissing: true)),
                    try CSVReader.read(path: path, policy: CellPolicy(autoText: true, allowMissing: true)))
        }
        for table in [named, auto] {
            #expect(table.categorical[1] == ["red", "blue", "red"])
            #expect(table.categorical[2] == ["3", "round", ""])
            #expect(table.column(named: "size")![0] == 1 && table.column(named: "size")![1].isNaN)
            #expect(table.column(named: "y") == [1, 2, 3])
        }
        let refused = inputError {
            try withTemporaryFolder { folder in
                try CSVReader.read(path: folder.write(text, to: "mixed.csv"), policy: CellPolicy(textColumns: ["colour"]))
            }
        }
        #expect(refused?.description.contains("line 3, column 1") == true, "\(String(describing: refused))")
    }

    @Test func quotedNamesAndNumbersWithEscapedQuotes() throws {
        let text = "\"first, name\",\"say \"\"hi\"\"\",plain\n\"3.5\", 4 ,\" -1e3 \"\n"
        let table = try withTemporaryFolder { folder in try CSVReader.read(path: folder.write(text, to: "quoted.csv")) }
        #expect(table.columnNames == ["first, name", "say \"hi\"", "plain"])
        #expect(table.values == [3.5, 4, -1000])
    }

    @Test func crlfLineEndsAndByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,\"b\"\r\n1,2\r\n3,4\r\n\r\n".utf8)
        let table = try withTemporaryFolder { folder in try CSVReader.read(path: folder.write(bytes, to: "windows.csv")) }
        #expect(table.columnNames == ["a", "b"])
        #expect(table.values == [1, 3, 2, 4])
    }

    /// A header that merely starts with the byte EF (U+FF04 is EF BC 84) is not a byte-order mark.
    @Test func nameStartingLikeAByteOrderMarkIsKept() throws {
        let table = try withTemporaryFolder { folder in try CSVReader.read(path: folder.write("\u{FF04}x,b\n1,2\n", to: "fullwidth.csv")) }
        #expect(table.columnNames == ["\u{FF04}x", "b"])
    }

    @Test(arguments: ["tabs.tsv", "tabs.TAB"])
    func tabSeparatedByExtension(name: String) throws {
        let table = try withTemporaryFolder { folder in try CSVReader.read(path: folder.write("a b\tc\n1\t2\n", to: name)) }
        #expect(table.columnNames == ["a b", "c"])
        #expect(table.values == [1, 2])
    }

    @Test func explicitDelimiterOverridesTheExtension() throws {
        let table = try withTemporaryFolder { folder in
            try CSVReader.read(path: folder.write("a;b\n1.5;2\n3;4\n", to: "semicolons.csv"), delimiter: UInt8(ascii: ";"))
        }
        #expect(table.columnNames == ["a", "b"])
        #expect(table.values == [1.5, 3, 2, 4])
    }

    @Test func lastLineNeedsNoLineEndAndTrailingBlankLinesAreIgnored() throws {
        try withTemporaryFolder { folder in
            let bare = try CSVReader.read(path: folder.write("a,b\n1,2\n3,4", to: "bare.csv"))
            let padded = try CSVReader.read(path: folder.write("a,b\n1,2\n3,4\n\n  \n\n", to: "padded.csv"))
            #expect(bare.values == [1, 3, 2, 4])
            #expect(padded == bare)
        }
    }

    /// Chunk boundaries land inside numbers, quotes, "" pairs, CRLFs and the byte-order mark;
    /// every chunk size must give the table (or the error) of the whole file read at once.
    @Test func everyChunkSizeGivesTheSameResult() throws {
        let good = "\u{FEFF}\"a\nb\",\"c\"\"d\"\r\n1.25,\" 2 \"\r\n-3e2,4\r\n"
        let bad = "\u{FEFF}\"a\nb\",c\r\n1.25,\"2\"\r\n\"x\ny\",4\r\n"
        try withTemporaryFolder { folder in
            let goodPath = try folder.write(good, to: "good.csv")
            let badPath = try folder.write(bad, to: "bad.csv")
            let table = NumericTable(columnNames: ["a\nb", "c\"d"], rowCount: 2, values: [1.25, -300, 2, 4])
            let error = InputError("\(badPath): line 4, column 1 (\"a\\nb\"): \"x\\ny\" is not a number")
            for chunkSize in [1 << 20] + Array(1 ... good.utf8.count) {
                #expect(Self.reading(goodPath, chunkSize: chunkSize) == .success(table), "chunk size \(chunkSize)")
                #expect(Self.reading(badPath, chunkSize: chunkSize) == .failure(error), "chunk size \(chunkSize)")
            }
        }
    }

    /// The table or the error from reading `path` in chunks of `chunkSize` bytes.
    private static func reading(_ path: String, chunkSize: Int) -> Result<NumericTable, InputError> {
        Result { () throws(InputError) in try CSVReader.read(path: path, delimiter: nil, chunkSize: chunkSize) }
    }

    /// The real data set the examples use (the package's bundled copy): 442 patients, 10 features
    /// and the response y.
    @Test func diabetesDataReadsAsPublished() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Examples").standardized
        let path = folder.appendingPathComponent("diabetes.csv").path
        try #require(FileManager.default.fileExists(atPath: path), "missing \(path)")
        let table = try CSVReader.read(path: path)
        #expect(table.columnNames == ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "y"])
        #expect(table.rowCount == 442)
        #expect(table.values.count == 442 * 11)
        // Every cell against a plain split-and-Double(String) reading of the same file.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
        let columns = (0 ..< table.columnCount).map { Array(table.column($0)) }
        for (i, line) in lines.enumerated() {
            for (j, cell) in line.split(separator: ",").enumerated() {
                #expect(columns[j][i] == Double(cell), "row \(i + 1), column \(j + 1)")
            }
        }
    }
}
