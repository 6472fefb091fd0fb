import FluentKit
import SQLKit

/// 0026: the youth front door's articles, one row per language version (`slug` is shared), with
/// the ages they are written for and when they were last reviewed. Full-text search: on SQLite an
/// FTS5 table kept in step by `YouthArticles` in the same transaction (unicode61, diacritics
/// folded); on PostgreSQL a generated `tsvector` (the 'simple' configuration, so that neither
/// backend stems and both find the same words) with a GIN index.
struct CreateYouthArticles: AsyncMigration {
    var name: String { "0026_CreateYouthArticles" }

    func prepare(on database: any Database) async throws {
        try await database.schema("youth_articles")
            .field("id", .string, .identifier(auto: false))
            .field("slug", .string, .required)
            .field("language", .string, .required)
            .field("topic", .string, .required)
            .field("min_age", .int64, .required)
            .field("max_age", .int64, .required)
            .field("title", .string, .required)
            .field("lead", .string, .required)
            .field("body", .string, .required)
            .field("reviewed_on", .string, .required)
            .field("reviewed_by", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .int64, .required)
            .unique(on: "slug", "language")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "youth_articles_topic").on("youth_articles").column("language").column("topic").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                ALTER TABLE youth_articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', lead), 'B') || to_tsvector('simple', body)) STORED
                """).run()
            try await sql.raw("CREATE INDEX youth_articles_search ON youth_articles USING GIN (search)").run()
        } else {
            try await sql.raw("""
                CREATE VIRTUAL TABLE youth_articles_fts USING fts5(article_id UNINDEXED, title, lead, body, tokenize = 'unicode61 remove_diacritics 2')
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name != "postgresql" { try await sql.raw("DROP TABLE youth_articles_fts").run() }
        try await database.schema("youth_articles").delete()
    }
}
