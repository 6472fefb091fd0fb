import CBOR
import Credentials
import Crypto
import DCC
import Foundation
import ZlibCodec

/// Where the time of issuing and verifying goes, stage by stage, on the same payloads.
extension DCCBenchmark {
    /// Seconds per stage for all `payloads`, in pipeline order.
    public static func stages(payloads: [Data], now: Date) throws -> [(stage: String, seconds: Double)] {
        let key = P256.Signing.PrivateKey()
        let clock = ContinuousClock()
        var certificates: [HealthCertificate] = []
        var claims: [[UInt8]] = []
        var messages: [[UInt8]] = []
        var compressed: [[UInt8]] = []
        var texts: [String] = []
        var problems = 0
        let results: [(String, Duration)] = [
            ("JSON → CBOR → payload", try clock.measure { for payload in payloads { certificates.append(try HealthCertificate(cborBytes: CBOR.encodedFromJSON(Array(payload)))) } }),
            ("schema checks", clock.measure { for certificate in certificates { problems += certificate.problems(.issuing).count } }),
            ("payload → CWT claims (CBOR)", clock.measure {
                for certificate in certificates {
                    claims.append(CWTClaims(issuer: "NO", issuedAt: 1, expiresAt: 2, certificateBytes: certificate.cborBytes()).encoded())
                }
            }),
            ("COSE_Sign1 (ES256)", try clock.measure { for claim in claims { messages.append(try COSESign1.sign(payload: claim, keyID: [1, 2, 3, 4, 5, 6, 7, 8], with: key).encoded()) } }),
            ("zlib deflate", clock.measure { for message in messages { compressed.append(Zlib.deflate(message)) } }),
            ("Base45 encode", clock.measure { for bytes in compressed { texts.append(HC1.prefix + Base45.encode(bytes)) } }),
            ("Base45 decode", try clock.measure { for text in texts { _ = try Base45.decode(text.dropFirst(4)) } }),
            ("zlib inflate", try clock.measure { for bytes in compressed { _ = try Zlib.inflate(bytes, limit: HC1.inflatedLimit) } }),
            ("COSE + CWT decode", try clock.measure { for message in messages { _ = try CWTClaims(decoding: COSESign1(decoding: message).payload) } }),
            ("CWT → payload", try clock.measure { for claim in claims { _ = try HealthCertificate(cborBytes: CWTClaims(decoding: claim).certificateBytes) } }),
        ]
        precondition(problems == 0)
        return results.map { ($0.0, $0.1.seconds) }
    }
}
