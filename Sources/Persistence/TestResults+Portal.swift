import Audit
import DCC
import Foundation
import Identifiers
import Identity
import SQLKit

/// What the rapid-test result portal needs beyond registering: the check that a staff member is
/// authorised health personnel, finding the person in the register (once-only: the name and
/// address are never typed), and the results already stored for them.
extension TestResults {
    /// The outcome of looking a staff member up in the health personnel register.
    public enum HealthWorkerCheck: Sendable, Equatable {
        /// A valid authorisation today.
        case authorised(hprNumber: String, profession: String)
        /// No entry in the register.
        case notInRegister
        /// Entries, none with a valid authorisation today (suspended, expired or not yet valid).
        case notAuthorised
    }

    /// Looks `pid` up in the health personnel register on `today`; audited (purpose
    /// `autorisasjonskontroll`, helsepersonelloven § 49) before the answer is used.
    public func healthWorker(_ pid: String, today: CalendarDate) async throws -> HealthWorkerCheck {
        let rows = try await store.sql.raw("""
            SELECT hpr_number, profession, authorisation, valid_from, valid_to FROM health_personnel WHERE pid = \(bind: pid) ORDER BY hpr_number
            """).all()
        try await AuditLog(store: store).appendCommitted(AuditRecord(actor: "service:\(Self.clientID)", subject: pid, action: "registers.hpr.check",
                                                                     purpose: "autorisasjonskontroll",
                                                                     legalBasis: ExchangeCatalogue.legalBasis("helsepersonelloven-49")!.citation))
        guard !rows.isEmpty else { return .notInRegister }
        let day = today.description
        for row in rows where try row.decode(column: "authorisation", as: String.self) == "autorisasjon" {
            let from = try row.decode(column: "valid_from", as: String.self), to = try row.decode(column: "valid_to", as: String?.self)
            if from <= day, to.map({ $0 >= day }) ?? true {
                return .authorised(hprNumber: try row.decode(column: "hpr_number", as: String.self),
                                   profession: try row.decode(column: "profession", as: String.self))
            }
        }
        return .notAuthorised
    }

    /// A person as the portal shows them: from the population register.
    public struct FoundPerson: Sendable, Equatable {
        public var identityNumber: String
        public var name: String
        public var birthDate: String
        /// The current address in one line, if any.
        public var address: String?
    }

    /// Finds the person with `number` for a health worker registering a result; the read is
    /// audited (purpose `provesvar`) before the answer is returned. Nil when no one has the number.
    public func findPerson(_ number: NationalIdentityNumber, by staffPID: String) async throws -> FoundPerson? {
        guard let row = try await store.sql.raw("""
            SELECT p.given_name, p.family_name, p.birth_date, a.street, a.postcode, m.name AS municipality FROM persons p
            LEFT JOIN addresses a ON a.person_id = p.id AND a.valid_to IS NULL LEFT JOIN municipalities m ON m.number = a.municipality_number
            WHERE p.identity_number = \(bind: number.value)
            """).first() else { return nil }
        try await AuditLog(store: store).appendCommitted(AuditRecord(actor: "staff:\(staffPID)", subject: number.value, action: "pandemic.person.lookup",
                                                                     purpose: Self.purpose, legalBasis: ExchangeCatalogue.legalBasis(Self.legalBasis)!.citation))
        let street = try row.decode(column: "street", as: String?.self)
        let address = try street.map { "\($0), \(try row.decode(column: "postcode", as: String?.self) ?? "") \(try row.decode(column: "municipality", as: String?.self) ?? "")" }
        return FoundPerson(identityNumber: number.value,
                           name: "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self))",
                           birthDate: try row.decode(column: "birth_date", as: String.self), address: address)
    }

    /// A stored result as staff see it.
    public struct StoredResult: Sendable, Equatable {
        public var id: String
        public var sampleID: String
        public var person: String
        public var record: TestResultRecord
        public var registeredBy: String
        /// The organisation that registered it (nil for results from before the portal and the laboratory API).
        public var organisation: String?
        public var registeredAt: Int64
        public var correctedAt: Int64?
    }

    static let storedColumns = """
        id, sample_id, person, test_type, device, test_name, sample_collected, detected, centre, registered_by, organisation_number,
        registered_at, corrected_at
        """

    static func stored(_ row: any SQLRow) throws -> StoredResult {
        let id = try row.decode(column: "id", as: String.self)
        return StoredResult(id: id, sampleID: try row.decode(column: "sample_id", as: String.self), person: try row.decode(column: "person", as: String.self),
                            record: TestResultRecord(id: id, type: try row.decode(column: "test_type", as: String.self),
                                                     device: try row.decode(column: "device", as: String?.self),
                                                     testName: try row.decode(column: "test_name", as: String?.self),
                                                     sampleCollected: Double(try row.decode(column: "sample_collected", as: Int64.self)),
                                                     detected: try row.decode(column: "detected", as: Bool.self),
                                                     centre: try row.decode(column: "centre", as: String.self)),
                            registeredBy: try row.decode(column: "registered_by", as: String.self),
                            organisation: try row.decode(column: "organisation_number", as: String?.self),
                            registeredAt: try row.decode(column: "registered_at", as: Int64.self),
                            correctedAt: try row.decode(column: "corrected_at", as: Int64?.self))
    }

    /// The person's stored results, newest sample first (read after `findPerson`, which audits the look-up).
    public func results(of pid: String) async throws -> [StoredResult] {
        try await store.sql.raw("""
            SELECT \(unsafeRaw: Self.storedColumns) FROM test_results WHERE person = \(bind: pid) ORDER BY sample_collected DESC, id
            """).all().map(Self.stored)
    }

    /// One stored result by its id.
    public func result(_ id: String) async throws -> StoredResult? {
        guard id.utf8.count <= 64 else { return nil }
        return try await store.sql.raw("SELECT \(unsafeRaw: Self.storedColumns) FROM test_results WHERE id = \(bind: id)").first().map(Self.stored)
    }
}
