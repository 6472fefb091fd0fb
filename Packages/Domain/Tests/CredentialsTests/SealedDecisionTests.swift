import CBOR
import Credentials
import Crypto
import Foundation
import Identifiers
import Testing
import Trust

@Suite("Sealed decisions: signed with the document signer, checked against the trust list")
struct SealedDecisionTests {
    static let decision = SealedDecision(reference: "UDI-7K2M9QX4", name: "Olena Kovalenko", birthDate: "1988-04-12", outcome: "grant",
                                         legalBasis: "utlendingsloven § 34", decidedOn: "2022-03-15", authority: "974760746", method: "automated")
    static let now = Date(timeIntervalSince1970: 1_647_340_000)

    @Test("A sealed decision verifies, as the code and inside a verification URL, and gives back every field")
    func roundTrip() throws {
        let pki = try TrustTests.PKI()
        let code = try pki.issuer.seal(Self.decision, at: Self.now)
        #expect(code.hasPrefix("TVD1:"))
        #expect(code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_:".contains($0)) }, "the code needs no escaping in a URL")
        for text in [code, "  \(code)\n", "https://tverr.example/verify/decision?code=\(code)&lang=uk"] {
            let verdict = SealedDecision.verify(text, trust: TrustStore(pki.list), at: Self.now + 60)
            #expect(verdict.isValid, "\(String(describing: verdict.reason))")
            #expect(verdict.decision == Self.decision)
            #expect(verdict.issuedAt == Int64(Self.now.timeIntervalSince1970))
            #expect(verdict.signer == pki.dsc)
        }
    }

    @Test("A changed byte anywhere in the signed part fails the signature check")
    func tampered() throws {
        let pki = try TrustTests.PKI()
        var changed = Self.decision
        changed.outcome = "refuse"
        let code = try pki.issuer.seal(Self.decision, at: Self.now)
        let bytes = try #require(Base64URL.decode(code.dropFirst(5)))
        let message = try COSESign1(decoding: Array(bytes))
        // The same signature on other claims: someone rewrote the outcome.
        let forged = Self.replacePayload(of: message, with: try CBOR.decode(message.payload), outcome: "refuse")
        let verdict = SealedDecision.verify("TVD1:" + Base64URL.encode(forged), trust: TrustStore(pki.list), at: Self.now)
        #expect(verdict.reason == .badSignature)
        #expect(verdict.decision == nil, "nothing of a forged decision is shown")
    }

    @Test("A decision signed by a key not on the trust list is refused by key identifier")
    func unknownSigner() throws {
        let code = try TrustTests.PKI().issuer.seal(Self.decision, at: Self.now)
        let verdict = SealedDecision.verify(code, trust: TrustStore(try TrustTests.PKI().list), at: Self.now)
        guard case .unknownKeyID = verdict.reason else { Issue.record("expected unknown key, got \(String(describing: verdict.reason))"); return }
    }

    @Test("A decision dated after the signer's certificate or in the future is refused")
    func dates() throws {
        let pki = try TrustTests.PKI()
        #expect(throws: Issuer.Failure.signerNotValid) { try pki.issuer.seal(Self.decision, at: Self.now + 3 * 365 * 86_400) }
        let code = try pki.issuer.seal(Self.decision, at: Self.now)
        #expect(SealedDecision.verify(code, trust: TrustStore(pki.list), at: Self.now - 3600).reason == .notYetValid)
    }

    @Test("Hostile and damaged input gets a specific reason and never a decision", arguments: [
        ("", "does not start with TVD1:"), ("HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH", "does not start with TVD1:"),
        ("TVD1:!!!!", "not base64url"), ("TVD1:AAAA", "COSE"), ("TVD1:" + String(repeating: "A", count: 3000), "at most 2048"),
    ])
    func hostile(text: String, expected: String) throws {
        let verdict = SealedDecision.verify(text, trust: TrustStore(try TrustTests.PKI().list), at: Self.now)
        #expect(verdict.decision == nil)
        #expect(!verdict.isValid)
        #expect(verdict.reason?.description.contains(expected) == true, "\(String(describing: verdict.reason))")
    }

    @Test("A signed COSE message that is not a decision (an HC1 payload) is refused as not a decision")
    func notADecision() throws {
        let pki = try TrustTests.PKI()
        let message = try COSESign1.sign(payload: CBOR.map([.int(1): .text("NO")]).encoded(), keyID: pki.dsc.keyID, with: pki.dscKey)
        let verdict = SealedDecision.verify("TVD1:" + Base64URL.encode(message.encoded()), trust: TrustStore(pki.list), at: Self.now)
        #expect(verdict.reason == .malformed("the signed content is not a decision"))
    }

    static func replacePayload(of message: COSESign1, with claims: CBOR, outcome: String) -> [UInt8] {
        let entries = (claims.entries ?? []).map { entry -> CBOR.Entry in
            guard entry.key == .int(SealedDecision.claim) else { return entry }
            return CBOR.Entry(entry.key, .map((entry.value.entries ?? []).map { $0.key == .text("out") ? CBOR.Entry($0.key, .text(outcome)) : $0 }))
        }
        let payload = CBOR.map(entries).encoded(deterministic: true)
        return CBOR.tagged(18, .array([.bytes(message.protectedBytes), message.unprotected, .bytes(payload), .bytes(message.signature)])).encoded()
    }
}
