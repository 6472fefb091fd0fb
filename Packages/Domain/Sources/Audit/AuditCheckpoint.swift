import Crypto
import Foundation

/// A signed statement that the chain's entry `sequence` had `hash` at `signedAt`. Checkpoints
/// catch a rewrite of the chain's tail, which hashes alone cannot: whoever rewrites also rehashes.
public struct AuditCheckpoint: Sendable, Equatable, Codable {
    public var sequence: Int64
    public var hash: Data
    /// Milliseconds since 1970.
    public var signedAt: Int64
    /// The signing key's id.
    public var keyID: String
    /// ES256: the raw 64-byte r‖s ECDSA P-256 signature over `signedBytes`.
    public var signature: Data

    /// Creates a checkpoint as read back from storage.
    public init(sequence: Int64, hash: Data, signedAt: Int64, keyID: String, signature: Data) {
        self.sequence = sequence
        self.hash = hash
        self.signedAt = signedAt
        self.keyID = keyID
        self.signature = signature
    }

    /// The bytes that are signed.
    public var signedBytes: Data {
        var bytes = Data("tverr-audit-checkpoint-v1".utf8)
        bytes.appendBigEndian(sequence)
        bytes.append(hash)
        bytes.appendBigEndian(signedAt)
        bytes.append(Data(keyID.utf8))
        return bytes
    }

    /// Signs the chain head with `key` (ES256).
    public static func sign(_ chain: AuditChain, at signedAt: Int64, key: P256.Signing.PrivateKey, keyID: String) throws -> AuditCheckpoint {
        var checkpoint = AuditCheckpoint(sequence: chain.sequence, hash: chain.hash, signedAt: signedAt, keyID: keyID, signature: Data())
        checkpoint.signature = try key.signature(for: checkpoint.signedBytes).rawRepresentation
        return checkpoint
    }

    /// Whether the signature is valid under `key`.
    public func isSigned(by key: P256.Signing.PublicKey) -> Bool {
        guard let signature = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
        return key.isValidSignature(signature, for: signedBytes)
    }
}
