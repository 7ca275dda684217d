@testable import ElasticNetIO
import Testing

/// The svmlight / libsvm reader: compressed columns from rows, the format's conventions, and the
/// same table whether the file is read in one piece or streamed across chunk boundaries.
struct SvmlightReaderTests {
    static func parse(_ text: String, zeroBased: Bool = false) throws(InputError) -> SvmlightReader.Table {
        try SvmlightReader.parse(Array(text.utf8), path: "x.svm", zeroBased: zeroBased)
    }

    @Test func rowsBecomeCompressedColumns() throws {
        // [[1, 0, 2], [0, 0, 3], [4, 5, 0]] with labels 1, -1, 0.5
        let table = try Self.parse("1 1:1 3:2\n-1 3:3\n+0.5 1:4 2:5\n")
        #expect(table.rowCount == 3 && table.columnCount == 3)
        #expect(table.columnStarts == [0, 2, 3, 5])
        #expect(table.rowIndices == [0, 2, 2, 0, 1])
        #expect(table.values == [1, 4, 5, 2, 3])
        #expect(table.labels == [1, -1, 0.5])
    }

    @Test func commentsQidBlankLinesCRLFAndByteOrderMark() throws {
        let plain = try Self.parse("1 1:1 3:2\n0 2:7\n")
        let decorated = try Self.parse("\u{FEFF}# a header comment\r\n1 qid:3 1:1 3:2 # trailing\r\n\r\n   \n0\t2:7\r\n")
        #expect(decorated == plain)
        // Explicit zeros are not stored; a row with no pairs is a row of zeros.
        let zeros = try Self.parse("1 1:0 2:1\n2\n")
        #expect(zeros.rowCount == 2 && zeros.values == [1] && zeros.columnCount == 2)
    }

    @Test func zeroBasedIndicesShiftByOne() throws {
        #expect(try Self.parse("1 0:1 2:2\n", zeroBased: true) == Self.parse("1 1:1 3:2\n"))
    }

    @Test func streamingAcrossChunksGivesTheWholeFileTable() throws {
        var random = SplitMix64(seed: 11)
        var text = ""
        // About 3 MB, so lines straddle the reader's 1 MB chunks.
        for row in 0 ..< 40_000 {
            var index = 0
            text += "\(row % 3)"
            for _ in 0 ..< 8 {
                index += 1 + Int(random.next() % 50)
                text += " \(index):\(Double(1 + random.next() % 1000) / 7)"
            }
            text += "\n"
        }
        try withTemporaryFolder { folder in
            let path = try folder.write(text, to: "big.svmlight")
            let streamed = try SvmlightReader.read(path: path)
            #expect(streamed == (try SvmlightReader.parse(Array(text.utf8), path: path)))
            #expect(streamed.rowCount == 40_000 && streamed.values.count == 320_000)
            let padded = try SvmlightReader.read(path: path, minimumColumnCount: streamed.columnCount + 5)
            #expect(padded.columnCount == streamed.columnCount + 5 && padded.columnStarts.suffix(6).allSatisfy { $0 == 320_000 })
        }
    }

    @Test func aHugeIndexIsAnErrorNotAnAllocation() {
        let error = inputError { try Self.parse("1 1000000000000:1\n") }
        #expect(error?.message.contains("beyond the limit") == true)
    }
}
