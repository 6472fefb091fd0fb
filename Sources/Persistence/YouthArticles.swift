import Foundation
import Identifiers
import SQLKit
import Youth

/// The youth front door's articles (`youth_articles`): each language version of an article by
/// slug, its topic and ages, when it was last reviewed, and full-text search over title, lead and
/// body (FTS5 on SQLite, a generated `tsvector` on PostgreSQL). Articles hold no personal data;
/// who saved or reviewed them is kept on the row.
public struct YouthArticles: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// One language version of an article.
    public struct Article: Sendable, Equatable {
        public let id, slug, language, topic, title, lead, body, reviewedOn: String
        public let minimumAge, maximumAge: Int
    }

    static let columns = "id, slug, language, topic, min_age, max_age, title, lead, body, reviewed_on"

    static func article(_ row: any SQLRow) throws -> Article {
        Article(id: try row.decode(column: "id", as: String.self), slug: try row.decode(column: "slug", as: String.self),
                language: try row.decode(column: "language", as: String.self), topic: try row.decode(column: "topic", as: String.self),
                title: try row.decode(column: "title", as: String.self), lead: try row.decode(column: "lead", as: String.self),
                body: try row.decode(column: "body", as: String.self), reviewedOn: try row.decode(column: "reviewed_on", as: String.self),
                minimumAge: try row.decode(column: "min_age", as: Int.self), maximumAge: try row.decode(column: "max_age", as: Int.self))
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// Saves a language version: a new one, or changes to the one with the same slug and language.
    /// With `reviewedOn`, the article is also marked as reviewed that day (a new one must be).
    /// The search index changes in the same transaction.
    @discardableResult
    public func save(_ draft: ArticleDraft, by actor: String, reviewedOn: CalendarDate?, at date: Date = Date()) async throws -> Article {
        try await store.database.transaction { database in
            let sql = database as! any SQLDatabase
            let existing = try await sql.raw("""
                SELECT id, reviewed_on FROM youth_articles WHERE slug = \(bind: draft.slug) AND language = \(bind: draft.language.rawValue)
                """).first()
            let id = try existing?.decode(column: "id", as: String.self) ?? UUID().uuidString.lowercased()
            let reviewed = try reviewedOn?.description ?? existing?.decode(column: "reviewed_on", as: String.self) ?? CalendarDate.inNorway(date).description
            if existing == nil {
                try await sql.insert(into: "youth_articles")
                    .columns("id", "slug", "language", "topic", "min_age", "max_age", "title", "lead", "body", "reviewed_on", "reviewed_by", "updated_by", "updated_at")
                    .values(id, draft.slug, draft.language.rawValue, draft.topic.rawValue, draft.minimumAge, draft.maximumAge, draft.title, draft.lead,
                            draft.body, reviewed, actor, actor, Self.milliseconds(date)).run()
            } else {
                try await sql.raw("""
                    UPDATE youth_articles SET topic = \(bind: draft.topic.rawValue), min_age = \(bind: draft.minimumAge), max_age = \(bind: draft.maximumAge),
                    title = \(bind: draft.title), lead = \(bind: draft.lead), body = \(bind: draft.body), reviewed_on = \(bind: reviewed),
                    reviewed_by = CASE WHEN \(bind: reviewedOn != nil) THEN \(bind: actor) ELSE reviewed_by END,
                    updated_by = \(bind: actor), updated_at = \(bind: Self.milliseconds(date)) WHERE id = \(bind: id)
                    """).run()
            }
            if sql.dialect.name != "postgresql" {
                try await sql.raw("DELETE FROM youth_articles_fts WHERE article_id = \(bind: id)").run()
                try await sql.raw("""
                    INSERT INTO youth_articles_fts (article_id, title, lead, body) VALUES (\(bind: id), \(bind: draft.title), \(bind: draft.lead), \(bind: draft.body))
                    """).run()
            }
            return Article(id: id, slug: draft.slug, language: draft.language.rawValue, topic: draft.topic.rawValue, title: draft.title, lead: draft.lead,
                           body: draft.body, reviewedOn: reviewed, minimumAge: draft.minimumAge, maximumAge: draft.maximumAge)
        }
    }

    /// Marks a language version as reviewed on `day` by `actor`; false when there is no such article.
    @discardableResult
    public func markReviewed(_ slug: String, language: String, by actor: String, on day: CalendarDate) async throws -> Bool {
        try await store.sql.raw("""
            UPDATE youth_articles SET reviewed_on = \(bind: day.description), reviewed_by = \(bind: actor)
            WHERE slug = \(bind: slug) AND language = \(bind: language) RETURNING id
            """).first() != nil
    }

    /// One language version, if there is one.
    public func article(_ slug: String, language: String) async throws -> Article? {
        guard slug.utf8.count <= 80 else { return nil }
        return try await store.sql.raw("SELECT \(unsafeRaw: Self.columns) FROM youth_articles WHERE slug = \(bind: slug) AND language = \(bind: language)")
            .first().map(Self.article)
    }

    /// The languages an article is written in.
    public func languages(of slug: String) async throws -> [String] {
        try await store.sql.raw("SELECT language FROM youth_articles WHERE slug = \(bind: slug) ORDER BY language").all()
            .map { try $0.decode(column: "language", as: String.self) }
    }

    /// The articles in `language`, of a topic and for an age when given, by title.
    public func list(language: String, topic: String? = nil, age: Int? = nil, limit: Int = 200) async throws -> [Article] {
        try await store.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM youth_articles WHERE language = \(bind: language)
            AND (\(bind: topic == nil) OR topic = \(bind: topic ?? "")) AND (\(bind: age == nil) OR (min_age <= \(bind: age ?? 0) AND max_age >= \(bind: age ?? 0)))
            ORDER BY title, slug LIMIT \(bind: limit)
            """).all().map(Self.article)
    }

    /// The best matches for `query` in `language` (for `age` when given): title counts most,
    /// then the lead, then the body.
    public func search(_ query: FullTextQuery, language: String, age: Int? = nil, limit: Int = 20) async throws -> [Article] {
        let columns = Self.columns.split(separator: ", ").map { "a.\($0)" }.joined(separator: ", ")
        let filter: SQLQueryString = "a.language = \(bind: language) AND (\(bind: age == nil) OR (a.min_age <= \(bind: age ?? 0) AND a.max_age >= \(bind: age ?? 0)))"
        if store.sql.dialect.name == "postgresql" {
            return try await store.sql.raw("""
                SELECT \(unsafeRaw: columns) FROM youth_articles a WHERE a.search @@ to_tsquery('simple', \(bind: query.tsquery)) AND \(filter)
                ORDER BY ts_rank(a.search, to_tsquery('simple', \(bind: query.tsquery))) DESC, a.title LIMIT \(bind: limit)
                """).all().map(Self.article)
        }
        return try await store.sql.raw("""
            SELECT \(unsafeRaw: columns) FROM youth_articles_fts f JOIN youth_articles a ON a.id = f.article_id
            WHERE youth_articles_fts MATCH \(bind: query.fts5) AND \(filter)
            ORDER BY bm25(youth_articles_fts, 0.0, 10.0, 5.0, 1.0), a.title LIMIT \(bind: limit)
            """).all().map(Self.article)
    }
}
