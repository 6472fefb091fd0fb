import Audit
import Foundation
import SQLKit
import Youth

/// The expert panel's work on the anonymous questions: the queue by discipline, an expert's
/// answer, a second person's review with the redactions, and publication into the searchable
/// archive. Every read and change of a question by staff is audited (the question is anonymous,
/// but what a young person writes may still identify them).
extension YouthQuestions {
    /// A question as the panel sees it.
    public struct PanelQuestion: Sendable, Equatable {
        public let id: String
        public let text: String
        public let age: Int?
        public let gender: String?
        public let county: String?
        public let urgent: Bool
        public let discipline: String
        public let status: String
        public let askedAt: Int64
        public let answer: String?
        public let answeredBy: String?
        public let reviewNote: String?
    }

    /// A published question and answer in the archive.
    public struct ArchivedAnswer: Sendable, Equatable {
        public let id: String
        public let question: String
        public let answer: String
        public let discipline: String
        public let answeredAt: Int64
    }

    /// Why the panel's step was refused.
    public enum PanelRefusal: Error, Equatable, Sendable {
        case notFound
        /// The question has moved on meanwhile (answered, published, or not yet answered).
        case wrongState
        /// The reviewer wrote the answer: review takes a second person.
        case ownAnswer
    }

    static let panelColumns = "id, text, age, gender, county, urgent, discipline, status, asked_at, answer, answered_by, review_note"

    static func panelQuestion(_ row: any SQLRow) throws -> PanelQuestion {
        PanelQuestion(id: try row.decode(column: "id", as: String.self), text: try row.decode(column: "text", as: String.self),
                      age: try row.decode(column: "age", as: Int?.self), gender: try row.decode(column: "gender", as: String?.self),
                      county: try row.decode(column: "county", as: String?.self), urgent: try row.decode(column: "urgent", as: Bool.self),
                      discipline: try row.decode(column: "discipline", as: String?.self) ?? Discipline.nurse.rawValue,
                      status: try row.decode(column: "status", as: String.self), askedAt: try row.decode(column: "asked_at", as: Int64.self),
                      answer: try row.decode(column: "answer", as: String?.self), answeredBy: try row.decode(column: "answered_by", as: String?.self),
                      reviewNote: try row.decode(column: "review_note", as: String?.self))
    }

    static func record(_ actor: String, _ id: String, _ action: String) -> AuditRecord {
        AuditRecord(actor: actor, subject: "youth-question:\(id)", action: action, purpose: "ung-sporsmal", legalBasis: "personvernforordningen art. 6 nr. 1 e")
    }

    /// The disciplines an expert answers for.
    public func disciplines(of pid: String) async throws -> [Discipline] {
        try await store.sql.raw("SELECT discipline FROM youth_experts WHERE pid = \(bind: pid) ORDER BY discipline").all()
            .compactMap { Discipline(rawValue: try $0.decode(column: "discipline", as: String.self)) }
    }

    /// Adds a discipline to an expert (nothing if already held).
    public func add(discipline: Discipline, to pid: String) async throws {
        guard try await !disciplines(of: pid).contains(discipline) else { return }
        try await store.sql.insert(into: "youth_experts").columns("pid", "discipline").values(pid, discipline.rawValue).run()
    }

    /// What waits for the panel: questions to answer and answers to review, urgent first, then oldest.
    public func queue(limit: Int = 200) async throws -> [PanelQuestion] {
        try await store.sql.raw("""
            SELECT \(unsafeRaw: Self.panelColumns) FROM youth_questions WHERE status IN ('queued', 'answered')
            ORDER BY CASE WHEN urgent THEN 0 ELSE 1 END, asked_at LIMIT \(bind: limit)
            """).all().map(Self.panelQuestion)
    }

    /// One question, read by `actor` (audited unless the read is part of a step that is audited
    /// itself); nil when there is none.
    public func open(_ id: String, by actor: String, audited: Bool = true, at date: Date = Date()) async throws -> PanelQuestion? {
        guard id.utf8.count <= 64,
              let row = try await store.sql.raw("SELECT \(unsafeRaw: Self.panelColumns) FROM youth_questions WHERE id = \(bind: id)").first()
        else { return nil }
        if audited { try await AuditLog(store: store).audited([Self.record(actor, id, "youth.question.read")], at: date) { _ in } }
        return try Self.panelQuestion(row)
    }

    /// Runs `update` (which must return a row when it changed one) in an audited transaction;
    /// tells a missing question from one in the wrong state.
    func step(_ id: String, by actor: String, action: String, at date: Date, _ update: @escaping @Sendable (any SQLDatabase) async throws -> (any SQLRow)?) async throws {
        guard id.utf8.count <= 64,
              let row = try await store.sql.raw("SELECT status, answered_by FROM youth_questions WHERE id = \(bind: id)").first() else {
            throw PanelRefusal.notFound
        }
        if action == "youth.answer.publish", try row.decode(column: "answered_by", as: String?.self) == actor { throw PanelRefusal.ownAnswer }
        try await AuditLog(store: store).audited([Self.record(actor, id, action)], at: date) { sql in
            guard try await update(sql) != nil else { throw PanelRefusal.wrongState }
        }
    }

    /// Moves a waiting question to another discipline.
    public func triage(_ id: String, to discipline: Discipline, by actor: String, at date: Date = Date()) async throws {
        try await step(id, by: actor, action: "youth.question.triage", at: date) { sql in
            try await sql.raw("""
                UPDATE youth_questions SET discipline = \(bind: discipline.rawValue) WHERE id = \(bind: id) AND status = 'queued' RETURNING id
                """).first()
        }
    }

    /// An expert's answer to a waiting question; it then waits for review.
    public func answer(_ id: String, text: String, by actor: String, at date: Date = Date()) async throws {
        try await step(id, by: actor, action: "youth.question.answer", at: date) { sql in
            try await sql.raw("""
                UPDATE youth_questions SET status = 'answered', answer = \(bind: text), answered_by = \(bind: actor),
                answered_at = \(bind: Self.milliseconds(date)), review_note = NULL WHERE id = \(bind: id) AND status = 'queued' RETURNING id
                """).first()
        }
    }

    /// The reviewer sends an answer back to the panel with a note; the answer stays as a draft.
    public func sendBack(_ id: String, note: String, by actor: String, at date: Date = Date()) async throws {
        try await step(id, by: actor, action: "youth.answer.return", at: date) { sql in
            try await sql.raw("""
                UPDATE youth_questions SET status = 'queued', review_note = \(bind: note) WHERE id = \(bind: id) AND status = 'answered' RETURNING id
                """).first()
        }
    }

    /// A second person publishes the answer: the question and answer as the reviewer approved
    /// them (identifying details removed), with the removals kept. The young person's reply code
    /// then shows the answer, and the archive finds it.
    public func publish(_ id: String, question: String, answer: String, removals: [Redactor.Removal], by reviewer: String, at date: Date = Date()) async throws {
        let redactions = String(decoding: try JSONEncoder().encode(removals), as: UTF8.self)
        let postgres = store.isPostgres
        try await step(id, by: reviewer, action: "youth.answer.publish", at: date) { sql in
            let row = try await sql.raw("""
                UPDATE youth_questions SET status = 'published', reviewed_by = \(bind: reviewer), reviewed_at = \(bind: Self.milliseconds(date)),
                published_question = \(bind: question), published_answer = \(bind: answer), published_at = \(bind: Self.milliseconds(date)),
                redactions = \(bind: redactions) WHERE id = \(bind: id) AND status = 'answered' AND answered_by <> \(bind: reviewer) RETURNING id
                """).first()
            if row != nil, !postgres {
                try await sql.raw("INSERT INTO youth_answers_fts (question_id, question, answer) VALUES (\(bind: id), \(bind: question), \(bind: answer))").run()
            }
            return row
        }
    }
}
