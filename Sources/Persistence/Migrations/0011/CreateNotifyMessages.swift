import FluentKit
import SQLKit

/// 0011: messages, their deliveries per channel (the notify outbox the workers drain), the
/// digital mailbox and the print queue for letters.
struct CreateNotifyMessages: AsyncMigration {
    var name: String { "0011_CreateNotifyMessages" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("notify_messages")
            .field("id", .string, .identifier(auto: false))
            .field("organisation_number", .string, .required)
            .field("client_id", .string, .required)
            .field("idempotency_key", .string)
            .field("request_digest", .string, .required)
            .field("template_id", .string, .required)
            .field("template_version", .int64, .required)
            .field("language", .string, .required)
            .field("recipient_pid", .string)
            .field("recipient_email", .string)
            .field("recipient_mobile", .string)
            .field("personalisation", .string, .required)
            .field("reference", .string)
            .field("status", .string, .required)
            .field("created_at", .int64, .required)
            .field("updated_at", .int64, .required)
            .unique(on: "client_id", "idempotency_key")
            .create()
        try await sql.create(index: "notify_messages_pid").on("notify_messages").column("recipient_pid").run()
        try await database.schema("notify_deliveries")
            .field("id", .int64, .identifier(auto: true))
            .field("message_id", .string, .required, .references("notify_messages", "id"))
            .field("channel", .string, .required)
            .field("address", .string, .required)
            .field("role", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int64, .required)
            .field("next_attempt_at", .int64, .required)
            .field("claimed_until", .int64)
            .field("last_error", .string)
            .field("delivered_at", .int64)
            .field("created_at", .int64, .required)
            .create()
        try await sql.create(index: "notify_deliveries_due").on("notify_deliveries").column("status").column("next_attempt_at").run()
        try await sql.create(index: "notify_deliveries_message").on("notify_deliveries").column("message_id").run()
        try await database.schema("mailbox_messages")
            .field("id", .string, .identifier(auto: false))
            .field("pid", .string, .required)
            .field("message_id", .string, .required, .references("notify_messages", "id"))
            .field("sender", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .int64, .required)
            .field("read_at", .int64)
            .create()
        try await sql.create(index: "mailbox_messages_pid").on("mailbox_messages").column("pid").column("read_at").run()
        try await database.schema("print_queue")
            .field("id", .string, .identifier(auto: false))
            .field("message_id", .string, .required, .references("notify_messages", "id"))
            .field("recipient_name", .string, .required)
            .field("street", .string, .required)
            .field("postcode", .string, .required)
            .field("municipality_number", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .int64, .required)
            .field("printed_at", .int64)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["print_queue", "mailbox_messages", "notify_deliveries", "notify_messages"] { try await database.schema(table).delete() }
    }
}
