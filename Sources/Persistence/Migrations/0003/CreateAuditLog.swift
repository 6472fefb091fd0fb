import FluentKit
import SQLKit

/// 0003: the append-only audit log. `position` is the storage order the verifier walks;
/// `sequence` and `hash` are the chain's own.
struct CreateAuditLog: AsyncMigration {
    var name: String { "0003_CreateAuditLog" }

    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .field("position", .int64, .identifier(auto: true))
            .field("sequence", .int64, .required)
            .field("recorded_at", .int64, .required)
            .field("actor", .string, .required)
            .field("subject", .string, .required)
            .field("action", .string, .required)
            .field("purpose", .string, .required)
            .field("legal_basis", .string, .required)
            .field("hash", .data, .required)
            .unique(on: "sequence")
            .create()
        try await (database as! any SQLDatabase).create(index: "audit_entries_subject").on("audit_entries").column("subject").run()
    }

    func revert(on database: any Database) async throws { try await database.schema("audit_entries").delete() }
}
