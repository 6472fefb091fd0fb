import Crypto
import Foundation
import SQLKit
import Youth

/// Anonymous questions to the youth expert panel ("Spør oss"): asked without a login, read back
/// with a private reply code. Nothing links a question to a person: no name, no account, no
/// address is stored (the rate limit per client lives in memory only).
public struct YouthQuestions: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// What the young person sees with their code.
    public struct Status: Sendable, Equatable {
        public let status: String
        public let text: String
        public let askedAt: Int64
        public let answer: String?
    }

    static func digest(_ code: String) -> String {
        NotifyMessages.hex(SHA256.hash(data: Data(code.utf8)))
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// Queues a question; returns its reply code (shown once, never stored as it is).
    public func ask(_ question: QuestionDraft, language: String, at date: Date = Date()) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let concerns = UrgentHelp.concerns(in: question.text)
        while true {
            let code = ReplyCode.generate(using: &generator)
            do {
                try await store.sql.insert(into: "youth_questions")
                    .columns("id", "reply_digest", "language", "text", "age", "gender", "county", "urgent", "concerns", "discipline", "status", "asked_at")
                    .values(UUID().uuidString.lowercased(), Self.digest(ReplyCode.normalise(code)!), language, question.text, question.age, question.gender,
                            question.county, !concerns.isEmpty, concerns.map(\.rawValue).joined(separator: ","), Triage.suggest(question.text).rawValue,
                            "queued", Self.milliseconds(date)).run()
                return code
            } catch where Store.isUniqueViolation(error, column: "reply_digest") {
                continue // the same code drawn twice: draw again
            }
        }
    }

    /// The question a reply code opens, or nil for any code that opens none (malformed, unknown
    /// or mistyped alike: a wrong code reveals nothing).
    public func status(code typed: String) async throws -> Status? {
        guard typed.utf8.count <= 64, let code = ReplyCode.normalise(typed) else { return nil }
        return try await store.sql.raw("""
            SELECT status, text, asked_at, published_answer AS answer FROM youth_questions WHERE reply_digest = \(bind: Self.digest(code))
            """).first().map { row in
            let status = try row.decode(column: "status", as: String.self)
            return Status(status: status, text: try row.decode(column: "text", as: String.self), askedAt: try row.decode(column: "asked_at", as: Int64.self),
                          answer: status == "published" ? try row.decode(column: "answer", as: String?.self) : nil)
        }
    }

    /// How many questions wait, and how many of them are urgent.
    public func queued() async throws -> (all: Int, urgent: Int) {
        let row = try await store.sql.raw("""
            SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN urgent THEN 1 ELSE 0 END), 0) AS u FROM youth_questions WHERE status = 'queued'
            """).first()
        return (try row?.decode(column: "n", as: Int.self) ?? 0, try row?.decode(column: "u", as: Int.self) ?? 0)
    }
}
