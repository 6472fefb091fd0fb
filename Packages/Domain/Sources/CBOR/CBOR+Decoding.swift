/// Why bytes are not one well-formed CBOR item (RFC 8949 §5.3), or exceed the decoder's limits.
/// Every case says where in the input it was found.
public enum CBORError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended inside an item.
    case truncated(at: Int)
    /// Additional information 28–30, reserved in RFC 8949.
    case reservedAdditionalInformation(at: Int)
    /// An indefinite length where none is allowed (major types 0, 1, 6 and 7), or a break outside one.
    case unexpectedBreak(at: Int)
    /// A chunk of an indefinite-length string that is not a definite string of the same type.
    case badChunk(at: Int)
    /// A text string that is not UTF-8.
    case invalidUTF8(at: Int)
    /// Simple values 0–31 must be in the initial byte (24–31 are malformed in two bytes).
    case badSimpleValue(at: Int)
    /// Arrays and maps nested deeper than the limit.
    case tooDeep(at: Int, limit: Int)
    /// A string, array or map longer than the limit, or longer than the bytes left could hold.
    case tooLong(at: Int, length: UInt64, limit: Int)
    /// More input than the limit on the whole item.
    case tooLarge(size: Int, limit: Int)
    /// Bytes left over after the item.
    case trailingBytes(at: Int, count: Int)

    public var description: String {
        switch self {
        case .truncated(let at): "CBOR ends in the middle of an item at byte \(at)"
        case .reservedAdditionalInformation(let at): "CBOR uses reserved additional information (28-30) at byte \(at)"
        case .unexpectedBreak(let at): "CBOR has a break or indefinite length where none is allowed at byte \(at)"
        case .badChunk(let at): "CBOR indefinite-length string has a chunk of the wrong type at byte \(at)"
        case .invalidUTF8(let at): "CBOR text string is not UTF-8 at byte \(at)"
        case .badSimpleValue(let at): "CBOR simple value is encoded in two bytes but is below 32 at byte \(at)"
        case .tooDeep(let at, let limit): "CBOR nests deeper than \(limit) levels at byte \(at)"
        case .tooLong(let at, let length, let limit): "CBOR item at byte \(at) claims \(length) elements; at most \(limit) are allowed or left"
        case .tooLarge(let size, let limit): "CBOR input is \(size) bytes; at most \(limit) are accepted"
        case .trailingBytes(let at, let count): "CBOR item ends at byte \(at) with \(count) bytes left over"
        }
    }
}

extension CBOR {
    /// Bounds on what the decoder accepts, so that hostile input cannot exhaust memory or stack.
    public struct Limits: Sendable {
        /// The deepest nesting of arrays, maps and tags.
        public var depth: Int
        /// The most elements in one string, array or map.
        public var length: Int
        /// The most bytes in the whole input.
        public var size: Int

        public init(depth: Int = 32, length: Int = 1 << 20, size: Int = 1 << 22) {
            self.depth = depth
            self.length = length
            self.size = size
        }

        /// Enough for any EU Digital COVID Certificate (a QR code holds under 3 kB).
        public static let standard = Limits()
    }

    /// Decodes exactly one item from `bytes`; anything left over is an error.
    public static func decode(_ bytes: some Collection<UInt8>, limits: Limits = .standard) throws(CBORError) -> CBOR {
        let input = Array(bytes)
        guard input.count <= limits.size else { throw .tooLarge(size: input.count, limit: limits.size) }
        var reader = CBORReader(bytes: input, limits: limits)
        let item = try reader.item(depth: 0)
        guard reader.position == input.count else { throw .trailingBytes(at: reader.position, count: input.count - reader.position) }
        return item
    }
}

/// Reads items from a byte array, checking each length against the limits and against the bytes
/// left before anything is allocated.
struct CBORReader {
    let bytes: [UInt8]
    let limits: CBOR.Limits
    var position = 0

    init(bytes: [UInt8], limits: CBOR.Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func byte() throws(CBORError) -> UInt8 {
        guard position < bytes.count else { throw .truncated(at: position) }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func take(_ count: Int) throws(CBORError) -> ArraySlice<UInt8> {
        guard count <= bytes.count - position else { throw .truncated(at: bytes.count) }
        defer { position += count }
        return bytes[position..<position + count]
    }

    /// The argument of an item whose additional information is `info`; nil for indefinite length.
    mutating func argument(_ info: UInt8, at start: Int) throws(CBORError) -> UInt64? {
        switch info {
        case 0..<24: return UInt64(info)
        case 24...27:
            var value: UInt64 = 0
            for byte in try take(1 << Int(info - 24)) { value = value << 8 | UInt64(byte) }
            return value
        case 31: return nil
        default: throw .reservedAdditionalInformation(at: start)
        }
    }

    /// A length checked against the limit and against what the remaining bytes could hold
    /// (`each` bytes at least per element).
    func checked(_ length: UInt64, each: Int, at start: Int) throws(CBORError) -> Int {
        let left = (bytes.count - position) / each
        guard length <= UInt64(min(limits.length, left)) else { throw .tooLong(at: start, length: length, limit: min(limits.length, left)) }
        return Int(length)
    }

    mutating func item(depth: Int) throws(CBORError) -> CBOR {
        let start = position
        let initial = try byte()
        let major = initial >> 5, info = initial & 0x1F
        if initial == 0xFF { throw .unexpectedBreak(at: start) }
        let argument = try argument(info, at: start)
        switch major {
        case 0, 1:
            guard let n = argument else { throw .unexpectedBreak(at: start) }
            return major == 0 ? .unsigned(n) : .negative(n)
        case 2, 3:
            let raw = try string(major: major, argument: argument, at: start)
            if major == 2 { return .bytes(raw) }
            guard raw.withUnsafeBufferPointer(CBORCursor.isValidUTF8) else { throw .invalidUTF8(at: start) }
            return .text(String(decoding: raw, as: UTF8.self))
        case 4, 5:
            guard depth < limits.depth else { throw .tooDeep(at: start, limit: limits.depth) }
            return major == 4 ? .array(try array(argument, depth: depth, at: start)) : .map(try map(argument, depth: depth, at: start))
        case 6:
            guard let tag = argument else { throw .unexpectedBreak(at: start) }
            guard depth < limits.depth else { throw .tooDeep(at: start, limit: limits.depth) }
            return .tagged(tag, try item(depth: depth + 1))
        default:
            return try simple(info, argument, at: start)
        }
    }

    mutating func string(major: UInt8, argument: UInt64?, at start: Int) throws(CBORError) -> [UInt8] {
        if let argument { return Array(try take(try checked(argument, each: 1, at: start))) }
        var joined: [UInt8] = []
        while true {
            let chunkStart = position
            let initial = try byte()
            if initial == 0xFF { return joined }
            guard initial >> 5 == major, let length = try self.argument(initial & 0x1F, at: chunkStart) else { throw .badChunk(at: chunkStart) }
            joined += try take(try checked(length, each: 1, at: chunkStart))
            guard joined.count <= limits.length else { throw .tooLong(at: start, length: UInt64(joined.count), limit: limits.length) }
        }
    }

    mutating func array(_ argument: UInt64?, depth: Int, at start: Int) throws(CBORError) -> [CBOR] {
        var items: [CBOR] = []
        if let argument {
            let count = try checked(argument, each: 1, at: start)
            items.reserveCapacity(count)
            for _ in 0..<count { items.append(try item(depth: depth + 1)) }
            return items
        }
        while try !atBreak() {
            guard items.count < limits.length else { throw .tooLong(at: start, length: UInt64(items.count + 1), limit: limits.length) }
            items.append(try item(depth: depth + 1))
        }
        return items
    }

    mutating func map(_ argument: UInt64?, depth: Int, at start: Int) throws(CBORError) -> [CBOR.Entry] {
        var entries: [CBOR.Entry] = []
        if let argument {
            let count = try checked(argument, each: 2, at: start)
            entries.reserveCapacity(count)
            for _ in 0..<count { entries.append(CBOR.Entry(try item(depth: depth + 1), try item(depth: depth + 1))) }
            return entries
        }
        while try !atBreak() {
            guard entries.count < limits.length else { throw .tooLong(at: start, length: UInt64(entries.count + 1), limit: limits.length) }
            entries.append(CBOR.Entry(try item(depth: depth + 1), try item(depth: depth + 1)))
        }
        return entries
    }

    /// Consumes a break (0xFF) if one is next.
    mutating func atBreak() throws(CBORError) -> Bool {
        guard position < bytes.count else { throw .truncated(at: position) }
        if bytes[position] == 0xFF { position += 1; return true }
        return false
    }

    func simple(_ info: UInt8, _ argument: UInt64?, at start: Int) throws(CBORError) -> CBOR {
        guard let argument else { throw .unexpectedBreak(at: start) }
        switch info {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: return .undefined
        case 24:
            guard argument >= 32 else { throw .badSimpleValue(at: start) }
            return .simple(UInt8(argument))
        case 25: return .float(Half.value(UInt16(argument)))
        case 26: return .float(Double(Float(bitPattern: UInt32(argument))))
        case 27: return .float(Double(bitPattern: argument))
        default: return .simple(info)
        }
    }
}
