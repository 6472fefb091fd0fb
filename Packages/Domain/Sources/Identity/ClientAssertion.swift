import Crypto
import Foundation
import Identifiers
import JWTKit

/// The rules for a machine client's JWT bearer grant (RFC 7523 §3), as Maskinporten applies them.
/// Replay (`jti`) is checked against storage by the caller; everything else is checked here.
public enum ClientAssertion {
    /// The longest an assertion may live: `exp` at most this far after now.
    public static let maximumLifetime: TimeInterval = 120
    /// Clock skew allowed on `iat` in the future.
    public static let allowedSkew: TimeInterval = 10

    /// The checked grant: who, which scopes, and until when its `jti` must be remembered.
    public struct Grant: Equatable, Sendable {
        public var clientID: String
        public var jti: String
        public var scopes: [String]
        public var expiresAt: Date
    }

    /// Reads the unverified issuer, to find the client whose key must verify the assertion.
    public static func claimedClient(of assertion: String) throws(OAuthError) -> String {
        _ = try header(of: assertion)
        let parts = assertion.split(separator: ".")
        guard let bytes = Base64URL.decode(parts[1]),
              let claims = try? JSONDecoder().decode(ClientAssertionClaims.self, from: bytes) else {
            throw OAuthError(.invalidGrant, "The assertion's claims are not JSON of the expected shape.")
        }
        guard let iss = claims.iss, !iss.isEmpty else { throw OAuthError(.invalidGrant, "The assertion has no iss (the client id).") }
        return iss
    }

    /// Verifies `assertion` with the client's registered key and checks its claims.
    public static func verify(_ assertion: String, clientID: String, key: PublicJWK, audiences: Set<String>,
                              allowedScopes: Set<String>, now: Date = Date()) async throws(OAuthError) -> Grant {
        _ = try header(of: assertion)
        let claims: ClientAssertionClaims
        do {
            let collection = JWTKeyCollection()
            let publicKey = try key.p256Key()
            await collection.add(ecdsa: try ES256PublicKey(backing: publicKey))
            claims = try await collection.verify(assertion, as: ClientAssertionClaims.self)
        } catch let error as OAuthError {
            throw OAuthError(.invalidClient, "The client's registered key is not usable: \(error.detail)")
        } catch {
            throw OAuthError(.invalidGrant, "The assertion's signature does not match the client's registered key.")
        }
        guard claims.iss == clientID else { throw OAuthError(.invalidGrant, "The assertion's iss is not the client id.") }
        if let sub = claims.sub, sub != clientID {
            throw OAuthError(.invalidGrant, "The assertion's sub must be the client id when present.")
        }
        guard let aud = claims.aud, aud.values.contains(where: audiences.contains) else {
            throw OAuthError(.invalidGrant, "The assertion's aud must be this provider's issuer or token endpoint.")
        }
        guard let exp = claims.exp else { throw OAuthError(.invalidGrant, "The assertion has no exp.") }
        let nowSeconds = now.timeIntervalSince1970
        guard Double(exp) > nowSeconds else { throw OAuthError(.invalidGrant, "The assertion has expired.") }
        guard Double(exp) <= nowSeconds + maximumLifetime else {
            throw OAuthError(.invalidGrant, "The assertion's exp is more than 120 seconds ahead.")
        }
        if let iat = claims.iat, Double(iat) > nowSeconds + allowedSkew {
            throw OAuthError(.invalidGrant, "The assertion's iat is in the future.")
        }
        guard let jti = claims.jti, !jti.isEmpty, jti.utf8.count <= 200 else {
            throw OAuthError(.invalidGrant, "The assertion needs a jti of 1 to 200 characters.")
        }
        let scopes = (claims.scope ?? "").split(separator: " ").map(String.init)
        guard !scopes.isEmpty else { throw OAuthError(.invalidScope, "The assertion asks for no scope.") }
        if let refused = scopes.first(where: { !allowedScopes.contains($0) }) {
            throw OAuthError(.invalidScope, "The client is not allowed the scope \"\(refused)\".")
        }
        return Grant(clientID: clientID, jti: jti, scopes: scopes, expiresAt: Date(timeIntervalSince1970: Double(exp)))
    }

    private static func header(of assertion: String) throws(OAuthError) -> JOSEHeader {
        let header: JOSEHeader
        do { header = try JOSEHeader(token: assertion) } catch {
            throw OAuthError(.invalidGrant, "The assertion is not a signed JWT.")
        }
        guard header.alg == "ES256" else {
            throw OAuthError(.invalidGrant, "The assertion's algorithm \"\(header.alg ?? "none")\" is not accepted; sign with ES256.")
        }
        return header
    }
}

/// Compact JWS signing with a raw P-256 key, for machine clients' grants (and tools that make them).
public enum CompactJWS {
    /// `header.payload.signature` with ES256 over the JSON `header` and `claims`. A different
    /// `alg` in the header is written as given (tests use this to forge tokens).
    public static func sign(claims: [String: Any], key: P256.Signing.PrivateKey, alg: String = "ES256") throws -> String {
        let header = Base64URL.encode(try JSONSerialization.data(withJSONObject: ["alg": alg, "typ": "JWT"], options: .sortedKeys))
        let payload = Base64URL.encode(try JSONSerialization.data(withJSONObject: claims, options: .sortedKeys))
        let signature = try key.signature(for: Data("\(header).\(payload)".utf8)).rawRepresentation
        return "\(header).\(payload).\(Base64URL.encode(signature))"
    }
}
