import Audit
import Foundation
import Identifiers
import Rules
import SQLKit

extension ProtectionCases {
    /// The person's own applications, newest first, with their traces.
    public func mine(_ number: String) async throws -> [Case] {
        let references = try await store.sql.raw("""
            SELECT reference FROM protection_applications WHERE identity_number = \(bind: number) ORDER BY created_at DESC, reference
            """).all().map { try $0.decode(column: "reference", as: String.self) }
        var cases: [Case] = []
        for reference in references {
            if let found = try await open(reference, by: "person:\(number)", audited: false) { cases.append(found) }
        }
        return cases
    }

    /// Why an appeal was refused.
    public enum AppealRefusal: Error, Equatable {
        case notFound
        /// There is no decision yet to appeal: the case is with a caseworker.
        case notDecided
        /// The deadline (the date given) has passed.
        case deadlinePassed(String)
        case alreadyAppealed
        /// The reason is missing or too long (1 to 4,000 characters).
        case reasonRequired
    }

    /// The applicant appeals a decision before its deadline: the case goes back to a caseworker
    /// for a manual check (forvaltningsloven 2025 § 12), with the applicant's reason.
    public func appeal(_ reference: String, by number: String, reason: String, today: CalendarDate, at date: Date = Date()) async throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...4000).contains(reason.count) else { throw AppealRefusal.reasonRequired }
        guard let row = try await store.sql.raw("""
            SELECT status, appeal_deadline FROM protection_applications WHERE reference = \(bind: reference) AND identity_number = \(bind: number)
            """).first() else { throw AppealRefusal.notFound }
        let status = try row.decode(column: "status", as: String.self)
        guard status != "appealed" else { throw AppealRefusal.alreadyAppealed }
        guard status == "granted" || status == "decided", let deadline = try row.decode(column: "appeal_deadline", as: String?.self) else {
            throw AppealRefusal.notDecided
        }
        guard today.description <= deadline else { throw AppealRefusal.deadlinePassed(deadline) }
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let record = AuditRecord(actor: "person:\(number)", subject: number, action: "protection.appeal", purpose: "beskyttelse", legalBasis: "utlendingsloven § 34")
        try await AuditLog(store: store).audited([record], at: date) { sql in
            let updated = try await sql.raw("""
                UPDATE protection_applications SET status = 'appealed', appealed_at = \(bind: milliseconds), appeal_reason = \(bind: reason)
                WHERE reference = \(bind: reference) AND status IN ('granted', 'decided') RETURNING reference
                """).first()
            guard updated != nil else { throw AppealRefusal.alreadyAppealed }
        }
    }
}
