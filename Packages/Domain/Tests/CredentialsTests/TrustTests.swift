import CertLogic
import Credentials
import Crypto
import DCC
import Foundation
import Testing
import Trust

@Suite("Trust: CSCA and DSC, trust list, revocation, issuing and verifying")
struct TrustTests {
    struct PKI {
        let cscaKey = P256.Signing.PrivateKey()
        let dscKey = P256.Signing.PrivateKey()
        let csca: SignerCertificate
        let dsc: SignerCertificate
        let issuer: Issuer

        init(kinds: Set<HealthCertificate.Kind> = [.test], from: Date = Date(timeIntervalSince1970: 1_600_000_000)) throws {
            csca = try CertificateAuthority.makeCSCA(country: "NO", organisation: "Tverr test", key: cscaKey, notBefore: from, notAfter: from + 10 * 365 * 86_400)
            dsc = try CertificateAuthority.makeDSC(commonName: "Tverr DSC", key: dscKey.publicKey, kinds: kinds, authority: csca, authorityKey: cscaKey, notBefore: from, notAfter: from + 2 * 365 * 86_400)
            issuer = try Issuer(signer: dsc, key: dscKey)
        }

        var list: TrustList {
            TrustList(issuer: "test", generated: "2021-09-01T00:00:00Z", authorities: [.init(csca)], signers: [.init(dsc)])
        }
    }

    static let issued = try! #require(ISODate.dateTime("2021-09-01T09:00:00+02:00")).date
    /// When the test certificates' sample was taken, 45 minutes before they are issued.
    static let sampled = try! #require(ISODate.dateTime("2021-09-01T08:15:00+02:00")).date

    func verifier(_ pki: PKI, revocations: RevocationList = .init(generated: "")) -> Verifier {
        Verifier(trust: TrustStore(pki.list), revocations: revocations)
    }

    @Test("The DSC's key identifier is the first 8 bytes of SHA-256 of its DER, and its EKU limits it to tests")
    func signerCertificates() throws {
        let pki = try PKI()
        #expect(pki.dsc.keyID == Array(SHA256.hash(data: pki.dsc.der).prefix(8)))
        #expect(pki.dsc.kinds == [.test])
        #expect(pki.dsc.country == "NO")
        #expect(pki.dsc.isSigned(by: pki.csca))
        #expect(!pki.csca.isSigned(by: pki.dsc))
        #expect(try PKI(kinds: [.vaccination, .recovery]).dsc.kinds == [.vaccination, .recovery])
        #expect(try SignerCertificate(pem: pki.dsc.pem) == pki.dsc)
    }

    @Test("A negative test issued now verifies, with all six applicable rules passed")
    func issueAndVerify() throws {
        let pki = try PKI()
        let text = try pki.issuer.issue(DCCTests.testCertificate(sampleCollected: "2021-09-01T08:15:00+02:00"), at: Self.issued)
        #expect(text.hasPrefix("HC1:"))
        let verdict = verifier(pki).verify(text, at: Self.issued + 3600)
        #expect(verdict.isValid, "\(String(describing: verdict.reason))")
        #expect(verdict.rules.count == 6)
        #expect(verdict.claims?.issuer == "NO")
        #expect(verdict.claims?.expiresAt == Int64(Self.sampled.timeIntervalSince1970) + 72 * 3600, "exp is 72 hours after the sample")
    }

    @Test("Each way a certificate fails gets its own reason")
    func reasons() throws {
        let pki = try PKI()
        let text = try pki.issuer.issue(DCCTests.testCertificate(sampleCollected: "2021-09-01T08:15:00+02:00"), at: Self.issued)
        let v = verifier(pki)
        #expect(v.verify("HC1:ab@", at: Self.issued).reason == .malformed(.base45(.badCharacter(at: 0))))
        #expect(v.verify("hello", at: Self.issued).reason == .malformed(.missingPrefix))
        let stranger = Verifier(trust: TrustStore(trusting: []), revocations: .init(generated: ""))
        #expect(stranger.verify(text, at: Self.issued).reason == .unknownKeyID(Data(pki.dsc.keyID).base64EncodedString()))
        #expect(v.verify(text, at: Self.issued + 73 * 3600).reason == .expired(at: Self.sampled.timeIntervalSince1970 + 72 * 3600))
        #expect(throws: Issuer.Failure.sampleTooOld) { try pki.issuer.issue(DCCTests.testCertificate(sampleCollected: "2021-08-29T08:15:00+02:00"), at: Self.issued) }
        #expect(v.verify(text, at: Self.issued - 3600).reason == .notYetValid(at: Self.issued.timeIntervalSince1970))
        let positive = try pki.issuer.issue(DCCTests.testCertificate(sampleCollected: "2021-09-01T08:15:00+02:00", result: ValueSets.TestResult.detected), at: Self.issued)
        #expect(v.verify(positive, at: Self.issued + 60).reason == .rulesFailed(["TR-NO-0002"]))
        // The same key identifier, but a different key signed it.
        let impostorKey = P256.Signing.PrivateKey()
        let decoded = try HC1.decode(text)
        let forged = try HC1.issue(decoded.claims, keyID: pki.dsc.keyID, key: impostorKey)
        #expect(v.verify(forged, at: Self.issued + 60).reason == .badSignature)
    }

    @Test("A revoked certificate is refused by any of its three hashes, and the signature hash ignores s")
    func revocation() throws {
        let pki = try PKI()
        let text = try pki.issuer.issue(DCCTests.testCertificate(sampleCollected: "2021-09-01T08:15:00+02:00"), at: Self.issued)
        let decoded = try HC1.decode(text)
        let certificate = try HealthCertificate(cbor: decoded.claims.certificate)
        let hashes = RevocationList.hashes(of: certificate, message: decoded.message)
        #expect(hashes.uci == Data(SHA256.hash(data: Data(certificate.statement.identifier.utf8)).prefix(16)).base64EncodedString())
        #expect(hashes.countryCodeUCI == Data(SHA256.hash(data: Data(("NO" + certificate.statement.identifier).utf8)).prefix(16)).base64EncodedString())
        var tampered = decoded.message
        tampered.signature[63] ^= 1
        #expect(RevocationList.hashes(of: certificate, message: tampered).signature == hashes.signature)
        for keep in [\RevocationList.Hashes.uci, \.countryCodeUCI, \.signature] {
            var list = RevocationList(generated: "")
            var only = RevocationList.Hashes(uci: "-", countryCodeUCI: "-", signature: "-")
            only[keyPath: keep as! WritableKeyPath<RevocationList.Hashes, String>] = hashes[keyPath: keep]
            list.revoke(only)
            #expect(verifier(pki, revocations: list).verify(text, at: Self.issued + 60).reason == .revoked)
        }
        let json = try JSONEncoder().encode(RevocationList(generated: "x"))
        #expect(String(decoding: json, as: UTF8.self).contains("COUNTRYCODEUCI"))
    }

    @Test("The issuer refuses types its DSC may not sign, invalid payloads, and a key that is not the DSC's")
    func issuerRefusals() throws {
        let vaccinationsOnly = try PKI(kinds: [.vaccination])
        #expect(throws: Issuer.Failure.notAllowed(.test)) {
            try vaccinationsOnly.issuer.issue(DCCTests.testCertificate(), at: Self.issued)
        }
        var bad = try DCCTests.testCertificate()
        bad.dateOfBirth = "yesterday"
        #expect(throws: Issuer.Failure.invalid([.init(path: "dob", message: "must be YYYY-MM-DD, YYYY-MM, YYYY or empty")])) {
            try PKI().issuer.issue(bad, at: Self.issued)
        }
        let pki = try PKI()
        #expect(throws: Issuer.Failure.keyMismatch) { try Issuer(signer: pki.dsc, key: pki.cscaKey) }
        #expect(throws: Issuer.Failure.unreadable("nam is missing")) { try pki.issuer.issue(json: Data(#"{"ver": "1.3.0", "dob": ""}"#.utf8), at: Self.issued) }
    }

    @Test("The trust list refuses DSCs without their CSCA or with a wrong thumbprint, and keeps retired keys for verifying")
    func trustList() throws {
        let pki = try PKI()
        let other = try PKI()
        var list = pki.list
        var wrongThumbprint = TrustList.Entry(other.dsc)
        wrongThumbprint.thumbprint = String(repeating: "0", count: 64)
        list.signers += [.init(other.dsc), wrongThumbprint]
        let store = TrustStore(try JSONDecoder().decode(TrustList.self, from: JSONEncoder().encode(list)))
        #expect(store.signers.keys.sorted { $0.lexicographicallyPrecedes($1) } == [pki.dsc.keyID])
        #expect(store.rejected.map(\.reason).sorted() == ["not signed by a country signing CA of NO", "the thumbprint does not match the certificate"])
        // Rollover: a new DSC joins, the old one is retired, and both verify.
        let old = try pki.issuer.issue(DCCTests.testCertificate(sampleCollected: "2021-09-01T08:15:00+02:00"), at: Self.issued)
        let newKey = P256.Signing.PrivateKey()
        let newDSC = try CertificateAuthority.makeDSC(commonName: "Tverr DSC 2", key: newKey.publicKey, kinds: [.test], authority: pki.csca, authorityKey: pki.cscaKey, notBefore: Self.issued - 86_400, notAfter: Self.issued + 365 * 86_400)
        let new = try Issuer(signer: newDSC, key: newKey).issue(DCCTests.testCertificate(sampleCollected: "2021-09-01T08:15:00+02:00"), at: Self.issued)
        let rolled = TrustList(issuer: "test", generated: "", authorities: [.init(pki.csca)], signers: [.init(pki.dsc, status: .retired), .init(newDSC)])
        let verifier = Verifier(trust: TrustStore(rolled), revocations: .init(generated: ""))
        #expect(verifier.verify(old, at: Self.issued + 60).isValid)
        #expect(verifier.verify(new, at: Self.issued + 60).isValid)
    }
}

extension Double {
    var date: Date { Date(timeIntervalSince1970: self) }
}
