import FluentKit
import SQLKit

/// 0009: webhook subscriptions and their deliveries (the events block). A delivery row is made
/// for each matching subscription in the same transaction as the outbox event, and the workers
/// drain the rows: pending → delivered, or dead (the dead-letter list) after the last retry.
struct CreateEventSubscriptions: AsyncMigration {
    var name: String { "0009_CreateEventSubscriptions" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("event_subscriptions")
            .field("id", .string, .identifier(auto: false))
            .field("client_id", .string, .required, .references("clients", "client_id"))
            .field("organisation_number", .string, .required)
            .field("callback_url", .string, .required)
            .field("secret", .string, .required)
            .field("subject", .string)
            .field("purpose", .string, .required)
            .field("legal_basis", .string, .required)
            .field("created_at", .int64, .required)
            .field("deleted_at", .int64)
            .create()
        try await database.schema("event_subscription_types")
            .field("subscription_id", .string, .required, .references("event_subscriptions", "id"))
            .field("type", .string, .required)
            .unique(on: "subscription_id", "type")
            .create()
        try await sql.create(index: "event_subscription_types_type").on("event_subscription_types").column("type").run()
        try await database.schema("event_deliveries")
            .field("id", .int64, .identifier(auto: true))
            .field("subscription_id", .string, .required, .references("event_subscriptions", "id"))
            .field("event_id", .string, .required, .references("outbox_events", "event_id"))
            .field("status", .string, .required)
            .field("attempts", .int64, .required)
            .field("next_attempt_at", .int64, .required)
            .field("claimed_until", .int64)
            .field("last_error", .string)
            .field("delivered_at", .int64)
            .field("created_at", .int64, .required)
            .unique(on: "subscription_id", "event_id")
            .create()
        try await sql.create(index: "event_deliveries_due").on("event_deliveries").column("status").column("next_attempt_at").run()
        try await sql.create(index: "event_deliveries_subscription").on("event_deliveries").column("subscription_id").column("status").run()
        try await sql.create(index: "outbox_events_type").on("outbox_events").column("type").column("position").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["event_deliveries", "event_subscription_types", "event_subscriptions"] { try await database.schema(table).delete() }
    }
}
