import FluentKit
import SQLKit

/// 0019: test results from laboratories and test sites, and the tracing they start.
/// - `test_results` gains `digest` (the SHA-256 of what the result says, so that a resubmitted
///   sample is told apart from a different result under the same sample id), the submitting
///   `organisation_number`, the `source` (`laboratory`, `portal` or `demo`) and `corrected_at`;
/// - `test_result_corrections`: every correction, with the result before and after and the reason;
/// - `tracing_cases`: a case in the person's municipality (the national queue for someone with no
///   address) for each positive result, open until a tracer closes it with an outcome;
/// - `tracing_contacts`: the close contacts a tracer records, by national identity number or by
///   name and phone, and when each was told.
struct CreateResultIntake: AsyncMigration {
    var name: String { "0019_CreateResultIntake" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for column in ["digest TEXT", "organisation_number TEXT", "source TEXT", "corrected_at BIGINT"] {
            try await sql.raw("ALTER TABLE test_results ADD COLUMN \(unsafeRaw: column)").run()
        }
        try await database.schema("test_result_corrections")
            .field("id", .string, .identifier(auto: false))
            .field("result_id", .string, .required, .references("test_results", "id"))
            .field("person", .string, .required)
            .field("before", .string, .required)
            .field("after", .string, .required)
            .field("reason", .string, .required)
            .field("corrected_by", .string, .required)
            .field("corrected_at", .int64, .required)
            .create()
        try await database.schema("tracing_cases")
            .field("id", .string, .identifier(auto: false))
            .field("person", .string, .required)
            .field("municipality_number", .string, .references("municipalities", "number")) // none: the national queue
            .field("result_id", .string, .required, .references("test_results", "id"))
            .field("status", .string, .required)              // open | closed
            .field("tracer", .string)
            .field("outcome", .string)
            .field("note", .string)
            .field("opened_at", .int64, .required)
            .field("updated_at", .int64, .required)
            .field("closed_at", .int64)
            .unique(on: "result_id")
            .create()
        try await database.schema("tracing_contacts")
            .field("id", .string, .identifier(auto: false))
            .field("case_id", .string, .required, .references("tracing_cases", "id"))
            .field("person", .string)
            .field("name", .string)
            .field("phone", .string)
            .field("last_contact", .string, .required)        // YYYY-MM-DD
            .field("message_id", .string)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .int64, .required)
            .create()
        try await sql.raw("CREATE INDEX test_result_corrections_result ON test_result_corrections (result_id, corrected_at)").run()
        try await sql.raw("CREATE INDEX test_results_collected ON test_results (sample_collected)").run()
        try await sql.raw("CREATE INDEX tracing_cases_queue ON tracing_cases (municipality_number, status, opened_at)").run()
        try await sql.raw("CREATE INDEX tracing_contacts_case ON tracing_contacts (case_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["tracing_contacts", "tracing_cases", "test_result_corrections"] { try await database.schema(table).delete() }
        let sql = database as! any SQLDatabase
        for column in ["corrected_at", "source", "organisation_number", "digest"] {
            try await sql.raw("ALTER TABLE test_results DROP COLUMN \(unsafeRaw: column)").run()
        }
    }
}
