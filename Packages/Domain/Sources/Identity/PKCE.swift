import Crypto
import Foundation
import Identifiers

/// Proof Key for Code Exchange (RFC 7636). Only the `S256` method is accepted; `plain` gives no
/// protection against a stolen code and is refused, as ID-porten does.
public enum PKCE {
    /// Why a challenge or verifier was refused.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case missingChallenge
        case unsupportedMethod(String)
        case malformedChallenge
        case missingVerifier
        case malformedVerifier
        case mismatch

        public var description: String {
            switch self {
            case .missingChallenge: "code_challenge is required (PKCE with S256)."
            case .unsupportedMethod(let method): "code_challenge_method \"\(method)\" is not supported; use S256."
            case .malformedChallenge: "code_challenge must be the base64url SHA-256 of the verifier (43 characters)."
            case .missingVerifier: "code_verifier is required."
            case .malformedVerifier: "code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, \"-\", \".\", \"_\" and \"~\"."
            case .mismatch: "code_verifier does not match the code_challenge."
            }
        }
    }

    /// Checks the authorization request's challenge and method.
    public static func validateChallenge(_ challenge: String?, method: String?) throws(Failure) -> String {
        guard let challenge, !challenge.isEmpty else { throw .missingChallenge }
        let method = method ?? "plain" // RFC 7636 §4.3: absent means plain, which is refused.
        guard method == "S256" else { throw .unsupportedMethod(method) }
        guard challenge.utf8.count == 43, let bytes = Base64URL.decode(challenge), bytes.count == 32 else {
            throw .malformedChallenge
        }
        return challenge
    }

    /// Checks the token request's verifier against the stored challenge.
    public static func verify(verifier: String?, challenge: String) throws(Failure) {
        guard let verifier, !verifier.isEmpty else { throw .missingVerifier }
        guard (43...128).contains(verifier.utf8.count), verifier.utf8.allSatisfy({ unreserved.contains($0) }) else {
            throw .malformedVerifier
        }
        guard SecureToken.constantTimeEquals(Self.challenge(for: verifier), challenge) else { throw .mismatch }
    }

    /// The S256 challenge for `verifier`.
    public static func challenge(for verifier: String) -> String {
        Base64URL.encode(SHA256.hash(data: Data(verifier.utf8)))
    }

    static let unreserved = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))
}
