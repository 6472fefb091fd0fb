import FluentKit
import SQLKit

/// 0023: settlement. `settlement_capacities` holds the places each municipality offers per year;
/// `settlements` holds each granted person's way to a municipality: proposed by the integration
/// directorate, accepted or declined by the municipality, and settled when the family moves in
/// (the address is then in the population register). A declined row stays as history; only
/// one row per application may be open at a time.
struct CreateSettlement: AsyncMigration {
    var name: String { "0023_CreateSettlement" }

    func prepare(on database: any Database) async throws {
        try await database.schema("settlement_capacities")
            .field("municipality_number", .string, .required)
            .field("year", .int64, .required)
            .field("places", .int64, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .int64, .required)
            .unique(on: "municipality_number", "year")
            .create()
        try await database.schema("settlements")
            .field("id", .string, .identifier(auto: false))
            .field("group_id", .string, .required)              // the family, as at the intake
            .field("application_reference", .string, .required, .references("protection_applications", "reference"))
            .field("identity_number", .string, .required)
            .field("municipality_number", .string, .required)
            .field("year", .int64, .required)                   // whose capacity the place counts against
            .field("status", .string, .required)                // proposed | accepted | declined | settled
            .field("proposed_by", .string, .required)
            .field("proposed_at", .int64, .required)
            .field("answered_by", .string)
            .field("answered_at", .int64)
            .field("decline_reason", .string)
            .field("settled_on", .string)                       // the move-in date
            .field("settled_at", .int64)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE UNIQUE INDEX settlements_open ON settlements (application_reference) WHERE status <> 'declined'").run()
        try await sql.raw("CREATE INDEX settlements_municipality ON settlements (municipality_number, status)").run()
        try await sql.raw("CREATE INDEX settlements_group ON settlements (group_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("settlements").delete()
        try await database.schema("settlement_capacities").delete()
    }
}
