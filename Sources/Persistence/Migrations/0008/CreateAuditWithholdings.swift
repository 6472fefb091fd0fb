import FluentKit

/// 0008: entries withheld from the person's "who used my data" until a date (covert criminal
/// investigations). The entries themselves stay in the chain, unchanged.
struct CreateAuditWithholdings: AsyncMigration {
    var name: String { "0008_CreateAuditWithholdings" }

    func prepare(on database: any Database) async throws {
        try await database.schema("audit_withholdings")
            .field("sequence", .int64, .identifier(auto: false))
            .field("withheld_until", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("audit_withholdings").delete() }
}
