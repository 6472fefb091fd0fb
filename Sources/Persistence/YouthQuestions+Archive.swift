import SQLKit
import Youth

/// The searchable archive of published answers: only what a reviewer approved (identifying
/// details removed) is read here, and nothing here is personal data.
extension YouthQuestions {
    static let archiveColumns = "q.id, q.published_question, q.published_answer, q.discipline, q.answered_at"

    static func archived(_ row: any SQLRow) throws -> ArchivedAnswer {
        ArchivedAnswer(id: try row.decode(column: "id", as: String.self), question: try row.decode(column: "published_question", as: String.self),
                       answer: try row.decode(column: "published_answer", as: String.self),
                       discipline: try row.decode(column: "discipline", as: String?.self) ?? Discipline.nurse.rawValue,
                       answeredAt: try row.decode(column: "answered_at", as: Int64.self))
    }

    /// The newest published answers.
    public func latest(limit: Int = 20) async throws -> [ArchivedAnswer] {
        try await store.sql.raw("""
            SELECT \(unsafeRaw: Self.archiveColumns) FROM youth_questions q WHERE q.status = 'published' ORDER BY q.published_at DESC LIMIT \(bind: limit)
            """).all().map(Self.archived)
    }

    /// One published answer; nil for anything else.
    public func archived(_ id: String) async throws -> ArchivedAnswer? {
        guard id.utf8.count <= 64 else { return nil }
        return try await store.sql.raw("""
            SELECT \(unsafeRaw: Self.archiveColumns) FROM youth_questions q WHERE q.id = \(bind: id) AND q.status = 'published'
            """).first().map(Self.archived)
    }

    /// The best matches for `query`: the question counts more than the answer. With `anyWord`,
    /// an answer matching any of the words is found (for similar questions; more words rank higher).
    public func search(_ query: FullTextQuery, anyWord: Bool = false, limit: Int = 20) async throws -> [ArchivedAnswer] {
        let (tsquery, fts5) = anyWord ? (query.tsqueryAny, query.fts5Any) : (query.tsquery, query.fts5)
        if store.isPostgres {
            return try await store.sql.raw("""
                SELECT \(unsafeRaw: Self.archiveColumns) FROM youth_questions q
                WHERE q.status = 'published' AND q.search @@ to_tsquery('simple', \(bind: tsquery))
                ORDER BY ts_rank(q.search, to_tsquery('simple', \(bind: tsquery))) DESC, q.published_at DESC LIMIT \(bind: limit)
                """).all().map(Self.archived)
        }
        // Ranked and cut inside the full-text table first (only published answers are in it), so
        // that only the best `limit` rows are joined, not every match.
        return try await store.sql.raw("""
            SELECT \(unsafeRaw: Self.archiveColumns) FROM (
                SELECT question_id, bm25(youth_answers_fts, 0.0, 3.0, 1.0) AS score FROM youth_answers_fts
                WHERE youth_answers_fts MATCH \(bind: fts5) ORDER BY score LIMIT \(bind: limit)
            ) f JOIN youth_questions q ON q.id = f.question_id WHERE q.status = 'published' ORDER BY f.score, q.published_at DESC
            """).all().map(Self.archived)
    }
}
