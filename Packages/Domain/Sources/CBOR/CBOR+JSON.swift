/// JSON text read straight into CBOR (RFC 8949 §6.2, "converting from JSON to CBOR"): objects
/// become maps with text keys, in their order; integral numbers that fit become integers, other
/// numbers floats; strings text. Strict RFC 8259, with a depth limit. The reader writes CBOR bytes
/// as it goes (objects and arrays with indefinite lengths, since their sizes are known only at
/// the end), so a payload goes from JSON to its model without a tree in between.
extension CBOR {
    /// Why JSON text could not be read.
    public struct JSONFailure: Error, Equatable, Sendable, CustomStringConvertible {
        /// Byte offset of the problem.
        public var offset: Int
        /// What is wrong there.
        public var reason: String

        public var description: String { "JSON at byte \(offset): \(reason)" }

        /// A failure at `offset`.
        public init(offset: Int, reason: String) {
            self.offset = offset
            self.reason = reason
        }
    }

    /// The CBOR item for one JSON value, with nothing but white space after it.
    public static func fromJSON(_ bytes: [UInt8], depthLimit: Int = 32) throws(JSONFailure) -> CBOR {
        let encoded = try encodedFromJSON(bytes, depthLimit: depthLimit)
        do { return try CBOR.decode(encoded, limits: Limits(depth: depthLimit + 1, length: .max, size: .max)) } catch {
            preconditionFailure("the JSON reader wrote CBOR it cannot read back: \(error)")
        }
    }

    /// One JSON value as CBOR bytes (indefinite-length maps and arrays, definite strings), with
    /// nothing but white space after it.
    public static func encodedFromJSON(_ bytes: [UInt8], depthLimit: Int = 32) throws(JSONFailure) -> [UInt8] {
        var reader = JSONReader(bytes: bytes, depthLimit: depthLimit)
        try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.index == bytes.count else { throw reader.failure("unexpected text after the value") }
        return reader.out.bytes
    }
}

private struct JSONReader {
    let bytes: [UInt8]
    let depthLimit: Int
    var index = 0
    var out: CBORWriter

    init(bytes: [UInt8], depthLimit: Int) {
        self.bytes = bytes
        self.depthLimit = depthLimit
        self.out = CBORWriter(capacity: bytes.count)
    }

    func failure(_ reason: String) -> CBOR.JSONFailure { .init(offset: index, reason: reason) }

    mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
    }

    mutating func value(depth: Int) throws(CBOR.JSONFailure) {
        guard depth < depthLimit else { throw failure("nested deeper than \(depthLimit) levels") }
        skipSpace()
        guard index < bytes.count else { throw failure("the text ends where a value should be") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object(depth: depth)
        case UInt8(ascii: "["): try array(depth: depth)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true"); out.simple(true)
        case UInt8(ascii: "f"): try literal("false"); out.simple(false)
        case UInt8(ascii: "n"): try literal("null"); out.simple(nil)
        default: try number()
        }
    }

    mutating func literal(_ word: StaticString) throws(CBOR.JSONFailure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count, (0..<count).allSatisfy({ bytes[index + $0] == word.utf8Start[$0] }) else { throw failure("not a JSON value") }
        index += count
    }

    mutating func object(depth: Int) throws(CBOR.JSONFailure) {
        index += 1
        out.beginIndefinite(map: true)
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; out.end(); return }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("an object key must be a string") }
            try string()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("a colon must follow an object key") }
            index += 1
            try value(depth: depth + 1)
            skipSpace()
            guard index < bytes.count else { throw failure("the object is not closed") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "}") else { throw failure("a comma or } must follow a member") }
            index += 1
            out.end()
            return
        }
    }

    mutating func array(depth: Int) throws(CBOR.JSONFailure) {
        index += 1
        out.beginIndefinite(map: false)
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; out.end(); return }
        while true {
            try value(depth: depth + 1)
            skipSpace()
            guard index < bytes.count else { throw failure("the array is not closed") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "]") else { throw failure("a comma or ] must follow an element") }
            index += 1
            out.end()
            return
        }
    }

    /// A string, written as CBOR text.
    mutating func string() throws(CBOR.JSONFailure) {
        index += 1
        let start = index
        // The common case: no escapes, so the bytes are the string.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 { index += 1 }
        guard index < bytes.count else { throw failure("the string is not closed") }
        if bytes[index] == UInt8(ascii: "\"") {
            let end = index
            guard bytes.withUnsafeBufferPointer({ CBORCursor.isValidUTF8(UnsafeBufferPointer(rebasing: $0[start..<end])) }) else {
                throw .init(offset: start, reason: "the string is not valid UTF-8")
            }
            out.text(utf8: bytes[start..<end])
            index += 1
            return
        }
        var utf8 = Array(bytes[start..<index])
        while bytes[index] != UInt8(ascii: "\"") {
            guard bytes[index] == UInt8(ascii: "\\") else { throw failure("a control character must be escaped in a string") }
            try escape(into: &utf8)
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
                utf8.append(bytes[index])
                index += 1
            }
            guard index < bytes.count else { throw failure("the string is not closed") }
        }
        index += 1
        guard utf8.withUnsafeBufferPointer(CBORCursor.isValidUTF8) else { throw .init(offset: start, reason: "the string is not valid UTF-8") }
        out.text(utf8: utf8)
    }

    mutating func escape(into utf8: inout [UInt8]) throws(CBOR.JSONFailure) {
        index += 1
        guard index < bytes.count else { throw failure("the string ends inside an escape") }
        let simple: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09]
        if let byte = simple[bytes[index]] { utf8.append(byte); index += 1; return }
        guard bytes[index] == UInt8(ascii: "u") else { throw failure("not a JSON escape") }
        index += 1
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { throw failure("a high surrogate must be followed by a low one") }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw failure("a high surrogate must be followed by a low one") }
            scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw failure("a lone surrogate is not a character") }
        utf8.append(contentsOf: String(Character(unicode)).utf8)
    }

    mutating func hex4() throws(CBOR.JSONFailure) -> UInt32 {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else {
            throw failure("\\u needs four hex digits")
        }
        index += 4
        return value
    }

    mutating func number() throws(CBOR.JSONFailure) {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digits = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        guard index > digits else { throw .init(offset: start, reason: "not a JSON value") }
        guard bytes[digits] != UInt8(ascii: "0") || index - digits == 1 else { throw .init(offset: start, reason: "a number cannot have leading zeros") }
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            let fraction = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > fraction else { throw failure("a decimal point must be followed by digits") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponent = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > exponent else { throw failure("an exponent must have digits") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if integral, let value = Int64(text) { out.int(value); return }
        guard let value = Double(text) else { throw .init(offset: start, reason: "not a number") }
        out.float(value)
    }
}
