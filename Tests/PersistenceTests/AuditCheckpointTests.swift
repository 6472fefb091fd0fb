import Audit
import Crypto
import Foundation
import Persistence
import SQLKit
import Testing

@Suite("Signed audit checkpoints in the database")
struct AuditCheckpointTests {
    static func withKey(_ body: (AuditSigningKey, String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tverr-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await body(try AuditSigningKey.loadOrCreate(dataDirectory: folder), folder)
    }

    static func fill(_ log: AuditLog, _ count: Int) async throws {
        for index in 0..<count { try await log.append(AuditLogTests.record(index)) }
    }

    @Test("The signing key is created once, owner-only, and reused")
    func keyFile() async throws {
        try await Self.withKey { key, folder in
            let again = try AuditSigningKey.loadOrCreate(dataDirectory: folder)
            #expect(again.keyID == key.keyID)
            let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/keys/audit-signing.pem")
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            try "garbage".write(toFile: folder + "/keys/audit-signing.pem", atomically: true, encoding: .utf8)
            #expect(throws: AuditSigningKey.Failure.self) { _ = try AuditSigningKey.loadOrCreate(dataDirectory: folder) }
        }
    }

    @Test("A tail rewritten with fresh hashes fails at the signed checkpoint", arguments: Backend.available)
    func rewrittenTail(backend: Backend) async throws {
        try await withStore(backend) { store in
            try await Self.withKey { key, _ in
                let log = AuditLog(store: store)
                try await Self.fill(log, 10)
                let checkpoint = try #require(try await log.checkpoint(with: key))
                #expect(checkpoint.sequence == 10)
                #expect(try await log.checkpoint(with: key) == nil) // nothing new to sign
                #expect(try await log.verify() == 10)

                var forged = AuditChain()
                for entry in try await log.entries() {
                    var record = entry.record
                    if entry.sequence == 4 { record.purpose = "nysgjerrighet" }
                    let sealed = forged.append(record, recordedAt: entry.recordedAt)
                    try await store.sql.raw("""
                        UPDATE audit_entries SET purpose = \(bind: record.purpose), hash = \(bind: sealed.hash)
                        WHERE sequence = \(bind: entry.sequence)
                        """).run()
                }
                await #expect(throws: AuditChainBreak.checkpointMismatch(sequence: 10)) { try await log.verify() }
            }
        }
    }

    @Test("Cut-off entries and a swapped public key are caught", arguments: Backend.available)
    func truncatedAndSwappedKey(backend: Backend) async throws {
        try await withStore(backend) { store in
            try await Self.withKey { key, _ in
                let log = AuditLog(store: store)
                try await Self.fill(log, 10)
                try await log.checkpoint(with: key)
                try await store.sql.raw("DELETE FROM audit_entries WHERE sequence > 7").run()
                await #expect(throws: AuditChainBreak.truncated(checkpointSequence: 10, lastSequence: 7)) { try await log.verify() }

                let impostor = P256.Signing.PrivateKey().publicKey.pemRepresentation
                try await store.sql.raw("UPDATE audit_keys SET public_key_pem = \(bind: impostor)").run()
                await #expect(throws: AuditChainBreak.badCheckpointSignature(sequence: 10)) { try await log.verify() }
            }
        }
    }
}
