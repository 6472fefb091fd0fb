import Audit
import Foundation
import Identifiers
import SQLKit
import Trust

/// The signed decision letters of protection decisions: which decisions are still owed a letter,
/// the sealed decision each letter carries (made once per decision and kept, so that a retry sends
/// the same letter), and the public check of whether a sealed decision is still the one in force.
public struct ProtectionLetters: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// Who seals and sends, in the audit log: the immigration directorate's letter service.
    public static let actor = "client:\(ProtectionCases.authority)/vedtaksbrev"
    /// The duty to tell a party of a decision.
    public static let legalBasis = "forvaltningsloven § 27"
    /// The legal basis of the decisions themselves, as the letter and the seal name it.
    public static let decisionBasis = "utlendingsloven § 34"

    /// One sealed decision, with what the letter needs besides it.
    public struct Sealed: Sendable {
        public let code: String
        public let decision: SealedDecision
        public let identityNumber: String
        /// The notify message that already carried it, if any.
        public let messageID: String?
    }

    /// Where a decision that verifies stands now.
    public enum Standing: String, Sendable {
        /// It is the decision in force.
        case current
        /// The person has appealed it; a caseworker is looking at the case again.
        case appealed
        /// A later decision replaced it.
        case replaced
        /// There is no application with its reference here (for example a copy from another installation).
        case unknown
    }

    /// Decisions owed a letter, oldest first.
    public func owed(limit: Int = 50) async throws -> [String] {
        try await store.sql.raw("""
            SELECT reference FROM protection_applications
            WHERE status IN ('granted', 'decided') AND outcome IS NOT NULL AND decided_at IS NOT NULL
            AND (letter_code IS NULL OR letter_code_for IS NULL OR letter_code_for <> decided_at OR letter_message_id IS NULL)
            ORDER BY decided_at, reference LIMIT \(bind: limit)
            """).all().map { try $0.decode(column: "reference", as: String.self) }
    }

    /// The sealed decision for the case's current decision: the one kept, or a new one from `seal`,
    /// kept with an audit record in one transaction. Nil when the case has no decision to tell.
    public func sealed(_ reference: String, seal: (SealedDecision) throws -> String, at date: Date = Date()) async throws -> Sealed? {
        guard let row = try await store.sql.raw("""
            SELECT a.identity_number, a.status, a.outcome, a.decided_at, a.decided_by, a.letter_code, a.letter_code_for, a.letter_message_id,
            i.given_name, i.family_name, i.birth_date FROM protection_applications a JOIN arrival_intakes i ON i.id = a.intake_id
            WHERE a.reference = \(bind: reference)
            """).first(),
              ["granted", "decided"].contains(try row.decode(column: "status", as: String.self)),
              let outcome = try row.decode(column: "outcome", as: String?.self),
              let decidedAt = try row.decode(column: "decided_at", as: Int64?.self) else { return nil }
        let number = try row.decode(column: "identity_number", as: String.self)
        let decision = SealedDecision(
            reference: reference, name: "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self))",
            birthDate: try row.decode(column: "birth_date", as: String.self), outcome: outcome, legalBasis: Self.decisionBasis,
            decidedOn: CalendarDate.inNorway(Date(timeIntervalSince1970: Double(decidedAt) / 1000)).description,
            authority: ProtectionCases.authority,
            method: (try row.decode(column: "decided_by", as: String?.self))?.hasPrefix("rules:") == true ? "automated" : "manual")
        if let code = try row.decode(column: "letter_code", as: String?.self), try row.decode(column: "letter_code_for", as: Int64?.self) == decidedAt {
            return Sealed(code: code, decision: decision, identityNumber: number, messageID: try row.decode(column: "letter_message_id", as: String?.self))
        }
        let code = try seal(decision)
        let record = AuditRecord(actor: Self.actor, subject: number, action: "protection.letter.seal", purpose: "beskyttelse", legalBasis: Self.legalBasis)
        let kept = try await AuditLog(store: store).audited([record], at: date) { sql in
            try await sql.raw("""
                UPDATE protection_applications SET letter_code = \(bind: code), letter_code_for = \(bind: decidedAt), letter_message_id = NULL
                WHERE reference = \(bind: reference) AND decided_at = \(bind: decidedAt) AND status IN ('granted', 'decided') RETURNING reference
                """).first() != nil
        }
        // A decision made meanwhile (after an appeal) gets its own letter at the next run.
        return kept ? Sealed(code: code, decision: decision, identityNumber: number, messageID: nil) : nil
    }

    /// The marker a simulated decision carries instead of a letter.
    public static let simulated = "simulated"

    /// Marks the decisions of simulated applications (`tverr simulate arrival`) as needing no
    /// letter, so that the letter service does not write tens of thousands of PDFs to invented
    /// people. A later decision on the same case (after an appeal) is owed a letter as usual.
    public func markSimulated(_ references: [String]) async throws {
        try await store.sql.run("""
            UPDATE protection_applications SET letter_code = \(bind: Self.simulated), letter_code_for = decided_at,
            letter_message_id = \(bind: Self.simulated) WHERE decided_at IS NOT NULL AND letter_message_id IS NULL AND reference IN
            """, in: references)
    }

    /// Records that `messageID` carried the letter with `code`.
    public func markSent(_ reference: String, code: String, messageID: String) async throws {
        try await store.sql.raw("""
            UPDATE protection_applications SET letter_message_id = \(bind: messageID)
            WHERE reference = \(bind: reference) AND letter_code = \(bind: code)
            """).run()
    }

    /// Where the decision sealed in `code` stands. Called only for a code whose signature
    /// verified; the look-up is audited, since it touches the person's case.
    public func standing(of decision: SealedDecision, code: String, at date: Date = Date()) async throws -> Standing {
        guard let row = try await store.sql.raw("""
            SELECT identity_number, status, letter_code FROM protection_applications WHERE reference = \(bind: decision.reference)
            """).first() else { return .unknown }
        let number = try row.decode(column: "identity_number", as: String.self)
        try await AuditLog(store: store).appendCommitted(AuditRecord(
            actor: "public:decision-check", subject: number, action: "protection.letter.check",
            purpose: "kontroll av vedtak", legalBasis: Self.legalBasis), at: date)
        guard try row.decode(column: "letter_code", as: String?.self) == code else { return .replaced }
        return try row.decode(column: "status", as: String.self) == "appealed" ? .appealed : .current
    }
}
