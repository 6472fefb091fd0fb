import FluentKit
import SQLKit

/// 0012: the status feed of the notify block: one row each time a delivery is delivered or
/// finally fails, numbered in commit order, read by the sender with a cursor (as in Altinn
/// Notifications).
struct CreateNotifyStatusFeed: AsyncMigration {
    var name: String { "0012_CreateNotifyStatusFeed" }

    func prepare(on database: any Database) async throws {
        try await database.schema("notify_status_feed")
            .field("seq", .int64, .identifier(auto: true))
            .field("organisation_number", .string, .required)
            .field("message_id", .string, .required)
            .field("channel", .string, .required)
            .field("role", .string, .required)
            .field("status", .string, .required)
            .field("error", .string)
            .field("recorded_at", .int64, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "notify_status_feed_organisation")
            .on("notify_status_feed").column("organisation_number").column("seq").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("notify_status_feed").delete()
    }
}
