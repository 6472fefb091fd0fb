import Audit
import Foundation
import Identifiers
import Identity
import Localization
import SQLKit

/// Contact tracing: the cases positive results open, each in the municipality of the person's
/// address (the national queue for someone with none), the close contacts a tracer records, and
/// the outcome the case is closed with. A tracer sees only what tracing needs: the person's
/// name, mobile number and the day of the sample, never the test itself.
public struct TracingCases: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// The ways a case can be closed.
    public static let outcomes = ["contacts-traced", "no-contacts", "not-reachable", "moved", "result-corrected"]
    /// The tracing notices' template and sender id.
    public static let template = "tracing-contact", clientID = "tverr-tracing"
    static let purpose = "smittesporing", legalBasis = "smittevernloven-3-6"

    /// A case as the tracer sees it.
    public struct Case: Sendable, Equatable {
        public var id: String, person: String, name: String, mobile: String?, municipality: String?
        /// When the sample was taken, seconds since 1970.
        public var sampleCollected: Int64
        public var status: String, outcome: String?, openedAt: Int64
    }

    /// A recorded close contact.
    public struct Contact: Sendable, Equatable {
        public var name: String, phone: String?, person: String?, lastContact: String, notified: Bool
    }

    /// Why a tracer's entry was refused: the field and the kind.
    public struct Refusal: Error, Sendable, Equatable {
        public var field: String
        public var kind: Kind
        public enum Kind: String, Sendable { case missing, malformed, unknownPerson, closed, notFound, dateOutOfRange }
        public init(_ kind: Kind, field: String) { (self.kind, self.field) = (kind, field) }
    }

    static func citation() -> String { ExchangeCatalogue.legalBasis(legalBasis)!.citation }

    static let caseColumns = """
        c.id, c.person, c.municipality_number, c.status, c.outcome, c.opened_at, r.sample_collected, p.given_name, p.family_name, k.mobile
        """
    static let caseJoins = """
        FROM tracing_cases c JOIN test_results r ON r.id = c.result_id JOIN persons p ON p.identity_number = c.person
        LEFT JOIN contact_details k ON k.person_id = p.id
        """

    static func decode(_ row: any SQLRow) throws -> Case {
        Case(id: try row.decode(column: "id", as: String.self), person: try row.decode(column: "person", as: String.self),
             name: "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self))",
             mobile: try row.decode(column: "mobile", as: String?.self), municipality: try row.decode(column: "municipality_number", as: String?.self),
             sampleCollected: try row.decode(column: "sample_collected", as: Int64.self), status: try row.decode(column: "status", as: String.self),
             outcome: try row.decode(column: "outcome", as: String?.self), openedAt: try row.decode(column: "opened_at", as: Int64.self))
    }

    /// The open cases of `municipality` (nil: the national queue, cases with no municipality),
    /// oldest first, at most 500; each case shown is audited for `actor`.
    public func queue(municipality: String?, actor: String) async throws -> [Case] {
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.caseColumns) \(unsafeRaw: Self.caseJoins) WHERE c.status = 'open' AND ")
        if let municipality { query.appendLiteral("c.municipality_number = "); query.appendInterpolation(bind: municipality) }
        else { query.appendLiteral("c.municipality_number IS NULL") }
        query.appendLiteral(" ORDER BY c.opened_at, c.id LIMIT 500")
        let cases = try await store.sql.raw(query).all().map(Self.decode)
        try await AuditLog(store: store).appendCommitted(cases.map {
            AuditRecord(actor: actor, subject: $0.person, action: "pandemic.tracing.queue.read", purpose: Self.purpose, legalBasis: Self.citation())
        })
        return cases
    }

    /// One case, audited for `actor`; nil when there is no such case.
    public func tracingCase(_ id: String, actor: String) async throws -> Case? {
        guard id.utf8.count <= 64,
              let found = try await store.sql.raw("SELECT \(unsafeRaw: Self.caseColumns) \(unsafeRaw: Self.caseJoins) WHERE c.id = \(bind: id)").first()
        else { return nil }
        let tracingCase = try Self.decode(found)
        try await AuditLog(store: store).appendCommitted(AuditRecord(actor: actor, subject: tracingCase.person, action: "pandemic.tracing.case.read",
                                                                     purpose: Self.purpose, legalBasis: Self.citation()))
        return tracingCase
    }

    /// The contacts recorded for a case, in the order recorded.
    public func contacts(of id: String) async throws -> [Contact] {
        try await store.sql.raw("""
            SELECT t.person, t.name, t.phone, t.last_contact, t.message_id, p.given_name, p.family_name FROM tracing_contacts t
            LEFT JOIN persons p ON p.identity_number = t.person WHERE t.case_id = \(bind: id) ORDER BY t.recorded_at, t.id
            """).all().map { row in
                let given = try row.decode(column: "given_name", as: String?.self), family = try row.decode(column: "family_name", as: String?.self)
                let typed = try row.decode(column: "name", as: String?.self) ?? ""
                return Contact(name: given.map { "\($0) \(family ?? "")" } ?? typed,
                               phone: try row.decode(column: "phone", as: String?.self), person: try row.decode(column: "person", as: String?.self),
                               lastContact: try row.decode(column: "last_contact", as: String.self),
                               notified: try row.decode(column: "message_id", as: String?.self) != nil)
            }
    }
}
