import FluentKit
import SQLKit

/// 0006: the once-only exchange: the health personnel register, consents, and the outbox of
/// events written in the same transaction as the change they describe.
struct CreateExchange: AsyncMigration {
    var name: String { "0006_CreateExchange" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("health_personnel")
            .field("hpr_number", .string, .identifier(auto: false))
            .field("pid", .string, .required)
            .field("profession", .string, .required)
            .field("authorisation", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .unique(on: "pid", "profession")
            .create()
        try await database.schema("consents")
            .field("pid", .string, .required)
            .field("purpose", .string, .required)
            .field("organisation_number", .string, .required, .references("organisations", "number"))
            .field("granted_at", .int64, .required)
            .field("withdrawn_at", .int64)
            .compositeIdentifier(over: "pid", "purpose", "organisation_number")
            .create()
        try await database.schema("outbox_events")
            .field("position", .int64, .identifier(auto: true))
            .field("event_id", .string, .required)
            .field("type", .string, .required)
            .field("source", .string, .required)
            .field("subject", .string, .required)
            .field("time", .int64, .required)
            .field("data", .string, .required)
            .unique(on: "event_id")
            .create()
        try await sql.create(index: "outbox_events_subject").on("outbox_events").column("subject").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["outbox_events", "consents", "health_personnel"] { try await database.schema(table).delete() }
    }
}
