import Foundation

/// A CBOR data item (RFC 8949). Maps keep their entries in the order they were read or built;
/// `CBOR.encoded(deterministic:)` sorts them when asked.
public indirect enum CBOR: Hashable, Sendable {
    /// Major type 0: 0 … 2⁶⁴−1.
    case unsigned(UInt64)
    /// Major type 1: the value −1 − n, so `.negative(0)` is −1 and `.negative(UInt64.max)` is −2⁶⁴.
    case negative(UInt64)
    /// Major type 2.
    case bytes([UInt8])
    /// Major type 3, valid UTF-8.
    case text(String)
    /// Major type 4.
    case array([CBOR])
    /// Major type 5, in order.
    case map([Entry])
    /// Major type 6: a tag number and its content (18 is COSE_Sign1, RFC 9052).
    case tagged(UInt64, CBOR)
    /// Simple values 20 and 21.
    case bool(Bool)
    /// Simple value 22.
    case null
    /// Simple value 23.
    case undefined
    /// Other simple values (0 … 19 and 32 … 255).
    case simple(UInt8)
    /// A half-, single- or double-precision float, held as a Double.
    case float(Double)

    /// One key and its value in a map.
    public struct Entry: Hashable, Sendable {
        public var key: CBOR
        public var value: CBOR
        public init(_ key: CBOR, _ value: CBOR) {
            self.key = key
            self.value = value
        }
    }

    /// An integer, as unsigned or negative.
    public static func int(_ value: Int64) -> CBOR {
        value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-(value + 1)))
    }

    /// A map from key–value pairs, in the order given.
    public static func map(_ pairs: KeyValuePairs<CBOR, CBOR>) -> CBOR {
        .map(pairs.map { Entry($0.key, $0.value) })
    }
}

extension CBOR {
    /// The value as a signed 64-bit integer, if it is an integer that fits.
    public var int64: Int64? {
        switch self {
        case .unsigned(let n): n <= UInt64(Int64.max) ? Int64(n) : nil
        case .negative(let n): n <= UInt64(Int64.max) ? -1 - Int64(n) : nil
        default: nil
        }
    }

    /// The text, if this is a text string.
    public var string: String? { if case .text(let text) = self { text } else { nil } }

    /// The bytes, if this is a byte string.
    public var byteString: [UInt8]? { if case .bytes(let bytes) = self { bytes } else { nil } }

    /// The items, if this is an array.
    public var items: [CBOR]? { if case .array(let items) = self { items } else { nil } }

    /// The entries, if this is a map.
    public var entries: [Entry]? { if case .map(let entries) = self { entries } else { nil } }

    /// The value under `key` in a map (the first, if a map read from elsewhere repeats it).
    public subscript(key: CBOR) -> CBOR? {
        entries?.first { $0.key == key }?.value
    }

    /// The value under an integer key (COSE headers and CWT claims use them).
    public subscript(key: Int64) -> CBOR? { self[.int(key)] }

    /// The value under a text key.
    public subscript(key: String) -> CBOR? { self[.text(key)] }
}

extension CBOR: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByFloatLiteral, ExpressibleByNilLiteral {
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: CBOR...) { self = .array(elements) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension CBOR: CustomStringConvertible {
    /// CBOR diagnostic notation (RFC 8949 §8), for errors and the `tverr verify` output.
    public var description: String {
        switch self {
        case .unsigned(let n): "\(n)"
        case .negative(let n): n == UInt64.max ? "-18446744073709551616" : "-\(n + 1)"
        case .bytes(let bytes): "h'" + bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined() + "'"
        case .text(let text): "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .array(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let entries): "{" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .tagged(let tag, let content): "\(tag)(\(content))"
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .undefined: "undefined"
        case .simple(let value): "simple(\(value))"
        case .float(let value): value.isNaN ? "NaN" : value.isInfinite ? (value < 0 ? "-Infinity" : "Infinity") : "\(value)"
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
