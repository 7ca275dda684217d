@testable import ElasticNetIO
import Testing

/// .npy arrays as NumPy writes them, built byte by byte here.
struct NpyReaderTests {
    /// A version-1 .npy file: magic, header padded with spaces to a multiple of 64, then the data.
    static func npy(descr: String, fortran: Bool, shape: String, data: [UInt8]) -> [UInt8] {
        var header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        let length = header.utf8.count
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8) + data
    }

    static func littleEndian(_ values: [Double]) -> [UInt8] {
        values.flatMap { v in (0 ..< 8).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt64($0))) } }
    }

    static func read(_ bytes: [UInt8]) throws(InputError) -> NpyReader.Array {
        try NpyReader.parse(bytes, path: "x.npy")
    }

    /// The 2 x 3 matrix [[1, 2, 3], [4, 5, 6]] in C order, Fortran order, float32 and big-endian.
    @Test func ordersAndPrecisionsGiveTheSameColumns() throws {
        let columns: [Double] = [1, 4, 2, 5, 3, 6]
        let c = try Self.read(Self.npy(descr: "<f8", fortran: false, shape: "(2, 3)", data: Self.littleEndian([1, 2, 3, 4, 5, 6])))
        let f = try Self.read(Self.npy(descr: "<f8", fortran: true, shape: "(2, 3)", data: Self.littleEndian(columns)))
        let single = [1, 2, 3, 4, 5, 6].flatMap { (v: Float) in (0 ..< 4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt32($0))) } }
        let f4 = try Self.read(Self.npy(descr: "<f4", fortran: false, shape: "(2, 3)", data: single))
        let big = try Self.read(Self.npy(descr: ">f8", fortran: false, shape: "(2, 3)",
                                         data: [1, 2, 3, 4, 5, 6].flatMap { (v: Double) in (0 ..< 8).reversed().map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt64($0))) } }))
        for array in [c, f, f4, big] {
            #expect(array.shape == [2, 3])
            #expect(array.columnMajor == columns)
        }
        let vector = try Self.read(Self.npy(descr: "<f8", fortran: false, shape: "(3,)", data: Self.littleEndian([7, 8, 9])))
        #expect(vector.shape == [3] && vector.columnMajor == [7, 8, 9])
    }

    /// A malformed array, named for the test log rather than shown byte by byte.
    struct BadArray: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let says: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        BadArray(name: "not npy", bytes: Array("a,b\n1,2\n".utf8), says: "not a .npy file"),
        BadArray(name: "integers", bytes: npy(descr: "<i8", fortran: false, shape: "(1,)", data: littleEndian([1])), says: "dtype"),
        BadArray(name: "huge shape", bytes: npy(descr: "<f8", fortran: false, shape: "(1000000000000, 10)", data: littleEndian([1])), says: "needs"),
        BadArray(name: "overflowing shape", bytes: npy(descr: "<f8", fortran: false, shape: "(9223372036854775807, 4)", data: []), says: "too large"),
        BadArray(name: "truncated data", bytes: npy(descr: "<f8", fortran: false, shape: "(2, 2)", data: littleEndian([1, 2, 3])), says: "the file has 24"),
        BadArray(name: "NaN", bytes: npy(descr: "<f8", fortran: false, shape: "(2,)", data: littleEndian([1, .nan])), says: "element 2"),
    ])
    func badArraysAreRefused(_ bad: BadArray) {
        do {
            _ = try Self.read(bad.bytes)
            Issue.record("\(bad.name) was accepted")
        } catch {
            #expect(error.description.hasPrefix("x.npy: ") && error.description.contains(bad.says), "\(error.description)")
        }
    }
}
