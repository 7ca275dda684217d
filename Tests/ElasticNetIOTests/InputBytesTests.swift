@testable import ElasticNetIO
import Foundation
import Testing

/// What the readers hand on besides the table: every byte to an observer (the manifest's digest
/// is of what was parsed), and the line files' dialects.
@Suite struct InputBytesTests {
    /// The observer sees the file's bytes exactly once, in order, across chunk boundaries (a file
    /// of several 1 MiB chunks, and tiny chunks that split every field).
    @Test func theObserverSeesEveryByteOnce() throws {
        try withTemporaryFolder { folder in
            let rows = (0 ..< 60_000).map { "\($0),\(Double($0) / 7),\($0 % 3)" }
            let text = "a,b,y\n" + rows.joined(separator: "\n") + "\n"
            let path = try folder.write(text, to: "big.csv")
            var seen: [UInt8] = []
            let table = try CSVReader.read(path: path, observer: { seen.append(contentsOf: $0) })
            #expect(table.rowCount == 60_000)
            #expect(seen == Array(text.utf8))
            var small: [UInt8] = []
            let short = try folder.write("x,y\n1,2\n3,4\n", to: "small.csv")
            _ = try CSVReader.read(path: short, delimiter: nil, chunkSize: 3, observer: { small.append(contentsOf: $0) })
            #expect(small == Array("x,y\n1,2\n3,4\n".utf8))
            var svm: [UInt8] = []
            let svmText = "1 1:0.5 3:2\n0 2:1\n"
            _ = try SvmlightReader.read(path: folder.write(svmText, to: "d.svm"), observer: { svm.append(contentsOf: $0) })
            #expect(svm == Array(svmText.utf8))
        }
    }

    /// LF, CRLF, a byte-order mark, blank lines and spaces: the same items.
    @Test func lineFilesReadCRLFAsLF() throws {
        try withTemporaryFolder { folder in
            let lf = try LineFile.read(path: folder.write("age\nsex\n\nbmi \n", to: "lf.txt"))
            let crlf = try LineFile.read(path: folder.write("\u{FEFF}age\r\nsex\r\n\r\n bmi\r\n", to: "crlf.txt"))
            #expect(lf == ["age", "sex", "bmi"])
            #expect(crlf == lf)
            let missing = try #require(inputError { try LineFile.read(path: "\(folder.path)/none.txt") })
            #expect(missing.description == "\(folder.path)/none.txt: no such file")
            let binary = try #require(inputError { try LineFile.read(path: folder.write([0x61, 0x0A, 0xFF, 0x0A], to: "b.txt")) })
            #expect(binary.description == "\(folder.path)/b.txt: line 2: not UTF-8 text")
        }
    }

    /// A skipped column is not read: text, blanks and NaN in it are no error, and it reads as 0.
    @Test func skippedColumnsAreNotRead() throws {
        try withTemporaryFolder { folder in
            let path = try folder.write("a,y,w,b\n1,,x,2\n3,NA,,4\n", to: "new.csv")
            let table = try CSVReader.read(path: path, policy: CellPolicy(ignoredColumns: ["y", "w"]))
            #expect(Array(table.column(0)) == [1, 3])
            #expect(Array(table.column(1)) == [0, 0])
            #expect(Array(table.column(2)) == [0, 0])
            #expect(Array(table.column(3)) == [2, 4])
            #expect(inputError { try CSVReader.read(path: path) } != nil)
        }
    }
}
