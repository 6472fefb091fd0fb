import CBOR
import Foundation
import Testing

/// Hex text to bytes, for the RFC's examples.
func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        bytes.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

@Suite("CBOR (RFC 8949): the appendix A examples, deterministic encoding, and limits on hostile input")
struct CBORTests {
    /// RFC 8949 Appendix A: item and its preferred encoding.
    static let examples: [(CBOR, String)] = [
        (0, "00"), (1, "01"), (10, "0a"), (23, "17"), (24, "1818"), (25, "1819"), (100, "1864"), (1000, "1903e8"),
        (1_000_000, "1a000f4240"), (.unsigned(1_000_000_000_000), "1b000000e8d4a51000"),
        (.unsigned(UInt64.max), "1bffffffffffffffff"), (.negative(UInt64.max), "3bffffffffffffffff"),
        (-1, "20"), (-10, "29"), (-100, "3863"), (-1000, "3903e7"),
        (.bool(false), "f4"), (.bool(true), "f5"), (.null, "f6"), (.undefined, "f7"), (.simple(16), "f0"), (.simple(255), "f8ff"),
        (.tagged(1, 1_363_896_240), "c11a514b67b0"), (.tagged(23, .bytes([1, 2, 3, 4])), "d74401020304"),
        (.bytes([]), "40"), (.bytes([1, 2, 3, 4]), "4401020304"),
        ("", "60"), ("a", "6161"), ("IETF", "6449455446"), ("\"\\", "62225c"), ("\u{00fc}", "62c3bc"), ("\u{6c34}", "63e6b0b4"),
        ("\u{10151}", "64f0908591"),
        ([], "80"), ([1, 2, 3], "83010203"), ([1, [2, 3], [4, 5]], "8301820203820405"),
        (.array((1...25).map { CBOR.int($0) }), "98190102030405060708090a0b0c0d0e0f101112131415161718181819"),
        (.map([]), "a0"), (.map([1: 2, 3: 4]), "a201020304"), (.map(["a": 1, "b": [2, 3]]), "a26161016162820203"),
        (["a", .map(["b": "c"])], "826161a161626163"),
    ]

    @Test("Every example in RFC 8949 appendix A encodes to its bytes and decodes back")
    func appendixA() throws {
        for (item, bytes) in Self.examples {
            #expect(item.encoded(deterministic: true) == hex(bytes), "\(item)")
            #expect(try CBOR.decode(hex(bytes)) == item, "\(bytes)")
        }
    }

    @Test("Floats: decoded from half, single and double precision; encoded in the shortest exact form")
    func floats() throws {
        let cases: [(Double, String)] = [
            (0.0, "f90000"), (-0.0, "f98000"), (1.0, "f93c00"), (1.5, "f93e00"), (65504.0, "f97bff"),
            (5.960464477539063e-8, "f90001"), (0.00006103515625, "f90400"), (-4.0, "f9c400"),
            (100000.0, "fa47c35000"), (3.4028234663852886e+38, "fa7f7fffff"), (1.1, "fb3ff199999999999a"),
            (1.0e+300, "fb7e37e43c8800759c"), (-4.1, "fbc010666666666666"),
            (.infinity, "f97c00"), (-.infinity, "f9fc00"),
        ]
        for (value, bytes) in cases {
            #expect(CBOR.float(value).encoded(deterministic: true) == hex(bytes), "\(value)")
            #expect(try CBOR.decode(hex(bytes)) == .float(value), "\(bytes)")
        }
        #expect(CBOR.float(.nan).encoded(deterministic: true) == hex("f97e00"))
        guard case .float(let nan) = try CBOR.decode(hex("fa7fc00000")) else { Issue.record("not a float"); return }
        #expect(nan.isNaN)
        #expect(CBOR.float(1.0).encoded() == hex("fb3ff0000000000000"), "without deterministic, floats stay doubles")
    }

    @Test("Deterministic encoding sorts map keys by their encoded bytes, whatever order they were built in")
    func deterministicMaps() {
        let built = CBOR.map([CBOR.Entry("b", 1), CBOR.Entry(-1, 2), CBOR.Entry(10, 3), CBOR.Entry("a", 4), CBOR.Entry(100, 5)])
        // 10 (0a) < 100 (1864) < -1 (20) < "a" (6161) < "b" (6162)
        #expect(built.encoded(deterministic: true) == hex("a50a03186405200261610461620" + "1"))
        #expect(built.encoded() == hex("a56162012002" + "0a0361610418" + "6405"), "without it, the order is kept")
    }

    @Test("Indefinite lengths are read: strings in chunks, arrays and maps up to a break")
    func indefinite() throws {
        #expect(try CBOR.decode(hex("5f42010243030405ff")) == .bytes([1, 2, 3, 4, 5]))
        #expect(try CBOR.decode(hex("7f657374726561646d696e67ff")) == "streaming")
        #expect(try CBOR.decode(hex("9f018202039f0405ffff")) == [1, [2, 3], [4, 5]])
        #expect(try CBOR.decode(hex("bf61610161629f0203ffff")) == .map(["a": 1, "b": [2, 3]]))
        #expect(try CBOR.decode(hex("826161bf61626163ff")) == ["a", .map(["b": "c"])])
    }

    @Test("Malformed input gets a specific error with its position")
    func malformed() {
        let cases: [(String, CBORError)] = [
            ("", .truncated(at: 0)), ("18", .truncated(at: 1)), ("1a0102", .truncated(at: 3)),
            ("1c", .reservedAdditionalInformation(at: 0)), ("ff", .unexpectedBreak(at: 0)), ("1f", .unexpectedBreak(at: 0)),
            ("5f4101610aff", .badChunk(at: 3)), ("62c328", .invalidUTF8(at: 0)), ("f818", .badSimpleValue(at: 0)),
            ("0001", .trailingBytes(at: 1, count: 1)), ("83010203ff", .trailingBytes(at: 4, count: 1)),
            ("9f0102", .truncated(at: 3)), ("a1", .tooLong(at: 0, length: 1, limit: 0)),
        ]
        for (bytes, error) in cases {
            #expect(throws: error, "\(bytes)") { try CBOR.decode(hex(bytes)) }
        }
    }

    @Test("Hostile lengths and nesting are refused before anything is allocated")
    func hostile() {
        // An array claiming 2^64-1 items, a byte string claiming 4 GiB, in a few bytes.
        #expect(throws: CBORError.tooLong(at: 0, length: UInt64.max, limit: 0)) { try CBOR.decode(hex("9bffffffffffffffff")) }
        #expect(throws: CBORError.tooLong(at: 0, length: 0xFFFF_FFFF, limit: 2)) { try CBOR.decode(hex("5affffffff0102")) }
        // 10,000 nested arrays (would overflow a recursive decoder's stack).
        let deep = [UInt8](repeating: 0x81, count: 10_000) + [0x00]
        #expect(throws: CBORError.tooDeep(at: 32, limit: 32)) { try CBOR.decode(deep) }
        let tags = [UInt8](repeating: 0xC1, count: 100) + [0x00]
        #expect(throws: CBORError.tooDeep(at: 32, limit: 32)) { try CBOR.decode(tags) }
        // An indefinite array of 2,000 zeros passes a length limit of 1,000 and a size limit of 2,000 bytes.
        let many = [0x9F] + [UInt8](repeating: 0, count: 2000) + [0xFF]
        #expect(throws: CBORError.tooLong(at: 0, length: 1001, limit: 1000)) { try CBOR.decode(many, limits: .init(length: 1000)) }
        #expect(throws: CBORError.tooLarge(size: 2002, limit: 2000)) { try CBOR.decode(many, limits: .init(size: 2000)) }
    }

    @Test("Diagnostic notation names what an item is")
    func diagnostic() {
        #expect(CBOR.map([1: .bytes([0xAB]), "x": [-1, .null, 1.5]]).description == "{1: h'ab', \"x\": [-1, null, 1.5]}")
        #expect(CBOR.tagged(18, .negative(UInt64.max)).description == "18(-18446744073709551616)")
    }
}
