import FluentKit
import SQLKit

/// 0025: the agencies' network. `network_updates` holds the short updates agencies post, each
/// with the journey services it affects (step ids, comma-separated) and its ISO week;
/// `network_subscribers` the e-mail addresses that get the weekly digest, each with the token of
/// its unsubscribe link; `network_digests` which week's digest went to whom (once each).
struct CreateAgencyNetwork: AsyncMigration {
    var name: String { "0025_CreateAgencyNetwork" }

    func prepare(on database: any Database) async throws {
        try await database.schema("network_updates")
            .field("id", .string, .identifier(auto: false))
            .field("organisation_number", .string, .required)
            .field("text", .string, .required)
            .field("services", .string, .required)
            .field("week", .string, .required)
            .field("posted_by", .string, .required)
            .field("posted_at", .int64, .required)
            .create()
        try await database.schema("network_subscribers")
            .field("id", .string, .identifier(auto: false))
            .field("email", .string, .required)
            .field("language", .string, .required)
            .field("subscribed_by", .string, .required)          // the staff member (pid) who subscribed
            .field("unsubscribe_token", .string, .required)
            .field("created_at", .int64, .required)
            .unique(on: "email")
            .unique(on: "unsubscribe_token")
            .create()
        try await database.schema("network_digests")
            .field("week", .string, .required)
            .field("subscriber_id", .string, .required)
            .field("message_id", .string)                        // nil: nothing was posted that week
            .field("sent_at", .int64, .required)
            .unique(on: "week", "subscriber_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "network_updates_week").on("network_updates").column("week").column("organisation_number").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["network_digests", "network_subscribers", "network_updates"] { try await database.schema(table).delete() }
    }
}
