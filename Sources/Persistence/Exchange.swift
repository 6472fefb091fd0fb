import Audit
import Foundation
import Identifiers
import Identity
import SQLKit

/// An address as the register holds it.
public struct AddressRecord: Codable, Equatable, Sendable {
    public var street: String
    public var postcode: String
    public var municipalityNumber: String
    public var validFrom: String
    public var validTo: String?
}

/// A family relation, with the relative's identity and name.
public struct RelativeRecord: Codable, Equatable, Sendable {
    public var relation: String
    public var identityNumber: String
    public var givenName: String
    public var familyName: String
}

/// Contact details from the contact and reservation register.
public struct ContactRecord: Codable, Equatable, Sendable {
    public var email: String?
    public var mobile: String?
}

/// An entry in the health personnel register.
public struct HealthPersonnelRecord: Codable, Equatable, Sendable {
    public var hprNumber: String
    public var profession: String
    public var authorisation: String
    public var validFrom: String
    public var validTo: String?
}

/// A person as the exchange returns them: only the fields the caller's scopes allow are set.
public struct PersonRecord: Codable, Equatable, Sendable {
    public var identityNumber: String?
    public var numberKind: String?
    public var givenName: String?
    public var familyName: String?
    public var givenNameNative: String?
    public var familyNameNative: String?
    public var birthDate: String?
    public var address: AddressRecord?
    public var addressHistory: [AddressRecord]?
    public var family: [RelativeRecord]?
    public var contact: ContactRecord?
    public var reserved: Bool?
    public var healthPersonnel: [HealthPersonnelRecord]?
}

/// Why the exchange refused or found nothing.
public enum ExchangeFailure: Error, Equatable {
    case notFound
    case consentMissing(purpose: String)
}

/// Who is asking: a machine client on behalf of its organisation.
public struct ExchangeCaller: Sendable, Equatable {
    public var clientID: String
    public var organisationNumber: String

    public init(clientID: String, organisationNumber: String) {
        self.clientID = clientID
        self.organisationNumber = organisationNumber
    }

    /// The actor as the audit log records it.
    public var auditActor: String { "client:\(organisationNumber)/\(clientID)" }
}

/// The once-only exchange over the registers: every read names a purpose and legal basis, is cut
/// down to the fields the caller's scopes allow, and is returned only after its audit entry is
/// committed (group commit). Changes are audited in their own transaction. A read whose legal
/// basis is consent needs the person's live consent.
public struct RegisterExchange: Sendable {
    let store: Store
    let audit: AuditLog

    public init(store: Store) {
        self.store = store
        self.audit = AuditLog(store: store)
    }

    /// Reads the person with the fields `authorisation` allows. `action` names what was asked
    /// for in the audit log (for example `registers.person.read`).
    public func person(_ number: NationalIdentityNumber, fields: Set<RegisterField>? = nil,
                       authorisation: ExchangeCatalogue.Authorisation, caller: ExchangeCaller, action: String,
                       withheldUntil: CalendarDate? = nil, at date: Date = Date()) async throws -> PersonRecord {
        let wanted = fields.map { $0.intersection(authorisation.fields) } ?? authorisation.fields
        let record = AuditRecord(actor: caller.auditActor, subject: number.value, action: action,
                                 purpose: authorisation.purpose.id, legalBasis: authorisation.legalBasis.citation)
        // Read first (a read that finds no one, or lacks consent, leaves no entry); nothing is
        // returned until the audit entry is committed. Running the two side by side was measured
        // and was slower on two cores: the work is CPU-bound, and the extra existence check cost more.
        let person = try await store.database.transaction { database in
            let sql = database as! any SQLDatabase
            if authorisation.legalBasis.isConsent {
                try await Self.requireConsent(sql, pid: number.value, purpose: authorisation.purpose.id, organisation: caller.organisationNumber)
            }
            return try await Self.read(sql, number: number, fields: wanted)
        }
        try await audit.appendCommitted(record, withheldUntil: withheldUntil, at: date)
        return person
    }

    /// Records that the caller (the police) has verified the person's identity, and returns the
    /// activation code to hand over, audited in the same transaction.
    public func verifyIdentity(_ number: NationalIdentityNumber, documentType: String, authorisation: ExchangeCatalogue.Authorisation,
                               caller: ExchangeCaller, eid: EIDStore, at date: Date = Date()) async throws -> String {
        let record = AuditRecord(actor: caller.auditActor, subject: number.value, action: "eid.identity.verify",
                                 purpose: authorisation.purpose.id, legalBasis: authorisation.legalBasis.citation)
        return try await audit.audited([record], at: date) { sql in
            guard try await sql.raw("SELECT 1 AS ok FROM persons WHERE identity_number = \(bind: number.value)").first() != nil else {
                throw ExchangeFailure.notFound
            }
            return try await eid.verifyIdentity(pid: number.value, verifiedBy: caller.auditActor, documentType: documentType, on: sql, at: date)
        }
    }

    /// Reads without auditing: for the person's own view of their data on "my page" and for the
    /// benchmark's baseline. Never for an agency.
    public func personWithoutAudit(_ number: NationalIdentityNumber, fields: Set<RegisterField>) async throws -> PersonRecord {
        try await store.database.transaction { database in try await Self.read(database as! any SQLDatabase, number: number, fields: fields) }
    }

    static func requireConsent(_ sql: any SQLDatabase, pid: String, purpose: String, organisation: String) async throws {
        let live = try await sql.raw("""
            SELECT 1 AS ok FROM consents WHERE pid = \(bind: pid) AND purpose = \(bind: purpose)
            AND organisation_number = \(bind: organisation) AND withdrawn_at IS NULL
            """).first()
        guard live != nil else { throw ExchangeFailure.consentMissing(purpose: purpose) }
    }

    static func read(_ sql: any SQLDatabase, number: NationalIdentityNumber, fields: Set<RegisterField>) async throws -> PersonRecord {
        guard let row = try await sql.raw("""
            SELECT id, identity_number, number_kind, given_name, family_name, given_name_native, family_name_native, birth_date
            FROM persons WHERE identity_number = \(bind: number.value)
            """).first() else { throw ExchangeFailure.notFound }
        let id = try row.decode(column: "id", as: UUID.self)
        var person = PersonRecord()
        if fields.contains(.identity) {
            person.identityNumber = try row.decode(column: "identity_number", as: String.self)
            person.numberKind = try row.decode(column: "number_kind", as: String.self)
        }
        if fields.contains(.name) {
            person.givenName = try row.decode(column: "given_name", as: String.self)
            person.familyName = try row.decode(column: "family_name", as: String.self)
            person.givenNameNative = try row.decode(column: "given_name_native", as: String?.self)
            person.familyNameNative = try row.decode(column: "family_name_native", as: String?.self)
        }
        if fields.contains(.birth) { person.birthDate = try row.decode(column: "birth_date", as: String.self) }
        if fields.contains(.address) || fields.contains(.addressHistory) {
            let addresses = try await sql.raw("""
                SELECT street, postcode, municipality_number, valid_from, valid_to FROM addresses
                WHERE person_id = \(bind: id) ORDER BY valid_from DESC
                """).all().map { row in
                    AddressRecord(street: try row.decode(column: "street", as: String.self),
                                  postcode: try row.decode(column: "postcode", as: String.self),
                                  municipalityNumber: try row.decode(column: "municipality_number", as: String.self),
                                  validFrom: try row.decode(column: "valid_from", as: String.self),
                                  validTo: try row.decode(column: "valid_to", as: String?.self))
                }
            if fields.contains(.address) { person.address = addresses.first { $0.validTo == nil } }
            if fields.contains(.addressHistory) { person.addressHistory = addresses }
        }
        if fields.contains(.family) {
            person.family = try await sql.raw("""
                SELECT f.kind, p.identity_number, p.given_name, p.family_name FROM family_relations f
                JOIN persons p ON p.id = f.relative_id WHERE f.person_id = \(bind: id) ORDER BY f.kind, p.identity_number
                """).all().map { row in
                    RelativeRecord(relation: try row.decode(column: "kind", as: String.self),
                                   identityNumber: try row.decode(column: "identity_number", as: String.self),
                                   givenName: try row.decode(column: "given_name", as: String.self),
                                   familyName: try row.decode(column: "family_name", as: String.self))
                }
        }
        if fields.contains(.contact) || fields.contains(.reservation) {
            let contact = try await sql.raw("SELECT email, mobile, is_reserved FROM contact_details WHERE person_id = \(bind: id)").first()
            if fields.contains(.contact) {
                person.contact = ContactRecord(email: try contact?.decode(column: "email", as: String?.self),
                                               mobile: try contact?.decode(column: "mobile", as: String?.self))
            }
            if fields.contains(.reservation) { person.reserved = try contact?.decode(column: "is_reserved", as: Bool.self) ?? false }
        }
        if fields.contains(.healthPersonnel) {
            person.healthPersonnel = try await sql.raw("""
                SELECT hpr_number, profession, authorisation, valid_from, valid_to FROM health_personnel
                WHERE pid = \(bind: number.value) ORDER BY hpr_number
                """).all().map { row in
                    HealthPersonnelRecord(hprNumber: try row.decode(column: "hpr_number", as: String.self),
                                          profession: try row.decode(column: "profession", as: String.self),
                                          authorisation: try row.decode(column: "authorisation", as: String.self),
                                          validFrom: try row.decode(column: "valid_from", as: String.self),
                                          validTo: try row.decode(column: "valid_to", as: String?.self))
                }
        }
        return person
    }
}
