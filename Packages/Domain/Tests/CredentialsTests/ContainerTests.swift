import CBOR
import Credentials
import Crypto
import CryptoExtras
import Foundation
import Testing
import ZlibCodec

@Suite("Base45 (RFC 9285) and zlib with a cap on the inflated size")
struct EncodingTests {
    @Test("The RFC 9285 examples encode and decode")
    func base45Examples() throws {
        let examples = [("AB", "BB8"), ("Hello!!", "%69 VD92EX0"), ("base-45", "UJCLQE7W581"), ("ietf!", "QED8WEX0"), ("", "")]
        for (plain, encoded) in examples {
            #expect(Base45.encode(Array(plain.utf8)) == encoded)
            #expect(try Base45.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test("Bad Base45 gets a specific error")
    func base45Errors() {
        #expect(throws: Base45.Failure.badLength(4)) { try Base45.decode("QED8") }
        #expect(throws: Base45.Failure.badCharacter(at: 1)) { try Base45.decode("Qa8") }
        #expect(throws: Base45.Failure.badCharacter(at: 0)) { try Base45.decode("æ8") }
        #expect(throws: Base45.Failure.groupTooLarge(at: 3)) { try Base45.decode("BB8:::") }   // 44 + 44·45 + 44·2025 = 91124
        #expect(throws: Base45.Failure.groupTooLarge(at: 0)) { try Base45.decode("::") }      // 44 + 44·45 = 2024 > 255
    }

    @Test("zlib round trip, and a bomb stops at the limit")
    func zlib() throws {
        let text = Array(String(repeating: "Tverr sertifikat ", count: 200).utf8)
        let packed = Zlib.deflate(text)
        #expect(packed.count < text.count / 10)
        // A zlib header (RFC 1950 §2.2): deflate, a window of 2^(CINFO+8) bytes that covers the
        // input, and a check that makes CMF·256 + FLG a multiple of 31.
        #expect(packed[0] & 0x0F == 8 && (1 << (Int(packed[0] >> 4) + 8)) >= text.count)
        #expect((Int(packed[0]) << 8 | Int(packed[1])) % 31 == 0)
        #expect(try Zlib.inflate(packed, limit: text.count) == text)
        #expect(throws: Zlib.Failure.tooLarge(limit: text.count - 1)) { try Zlib.inflate(packed, limit: text.count - 1) }
        // 64 MiB of zeros deflate to about 64 kB; inflating stops at 64 kB of output.
        let bomb = Zlib.deflate([UInt8](repeating: 0, count: 64 << 20))
        #expect(bomb.count < 100_000)
        #expect(throws: Zlib.Failure.tooLarge(limit: 65_536)) { try Zlib.inflate(bomb, limit: 65_536) }
    }

    @Test("Truncated, corrupt and padded zlib data each get their own error")
    func zlibErrors() {
        let packed = Zlib.deflate(Array("a certificate, compressed".utf8))
        #expect(throws: Zlib.Failure.truncated) { try Zlib.inflate(Array(packed.dropLast(6)), limit: 1000) }
        #expect(throws: Zlib.Failure.truncated) { try Zlib.inflate([], limit: 1000) }
        #expect(throws: Zlib.Failure.trailingBytes(2)) { try Zlib.inflate(packed + [1, 2], limit: 1000) }
        #expect(throws: Zlib.Failure.corrupt("incorrect header check")) { try Zlib.inflate([0x78, 0x00, 1, 2, 3], limit: 1000) }
        var flipped = packed
        flipped[packed.count - 1] ^= 0xFF
        #expect(throws: Zlib.Failure.corrupt("incorrect data check")) { try Zlib.inflate(flipped, limit: 1000) }
    }
}

@Suite("COSE_Sign1 (RFC 9052) with ES256 and PS256, CWT claims (RFC 8392) and the HC1 container")
struct COSETests {
    static let key = P256.Signing.PrivateKey()
    static let kid: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
    static let claims = CWTClaims(issuer: "NO", issuedAt: 1_796_000_000, expiresAt: 1_827_536_000,
                                  certificate: .map(["ver": "1.3.0", "nam": .map(["fn": "Nordmann", "fnt": "NORDMANN"]), "dob": "1990-01-31"]))

    @Test("ES256: the signature is r‖s, verifies under its key, and fails under another key or after any change")
    func es256() throws {
        let message = try COSESign1.sign(payload: Array("hello".utf8), keyID: Self.kid, with: Self.key)
        #expect(message.signature.count == 64)
        #expect(message.algorithm == .es256)
        #expect(message.keyID == Self.kid)
        #expect(message.isValidSignature(.p256(Self.key.publicKey)))
        #expect(!message.isValidSignature(.p256(P256.Signing.PrivateKey().publicKey)))
        var changed = message
        changed.payload[0] ^= 1
        #expect(!changed.isValidSignature(.p256(Self.key.publicKey)))
        let read = try COSESign1(decoding: message.encoded())
        #expect(read == message)
        #expect(read.encoded().first == 0xD2, "tag 18")
    }

    @Test("PS256 signatures (RSASSA-PSS, SHA-256, 32-byte salt) verify; an ES256 key does not fit them")
    func ps256() throws {
        let rsa = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let protected = CBOR.map([1: .int(COSESign1.Algorithm.ps256.rawValue)]).encoded(deterministic: true)
        let payload = Self.claims.encoded()
        let signature = try rsa.signature(for: SHA256.hash(data: COSESign1.toBeSigned(protected: protected, payload: payload)), padding: .PSS)
        // kid only in the unprotected header, as the DCC specification allows.
        let message = COSESign1(protectedBytes: protected, unprotected: .map([4: .bytes(Self.kid)]), payload: payload,
                                signature: Array(signature.rawRepresentation))
        #expect(message.algorithm == .ps256)
        #expect(message.keyID == Self.kid)
        #expect(message.isValidSignature(.rsa(rsa.publicKey)))
        #expect(!message.isValidSignature(.p256(Self.key.publicKey)))
        #expect(!message.isValidSignature(.rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048).publicKey)))
    }

    @Test("Messages of the wrong shape are refused with the reason")
    func malformedCOSE() {
        let cases: [(CBOR, String)] = [
            (.tagged(98, []), "tag 98, not 18 (COSE_Sign1)"), (.array([.bytes([]), .map([]), .bytes([])]), "not an array of four"),
            (.array(["x", .map([]), .bytes([]), .bytes([])]), "the protected header is not a byte string"),
            (.array([.bytes([]), [], .bytes([]), .bytes([])]), "the unprotected header is not a map"),
            (.array([.bytes([]), .map([]), "x", .bytes([])]), "the payload is not a byte string"),
            (.array([.bytes([0x01]), .map([]), .bytes([]), .bytes([])]), "the protected header is not a map"),
            (.array([.bytes([0xFF]), .map([]), .bytes([]), .bytes([])]), "the protected header is not CBOR"),
        ]
        for (item, reason) in cases {
            #expect(throws: COSESign1.Failure.malformed(reason)) { try COSESign1(decoding: item.encoded()) }
        }
        #expect(throws: COSESign1.Failure.malformed("tag 61, not 18 (COSE_Sign1)")) {
            try COSESign1(decoding: CBOR.tagged(61, .tagged(61, [.bytes([]), .map([]), .bytes([]), .bytes([])])).encoded())
        }
    }

    @Test("A CWT tag (61) may wrap the COSE tag or the bare message, as the specification allows")
    func cwtTag() throws {
        let message = try COSESign1.sign(payload: Self.claims.encoded(), keyID: Self.kid, with: Self.key)
        let parts = CBOR.array([.bytes(message.protectedBytes), .map([]), .bytes(message.payload), .bytes(message.signature)])
        for wrapped in [CBOR.tagged(61, .tagged(18, parts)), .tagged(61, parts), .tagged(18, parts), parts] {
            let read = try COSESign1(decoding: wrapped.encoded())
            #expect(read == message && read.isValidSignature(.p256(Self.key.publicKey)))
        }
        let text = HC1.prefix + Base45.encode(Zlib.deflate(CBOR.tagged(61, .tagged(18, parts)).encoded()))
        #expect(try HC1.decode(text).message.keyID == Self.kid)
    }

    @Test("An HC1 string carries the claims through CWT, COSE, zlib and Base45, and back")
    func hc1RoundTrip() throws {
        let text = try HC1.issue(Self.claims, keyID: Self.kid, key: Self.key)
        #expect(text.hasPrefix("HC1:"))
        #expect(text.utf8.allSatisfy { Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8).contains($0) })
        let decoded = try HC1.decode("  " + text + "\n")
        // Maps come back in deterministic key order, so compare their deterministic encodings.
        #expect(decoded.claims.encoded() == Self.claims.encoded())
        #expect(decoded.claims.issuer == "NO" && decoded.claims.issuedAt == 1_796_000_000 && decoded.claims.expiresAt == 1_827_536_000)
        #expect(decoded.message.keyID == Self.kid)
        #expect(decoded.message.isValidSignature(.p256(Self.key.publicKey)))
        #expect(decoded.claims.certificate["nam"]?["fnt"] == "NORDMANN")
    }

    @Test("An uncompressed COSE message in HC1 is read too")
    func uncompressed() throws {
        let message = try COSESign1.sign(payload: Self.claims.encoded(), keyID: Self.kid, with: Self.key)
        let decoded = try HC1.decode(HC1.prefix + Base45.encode(message.encoded()))
        #expect(decoded.claims.encoded() == Self.claims.encoded())
    }

    @Test("Each stage's failure is named: prefix, Base45, zlib, COSE and the claims")
    func hc1Failures() throws {
        #expect(throws: HC1.Failure.missingPrefix) { try HC1.decode("HC2:6BFOXN") }
        #expect(throws: HC1.Failure.tooLong(8193)) { try HC1.decode("HC1:" + String(repeating: "A", count: 8189)) }
        #expect(throws: HC1.Failure.base45(.badLength(1))) { try HC1.decode("HC1:A") }
        let truncated = Array(Zlib.deflate(try COSESign1.sign(payload: Self.claims.encoded(), keyID: Self.kid, with: Self.key).encoded()).dropLast(10))
        #expect(throws: HC1.Failure.zlib(.truncated)) { try HC1.decode("HC1:" + Base45.encode(truncated)) }
        #expect(throws: HC1.Failure.cose(.malformed("not an array of four"))) { try HC1.decode("HC1:" + Base45.encode(Zlib.deflate([0x80]))) }
        let noHcert = try COSESign1.sign(payload: CBOR.map([1: "NO"]).encoded(), keyID: Self.kid, with: Self.key)
        #expect(throws: HC1.Failure.claims(.malformed("there is no hcert claim (-260)"))) {
            try HC1.decode("HC1:" + Base45.encode(Zlib.deflate(noHcert.encoded())))
        }
        let badExp = try COSESign1.sign(payload: CBOR.map([4: "soon", -260: .map([1: .map([:])])]).encoded(), keyID: Self.kid, with: Self.key)
        #expect(throws: HC1.Failure.claims(.malformed("exp (4) is not an integer"))) {
            try HC1.decode("HC1:" + Base45.encode(Zlib.deflate(badExp.encoded())))
        }
    }
}
