#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opening and reading files with errors that name the file and say why.
enum FileBytes {
    /// An open file read in large chunks.
    final class Chunks {
        private let handle: UnsafeMutablePointer<FILE>
        let path: String
        private var buffer = [UInt8](repeating: 0, count: 1 << 20)

        init(_ path: String) throws(InputError) {
            self.path = path
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw .file(path, errno == ENOENT ? "no such file" : "cannot read (\(AtomicFile.reason()))")
            }
            guard (info.st_mode & S_IFMT) != S_IFDIR else { throw .file(path, "is a directory, not a file") }
            guard let handle = fopen(path, "rb") else { throw .file(path, "cannot read (\(AtomicFile.reason()))") }
            self.handle = handle
        }

        deinit { fclose(handle) }

        /// Calls `body` with each chunk of the file in order.
        func forEach(_ body: (UnsafeBufferPointer<UInt8>) throws(InputError) -> Void) throws(InputError) {
            while true {
                let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
                if count == 0 {
                    if ferror(handle) != 0 { throw .file(path, "read error (\(AtomicFile.reason()))") }
                    return
                }
                try buffer.withUnsafeBufferPointer { (all) throws(InputError) in
                    try body(UnsafeBufferPointer(rebasing: all[0 ..< count]))
                }
            }
        }
    }

    /// The whole file (for small files such as lambda lists).
    static func read(_ path: String) throws(InputError) -> [UInt8] {
        var bytes = [UInt8]()
        try Chunks(path).forEach { chunk in bytes.append(contentsOf: chunk) }
        return bytes
    }
}

/// Exact decimal-to-double conversion of a field's bytes (strtod: correctly rounded).
enum NumberParser {
    /// The number in `bytes` (surrounding spaces allowed), or nil when it is not one.
    /// Infinities and NaN are returned as such for the caller to judge.
    static func parse(_ bytes: some Collection<UInt8>) -> Double? {
        var scratch = [CChar]()
        scratch.reserveCapacity(bytes.count + 1)
        for b in bytes { scratch.append(CChar(bitPattern: b)) }
        scratch.append(0)
        return parse(nullTerminated: &scratch, count: bytes.count)
    }

    /// As `parse`, for a buffer whose byte `count` is NUL.
    static func parse(nullTerminated scratch: inout [CChar], count: Int) -> Double? {
        var start = 0, end = count
        while start < end && (scratch[start] == 32 || scratch[start] == 9) { start += 1 }
        while end > start && (scratch[end - 1] == 32 || scratch[end - 1] == 9) { end -= 1 }
        guard start < end else { return nil }
        // strtod also accepts hex floats and other spellings; accept what a CSV number looks like.
        for k in start ..< end {
            let c = UInt8(bitPattern: scratch[k])
            let allowed = (c >= 48 && c <= 57) || c == 46 || c == 43 || c == 45 || c == 101 || c == 69
                || (c | 0x20 >= 97 && c | 0x20 <= 122)   // letters, for inf / nan, judged below
            guard allowed else { return nil }
        }
        scratch[end] = 0
        return scratch.withUnsafeBufferPointer { buffer -> Double? in
            let first = buffer.baseAddress! + start
            var stop: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(first, &stop)
            guard let stop, stop == UnsafeMutablePointer(mutating: buffer.baseAddress! + end) else { return nil }
            let text = String(cString: first).lowercased()
            if text.contains("x") { return nil }   // no hex floats
            return value
        }
    }
}
