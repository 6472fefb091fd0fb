/// Reads CBOR items one at a time from bytes, without building a tree: the head of an item, then
/// its text, bytes or elements, or a skip over all of it. Every length is checked against the
/// limits and against the bytes left before anything is read, exactly as `CBOR.decode` does, and
/// a skip checks the skipped item is well formed. For hot paths (COSE, CWT, the DCC payload) where
/// the tree's allocations would cost more than the reading.
public struct CBORCursor: Sendable {
    /// The input.
    public let bytes: [UInt8]
    /// The next byte to read.
    public private(set) var position: Int
    /// Where reading stops.
    public let end: Int
    let limits: CBOR.Limits

    /// The head of one item: its major type (0–7), additional information and argument.
    public struct Head: Sendable, Equatable {
        public let major: UInt8
        public let info: UInt8
        /// The argument; nil for an indefinite length.
        public let argument: UInt64?
        /// Where the item starts.
        public let start: Int
    }

    /// A cursor over all of `bytes`.
    public init(_ bytes: [UInt8], limits: CBOR.Limits = .standard) throws(CBORError) {
        guard bytes.count <= limits.size else { throw .tooLarge(size: bytes.count, limit: limits.size) }
        self.init(bytes, range: 0..<bytes.count, limits: limits)
    }

    /// A cursor over `range` of `bytes` (one item recorded earlier, for example).
    public init(_ bytes: [UInt8], range: Range<Int>, limits: CBOR.Limits = .standard) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
        self.limits = limits
    }

    /// Whether everything has been read.
    public var isAtEnd: Bool { position == end }

    /// Throws unless everything has been read.
    public func finish() throws(CBORError) {
        guard position == end else { throw .trailingBytes(at: position, count: end - position) }
    }

    /// Reads the head of the next item. A break (0xFF) is an error here; see `atBreak`.
    public mutating func head() throws(CBORError) -> Head {
        let start = position
        guard position < end else { throw .truncated(at: position) }
        let initial = bytes[position]
        position += 1
        if initial == 0xFF { throw .unexpectedBreak(at: start) }
        let info = initial & 0x1F
        let argument: UInt64?
        switch info {
        case 0..<24: argument = UInt64(info)
        case 24...27:
            let count = 1 << Int(info - 24)
            guard count <= end - position else { throw .truncated(at: end) }
            var value: UInt64 = 0
            for index in position..<(position + count) { value = value << 8 | UInt64(bytes[index]) }
            position += count
            argument = value
        case 31: argument = nil
        default: throw .reservedAdditionalInformation(at: start)
        }
        return Head(major: initial >> 5, info: info, argument: argument, start: start)
    }

    /// Consumes a break (0xFF) if one is next; for indefinite-length arrays and maps.
    public mutating func atBreak() throws(CBORError) -> Bool {
        guard position < end else { throw .truncated(at: position) }
        if bytes[position] == 0xFF { position += 1; return true }
        return false
    }

    /// The element count of an array or map head, checked against the limit and the bytes left;
    /// nil for an indefinite length.
    public func count(_ head: Head) throws(CBORError) -> Int? {
        guard let argument = head.argument else { return nil }
        return try checked(argument, each: head.major == 5 ? 2 : 1, at: head.start)
    }

    /// The integer value of an unsigned or negative head that fits in Int64.
    public static func integer(_ head: Head) -> Int64? {
        guard let n = head.argument, n <= UInt64(Int64.max) else { return nil }
        switch head.major {
        case 0: return Int64(n)
        case 1: return -1 - Int64(n)
        default: return nil
        }
    }

    /// The value of a half-, single- or double-precision float head.
    public static func float(_ head: Head) -> Double? {
        guard head.major == 7, let bits = head.argument else { return nil }
        switch head.info {
        case 25: return Half.value(UInt16(bits))
        case 26: return Double(Float(bitPattern: UInt32(bits)))
        case 27: return Double(bitPattern: bits)
        default: return nil
        }
    }

    /// The range of a byte or text string's content after its head (definite length), or nil
    /// for an indefinite one (read it with `string`).
    public mutating func contentRange(_ head: Head) throws(CBORError) -> Range<Int>? {
        guard let argument = head.argument else { return nil }
        let count = try checked(argument, each: 1, at: head.start)
        defer { position += count }
        return position..<(position + count)
    }

    /// A byte or text string's content after its head, definite or in chunks.
    public mutating func string(_ head: Head) throws(CBORError) -> [UInt8] {
        if let range = try contentRange(head) { return Array(bytes[range]) }
        var joined: [UInt8] = []
        while true {
            let chunkStart = position
            guard position < end else { throw .truncated(at: position) }
            if bytes[position] == 0xFF { position += 1; return joined }
            guard bytes[position] >> 5 == head.major else { throw .badChunk(at: chunkStart) }
            let chunk = try self.head()
            guard chunk.major == head.major, let range = try contentRange(chunk) else { throw .badChunk(at: chunkStart) }
            joined += bytes[range]
            guard joined.count <= limits.length else { throw .tooLong(at: head.start, length: UInt64(joined.count), limit: limits.length) }
        }
    }

    /// A text string's content after its head, checked as UTF-8.
    public mutating func text(_ head: Head) throws(CBORError) -> String {
        if let range = try contentRange(head) {
            let text: String? = bytes.withUnsafeBufferPointer { all in
                let content = UnsafeBufferPointer(rebasing: all[range])
                return Self.isValidUTF8(content) ? String(decoding: content, as: UTF8.self) : nil
            }
            guard let text else { throw .invalidUTF8(at: head.start) }
            return text
        }
        let joined = try string(head)
        guard joined.withUnsafeBufferPointer(Self.isValidUTF8) else { throw .invalidUTF8(at: head.start) }
        return String(decoding: joined, as: UTF8.self)
    }

    /// Whether `bytes` are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
    /// above U+10FFFF), with a fast path for ASCII.
    public static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int, low: UInt8, high: UInt8
            switch lead {
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            default: return false
            }
            guard index + length <= count, (low...high).contains(bytes[index + 1]) else { return false }
            for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    /// Skips the next item whole, checking it is well formed; `depth` is how deep it sits.
    /// Returns the item's range.
    @discardableResult
    public mutating func skipItem(depth: Int) throws(CBORError) -> Range<Int> {
        let start = position
        try skip(try head(), depth: depth)
        return start..<position
    }

    /// Skips the rest of an item whose head was just read, checking it as `CBOR.decode` would.
    public mutating func skip(_ head: Head, depth: Int) throws(CBORError) {
        switch head.major {
        case 0, 1:
            guard head.argument != nil else { throw .unexpectedBreak(at: head.start) }
        case 2, 3:
            if let range = try contentRange(head) {
                if head.major == 3, !bytes.withUnsafeBufferPointer({ Self.isValidUTF8(UnsafeBufferPointer(rebasing: $0[range])) }) {
                    throw .invalidUTF8(at: head.start)
                }
            } else {
                let joined = try string(head)
                if head.major == 3, !joined.withUnsafeBufferPointer(Self.isValidUTF8) { throw .invalidUTF8(at: head.start) }
            }
        case 4, 5:
            guard depth < limits.depth else { throw .tooDeep(at: head.start, limit: limits.depth) }
            let per = head.major == 5 ? 2 : 1
            if let count = try count(head) {
                for _ in 0..<(count * per) { try skipItem(depth: depth + 1) }
            } else {
                var elements = 0
                while try !atBreak() {
                    guard elements < limits.length else { throw .tooLong(at: head.start, length: UInt64(elements + 1), limit: limits.length) }
                    for _ in 0..<per { try skipItem(depth: depth + 1) }
                    elements += 1
                }
            }
        case 6:
            guard head.argument != nil else { throw .unexpectedBreak(at: head.start) }
            guard depth < limits.depth else { throw .tooDeep(at: head.start, limit: limits.depth) }
            try skipItem(depth: depth + 1)
        default:
            guard let argument = head.argument else { throw .unexpectedBreak(at: head.start) }
            if head.info == 24, argument < 32 { throw .badSimpleValue(at: head.start) }
        }
    }

    func checked(_ length: UInt64, each: Int, at start: Int) throws(CBORError) -> Int {
        let left = (end - position) / each
        guard length <= UInt64(min(limits.length, left)) else { throw .tooLong(at: start, length: length, limit: min(limits.length, left)) }
        return Int(length)
    }
}
