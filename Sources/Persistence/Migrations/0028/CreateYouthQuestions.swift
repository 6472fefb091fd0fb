import FluentKit
import SQLKit

/// 0028: anonymous questions to the expert panel. A question carries no name and no login; the
/// young person reads the answer with a private reply code, kept only as its SHA-256 digest. Age,
/// gender and county are optional. `urgent` and `concerns` say what urgent help was shown. The
/// answer, its review and the redacted text that is published come in later steps.
struct CreateYouthQuestions: AsyncMigration {
    var name: String { "0028_CreateYouthQuestions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("youth_questions")
            .field("id", .string, .identifier(auto: false))
            .field("reply_digest", .string, .required)
            .field("language", .string, .required)
            .field("text", .string, .required)
            .field("age", .int64)
            .field("gender", .string)
            .field("county", .string)
            .field("urgent", .bool, .required)
            .field("concerns", .string, .required)          // comma-separated UrgentHelp.Concern values, or empty
            .field("discipline", .string)                   // set at triage
            .field("status", .string, .required)            // queued | answered | published | rejected
            .field("asked_at", .int64, .required)
            .field("answer", .string)
            .field("answered_by", .string)
            .field("answered_at", .int64)
            .unique(on: "reply_digest")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "youth_questions_queue").on("youth_questions").column("status").column("urgent").column("asked_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("youth_questions").delete()
    }
}
