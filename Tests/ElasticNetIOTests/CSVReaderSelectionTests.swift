@testable import ElasticNetIO
import Foundation
import Testing

/// Columns read past and cells let through (`CellPolicy.unnamedIndexColumn`, `ignoredColumns`,
/// `missingAllowed`), and rows left out with their file lines kept (`keepingRows`).
@Suite struct CSVReaderSelectionTests {
    /// pandas' index column: an empty first name, cells of any kind, none of them read.
    @Test func anUnnamedFirstColumnIsReadPastWhenAsked() throws {
        try withTemporaryFolder { folder in
            let path = try folder.write(",a,b\nrow one,1,2\n2020-01-02,3,4\n", to: "indexed.csv")
            var policy = CellPolicy()
            policy.unnamedIndexColumn = true
            let table = try CSVReader.read(path: path, policy: policy)
            #expect(table.indexColumn == 0 && table.columnNames == ["", "a", "b"])
            #expect(Array(table.column(1)) == [1, 3] && Array(table.column(2)) == [2, 4])
            // Not asked: the empty name is refused as before.
            #expect(inputError { try CSVReader.read(path: path) }?.description == "\(path): line 1, column 1: the column name is empty")
        }
    }

    /// Every column name an option gives is checked against the header before any cell, the label
    /// column's too: a misspelt class column is "no column named", with the close name, not
    /// "not a number" at its first label.
    @Test func aMisspeltLabelColumnIsNamedWithTheCloseName() throws {
        try withTemporaryFolder { folder in
            let path = try folder.write("a,b,Species\n1,2,setosa\n2,3,virginica\n", to: "species.csv")
            let message = inputError { try CSVReader.read(path: path, labelColumn: .named("Specis")) }?.description ?? ""
            #expect(message.hasPrefix("\(path): no column named \"Specis\" for the labels"), "\(message)")
            #expect(message.contains("Species"), "\(message)")
            #expect(try CSVReader.read(path: path, labelColumn: .named("Species")).labels?.values == ["setosa", "virginica"])
        }
    }

    @Test func ignoredColumnsAreNotParsed() throws {
        try withTemporaryFolder { folder in
            let path = try folder.write("id,name,a\n7,\"Smith, J\",1\n8,,2\n", to: "people.csv")
            var policy = CellPolicy()
            policy.ignoredColumns = ["name"]
            let table = try CSVReader.read(path: path, policy: policy)
            #expect(Array(table.column(0)) == [7, 8] && Array(table.column(1)) == [0, 0] && Array(table.column(2)) == [1, 2])
        }
    }

    /// Only the named column lets missing cells through: as NaN, and in a label column as "".
    @Test func missingCellsOfOneColumnReadAsNaN() throws {
        try withTemporaryFolder { folder in
            let path = try folder.write("a,y\n1,\n2,NA\n3,5\n", to: "holey.csv")
            var policy = CellPolicy()
            policy.missingAllowed = .last
            let numbers = try CSVReader.read(path: path, policy: policy)
            #expect(numbers.column(1).map(\.isNaN) == [true, true, false])
            let labels = try CSVReader.read(path: path, labelColumn: .last, policy: policy)
            #expect(labels.labels?.values == ["", "", "5"] && labels.column(1).map(\.isNaN) == [true, true, false])
            policy.missingAllowed = .named("a")
            #expect(inputError { try CSVReader.read(path: path, policy: policy) }?.description
                    == "\(path): line 2, column 2 (\"y\"): empty cell (missing values are not allowed)")
        }
    }

    /// A text cell and a missing cell name their column apart from the message, for a caller's hint.
    @Test func aTextOrMissingCellNamesItsColumn() throws {
        try withTemporaryFolder { folder in
            let text = try folder.write("a,league\n1,N\n", to: "text.csv")
            let error = inputError { try CSVReader.read(path: text) }
            #expect(error?.textColumn == "league" && error?.missingColumn == nil)
            for cell in ["", "NA", "NaN"] {
                let missing = try folder.write("a,b\n1,\(cell)\n", to: "missing.csv")
                let error = inputError { try CSVReader.read(path: missing) }
                #expect(error?.missingColumn == "b" && error?.textColumn == nil, "\(cell)")
            }
            let label = try folder.write("a,y\n1,\n", to: "label.csv")
            #expect(inputError { try CSVReader.read(path: label, labelColumn: .last) }?.missingColumn == "y")
        }
    }

    @Test func keptRowsRememberTheirLines() throws {
        try withTemporaryFolder { folder in
            let path = try folder.write("a,b\n1,2\n3,4\n5,6\n", to: "rows.csv")
            var table = try CSVReader.read(path: path)
            table.categorical[1] = ["x", "y", "z"]
            let kept = table.keepingRows([0, 2])
            #expect(kept.rowCount == 2 && Array(kept.column(0)) == [1, 5] && Array(kept.column(1)) == [2, 6])
            #expect(kept.categorical[1] == ["x", "z"])
            #expect((0 ..< 2).map(kept.line(ofRow:)) == [2, 4] && table.line(ofRow: 2) == 4)
            #expect(kept.keepingRows([1]).line(ofRow: 0) == 4)
        }
    }
}
