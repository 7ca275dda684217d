import Foundation

/// A JSON document parsed with every number rounded correctly, handed on as Foundation objects
/// (`[String: Any]`, `[Any]`, `NSNumber`, `String`, `NSNull`) like `JSONSerialization`'s.
/// `JSONSerialization` itself is not used: on Linux it reads about one 17-digit number in five as
/// a neighbouring double (1.4670088308192029 as ...026), so a model read back would predict with
/// coefficients one unit in the last place away from those written. `JSONDecoder` parses numbers
/// exactly.
enum ExactJSON: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ExactJSON])
    case object([String: ExactJSON])

    /// The document in `data` as Foundation objects; nil when it is not JSON.
    static func parse(_ data: Data) -> Any? {
        (try? JSONDecoder().decode(ExactJSON.self, from: data))?.foundationObject
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let x = try? container.decode(Double.self) {
            self = .number(x)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let items = try? container.decode([ExactJSON].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: ExactJSON].self))
        }
    }

    /// As `JSONSerialization` gives it: booleans too are NSNumbers.
    var foundationObject: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let b): return NSNumber(value: b)
        case .number(let x): return NSNumber(value: x)
        case .string(let s): return s
        case .array(let items): return items.map(\.foundationObject)
        case .object(let members): return members.mapValues(\.foundationObject)
        }
    }
}
