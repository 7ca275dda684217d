import ElasticNetIO
import Foundation
import Testing

/// A file the reader must refuse, and the message it must give after `PATH: `.
struct BadCSV: Sendable, CustomTestStringConvertible {
    let contents: String
    let message: String
    var testDescription: String { message }
}

/// Bad input is a thrown `InputError` naming the file, the physical line and, for a cell, the
/// column number and header name; never a trap.
@Suite struct CSVReaderErrorTests {
    static let badFiles: [BadCSV] = [
        BadCSV(contents: "", message: "the file is empty"),
        BadCSV(contents: "\u{FEFF}\n\n", message: "the file is empty"),
        BadCSV(contents: "a,b\n", message: "only a header row, no data"),
        BadCSV(contents: "a,b,c\n1,2,3\n4,5\n", message: "line 3: expected 3 fields as in the header, found 2"),
        BadCSV(contents: "a,b\n1,2\n3,4,5\n", message: "line 3: expected 2 fields as in the header, found 3"),
        BadCSV(contents: "a,b\n1,2\n\n3,4\n", message: "line 3: expected 2 fields as in the header, found an empty line"),
        BadCSV(contents: "\na,b\n1,2\n", message: "line 1: the first line is empty; it must name the columns"),
        BadCSV(contents: "a,b\n1,2\n3,abc\n", message: "line 3, column 2 (\"b\"): \"abc\" is not a number"),
        BadCSV(contents: "a,b\n1,\(String(repeating: "x", count: 60))\n",
               message: "line 2, column 2 (\"b\"): \"\(String(repeating: "x", count: 40))...\" is not a number"),
        BadCSV(contents: "a,sex\n1,2\n3,NaN\n", message: "line 3, column 2 (\"sex\"): NaN is not allowed"),
        BadCSV(contents: "a,b\nNA,2\n", message: "line 2, column 1 (\"a\"): \"NA\" is a missing value (missing values are not allowed)"),
        BadCSV(contents: "a,b,c\n1,,3\n", message: "line 2, column 2 (\"b\"): empty cell (missing values are not allowed)"),
        BadCSV(contents: "a,b\n1,2,\n", message: "line 2: expected 2 fields as in the header, found 3"),
        BadCSV(contents: "a,b\n1,\n", message: "line 2, column 2 (\"b\"): empty cell (missing values are not allowed)"),
        BadCSV(contents: "a,b\n1,-inf\n", message: "line 2, column 2 (\"b\"): infinite value is not allowed (\"-inf\")"),
        BadCSV(contents: "a,b\n1,1e\n", message: "line 2, column 2 (\"b\"): \"1e\" is not a number"),
        BadCSV(contents: "a,b\n1,1.2.3\n", message: "line 2, column 2 (\"b\"): \"1.2.3\" is not a number"),
        BadCSV(contents: "a,b\n1,.\n", message: "line 2, column 2 (\"b\"): \".\" is not a number"),
        BadCSV(contents: "a,b\n1,1e999\n", message: "line 2, column 2 (\"b\"): infinite value is not allowed (\"1e999\")"),
        BadCSV(contents: "a,b,a\n1,2,3\n", message: "line 1: the column name \"a\" appears twice in the header (columns 1 and 3)"),
        BadCSV(contents: "a,,c\n1,2,3\n", message: "line 1, column 2: the column name is empty"),
        BadCSV(contents: "a,b\n1,\"2\n", message: "line 2, column 2 (\"b\"): the quote that opens this field is never closed"),
        BadCSV(contents: "a,b\n1,\"2\"x\n", message: "line 2, column 2 (\"b\"): unexpected text after the closing quote"),
        // A line break inside a quoted field still counts as a line: the header spans lines 1-2,
        // so the bad cell is on line 5.
        BadCSV(contents: "\"a\nlong name\",b\n1,2\n3,4\n5,oops\n", message: "line 5, column 2 (\"b\"): \"oops\" is not a number"),
        // A ragged row is named by the line it starts on, though it ends on the next.
        BadCSV(contents: "a,b\n1,2\n3,4,\"x\ny\"\n", message: "line 3: expected 2 fields as in the header, found 3"),
        BadCSV(contents: "a,b\n1,\"2\n\"\n", message: "line 2, column 2 (\"b\"): \"2\\n\" is not a number"),
    ]

    @Test(arguments: badFiles)
    func badFileIsRefusedWithItsPlace(bad: BadCSV) throws {
        try withTemporaryFolder { folder in
            let path = try folder.write(bad.contents, to: "data.csv")
            let error = try #require(inputError { try CSVReader.read(path: path) })
            #expect(error.description == "\(path): \(bad.message)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func missingFileIsNamed() throws {
        try withTemporaryFolder { folder in
            let path = "\(folder.path)/absent.csv"
            #expect(inputError { try CSVReader.read(path: path) }?.description == "\(path): no such file")
        }
    }

    @Test func folderIsNotAFile() throws {
        try withTemporaryFolder { folder in
            #expect(inputError { try CSVReader.read(path: folder.path) }?.description == "\(folder.path): cannot read (is a directory)")
        }
    }

    /// Root reads any file whatever its mode, so the check only means something for other users.
    @Test(.enabled(if: geteuid() != 0, "root may read a file with mode 000"))
    func unreadableFileSaysPermissionDenied() throws {
        try withTemporaryFolder { folder in
            let path = try folder.write("a\n1\n", to: "locked.csv")
            chmod(path, 0)
            #expect(inputError { try CSVReader.read(path: path) }?.description == "\(path): cannot read (permission denied)")
        }
    }

    /// The message for the errno that only a non-root user can provoke (see above).
    @Test func permissionDeniedMessage() {
        #expect(InputError.cannotRead("data.csv", errno: EACCES).description == "data.csv: cannot read (permission denied)")
    }

    @Test func delimiterMustNotBeAQuoteOrLineEnd() throws {
        try withTemporaryFolder { folder in
            let path = try folder.write("a\n1\n", to: "d.csv")
            let error = inputError { try CSVReader.read(path: path, delimiter: UInt8(ascii: "\"")) }
            #expect(error?.description.hasPrefix("\(path): the delimiter must be") == true)
        }
    }
}
