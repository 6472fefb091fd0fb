import CBOR
import Credentials
import Crypto
import DCC
import Foundation
import PropertyBased
import Testing
import ZlibCodec

/// The fast paths taken for speed must give exactly what the general paths give.
@Suite("Fast paths: the fixed-code deflate and the presorted CBOR map")
struct EncoderFastPathTests {
    @Test("Any input up to 4 KiB deflates to a zlib stream that zlib inflates back, with a valid header")
    func fixedDeflateRoundTrip() async {
        let input = Gen.uint8().array(of: 0...4096)
        await propertyCheck(count: 1500, input: input, Gen.int(in: 1...256)) { bytes, alphabet throws in
            // Fold the bytes into a smaller alphabet so that long matches occur too.
            let data = alphabet == 256 ? bytes : bytes.map { $0 % UInt8(alphabet) }
            let packed = Zlib.deflate(alphabet == 256 ? bytes : data)
            #expect(packed[0] == 0x78 && (Int(packed[0]) << 8 | Int(packed[1])) % 31 == 0)
            #expect(try Zlib.inflate(packed, limit: 8192) == (alphabet == 256 ? bytes : data))
        }
    }

    @Test("Matches at every distance code, up to the 32 KiB window, inflate back exactly")
    func fixedDeflateDistances() throws {
        var rng = SplitMix(state: 7)
        let noise = (0..<32_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let plain = FixedDeflate.compress(noise).count
        for distance in [1, 2, 5, 100, 255, 256, 257, 384, 385, 1000, 4097, 8193, 16_385, 24_577, 31_000] {
            var input = noise
            let length = min(258, input.count - distance)
            for k in 0..<length { input[distance + k] = input[k] }  // a repeat exactly `distance` back
            let packed = FixedDeflate.compress(input)
            #expect(try Zlib.inflate(packed, limit: 1 << 16) == input, "distance \(distance)")
            #expect(packed.count < plain - length / 2, "the repeat at \(distance) was found: \(packed.count) of \(plain)")
        }
    }

    @Test("A signed certificate compresses to at most 5 % more than zlib's own level 9")
    func fixedDeflateSize() throws {
        let key = P256.Signing.PrivateKey()
        var worst = 0.0
        for result in [ValueSets.TestResult.notDetected, ValueSets.TestResult.detected] {
            let claims = CWTClaims(issuer: "NO", issuedAt: 1_630_000_000, expiresAt: 1_630_259_200, certificate: try DCCTests.testCertificate(result: result).cbor)
            let message = try COSESign1.sign(payload: claims.encoded(), keyID: Array(repeating: 7, count: 8), with: key).encoded()
            let ours = Zlib.deflate(message).count
            let zlib = Zlib.deflate(message, level: 8).count  // any level but 9 goes to zlib itself
            worst = max(worst, Double(ours) / Double(zlib))
            #expect(try Zlib.inflate(Zlib.deflate(message), limit: 4096) == message)
        }
        #expect(worst <= 1.05, "fixed codes are \(Int((worst - 1) * 100)) % larger")
        let certificate = try DCCTests.testCertificate().cbor.encoded(deterministic: true)
        let ours = Zlib.deflate(certificate).count
        let larger = Array(repeating: certificate, count: 20).flatMap { $0 }  // over 4 KiB: zlib's own path
        #expect(larger.count > FixedDeflate.smallInput)
        let packedLarger = Zlib.deflate(larger)
        #expect(try Zlib.inflate(packedLarger, limit: 1 << 20) == larger)
        // Twenty copies cost little more than one: zlib found the repeats.
        #expect(packedLarger.count < ours * 2)
        // The fixed-code encoder finds the same repeats within its window.
        let fixed = FixedDeflate.compress(larger)
        #expect(try Zlib.inflate(fixed, limit: 1 << 20) == larger)
        #expect(fixed.count < ours * 3)
    }

    @Test("A map given in canonical order encodes the same as one that must be sorted")
    func presortedMaps() async {
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            var rng = SplitMix(state: seed)
            let keys: [CBOR] = (0..<Int.random(in: 2...12, using: &rng)).map { _ in
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: .int(Int64.random(in: -300...300, using: &rng))
                case 1: .text(String((0..<Int.random(in: 0...30, using: &rng)).map { _ in "abcøЖ".randomElement(using: &rng)! }))
                default: .text(["ci", "co", "dob", "nam", "ver", "t", "v", "fnt", "gn"].randomElement(using: &rng)!)
                }
            }
            // Distinct keys: a map with a repeated key has no canonical form.
            var seen = Set<CBOR>()
            let entries = keys.filter { seen.insert($0).inserted }.map { CBOR.Entry($0, randomItem(&rng, depth: 2)) }
            let shuffled = entries.shuffled(using: &rng)
            let sorted = entries.sorted { $0.key.encoded().lexicographicallyPrecedes($1.key.encoded()) }
            #expect(CBOR.map(sorted).encoded(deterministic: true) == CBOR.map(shuffled).encoded(deterministic: true))
        }
    }

    @Test("The payload's map is built in canonical order already")
    func payloadOrder() throws {
        let item = try DCCTests.testCertificate().cbor
        func canonical(_ item: CBOR) -> Bool {
            switch item {
            case .map(let entries):
                let keys = entries.map { $0.key.encoded() }
                return zip(keys, keys.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) } && entries.allSatisfy { canonical($0.value) }
            case .array(let items): return items.allSatisfy(canonical)
            default: return true
            }
        }
        #expect(canonical(item))
        #expect(item.encoded(deterministic: false) == item.encoded(deterministic: true))
    }
}
