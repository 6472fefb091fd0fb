import FluentKit

/// 0004: signed checkpoints of the audit chain, and the public keys that verify them.
struct CreateAuditCheckpoints: AsyncMigration {
    var name: String { "0004_CreateAuditCheckpoints" }

    func prepare(on database: any Database) async throws {
        try await database.schema("audit_keys")
            .field("key_id", .string, .identifier(auto: false))
            .field("public_key_pem", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("audit_checkpoints")
            .field("sequence", .int64, .identifier(auto: false))
            .field("hash", .data, .required)
            .field("signed_at", .int64, .required)
            .field("key_id", .string, .required, .references("audit_keys", "key_id"))
            .field("signature", .data, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_checkpoints").delete()
        try await database.schema("audit_keys").delete()
    }
}
