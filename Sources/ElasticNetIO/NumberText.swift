#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The conversion of a cell's bytes to a Double, shared by the CSV and lambda readers.
///
/// The conversion is correctly rounded, so every decimal text gives the same bits as
/// `Double(String)` and a number written with 17 significant digits reads back exactly: short
/// plain decimals by an exact fast path (`exactPlainDecimal`), everything else by strtod, whose
/// only catch is the locale's decimal point, which `withCNumericLocale` pins to ".".
enum NumberText {
    /// What a cell's text turned out to be.
    enum Reading: Equatable {
        /// A finite number (an underflow such as 1e-400 reads as zero, as in `Double(String)`).
        case number(Double)
        /// Nothing but spaces.
        case empty
        /// strtod read a NaN ("nan", "NaN", "nan(0x1)").
        case notANumberValue
        /// "inf", "-Infinity", or a decimal too large for a Double such as 1e999.
        case infinite
        /// Anything else: strtod stopped before the end of the text.
        case notNumeric
    }

    /// Reads `bytes` with surrounding spaces, tabs and carriage returns ignored.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Reading {
        let trimmed = trimmingSpace(bytes)
        let count = trimmed.count
        guard count > 0 else { return .empty }
        if let value = exactPlainDecimal(trimmed) { return .number(value) }
        // strtod needs a NUL after the text, and the byte after a field in the file belongs to
        // the next field; a copy on the stack is cheaper than the conversion itself.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { scratch in
            let start = scratch.baseAddress!
            UnsafeMutableRawPointer(start).copyMemory(from: trimmed.baseAddress!, byteCount: count)
            start[count] = 0
            var stop: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(start, &stop)
            guard stop == start + count else { return .notNumeric }
            if value.isNaN { return .notANumberValue }
            if value.isInfinite { return .infinite }
            return .number(value)
        }
    }

    /// `bytes` without leading and trailing spaces, tabs and carriage returns (the CR of a CRLF).
    static func trimmingSpace(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start ..< end])
    }

    /// True for a space, a tab or a carriage return.
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D
    }

    /// True for the spellings of a missing value that R, pandas and spreadsheets write.
    static func isMissingMarker(_ text: String) -> Bool {
        ["na", "n/a", "null", "none", "nil", "?"].contains(text.lowercased())
    }

    /// `bytes` (trimmed) as one line of text for a message, cut to `limit` characters with "..."
    /// when longer.
    static func shown(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int = 40) -> String {
        let text = InputError.oneLine(String(decoding: trimmingSpace(bytes), as: UTF8.self))
        return text.count > limit ? text.prefix(limit) + "..." : text
    }

    /// Runs `body` with this thread's numeric locale set to "C", so strtod takes "." as the decimal
    /// point even in a program that called setlocale(LC_ALL, "") under a locale that writes ",".
    static func withCNumericLocale<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        guard let locale = cNumericLocale else { return try body() }
        let previous = uselocale(locale)
        defer { uselocale(previous) }
        return try body()
    }
}

/// Created once and never changed or freed; uselocale only reads it, from any thread.
nonisolated(unsafe) private let cNumericLocale = newlocale(LC_NUMERIC_MASK, "C", nil)
