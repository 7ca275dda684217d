/// Reads NumPy `.npy` arrays of float64 or float32, in C or Fortran order, little- or big-endian
/// (format versions 1, 2 and 3).
///
/// The header is a Python dict literal, e.g. `{'descr': '<f8', 'fortran_order': False,
/// 'shape': (442, 10), }`; the data follow it. The size the shape implies is checked against the
/// file's size before anything is allocated, so a header claiming 10^12 rows is an error, not an
/// allocation. No package reads .npy on Linux without a Python runtime, so this is written here.
public enum NpyReader {
    /// A numeric array: its shape and its values in column-major order (the first index fastest),
    /// whatever the file's order.
    public struct Array: Sendable, Equatable {
        public let shape: [Int]
        public let columnMajor: [Double]
    }

    /// Reads the array in `path`; `observer` sees every byte read (see `ByteObserver`).
    public static func read(path: String, observer: ByteObserver? = nil) throws(InputError) -> Array {
        // The magic is checked on the first chunk: a link to /dev/zero is refused before it is read.
        let bytes = try FileReader(path: path, observer: observer).readAll { (start) throws(InputError) in
            guard start.count < 6 || Swift.Array(start.prefix(6)) == magic else { throw notNpy(path) }
        }
        return try parse(bytes, path: path)
    }

    private static let magic: [UInt8] = [0x93] + Swift.Array("NUMPY".utf8)

    private static func notNpy(_ path: String) -> InputError {
        .file(path, "not a .npy file (it does not start with \\x93NUMPY)")
    }

    static func parse(_ bytes: [UInt8], path: String) throws(InputError) -> Array {
        guard bytes.count >= 10, Swift.Array(bytes[0 ..< 6]) == magic else { throw notNpy(path) }
        let major = bytes[6]
        let headerStart: Int, headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case 2, 3:
            guard bytes.count >= 12 else { throw .file(path, "the .npy header is cut short") }
            headerStart = 12
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        default:
            throw .file(path, ".npy format version \(major) is not supported (1, 2 and 3 are)")
        }
        guard headerStart + headerLength <= bytes.count else { throw .file(path, "the .npy header is cut short") }
        let header = String(decoding: bytes[headerStart ..< headerStart + headerLength], as: UTF8.self)
        let descr = try field("descr", in: header, path: path)
        let order = try field("fortran_order", in: header, path: path)
        let shapeText = try field("shape", in: header, path: path)

        let stripped = descr.trimmingQuotes()
        guard stripped.count == 3, let kind = stripped.dropFirst().first, kind == "f",
              let width = Int(String(stripped.suffix(1))), width == 8 || width == 4 else {
            throw .file(path, "the array's dtype is \(descr); only float64 ('<f8') and float32 ('<f4') are read")
        }
        let bigEndian = stripped.first == ">"
        guard order == "True" || order == "False" else { throw .file(path, "fortran_order is \(order), not True or False") }
        let shape = try parseShape(shapeText, path: path)

        var count = 1
        for extent in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw .file(path, "the shape \(shapeText) is too large") }
            count = product
        }
        let dataStart = headerStart + headerLength
        let (needed, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, needed == bytes.count - dataStart else {
            throw .file(path, "the shape \(shapeText) needs \(overflow ? "more than Int.max" : String(needed)) bytes of data, the file has \(bytes.count - dataStart)")
        }
        var values = [Double](repeating: 0, count: count)
        for k in 0 ..< count {
            let offset = dataStart + k * width
            var bits: UInt64 = 0
            for b in 0 ..< width {
                let byte = UInt64(bytes[offset + (bigEndian ? width - 1 - b : b)])
                bits |= byte << (8 * UInt64(b))
            }
            let value = width == 8 ? Double(bitPattern: bits) : Double(Float(bitPattern: UInt32(bits)))
            guard value.isFinite else {
                throw .file(path, "element \(k + 1) (in file order) is \(value.isNaN ? "NaN" : "infinite")")
            }
            values[k] = value
        }
        // C order stores the last index fastest; turn a 2-D C array into column-major.
        if order == "False", shape.count == 2, shape[0] > 1, shape[1] > 1 {
            let (n, p) = (shape[0], shape[1])
            var transposed = [Double](repeating: 0, count: count)
            for i in 0 ..< n { for j in 0 ..< p { transposed[j * n + i] = values[i * p + j] } }
            values = transposed
        }
        return Array(shape: shape, columnMajor: values)
    }

    /// The text of `key`'s value in the header dict, up to the next top-level comma.
    private static func field(_ key: String, in header: String, path: String) throws(InputError) -> String {
        guard let keyRange = header.firstRange(of: "'\(key)'") ?? header.firstRange(of: "\"\(key)\"") else {
            throw .file(path, "the .npy header has no '\(key)'")
        }
        var rest = header[keyRange.upperBound...].drop { $0 == " " || $0 == ":" }
        if rest.first == "(" {
            guard let close = rest.firstIndex(of: ")") else { throw .file(path, "the .npy header's \(key) is not closed") }
            return String(rest[rest.startIndex ... close])
        }
        rest = rest.prefix { $0 != "," && $0 != "}" }
        return rest.trimming(" ")
    }

    private static func parseShape(_ text: String, path: String) throws(InputError) -> [Int] {
        let inner = text.dropFirst().dropLast()
        var shape: [Int] = []
        for part in inner.split(separator: ",") {
            let item = String(part).trimming(" L")
            if item.isEmpty { continue }
            guard let extent = Int(item), extent >= 0 else { throw .file(path, "the shape \(text) is not a tuple of sizes") }
            shape.append(extent)
        }
        return shape
    }
}

private extension StringProtocol {
    func trimmingQuotes() -> String { trimming("'\" ") }
}
