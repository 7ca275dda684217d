import ElasticNetIO
import Testing

/// A lambda file is one number a line, strictly decreasing and non-negative; anything else is an
/// error naming the line.
@Suite struct LambdaFileTests {
    @Test func readsDecreasingLambdasIgnoringBlankLinesAndSpaces() throws {
        let lambdas = try withTemporaryFolder { folder in
            try LambdaFile.read(path: folder.write("1.0\n0.5\n\n  0.25 \r\n1e-3\n0\n\n", to: "lambdas.txt"))
        }
        #expect(lambdas == [1, 0.5, 0.25, 0.001, 0])
    }

    @Test(arguments: [
        ("1\n0.5\n0.7\n", "line 3: lambda 0.7 is not below 0.5 on line 2; the lambdas must be strictly decreasing"),
        ("1\n\n1\n", "line 3: lambda 1 is not below 1 on line 1; the lambdas must be strictly decreasing"),
        ("1\n-0.5\n", "line 2: lambda -0.5 is negative"),
        ("", "no lambdas (the file holds no numbers)"),
        ("\n  \n", "no lambdas (the file holds no numbers)"),
        ("1\nabc\n", "line 2: \"abc\" is not a number"),
        ("1\n0.5 0.2\n", "line 2: \"0.5 0.2\" is not a number"),
        ("nan\n", "line 1: NaN is not allowed"),
        ("inf\n1\n", "line 1: infinite value is not allowed (\"inf\")"),
    ])
    func badLambdaFileNamesTheLine(contents: String, message: String) throws {
        try withTemporaryFolder { folder in
            let path = try folder.write(contents, to: "lambdas.txt")
            #expect(inputError { try LambdaFile.read(path: path) }?.description == "\(path): \(message)")
        }
    }

    @Test func missingLambdaFileIsNamed() throws {
        try withTemporaryFolder { folder in
            let path = "\(folder.path)/none.txt"
            #expect(inputError { try LambdaFile.read(path: path) }?.description == "\(path): no such file")
        }
    }
}
