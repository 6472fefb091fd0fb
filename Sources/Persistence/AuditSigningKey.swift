import Crypto
import Foundation

/// The key that signs audit checkpoints: generated at first use into the data folder
/// (`keys/audit-signing.pem`, readable by the owner only) and loaded from there afterwards.
public struct AuditSigningKey: Sendable {
    /// The P-256 private key.
    public let privateKey: P256.Signing.PrivateKey
    /// The key id: base64url of the first 8 bytes of SHA-256 over the public key (DER).
    public var keyID: String { Self.keyID(for: privateKey.publicKey) }

    /// Why the key could not be loaded or created.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Loads the key at `dataDirectory/keys/audit-signing.pem`, creating it if it does not exist.
    public static func loadOrCreate(dataDirectory: String) throws -> AuditSigningKey {
        let folder = (dataDirectory as NSString).appendingPathComponent("keys")
        let path = (folder as NSString).appendingPathComponent("audit-signing.pem")
        if let pem = try? String(contentsOfFile: path, encoding: .utf8) {
            do { return AuditSigningKey(privateKey: try P256.Signing.PrivateKey(pemRepresentation: pem)) } catch {
                throw Failure(description: "The audit signing key at \(path) cannot be read as a P-256 PEM key; restore it from backup.")
            }
        }
        let key = P256.Signing.PrivateKey()
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            guard FileManager.default.createFile(atPath: path, contents: Data(key.pemRepresentation.utf8),
                                                 attributes: [.posixPermissions: 0o600]) else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            throw Failure(description: "The audit signing key cannot be written to \(path); check that the data folder is writable.")
        }
        return AuditSigningKey(privateKey: key)
    }

    /// The key id for `publicKey`.
    public static func keyID(for publicKey: P256.Signing.PublicKey) -> String {
        Data(SHA256.hash(data: publicKey.derRepresentation).prefix(8)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
