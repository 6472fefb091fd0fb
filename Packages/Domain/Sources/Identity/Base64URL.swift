import Crypto
import Foundation
import Identifiers

extension Base64URL {
    /// Encodes a digest.
    public static func encode<D: Digest>(_ digest: D) -> String { encode(Data(digest)) }
}

/// Unguessable tokens for codes, sessions and secrets, and their stored form.
public enum SecureToken {
    /// A fresh token of `bytes` random bytes (default 32, 256 bits), base64url-encoded.
    public static func generate(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// What the database keeps instead of the token: SHA-256, base64url. A leaked table gives
    /// no usable codes, sessions or secrets (the tokens are 256 random bits, so no salt is needed).
    public static func digest(_ token: String) -> String {
        Base64URL.encode(SHA256.hash(data: Data(token.utf8)))
    }

    /// Compares two secrets in time that does not depend on where they differ.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
