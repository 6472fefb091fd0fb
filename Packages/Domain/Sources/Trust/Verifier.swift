import CertLogic
import Credentials
import DCC
import Foundation

/// Offline verification of an HC1 string, as a border officer's app does it: decode, find the
/// signer by key identifier in the trust list, check the signature, the signer's permission for
/// the type, the validity times, the revocation list and the business rules. The first step that
/// fails is the reason.
public struct Verifier: Sendable {
    public let trust: TrustStore
    public let revocations: RevocationList
    public let rules: [BusinessRule]
    /// The country whose rules apply (CertLogic's `external.countryCode`).
    public let country: String

    /// A verifier with these keys, revocations and rules.
    public init(trust: TrustStore, revocations: RevocationList, rules: [BusinessRule] = BusinessRule.norway, country: String = "NO") {
        self.trust = trust
        self.revocations = revocations
        self.rules = rules
        self.country = country
    }

    /// Why a certificate is not accepted.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// Not an HC1 string, or damaged at one of its stages.
        case malformed(HC1.Failure)
        /// The key identifier is not on the trust list.
        case unknownKeyID(String)
        /// The signature does not match any listed key with this identifier.
        case badSignature
        /// The signer's certificate does not allow this type.
        case signerNotAllowed(HealthCertificate.Kind)
        /// The certificate was issued outside the signer's validity.
        case signerNotValid
        /// `exp` has passed.
        case expired(at: Double)
        /// `iat` is in the future.
        case notYetValid(at: Double)
        /// The signed payload is not a valid DCC payload.
        case invalidPayload(String)
        /// The certificate is on the revocation list.
        case revoked
        /// Business rules failed or could not be evaluated, by identifier.
        case rulesFailed([String])

        public var description: String {
            switch self {
            case .malformed(let failure): "Not a readable certificate: \(failure)"
            case .unknownKeyID(let kid): "Unknown key identifier \(kid): the signer is not on the trust list"
            case .badSignature: "The signature is not valid"
            case .signerNotAllowed(let kind): "The signer may not issue \(kind) certificates"
            case .signerNotValid: "The certificate was signed outside the signer certificate's validity"
            case .expired(let at): "The certificate expired at \(ISODate.format(dateTime: at))"
            case .notYetValid(let at): "The certificate is not valid until \(ISODate.format(dateTime: at))"
            case .invalidPayload(let reason): "The certificate's content is not valid: \(reason)"
            case .revoked: "The certificate has been revoked"
            case .rulesFailed(let rules): "Rules not met: \(rules.joined(separator: ", "))"
            }
        }
    }

    /// The result of a verification.
    public struct Verdict: Sendable {
        /// nil when the certificate is accepted.
        public var reason: Reason?
        /// The payload, when the signature was good.
        public var certificate: HealthCertificate?
        /// The claims, when the string could be read.
        public var claims: CWTClaims?
        /// Each applicable rule with its outcome.
        public var rules: [(rule: BusinessRule, outcome: BusinessRule.Outcome)] = []
        /// The signer that verified.
        public var signer: SignerCertificate?

        /// Whether the certificate is accepted.
        public var isValid: Bool { reason == nil }
    }

    /// Verifies `text` at `now`.
    public func verify(_ text: String, at now: Date) -> Verdict {
        let decoded: HC1.Decoded
        do { decoded = try HC1.decode(text) } catch { return Verdict(reason: .malformed(error)) }
        var verdict = Verdict(claims: decoded.claims)
        let kid = decoded.message.keyID ?? []
        guard let candidates = trust.signers[kid], !candidates.isEmpty else {
            verdict.reason = .unknownKeyID(Data(kid).base64EncodedString())
            return verdict
        }
        guard let signer = candidates.first(where: { $0.verificationKey.map(decoded.message.isValidSignature) ?? false }) else {
            verdict.reason = .badSignature
            return verdict
        }
        verdict.signer = signer
        let certificate: HealthCertificate
        do { certificate = try HealthCertificate(cborBytes: decoded.claims.certificateBytes) } catch {
            verdict.reason = .invalidPayload(error.description)
            return verdict
        }
        verdict.certificate = certificate
        verdict.reason = check(certificate, decoded, signer: signer, now: now.timeIntervalSince1970, verdict: &verdict)
        return verdict
    }

    private func check(_ certificate: HealthCertificate, _ decoded: HC1.Decoded, signer: SignerCertificate, now: Double, verdict: inout Verdict) -> Reason? {
        if let problem = certificate.problems(.verifying).first { return .invalidPayload(problem.description) }
        guard signer.kinds.contains(certificate.statement.kind) else { return .signerNotAllowed(certificate.statement.kind) }
        let issued = decoded.claims.issuedAt.map(Double.init)
        let expires = decoded.claims.expiresAt.map(Double.init)
        if let issued {
            if issued > now + 300 { return .notYetValid(at: issued) }
            if !signer.isValid(at: Date(timeIntervalSince1970: issued)) { return .signerNotValid }
        }
        if let expires, expires < now { return .expired(at: expires) }
        if !revocations.isEmpty, revocations.contains(RevocationList.hashes(of: certificate, message: decoded.message)) { return .revoked }
        verdict.rules = BusinessRule.evaluate(rules, for: certificate, clock: now, issuedAt: issued, expiresAt: expires, countryCode: country)
        let failed = verdict.rules.filter { $0.outcome != .passed }.map(\.rule.identifier)
        return failed.isEmpty ? nil : .rulesFailed(failed)
    }
}
