import CBOR
import Credentials
import Crypto
import PropertyBased
import Testing
import ZlibCodec

/// SplitMix64, so that a generated seed stands for one whole random CBOR item.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random well-formed item, at most `depth` levels deep.
func randomItem(_ rng: inout SplitMix, depth: Int = 4) -> CBOR {
    let kind = Int.random(in: 0..<(depth > 0 ? 12 : 8), using: &rng)
    switch kind {
    case 0: return .unsigned(UInt64.random(in: 0...UInt64.max, using: &rng) >> UInt64.random(in: 0...63, using: &rng))
    case 1: return .negative(UInt64.random(in: 0...UInt64.max, using: &rng) >> UInt64.random(in: 0...63, using: &rng))
    case 2: return .bytes((0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
    case 3: return .text(String((0..<Int.random(in: 0...20, using: &rng)).map { _ in "aøЖ€😀 \"".randomElement(using: &rng)! }))
    case 4: return [.bool(true), .bool(false), .null, .undefined, .simple(UInt8.random(in: 32...255, using: &rng))].randomElement(using: &rng)!
    case 5: return .float([0.5, -0.0, 1e300, 3.25, .infinity, 65504, 1.1].randomElement(using: &rng)!)
    case 6: return .float(Double(bitPattern: rng.next()))
    case 7: return .int(Int64.random(in: -1000...1000, using: &rng))
    case 8, 9: return .array((0..<Int.random(in: 0...5, using: &rng)).map { _ in randomItem(&rng, depth: depth - 1) })
    case 10: return .map((0..<Int.random(in: 0...5, using: &rng)).map { _ in CBOR.Entry(randomItem(&rng, depth: depth - 1), randomItem(&rng, depth: depth - 1)) })
    default: return .tagged(UInt64.random(in: 0...1000, using: &rng), randomItem(&rng, depth: depth - 1))
    }
}

@Suite("Hostile input: random bytes, truncations and bit flips never crash the decoders and never pass as valid")
struct HostileInputTests {
    @Test("Random bytes: CBOR decoding either fails with an error or gives an item that encodes and decodes the same")
    func randomBytes() async {
        await propertyCheck(count: 3000, input: Gen.uint8().array(of: 0...300)) { bytes in
            guard let item = try? CBOR.decode(bytes) else { return }
            let again = try CBOR.decode(item.encoded())
            #expect(again.encoded() == item.encoded())
        }
    }

    @Test("Random items survive a deterministic round trip, and every truncation of them is refused")
    func truncations() async {
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            var rng = SplitMix(state: seed)
            let item = randomItem(&rng)
            let bytes = item.encoded(deterministic: true)
            #expect((try? CBOR.decode(bytes))?.encoded(deterministic: true) == bytes)
            for cut in 0..<bytes.count {
                #expect(throws: CBORError.self) { try CBOR.decode(bytes[0..<cut]) }
            }
        }
    }

    @Test("A bit flipped anywhere in a signed HC1 certificate never yields a different valid certificate")
    func bitFlips() async throws {
        let key = P256.Signing.PrivateKey()
        let claims = CWTClaims(issuer: "NO", issuedAt: 1_796_000_000, expiresAt: 1_827_536_000,
                               certificate: .map(["ver": "1.3.0", "dob": "1990-01-31", "t": [.map(["tg": "840539006", "tr": "260415000"])]]))
        let text = try HC1.issue(claims, keyID: [9, 9, 9, 9, 9, 9, 9, 9], key: key)
        let compressed = try Base45.decode(text.dropFirst(4))
        let original = try HC1.decode(text)
        await propertyCheck(count: 1500, input: Gen.int(in: 0..<(compressed.count * 8))) { bit in
            var flipped = compressed
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            guard let decoded = try? HC1.decode(HC1.prefix + Base45.encode(flipped)),
                  decoded.message.isValidSignature(.p256(key.publicKey)) else { return }
            // Only a bit that zlib ignores (the padding after the last deflate block) may leave
            // the certificate valid, and then the signed message must be exactly the original.
            #expect(decoded.message == original.message, "bit \(bit) flipped and a different message still valid")
        }
    }

    @Test("Random text never decodes as HC1, and random data never inflates past the limit")
    func randomText() async {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
        await propertyCheck(count: 2000, input: Gen.element(of: alphabet).array(of: 0...600)) { characters in
            #expect(throws: HC1.Failure.self) { try HC1.decode("HC1:" + String(characters.compactMap { $0 })) }
        }
        await propertyCheck(count: 2000, input: Gen.uint8().array(of: 0...400)) { bytes in
            let zlibbed = [0x78, 0x9C] + bytes
            if let out = try? Zlib.inflate(zlibbed, limit: 4096) { #expect(out.count <= 4096) }
        }
    }
}
