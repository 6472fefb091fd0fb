import CertLogic
import Credentials
import Crypto
import DCC
import Foundation

/// Certificates issued (payload JSON → HC1 string) and verified (HC1 string → verdict) per
/// second, against raw ES256 signing and verifying of the very same COSE signing inputs, in the
/// same run.
public enum DCCBenchmark {
    public struct Result: Sendable {
        public var certificates: Int
        public var issueSeconds: Double
        public var rawSignSeconds: Double
        public var verifySeconds: Double
        public var verifyWithRulesSeconds: Double
        public var rawVerifySeconds: Double
        public var averageLength: Int

        public var issuePerSecond: Double { Double(certificates) / issueSeconds }
        public var rawSignPerSecond: Double { Double(certificates) / rawSignSeconds }
        public var verifyPerSecond: Double { Double(certificates) / verifySeconds }
        public var verifyWithRulesPerSecond: Double { Double(certificates) / verifyWithRulesSeconds }
        public var rawVerifyPerSecond: Double { Double(certificates) / rawVerifySeconds }
    }

    /// `count` distinct test-certificate payloads in the schema's JSON, one per line.
    public static func payloads(count: Int, sampleCollected: String) throws -> [Data] {
        try (0..<count).map { index in
            let opaque = "BENCH/" + String(index, radix: 36).uppercased()
            let certificate = HealthCertificate(
                name: .init(familyName: "Nordmann-\(index % 997)", givenName: "Kari Åse"), dateOfBirth: "1980-0\(1 + index % 9)-1\(index % 10)",
                statement: .test(.init(type: ValueSets.TestType.rapidAntigen, device: "1232", sampleCollected: sampleCollected,
                                       result: ValueSets.TestResult.notDetected, centre: "Teststasjon \(index % 50)", country: "NO",
                                       issuer: "Folkehelseinstituttet", identifier: try UVCI(country: "NO", opaque: opaque).value)))
            return try JSONEncoder().encode(certificate)
        }
    }

    /// Runs the benchmark on `payloads` with a fresh CSCA and DSC.
    public static func run(payloads: [Data], now: Date) throws -> Result {
        let cscaKey = P256.Signing.PrivateKey(), dscKey = P256.Signing.PrivateKey()
        let csca = try CertificateAuthority.makeCSCA(country: "NO", organisation: "Bench", key: cscaKey, notBefore: now - 86_400, notAfter: now + 86_400 * 365)
        let dsc = try CertificateAuthority.makeDSC(commonName: "Bench DSC", key: dscKey.publicKey, kinds: [.test], authority: csca, authorityKey: cscaKey, notBefore: now - 86_400, notAfter: now + 86_400 * 365)
        let issuer = try Issuer(signer: dsc, key: dscKey)
        let clock = ContinuousClock()
        // One untimed pass over a few payloads first, so that neither side pays for first use
        // (page faults, lazy globals, the CPU's clock ramping up).
        let warmUp = payloads.prefix(min(500, payloads.count))
        for payload in warmUp {
            let text = try issuer.issue(json: payload, at: now)
            let decoded = try HC1.decode(text)
            let input = COSESign1.toBeSigned(protected: decoded.message.protectedBytes, payload: decoded.message.payload)
            _ = dscKey.publicKey.isValidSignature(try dscKey.signature(for: input), for: input)
        }

        // Pipeline and baseline take turns on slices of the payloads, so that a change in the
        // machine's speed during the run (other load, clock scaling) falls on both alike.
        let store = TrustStore(trusting: [dsc])
        let plain = Verifier(trust: store, revocations: .init(generated: ""), rules: [])
        let ruled = Verifier(trust: store, revocations: .init(generated: ""))
        var issued: [String] = []
        issued.reserveCapacity(payloads.count)
        var times = [Duration](repeating: .zero, count: 5)
        var rawValid = 0, valid = 0, validWithRules = 0
        let slice = max(1, payloads.count / 10)
        for start in stride(from: 0, to: payloads.count, by: slice) {
            let range = start..<min(start + slice, payloads.count)
            times[0] += try clock.measure {
                for payload in payloads[range] { issued.append(try issuer.issue(json: payload, at: now)) }
            }
            // The baselines sign and verify exactly the Sig_structure bytes each certificate signed.
            let inputs = try issued[range].map { text in
                let decoded = try HC1.decode(text)
                return COSESign1.toBeSigned(protected: decoded.message.protectedBytes, payload: decoded.message.payload)
            }
            var signatures: [P256.Signing.ECDSASignature] = []
            signatures.reserveCapacity(inputs.count)
            times[1] += try clock.measure {
                for input in inputs { signatures.append(try dscKey.signature(for: input)) }
            }
            times[2] += clock.measure {
                for (signature, input) in zip(signatures, inputs) where dscKey.publicKey.isValidSignature(signature, for: input) { rawValid += 1 }
            }
            times[3] += clock.measure {
                for text in issued[range] where plain.verify(text, at: now).isValid { valid += 1 }
            }
            times[4] += clock.measure {
                for text in issued[range] where ruled.verify(text, at: now).isValid { validWithRules += 1 }
            }
        }
        let (issueTime, rawSignTime, rawVerifyTime, verifyTime, verifyWithRulesTime) = (times[0], times[1], times[2], times[3], times[4])
        precondition(rawValid == payloads.count && valid == payloads.count && validWithRules == payloads.count,
                     "every certificate must verify: raw \(rawValid), plain \(valid), with rules \(validWithRules) of \(payloads.count)")
        return Result(
            certificates: payloads.count, issueSeconds: issueTime.seconds, rawSignSeconds: rawSignTime.seconds,
            verifySeconds: verifyTime.seconds, verifyWithRulesSeconds: verifyWithRulesTime.seconds, rawVerifySeconds: rawVerifyTime.seconds,
            averageLength: issued.reduce(0) { $0 + $1.count } / max(1, issued.count)
        )
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
