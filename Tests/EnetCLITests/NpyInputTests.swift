import ElasticNetIO
import Foundation
import Testing

/// A .npy design (either order) with its response gives the CSV's fit, bit for bit.
struct NpyInputTests {
    /// A version-1 .npy file of float64 values, little-endian, in the order given.
    static func npy(shape: String, fortran: Bool, values: [Double]) -> Data {
        var header = "{'descr': '<f8', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        let length = header.utf8.count
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
        for v in values { bytes += (0 ..< 8).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt64($0))) } }
        return Data(bytes)
    }

    @Test func npyDesignFitsAsTheCSV() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let table = try CSVReader.read(path: EnetRun.diabetes)
        let n = table.rowCount, p = table.columnCount - 1
        let columnMajor = Array(table.values[0 ..< n * p])
        let rowMajor = (0 ..< n).flatMap { i in (0 ..< p).map { columnMajor[$0 * n + i] } }
        try Self.npy(shape: "(\(n), \(p))", fortran: false, values: rowMajor).write(to: scratch.url.appendingPathComponent("c.npy"))
        try Self.npy(shape: "(\(n), \(p))", fortran: true, values: columnMajor).write(to: scratch.url.appendingPathComponent("f.npy"))
        try Self.npy(shape: "(\(n),)", fortran: false, values: Array(table.column(p))).write(to: scratch.url.appendingPathComponent("y.npy"))
        _ = try scratch.write(table.columnNames.prefix(p).joined(separator: "\n"), "names.txt")

        func coefficients(_ arguments: [String]) throws -> [String: Double] {
            let run = try EnetRun(["fit"] + arguments + ["--alpha", "0.5", "--lambda", "0.3", "--format", "json"], in: scratch.url)
            #expect(run.status == 0, "\(run.stderr)")
            return try #require(try run.json()["coefficients"] as? [String: Double])
        }
        let csv = try coefficients([EnetRun.diabetes])
        #expect(try coefficients(["c.npy", "--response", "y.npy", "--feature-names", "names.txt"]) == csv)
        #expect(try coefficients(["f.npy", "--response", "y.npy", "--feature-names", "names.txt"]) == csv)
        let missing = try EnetRun(["fit", "c.npy", "--lambda", "0.3"], in: scratch.url)
        #expect(missing.status == 2 && missing.stderr.contains("--response"))
    }
}
