import Crypto
import Foundation
import Identifiers
import JWTKit

/// A P-256 public key as a JSON Web Key (RFC 7517/7518), the form published in the JWKS and
/// registered for machine clients.
public struct PublicJWK: Codable, Equatable, Sendable {
    public var kty: String
    public var crv: String?
    public var x: String?
    public var y: String?
    public var kid: String?
    public var use: String?
    public var alg: String?

    public init(kty: String = "EC", crv: String? = "P-256", x: String?, y: String?, kid: String?,
                use: String? = "sig", alg: String? = "ES256") {
        self.kty = kty
        self.crv = crv
        self.x = x
        self.y = y
        self.kid = kid
        self.use = use
        self.alg = alg
    }

    /// The JWK for `key`, with its RFC 7638 thumbprint as the key id.
    public init(_ key: P256.Signing.PublicKey) {
        let point = key.x963Representation // 0x04 ‖ x ‖ y
        let x = Base64URL.encode(point[1..<33]), y = Base64URL.encode(point[33..<65])
        self.init(x: x, y: y, kid: Self.thumbprint(x: x, y: y))
    }

    /// The RFC 7638 thumbprint: base64url SHA-256 of the required members in lexicographic order.
    public static func thumbprint(x: String, y: String) -> String {
        Base64URL.encode(SHA256.hash(data: Data(#"{"crv":"P-256","kty":"EC","x":"\#(x)","y":"\#(y)"}"#.utf8)))
    }

    /// The P-256 key this JWK describes. Anything else (RSA, other curves, a point off the curve,
    /// an algorithm other than ES256) is refused with a reason.
    public func p256Key() throws(OAuthError) -> P256.Signing.PublicKey {
        guard kty == "EC", crv == "P-256" else {
            throw OAuthError(.invalidRequest, "The key must be an EC P-256 key (kty EC, crv P-256).")
        }
        if let alg, alg != "ES256" { throw OAuthError(.invalidRequest, "The key's alg must be ES256.") }
        guard let x, let y, let xBytes = Base64URL.decode(x), let yBytes = Base64URL.decode(y),
              xBytes.count == 32, yBytes.count == 32 else {
            throw OAuthError(.invalidRequest, "The key's x and y must be 32-byte base64url coordinates.")
        }
        do { return try P256.Signing.PublicKey(x963Representation: [0x04] + xBytes + yBytes) } catch {
            throw OAuthError(.invalidRequest, "The key's coordinates are not a point on P-256.")
        }
    }
}

/// The JWK Set document (`jwks_uri`).
public struct JWKSet: Codable, Equatable, Sendable {
    public var keys: [PublicJWK]
    public init(keys: [PublicJWK]) { self.keys = keys }
}

/// A provider signing key: ES256 on P-256, named by its RFC 7638 thumbprint.
public struct TokenSigningKey: Sendable {
    public let privateKey: P256.Signing.PrivateKey
    public var publicJWK: PublicJWK { PublicJWK(privateKey.publicKey) }
    public var id: String { publicJWK.kid! }

    public init(privateKey: P256.Signing.PrivateKey = .init()) { self.privateKey = privateKey }

    /// Reads a PEM private key.
    public init(pem: String) throws { self.privateKey = try P256.Signing.PrivateKey(pemRepresentation: pem) }

    public var pem: String { privateKey.pemRepresentation }
}
