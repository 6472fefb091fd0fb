import Audit
import Foundation
import Identifiers
import Rules
import SQLKit

/// The caseworker's side of protection applications: the queue of those the rules sent to a
/// person (and appeals), one case with its trace, and the caseworker's decision with a written
/// reason. Reading a case and deciding it are audited; a decision raises an event.
public struct ProtectionCases: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// The immigration directorate, whose caseworkers decide these cases.
    public static let authority = "974760746"

    /// One application in the queue.
    public struct QueueEntry: Sendable, Equatable {
        public let reference: String
        public let name: String
        public let appliedOn: String
        public let status: String
        public let reasons: [String]
    }

    /// One case as the caseworker sees it.
    public struct Case: Sendable {
        public let reference: String
        public let identityNumber: String
        public let name: String
        public let nameNative: String?
        public let birthDate: String
        public let nationality: String
        public let language: String
        public let appliedOn: String
        public let status: String
        public let trace: DecisionTrace
        public let outcome: String?
        public let decidedBy: String?
        public let decisionReason: String?
        public let appealDeadline: String?
        public let appealReason: String?
    }

    /// Why a decision was refused.
    public enum Refusal: Error, Equatable {
        case notFound
        /// The case is already decided and not under appeal.
        case alreadyDecided
        /// The written reason is missing or too short (at least 20 characters, at most 4,000).
        case reasonRequired
        case unknownOutcome
    }

    /// Applications waiting for a caseworker, oldest first: those the rules routed, and appeals.
    public func queue(limit: Int = 200) async throws -> [QueueEntry] {
        try await store.sql.raw("""
            SELECT a.reference, a.applied_on, a.status, a.reasons, i.given_name, i.family_name FROM protection_applications a
            JOIN arrival_intakes i ON i.id = a.intake_id WHERE a.status IN ('routed', 'appealed')
            ORDER BY a.created_at, a.reference LIMIT \(bind: limit)
            """).all().map { row in
            QueueEntry(reference: try row.decode(column: "reference", as: String.self),
                       name: "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self))",
                       appliedOn: try row.decode(column: "applied_on", as: String.self), status: try row.decode(column: "status", as: String.self),
                       reasons: try row.decode(column: "reasons", as: String.self).split(separator: ",").map(String.init))
        }
    }

    /// One case, read for `actor` (audited); nil when there is none.
    public func open(_ reference: String, by actor: String, audited: Bool = true, at date: Date = Date()) async throws -> Case? {
        guard let row = try await store.sql.raw("""
            SELECT a.*, i.given_name, i.family_name, i.given_name_native, i.family_name_native, i.birth_date, i.nationality, i.language
            FROM protection_applications a JOIN arrival_intakes i ON i.id = a.intake_id WHERE a.reference = \(bind: reference)
            """).first() else { return nil }
        let number = try row.decode(column: "identity_number", as: String.self)
        if audited {
            try await AuditLog(store: store).audited([AuditRecord(actor: actor, subject: number, action: "protection.case.read",
                                                                  purpose: "beskyttelse", legalBasis: "utlendingsloven § 34")], at: date) { _ in }
        }
        let native = [try row.decode(column: "given_name_native", as: String?.self), try row.decode(column: "family_name_native", as: String?.self)]
            .compactMap { $0 }.joined(separator: " ")
        return Case(
            reference: reference, identityNumber: number,
            name: "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self))",
            nameNative: native.isEmpty ? nil : native, birthDate: try row.decode(column: "birth_date", as: String.self),
            nationality: try row.decode(column: "nationality", as: String.self), language: try row.decode(column: "language", as: String.self),
            appliedOn: try row.decode(column: "applied_on", as: String.self), status: try row.decode(column: "status", as: String.self),
            trace: try JSONDecoder().decode(DecisionTrace.self, from: Data(try row.decode(column: "trace", as: String.self).utf8)),
            outcome: try row.decode(column: "outcome", as: String?.self), decidedBy: try row.decode(column: "decided_by", as: String?.self),
            decisionReason: try row.decode(column: "decision_reason", as: String?.self),
            appealDeadline: try row.decode(column: "appeal_deadline", as: String?.self), appealReason: try row.decode(column: "appeal_reason", as: String?.self)
        )
    }

    /// The caseworker's decision: grant or refuse, with a written reason. Only a case that is
    /// waiting (routed by the rules, or appealed) can be decided, and only once.
    public func decide(_ reference: String, outcome: String, reason: String, by actor: String, today: CalendarDate,
                       at date: Date = Date()) async throws {
        guard ["grant", "refuse"].contains(outcome) else { throw Refusal.unknownOutcome }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (20...4000).contains(reason.count) else { throw Refusal.reasonRequired }
        guard let row = try await store.sql.raw("SELECT identity_number, status FROM protection_applications WHERE reference = \(bind: reference)").first() else {
            throw Refusal.notFound
        }
        let number = try row.decode(column: "identity_number", as: String.self)
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let record = AuditRecord(actor: actor, subject: number, action: "protection.decide.manual", purpose: "beskyttelse", legalBasis: "utlendingsloven § 34")
        try await AuditLog(store: store).audited([record], at: date) { sql in
            let updated = try await sql.raw("""
                UPDATE protection_applications SET status = 'decided', outcome = \(bind: outcome), decided_by = \(bind: actor),
                decision_reason = \(bind: reason), decided_at = \(bind: milliseconds), appeal_deadline = \(bind: today.adding(days: IntakeRows.appealDays).description)
                WHERE reference = \(bind: reference) AND status IN ('routed', 'appealed') RETURNING reference
                """).first()
            guard updated != nil else { throw Refusal.alreadyDecided }
            try await Outbox.append(type: "no.tverr.protection.decided.v1", subject: number,
                                    data: ProtectionDecidedEvent(reference: reference, outcome: outcome, reasons: [], decidedBy: actor, ruleVersion: nil),
                                    on: sql, at: date, source: "/tverr/arrival")
        }
    }
}
