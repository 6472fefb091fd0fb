import Crypto
import Foundation
import Identifiers
import JWTKit

/// Signs and checks the provider's JWTs with ES256 (JWTKit). It signs with the current key and
/// accepts any key still published in the JWKS, so tokens signed before a rotation stay valid
/// until they expire.
public struct TokenIssuer: Sendable {
    /// The issuer identifier (`iss`), the provider's public base URL.
    public let issuer: String
    /// The key id new tokens are signed with.
    public let currentKeyID: String
    private let keys: JWTKeyCollection
    private let knownKeyIDs: Set<String>

    /// The media type of access tokens (RFC 9068); ID tokens are plain `JWT`. An ID token can
    /// therefore never be replayed as an access token.
    public static let accessTokenType = "at+jwt"

    public init(issuer: String, signingKey: TokenSigningKey, verificationKeys: [PublicJWK]) async throws {
        self.issuer = issuer
        self.currentKeyID = signingKey.id
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: try ES256PrivateKey(backing: signingKey.privateKey), kid: JWKIdentifier(string: signingKey.id))
        var known: Set<String> = [signingKey.id]
        for jwk in verificationKeys where jwk.kid != nil && jwk.kid != signingKey.id {
            guard let key = try? jwk.p256Key(), let kid = jwk.kid else { continue }
            await keys.add(ecdsa: try ES256PublicKey(backing: key), kid: JWKIdentifier(string: kid))
            known.insert(kid)
        }
        self.keys = keys
        self.knownKeyIDs = known
    }

    /// Signs an ID token.
    public func sign(_ claims: IDTokenClaims) async throws -> String {
        try await keys.sign(claims, kid: JWKIdentifier(string: currentKeyID), header: ["typ": .string("JWT")])
    }

    /// Signs an access token.
    public func sign(_ claims: AccessTokenClaims) async throws -> String {
        try await keys.sign(claims, kid: JWKIdentifier(string: currentKeyID), header: ["typ": .string(Self.accessTokenType)])
    }

    /// Checks an access token: ES256 by a published key, typ `at+jwt`, this issuer, the audience,
    /// and not expired at `now`.
    public func verifyAccessToken(_ token: String, audience: String, now: Date = Date()) async throws(OAuthError) -> AccessTokenClaims {
        let claims: AccessTokenClaims = try await verified(token, type: Self.accessTokenType)
        guard claims.iss == issuer else { throw OAuthError(.invalidToken, "The access token was issued by someone else.") }
        guard claims.aud == audience else { throw OAuthError(.invalidToken, "The access token is meant for another audience.") }
        guard Double(claims.exp) > now.timeIntervalSince1970 else { throw OAuthError(.invalidToken, "The access token has expired.") }
        return claims
    }

    /// Checks an ID token this provider issued (for `id_token_hint` at logout). Expired tokens
    /// are accepted here, as OpenID Connect RP-Initiated Logout allows.
    public func verifyIDToken(_ token: String) async throws(OAuthError) -> IDTokenClaims {
        let claims: IDTokenClaims = try await verified(token, type: "JWT")
        guard claims.iss == issuer else { throw OAuthError(.invalidToken, "The ID token was issued by someone else.") }
        return claims
    }

    private func verified<Payload: JWTPayload>(_ token: String, type: String) async throws(OAuthError) -> Payload {
        let header = try JOSEHeader(token: token)
        guard header.alg == "ES256" else {
            throw OAuthError(.invalidToken, "The token's algorithm \"\(header.alg ?? "none")\" is not accepted; only ES256 is.")
        }
        guard header.typ == type else { throw OAuthError(.invalidToken, "The token is of type \"\(header.typ ?? "none")\", not \(type).") }
        guard let kid = header.kid, knownKeyIDs.contains(kid) else {
            throw OAuthError(.invalidToken, "The token was signed by a key this provider does not publish.")
        }
        do { return try await keys.verify(token, as: Payload.self) } catch {
            throw OAuthError(.invalidToken, "The token's signature or contents are not valid.")
        }
    }
}

/// The protected header of a compact JWS, read before anything is trusted.
public struct JOSEHeader: Decodable, Sendable {
    public var alg: String?
    public var kid: String?
    public var typ: String?

    /// Reads the header of `token`, refusing anything that is not three base64url parts.
    public init(token: String) throws(OAuthError) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= 16_384, parts.count == 3, !parts[2].isEmpty else {
            throw OAuthError(.invalidToken, "The token is not a signed JWT (three base64url parts).")
        }
        guard let bytes = Base64URL.decode(parts[0]), let header = try? JSONDecoder().decode(JOSEHeader.self, from: bytes) else {
            throw OAuthError(.invalidToken, "The token's header is not base64url JSON.")
        }
        self = header
    }
}
