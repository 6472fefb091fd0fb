import CBOR
import Credentials
import DCC
import Foundation
import PropertyBased
import Testing

/// The streaming reader and writer against the tree decoder and encoder they stand in for.
@Suite("CBOR cursor and writer: the same answers as the tree, without the tree")
struct CursorTests {
    /// What skipping one item says about `bytes`: nil if it is one well-formed item, else the error.
    static func skipped(_ bytes: [UInt8]) -> CBORError? {
        do {
            var cursor = try CBORCursor(bytes)
            try cursor.skipItem(depth: 0)
            try cursor.finish()
            return nil
        } catch { return error }
    }

    static func decoded(_ bytes: [UInt8]) -> CBORError? {
        do { _ = try CBOR.decode(bytes); return nil } catch { return error }
    }

    @Test("Random bytes: a skip accepts exactly what the tree decoder accepts, with the same error")
    func randomBytes() async {
        await propertyCheck(count: 5000, input: Gen.uint8().array(of: 0...200)) { bytes in
            #expect(Self.skipped(bytes) == Self.decoded(bytes))
        }
    }

    @Test("Random items with one byte flipped or cut: the same verdict and error from both readers")
    func mutations() async {
        await propertyCheck(count: 400, input: Gen.uint64()) { seed in
            var rng = SplitMix(state: seed)
            let bytes = randomItem(&rng).encoded()
            #expect(Self.skipped(bytes) == nil)
            for _ in 0..<8 {
                var flipped = bytes
                let at = Int.random(in: 0..<flipped.count, using: &rng)
                flipped[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
                #expect(Self.skipped(flipped) == Self.decoded(flipped))
                let cut = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
                #expect(Self.skipped(cut) == Self.decoded(cut))
            }
        }
    }

    @Test("Deep nesting is refused by the cursor at the same depth as by the tree decoder")
    func depth() {
        let deep = [UInt8](repeating: 0x81, count: 40) + [0x00]
        #expect(Self.skipped(deep) == .tooDeep(at: 32, limit: 32))
        #expect(Self.skipped(deep) == Self.decoded(deep))
    }

    @Test("The UTF-8 check agrees with the standard library's on random and nearly valid bytes")
    func utf8() async {
        await propertyCheck(count: 5000, input: Gen.uint8().array(of: 0...24)) { bytes in
            let ours = bytes.withUnsafeBufferPointer(CBORCursor.isValidUTF8)
            #expect(ours == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
        let samples = ["", "ascii", "Ødegård", "Шевченко", "€", "😀", "\u{10FFFF}"].map { Array($0.utf8) }
            + [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]]
        for bytes in samples {
            #expect(bytes.withUnsafeBufferPointer(CBORCursor.isValidUTF8) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }

    @Test("A payload written straight to bytes is already in deterministic order, and reads back the same")
    func payloadBytes() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var rng = SplitMix(state: seed)
            let certificate = Self.randomCertificate(&rng)
            let bytes = certificate.cborBytes()
            let tree = try? CBOR.decode(bytes)
            #expect(tree?.encoded(deterministic: true) == bytes)
            #expect((try? HealthCertificate(cborBytes: bytes)) == certificate)
            #expect(tree.flatMap { try? HealthCertificate(cbor: $0) } == certificate)
            #expect((try? HealthCertificate(cborBytes: bytes + [0x00])) == nil, "bytes after the payload are refused")
            #expect((try? HealthCertificate(cborBytes: Array(bytes.dropLast()))) == nil, "a cut payload is refused")
        }
    }

    @Test("JSON written as CBOR bytes decodes to the tree the JSON describes")
    func jsonBytes() throws {
        let json = #"{"a": [1, -2, 3.5, true, false, null, "x\u00e9\n"], "b": {}, "c": [], "d": {"e": "\ud83d\ude00"}}"#
        let tree = try CBOR.fromJSON(Array(json.utf8))
        #expect(tree == .map(["a": .array([.int(1), .int(-2), .float(3.5), .bool(true), .bool(false), .null, "xé\n"]),
                              "b": .map([]), "c": .array([]), "d": .map(["e": "😀"])]))
        let bytes = try CBOR.encodedFromJSON(Array(json.utf8))
        #expect(bytes.first == 0xBF && bytes.last == 0xFF, "objects are written with indefinite lengths")
        #expect(throws: CBOR.JSONFailure.self) { try CBOR.encodedFromJSON(Array("{\"a\": \"\u{01}\"}".utf8)) }
        #expect(throws: CBOR.JSONFailure.self) { try CBOR.encodedFromJSON([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test("CWT claims read by the cursor: unknown and repeated claims, floats for times, and the wrong types named")
    func claims() throws {
        let payload = CBOR.map(["ver": "1.3.0"])
        func claims(_ entries: [CBOR.Entry]) -> [UInt8] { CBOR.map(entries).encoded() }
        let odd = claims([.init(.int(99), .array([.text("x"), .map([])])), .init(.int(1), "NO"), .init(.int(1), .int(5)),
                          .init(.text("iss"), .int(3)), .init(.int(6), .float(1_700_000_000)), .init(.int(4), .int(1_700_086_400)),
                          .init(.int(-260), .map([.init(.int(2), .null), .init(.int(1), payload)]))])
        let read = try CWTClaims(decoding: odd)
        #expect(read.issuer == "NO" && read.issuedAt == 1_700_000_000 && read.expiresAt == 1_700_086_400)
        #expect(read.certificate == payload && read.certificateBytes == payload.encoded())
        #expect(throws: CWTClaims.Failure.malformed("iss (1) is not text")) {
            try CWTClaims(decoding: claims([.init(.int(1), .int(5)), .init(.int(-260), .map([.init(.int(1), payload)]))]))
        }
        #expect(throws: CWTClaims.Failure.malformed("iat (6) is not an integer")) {
            try CWTClaims(decoding: claims([.init(.int(6), .float(1.5)), .init(.int(-260), .map([.init(.int(1), payload)]))]))
        }
        #expect(throws: CWTClaims.Failure.malformed("the EU DCC under hcert key 1 is not a map")) {
            try CWTClaims(decoding: claims([.init(.int(-260), .map([.init(.int(1), .text("no"))]))]))
        }
        var broken = claims([.init(.int(1), .int(5)), .init(.int(-260), .map([.init(.int(1), payload)]))])
        broken.append(0x00)
        #expect(throws: CWTClaims.Failure.notCBOR(.trailingBytes(at: broken.count - 1, count: 1)), "a CBOR error wins over a claim's type") {
            try CWTClaims(decoding: broken)
        }
    }

    static func randomCertificate(_ rng: inout SplitMix) -> HealthCertificate {
        func text(_ max: Int) -> String { String((0..<Int.random(in: 1...max, using: &rng)).map { _ in "aZ09 -øЖ".randomElement(using: &rng)! }) }
        func maybe(_ max: Int) -> String? { Bool.random(using: &rng) ? text(max) : nil }
        let statement: HealthCertificate.Statement = switch Int.random(in: 0..<3, using: &rng) {
        case 0: .vaccination(.init(vaccine: text(10), product: text(12), manufacturer: text(12), doseNumber: Int.random(in: 1...9, using: &rng),
                                   seriesDoses: Int.random(in: 1...9, using: &rng), date: text(10), country: "NO", issuer: text(30), identifier: text(40)))
        case 1: .test(.init(type: text(10), testName: maybe(20), device: maybe(5), sampleCollected: text(25), result: text(9), centre: maybe(30),
                            country: "SE", issuer: text(30), identifier: text(40)))
        default: .recovery(.init(firstPositive: text(10), country: "DK", issuer: text(30), validFrom: text(10), validUntil: text(10), identifier: text(40)))
        }
        return HealthCertificate(name: .init(familyName: maybe(40), standardisedFamilyName: text(40), givenName: maybe(40), standardisedGivenName: maybe(40)),
                                 dateOfBirth: text(10), statement: statement)
    }
}
