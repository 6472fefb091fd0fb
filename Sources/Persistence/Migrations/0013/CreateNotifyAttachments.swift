import FluentKit
import SQLKit

/// 0013: attachments. A file is stored once by its SHA-256, however many messages carry it (the
/// same leaflet to 10,000 people is one row); each message names its files in order.
struct CreateNotifyAttachments: AsyncMigration {
    var name: String { "0013_CreateNotifyAttachments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("notify_files")
            .field("sha256", .string, .identifier(auto: false))
            .field("content_type", .string, .required)
            .field("size", .int64, .required)
            .field("data", .data, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("notify_attachments")
            .field("message_id", .string, .required)
            .field("position", .int, .required)
            .field("filename", .string, .required)
            .field("sha256", .string, .required)
            .compositeIdentifier(over: "message_id", "position")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["notify_attachments", "notify_files"] { try await database.schema(table).delete() }
    }
}
