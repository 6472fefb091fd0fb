import FluentKit

/// 0010: versioned message templates, per organisation. Each save is a new version with one
/// variant per channel and language; sent messages name the version they used.
struct CreateNotifyTemplates: AsyncMigration {
    var name: String { "0010_CreateNotifyTemplates" }

    func prepare(on database: any Database) async throws {
        try await database.schema("notify_templates")
            .field("organisation_number", .string, .required)
            .field("template_id", .string, .required)
            .field("version", .int64, .required)
            .field("name", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .int64, .required)
            .unique(on: "organisation_number", "template_id", "version")
            .create()
        try await database.schema("notify_template_variants")
            .field("organisation_number", .string, .required)
            .field("template_id", .string, .required)
            .field("version", .int64, .required)
            .field("channel", .string, .required)
            .field("language", .string, .required)
            .field("subject", .string)
            .field("body", .string, .required)
            .field("lix", .double, .required)
            .unique(on: "organisation_number", "template_id", "version", "channel", "language")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["notify_template_variants", "notify_templates"] { try await database.schema(table).delete() }
    }
}
