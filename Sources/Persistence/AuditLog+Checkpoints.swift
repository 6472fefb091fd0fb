import Audit
import Crypto
import FluentKit
import Foundation
import SQLKit

extension AuditLog {
    /// Signs the current head of the chain with `key` and stores the checkpoint, registering
    /// the public key on first use. Returns `nil` when the log is empty or already checkpointed
    /// at its head.
    @discardableResult
    public func checkpoint(with key: AuditSigningKey, at date: Date = Date()) async throws -> AuditCheckpoint? {
        let signedAt = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let postgres = store.isPostgres
        return try await store.database.transaction { database in
            let sql = database as! any SQLDatabase
            let chain = try await Self.lockedHead(sql, postgres: postgres)
            guard chain.sequence > 0 else { return nil }
            if try await sql.raw("SELECT 1 AS found FROM audit_checkpoints WHERE sequence = \(bind: chain.sequence)").first() != nil {
                return nil
            }
            if try await sql.raw("SELECT 1 AS found FROM audit_keys WHERE key_id = \(bind: key.keyID)").first() == nil {
                try await sql.insert(into: "audit_keys").columns("key_id", "public_key_pem", "created_at")
                    .values(key.keyID, key.privateKey.publicKey.pemRepresentation, signedAt).run()
            }
            let checkpoint = try AuditCheckpoint.sign(chain, at: signedAt, key: key.privateKey, keyID: key.keyID)
            try await sql.insert(into: "audit_checkpoints").columns("sequence", "hash", "signed_at", "key_id", "signature")
                .values(checkpoint.sequence, checkpoint.hash, checkpoint.signedAt, checkpoint.keyID, checkpoint.signature).run()
            return checkpoint
        }
    }

    /// Every stored checkpoint, oldest first.
    public func checkpoints() async throws -> [AuditCheckpoint] {
        try await store.sql.raw("SELECT * FROM audit_checkpoints ORDER BY sequence").all().map { row in
            AuditCheckpoint(sequence: try row.decode(column: "sequence", as: Int64.self),
                            hash: try row.decode(column: "hash", as: Data.self),
                            signedAt: try row.decode(column: "signed_at", as: Int64.self),
                            keyID: try row.decode(column: "key_id", as: String.self),
                            signature: try row.decode(column: "signature", as: Data.self))
        }
    }

    /// The registered public keys, by key id. A key whose id does not match its own bytes is left
    /// out, so a swapped key cannot vouch for a forged checkpoint.
    public func verificationKeys() async throws -> [String: P256.Signing.PublicKey] {
        var keys: [String: P256.Signing.PublicKey] = [:]
        for row in try await store.sql.raw("SELECT key_id, public_key_pem FROM audit_keys").all() {
            let id = try row.decode(column: "key_id", as: String.self)
            guard let key = try? P256.Signing.PublicKey(pemRepresentation: try row.decode(column: "public_key_pem", as: String.self)),
                  AuditSigningKey.keyID(for: key) == id else { continue }
            keys[id] = key
        }
        return keys
    }

    /// Verifies the whole log with its checkpoints; returns the number of entries checked.
    public func verify() async throws -> Int {
        try AuditVerifier.verify(try await entries(), checkpoints: try await checkpoints(), keys: try await verificationKeys())
    }
}
