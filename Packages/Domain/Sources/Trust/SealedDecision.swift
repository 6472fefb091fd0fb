import CBOR
import Credentials
import Foundation
import Identifiers

/// A signed administrative decision that a third party (a landlord, an employer, a bank, a Nav
/// office) can check without calling anyone: the facts of the decision in a CWT, signed as
/// COSE_Sign1 with the platform's current document signer, the key already on the public trust
/// list. The code is `TVD1:` and the COSE message in unpadded base64url, so that it fits in a
/// URL (`…/verify/decision?code=TVD1:…`) that any phone camera opens from the letter's QR code.
///
/// The claims are `iss` (1), `iat` (6) and the decision under the private-use claim −70001, a
/// map with short text keys (`v` version, `ref`, `nam`, `dob`, `out`, `bas`, `dat`, `aut`, `how`).
public struct SealedDecision: Sendable, Equatable {
    /// The application's reference (for example `UDI-…`).
    public var reference: String
    /// The person's name as registered.
    public var name: String
    /// Date of birth, `YYYY-MM-DD`.
    public var birthDate: String
    /// `grant` or `refuse`.
    public var outcome: String
    /// The legal basis of the decision (for example "utlendingsloven § 34").
    public var legalBasis: String
    /// The day the decision was made, `YYYY-MM-DD`.
    public var decidedOn: String
    /// The deciding authority's organisation number.
    public var authority: String
    /// `automated` (by the published rules) or `manual` (by a caseworker).
    public var method: String

    public init(reference: String, name: String, birthDate: String, outcome: String, legalBasis: String, decidedOn: String,
                authority: String, method: String) {
        (self.reference, self.name, self.birthDate, self.outcome) = (reference, name, birthDate, outcome)
        (self.legalBasis, self.decidedOn, self.authority, self.method) = (legalBasis, decidedOn, authority, method)
    }

    /// The prefix of every code.
    public static let prefix = "TVD1:"
    /// The private-use CWT claim that holds the decision.
    public static let claim: Int64 = -70001
    /// The longest code read: a decision is a few hundred bytes; this stops oversized input early.
    public static let textLimit = 2048

    /// Why a code is not accepted.
    public enum Reason: Error, Sendable, Equatable, CustomStringConvertible {
        /// Not a decision code, or damaged; the words say at which stage.
        case malformed(String)
        /// The key identifier is not on the trust list.
        case unknownKeyID(String)
        /// The signature does not match any listed key with this identifier.
        case badSignature
        /// Signed when the signer's certificate was not valid.
        case signerNotValid
        /// `iat` is in the future.
        case notYetValid

        public var description: String {
            switch self {
            case .malformed(let reason): "Not a readable decision code: \(reason)"
            case .unknownKeyID(let kid): "Unknown key identifier \(kid): the signer is not on the trust list"
            case .badSignature: "The signature is not valid: the decision has been changed or was not signed here"
            case .signerNotValid: "The decision was signed outside the signer certificate's validity"
            case .notYetValid: "The decision is dated in the future"
            }
        }
    }

    /// The result of a check.
    public struct Verdict: Sendable {
        /// nil when the code is accepted.
        public var reason: Reason?
        /// The decision, only when the signature is good.
        public var decision: SealedDecision?
        /// When it was signed, seconds since 1970.
        public var issuedAt: Int64?
        /// The signer that verified.
        public var signer: SignerCertificate?
        /// The code in its one canonical spelling (base64url admits others for the same bytes),
        /// once it could be read: what to compare with a stored code.
        public var code: String?

        /// Whether the code is accepted.
        public var isValid: Bool { reason == nil && decision != nil }
    }

    /// The claims: deterministic CBOR.
    func claims(issuer: String, issuedAt: Int64) -> [UInt8] {
        let decision: CBOR = .map([
            .text("v"): .int(1), .text("ref"): .text(reference), .text("nam"): .text(name), .text("dob"): .text(birthDate),
            .text("out"): .text(outcome), .text("bas"): .text(legalBasis), .text("dat"): .text(decidedOn),
            .text("aut"): .text(authority), .text("how"): .text(method),
        ])
        return CBOR.map([.int(1): .text(issuer), .int(6): .int(issuedAt), .int(Self.claim): decision]).encoded(deterministic: true)
    }

    init(claims decision: CBOR) throws(Reason) {
        func text(_ key: String) throws(Reason) -> String {
            guard let value = decision[.text(key)]?.string, !value.isEmpty, value.count <= 300 else {
                throw .malformed("the decision has no valid \"\(key)\"")
            }
            return value
        }
        guard decision[.text("v")]?.int64 == 1 else { throw .malformed("the decision is not version 1") }
        self.init(reference: try text("ref"), name: try text("nam"), birthDate: try text("dob"), outcome: try text("out"),
                  legalBasis: try text("bas"), decidedOn: try text("dat"), authority: try text("aut"), method: try text("how"))
        guard ["grant", "refuse"].contains(outcome) else { throw .malformed("the outcome \"\(outcome)\" is neither grant nor refuse") }
    }

    /// The code in the text: the code itself, or a verification URL with it in `code=`;
    /// surrounding white space is ignored.
    public static func code(in text: String) -> Substring {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let range = trimmed.range(of: "code=") {
            let value = trimmed[range.upperBound...].prefix { $0 != "&" && $0 != "#" }
            return Substring(String(value).removingPercentEncoding ?? String(value))
        }
        return Substring(trimmed)
    }

    /// Checks `text` (a code or a verification URL) against the trust store at `now`.
    public static func verify(_ text: String, trust: TrustStore, at now: Date) -> Verdict {
        let code = code(in: text)
        guard code.utf8.count <= textLimit else { return Verdict(reason: .malformed("the code is \(code.utf8.count) characters long; at most \(textLimit)")) }
        guard code.hasPrefix(prefix) else { return Verdict(reason: .malformed("it does not start with \(prefix)")) }
        guard let bytes = Base64URL.decode(code.dropFirst(prefix.count)).map(Array.init) else { return Verdict(reason: .malformed("the code is not base64url")) }
        let message: COSESign1
        do { message = try COSESign1(decoding: bytes) } catch { return Verdict(reason: .malformed(error.description)) }
        guard let claims = try? CBOR.decode(message.payload), let issuedAt = claims[Int64(6)]?.int64, let decision = claims[Self.claim] else {
            return Verdict(reason: .malformed("the signed content is not a decision"))
        }
        var verdict = Verdict(issuedAt: issuedAt, code: prefix + Base64URL.encode(bytes))
        let kid = message.keyID ?? []
        guard let candidates = trust.signers[kid], !candidates.isEmpty else {
            verdict.reason = .unknownKeyID(Data(kid).base64EncodedString())
            return verdict
        }
        guard let signer = candidates.first(where: { $0.verificationKey.map(message.isValidSignature) ?? false }) else {
            verdict.reason = .badSignature
            return verdict
        }
        verdict.signer = signer
        do { verdict.decision = try SealedDecision(claims: decision) } catch {
            verdict.reason = error
            return verdict
        }
        if Double(issuedAt) > now.timeIntervalSince1970 + 300 { verdict.reason = .notYetValid }
        else if !signer.isValid(at: Date(timeIntervalSince1970: Double(issuedAt))) { verdict.reason = .signerNotValid }
        return verdict
    }
}

extension Issuer {
    /// The decision's code, signed now with this issuer's document signer.
    public func seal(_ decision: SealedDecision, at now: Date) throws(Failure) -> String {
        guard signer.isValid(at: now) else { throw .signerNotValid }
        let payload = decision.claims(issuer: country, issuedAt: Int64(now.timeIntervalSince1970.rounded(.down)))
        do { return SealedDecision.prefix + Base64URL.encode(try COSESign1.sign(payload: payload, keyID: signer.keyID, with: key).encoded()) } catch {
            preconditionFailure("ES256 signing failed: \(error)")
        }
    }
}
