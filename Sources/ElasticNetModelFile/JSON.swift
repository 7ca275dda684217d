/// A JSON value with ordered object keys, written by hand so that numbers round-trip exactly
/// (Swift's shortest round-trip `Double.description`, i.e. at most 17 significant digits) and keys
/// keep the order the output format documents. Non-finite numbers become null. The model file's
/// writer and every `enet` JSON report use it.
public indirect enum JSON: Sendable {
    case number(Double)
    case integer(Int)
    case string(String)
    case bool(Bool)
    case null
    case array([JSON])
    case object([(String, JSON)])

    /// Renders with one top-level key per line and everything nested on that line, which keeps a
    /// path's long arrays readable with line-based tools.
    public func rendered() -> String {
        guard case .object(let members) = self else { return compact() }
        if members.isEmpty { return "{}\n" }
        let lines = members.map { "  \(JSON.quote($0.0)): \($0.1.compact())" }
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    public func compact() -> String {
        switch self {
        case .number(let x): return JSON.format(x)
        case .integer(let k): return String(k)
        case .string(let s): return JSON.quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map { $0.compact() }.joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.map { "\(JSON.quote($0.0)): \($0.1.compact())" }.joined(separator: ", ") + "}"
        }
    }

    public static func format(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        return x == 0 ? "0.0" : x.description
    }

    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension JSON {
    public static func numbers(_ values: [Double]) -> JSON { .array(values.map { .number($0) }) }
}
