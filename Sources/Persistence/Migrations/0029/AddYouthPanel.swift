import FluentKit
import SQLKit

/// 0029: the expert panel's work on the anonymous questions. Each expert's disciplines
/// (`youth_experts`); on a question, the answer's review and what is published: the question and
/// answer with identifying details removed, the removals the reviewer saw (JSON), and a note when
/// the reviewer sent it back. The archive is searched like the articles: an FTS5 table kept in
/// step on SQLite, a generated `tsvector` ('simple') with a GIN index on PostgreSQL.
struct AddYouthPanel: AsyncMigration {
    var name: String { "0029_AddYouthPanel" }

    func prepare(on database: any Database) async throws {
        try await database.schema("youth_experts")
            .field("pid", .string, .required)
            .field("discipline", .string, .required)
            .unique(on: "pid", "discipline")
            .create()
        for (field, type) in [("reviewed_by", DatabaseSchema.DataType.string), ("reviewed_at", .int64), ("published_question", .string),
                              ("published_answer", .string), ("published_at", .int64), ("redactions", .string), ("review_note", .string)] {
            try await database.schema("youth_questions").field(.definition(name: .key(.string(field)), dataType: type, constraints: [])).update()
        }
        let sql = database as! any SQLDatabase
        try await sql.create(index: "youth_questions_discipline").on("youth_questions").column("discipline").column("status").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                ALTER TABLE youth_questions ADD COLUMN search tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', coalesce(published_question, '')), 'A') || to_tsvector('simple', coalesce(published_answer, ''))) STORED
                """).run()
            try await sql.raw("CREATE INDEX youth_questions_search ON youth_questions USING GIN (search)").run()
        } else {
            try await sql.raw("""
                CREATE VIRTUAL TABLE youth_answers_fts USING fts5(question_id UNINDEXED, question, answer, tokenize = 'unicode61 remove_diacritics 2')
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name != "postgresql" { try await sql.raw("DROP TABLE youth_answers_fts").run() }
        try await database.schema("youth_experts").delete()
    }
}
