import CBOR
import CertLogic
import Credentials
import Crypto
import DCC
import Foundation

/// Signs health certificates with one document signer: payload → validation → CWT claims →
/// COSE_Sign1 (ES256) → zlib → Base45 → `HC1:`.
public struct Issuer: Sendable {
    /// The DSC whose key signs.
    public let signer: SignerCertificate
    let key: P256.Signing.PrivateKey
    /// The `iss` claim: the issuing country.
    public let country: String

    /// Why a certificate was not issued.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The payload breaks the schema.
        case invalid([HealthCertificate.Problem])
        /// The JSON is not a DCC payload.
        case unreadable(String)
        /// This DSC may not sign this type (its extended key usage).
        case notAllowed(HealthCertificate.Kind)
        /// The DSC is outside its validity.
        case signerNotValid
        /// The key does not belong to the DSC.
        case keyMismatch
        /// A test certificate whose sample is already more than 72 hours old.
        case sampleTooOld

        public var description: String {
            switch self {
            case .invalid(let problems): "The certificate is not valid: " + problems.map(\.description).joined(separator: "; ")
            case .unreadable(let reason): "The payload is not a DCC payload: \(reason)"
            case .notAllowed(let kind): "The document signer may not sign \(kind) certificates"
            case .signerNotValid: "The document signer certificate is not valid now"
            case .keyMismatch: "The private key does not belong to the document signer certificate"
            case .sampleTooOld: "The sample was taken more than 72 hours ago, so a test certificate would already have expired"
            }
        }
    }

    /// An issuer for `signer` with its private key.
    public init(signer: SignerCertificate, key: P256.Signing.PrivateKey, country: String = "NO") throws(Failure) {
        guard case .p256(let public256) = signer.verificationKey, public256.rawRepresentation == key.publicKey.rawRepresentation else {
            throw .keyMismatch
        }
        self.signer = signer
        self.key = key
        self.country = country
    }

    /// When each type stops being valid (`exp`): 72 hours after the sample for a test (so the
    /// holder sees when the test stops counting, not three days after the download), a year for a
    /// vaccination, the end of `du` for a recovery. The caller caps it at the DSC's own end.
    public static func validity(of certificate: HealthCertificate, issuedAt: Double) -> Double {
        switch certificate.statement {
        case .test(let entry): min(issuedAt, ISODate.dateTime(entry.sampleCollected) ?? issuedAt) + 72 * 3600
        case .vaccination: issuedAt + 365 * 86_400
        case .recovery(let entry): (ISODate.date(entry.validUntil) ?? issuedAt) + 86_399
        }
    }

    /// The HC1 string for `certificate`, issued at `now`.
    public func issue(_ certificate: HealthCertificate, at now: Date) throws(Failure) -> String {
        let problems = certificate.problems(.issuing)
        guard problems.isEmpty else { throw .invalid(problems) }
        guard signer.kinds.contains(certificate.statement.kind) else { throw .notAllowed(certificate.statement.kind) }
        guard signer.isValid(at: now) else { throw .signerNotValid }
        let issuedAt = now.timeIntervalSince1970.rounded(.down)
        let expiresAt = min(Self.validity(of: certificate, issuedAt: issuedAt), signer.certificate.notValidAfter.timeIntervalSince1970.rounded(.down))
        if case .test = certificate.statement, expiresAt <= issuedAt { throw .sampleTooOld }
        let claims = CWTClaims(issuer: country, issuedAt: Int64(issuedAt), expiresAt: Int64(expiresAt), certificateBytes: certificate.cborBytes())
        do { return try HC1.issue(claims, keyID: signer.keyID, key: key) } catch { preconditionFailure("ES256 signing failed: \(error)") }
    }

    /// The HC1 string for a payload in the schema's JSON. The JSON is read straight into CBOR,
    /// the form the claim carries, and checked field by field on the way to the payload model.
    public func issue(json: Data, at now: Date) throws(Failure) -> String {
        let certificate: HealthCertificate
        do {
            certificate = try HealthCertificate(cborBytes: CBOR.encodedFromJSON(Array(json)))
        } catch let failure as CBOR.JSONFailure {
            throw .unreadable(failure.description)
        } catch let failure as HealthCertificate.DecodingFailure {
            throw .unreadable(failure.path.isEmpty ? "the payload \(failure.reason)" : "\(failure.path) \(failure.reason)")
        } catch {
            throw .unreadable("\(error)")
        }
        return try issue(certificate, at: now)
    }
}
