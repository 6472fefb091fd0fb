import Audit
import Foundation
import Identifiers
import Identity
import Reference
import SQLKit

/// A new address: where, and from when.
public struct AddressChange: Sendable, Equatable, Codable {
    public var street: String
    public var postcode: String
    public var municipalityNumber: String
    public var validFrom: String

    public init(street: String, postcode: String, municipalityNumber: String, validFrom: String) {
        self.street = street
        self.postcode = postcode
        self.municipalityNumber = municipalityNumber
        self.validFrom = validFrom
    }

    /// The change with its text trimmed and checked, or the first thing wrong with it.
    func checked(after current: String?) throws(ChangeRefused) -> (AddressChange, CalendarDate) {
        let street = street.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(street.count), !street.contains(where: \.isNewline) else {
            throw ChangeRefused(.street, "Give the street address (2 to 200 characters on one line).")
        }
        guard postcode.count == 4, postcode.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ChangeRefused(.postcode, "A postcode has four digits, for example 0150.")
        }
        guard (try? Municipality.lookup(municipalityNumber)) != nil else {
            throw ChangeRefused(.municipality, "\"\(municipalityNumber.prefix(10))\" is not a municipality in the register.")
        }
        guard let date = CalendarDate(iso8601: validFrom) else { throw ChangeRefused(.date, "validFrom must be a date such as 2026-12-01.") }
        if let current, let currentDate = CalendarDate(iso8601: current), date <= currentDate {
            throw ChangeRefused(.dateNotAfterCurrent, "The new address must start after the current one (from \(current)).")
        }
        return (AddressChange(street: street, postcode: postcode, municipalityNumber: municipalityNumber, validFrom: date.description), date)
    }
}

/// A person who needs a D-number (for example at the police's first meeting with a refugee).
public struct NewPerson: Sendable, Equatable, Codable {
    public var givenName: String
    public var familyName: String
    public var givenNameNative: String?
    public var familyNameNative: String?
    public var birthDate: String
    public var sex: String
    public var citizenship: String
    public var address: AddressChange?
}

/// A change refused for a reason the caller can fix: a code the pages translate, and an English
/// sentence for the API.
public struct ChangeRefused: Error, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        case street, postcode, municipality, date, dateNotAfterCurrent, names, birthDate, sex, citizenship, noFreeNumber
        case email, mobile, consentPurpose, organisation
    }

    public let reason: Reason
    public let description: String
    public init(_ reason: Reason, _ description: String) {
        self.reason = reason
        self.description = description
    }
}

extension RegisterExchange {
    /// Changes a person's address: the current one ends the day the new one starts. The change,
    /// its outbox event and (for an agency) its audit entry are committed together.
    public func changeAddress(_ number: NationalIdentityNumber, to change: AddressChange, by caller: ExchangeCaller?,
                              authorisation: ExchangeCatalogue.Authorisation?, at date: Date = Date()) async throws {
        let records = caller.map { caller in
            [AuditRecord(actor: caller.auditActor, subject: number.value, action: "registers.address.change",
                         purpose: authorisation?.purpose.id ?? "", legalBasis: authorisation?.legalBasis.citation ?? "")]
        } ?? []
        try await audit.audited(records, at: date) { sql in
            try await Self.changeAddress(number, to: change, byAuthority: caller != nil, on: sql, at: date)
        }
    }

    /// The rows of an address change and its event, in the caller's transaction (which audits it).
    static func changeAddress(_ number: NationalIdentityNumber, to change: AddressChange, byAuthority: Bool, on sql: any SQLDatabase,
                              at date: Date) async throws {
        guard let id = try await sql.raw("SELECT id FROM persons WHERE identity_number = \(bind: number.value)").first()?
            .decode(column: "id", as: UUID.self) else { throw ExchangeFailure.notFound }
        let current = try await sql.raw("SELECT valid_from FROM addresses WHERE person_id = \(bind: id) AND valid_to IS NULL").first()?
            .decode(column: "valid_from", as: String.self)
        let (checked, _) = try change.checked(after: current)
        try await sql.raw("UPDATE addresses SET valid_to = \(bind: checked.validFrom) WHERE person_id = \(bind: id) AND valid_to IS NULL").run()
        try await sql.insert(into: "addresses").columns("id", "person_id", "street", "postcode", "municipality_number", "valid_from")
            .values(UUID(), id, checked.street, checked.postcode, checked.municipalityNumber, checked.validFrom).run()
        try await Outbox.append(type: "no.tverr.registers.address-changed.v1", subject: number.value,
                                data: ["municipalityNumber": checked.municipalityNumber, "validFrom": checked.validFrom,
                                       "by": byAuthority ? "authority" : "person"], on: sql, at: date)
    }

    /// Registers a person with a new D-number (synthetic, in the Tenor range, when `synthetic`).
    public func assignDNumber(_ person: NewPerson, by caller: ExchangeCaller, authorisation: ExchangeCatalogue.Authorisation,
                              synthetic: Bool, at date: Date = Date()) async throws -> NationalIdentityNumber {
        let given = person.givenName.trimmingCharacters(in: .whitespaces), family = person.familyName.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(given.count), (1...100).contains(family.count) else {
            throw ChangeRefused(.names, "Give the given and family names (1 to 100 characters each).")
        }
        guard let birth = CalendarDate(iso8601: person.birthDate), birth.year >= 1900 else {
            throw ChangeRefused(.birthDate, "birthDate must be a date such as 1990-05-17.")
        }
        guard ["female", "male"].contains(person.sex) else { throw ChangeRefused(.sex, "sex must be female or male, as the register records it.") }
        guard person.citizenship.count == 3, person.citizenship.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw ChangeRefused(.citizenship, "citizenship is a three-letter ISO 3166 code, for example UKR.")
        }
        // Two requests can pick the same free number at once; the unique index refuses the
        // second, which then tries another number.
        for _ in 0..<10 {
            let number = try await freeDNumber(born: birth, synthetic: synthetic)
            do {
                try await insertDNumberPerson(number, person, given: given, family: family, birth: birth, by: caller,
                                              authorisation: authorisation, at: date)
                return number
            } catch where Store.isUniqueViolation(error, column: "identity_number") {
                continue
            }
        }
        throw ChangeRefused(.noFreeNumber, "No free D-number was found for that date of birth; try again.")
    }

    /// A D-number for the date of birth that no one in the register has yet.
    func freeDNumber(born birth: CalendarDate, synthetic: Bool) async throws -> NationalIdentityNumber {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            guard let candidate = NationalIdentityNumber.generate(birthDate: birth, kind: .dNumber, synthetic: synthetic,
                                                                  next: { Int.random(in: 0..<$0, using: &generator) }) else { continue }
            if try await store.sql.raw("SELECT 1 AS ok FROM persons WHERE identity_number = \(bind: candidate.value)").first() == nil {
                return candidate
            }
        }
        throw ChangeRefused(.noFreeNumber, "No free D-number was found for that date of birth; try again.")
    }

    func insertDNumberPerson(_ number: NationalIdentityNumber, _ person: NewPerson, given: String, family: String, birth: CalendarDate,
                             by caller: ExchangeCaller, authorisation: ExchangeCatalogue.Authorisation, at date: Date) async throws {
        let record = AuditRecord(actor: caller.auditActor, subject: number.value, action: "registers.d-number.assign",
                                 purpose: authorisation.purpose.id, legalBasis: authorisation.legalBasis.citation)
        try await audit.audited([record], at: date) { sql in
            _ = try await Self.insertPersonRows(number, person, given: given, family: family, birth: birth, on: sql, at: date)
        }
    }

    /// The rows of a new person with a D-number: the person, the address when given, and the
    /// `d-number-assigned` event, in the caller's transaction.
    static func insertPersonRows(_ number: NationalIdentityNumber, _ person: NewPerson, given: String, family: String, birth: CalendarDate,
                                 on sql: any SQLDatabase, at date: Date) async throws -> UUID {
        let id = UUID()
        try await sql.insert(into: "persons")
            .columns("id", "identity_number", "number_kind", "given_name", "family_name", "given_name_native", "family_name_native",
                     "birth_date", "sex", "citizenship", "registered_at")
            .values(id, number.value, number.kind.rawValue, given, family, person.givenNameNative, person.familyNameNative,
                    birth.description, person.sex, person.citizenship, date).run()
        if let address = person.address {
            let (checked, _) = try address.checked(after: nil)
            try await sql.insert(into: "addresses").columns("id", "person_id", "street", "postcode", "municipality_number", "valid_from")
                .values(UUID(), id, checked.street, checked.postcode, checked.municipalityNumber, checked.validFrom).run()
        }
        try await Outbox.append(type: "no.tverr.registers.d-number-assigned.v1", subject: number.value,
                                data: ["birthDate": birth.description, "citizenship": person.citizenship], on: sql, at: date)
        return id
    }

    /// The person's own contact details and reservation (self-service; no agency is involved).
    public func updateContact(_ number: NationalIdentityNumber, email: String?, mobile: String?, reserved: Bool,
                              at date: Date = Date()) async throws {
        let email = email?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        let mobile = mobile?.filter { !$0.isWhitespace }.nilIfEmpty
        if let email {
            let parts = email.split(separator: "@")
            guard parts.count == 2, parts[1].contains("."), email.count <= 254, !email.contains(where: { $0.isNewline || $0 == "<" || $0 == ">" }) else {
                throw ChangeRefused(.email, "The e-mail address should look like name@example.no.")
            }
        }
        if let mobile {
            let digits = mobile.hasPrefix("+") ? String(mobile.dropFirst()) : mobile
            guard (8...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw ChangeRefused(.mobile, "The mobile number should be 8 digits, or + and the country code and number.")
            }
        }
        try await store.database.transaction { database in
            let sql = database as! any SQLDatabase
            guard let id = try await sql.raw("SELECT id FROM persons WHERE identity_number = \(bind: number.value)").first()?
                .decode(column: "id", as: UUID.self) else { throw ExchangeFailure.notFound }
            if try await sql.raw("SELECT 1 AS ok FROM contact_details WHERE person_id = \(bind: id)").first() == nil {
                try await sql.insert(into: "contact_details").columns("id", "person_id", "email", "mobile", "is_reserved", "updated_at")
                    .values(UUID(), id, email, mobile, reserved, date).run()
            } else {
                try await sql.raw("""
                    UPDATE contact_details SET email = \(bind: email), mobile = \(bind: mobile), is_reserved = \(bind: reserved),
                    updated_at = \(bind: date) WHERE person_id = \(bind: id)
                    """).run()
            }
            try await Outbox.append(type: "no.tverr.registers.contact-changed.v1", subject: number.value,
                                    data: ["reserved": reserved ? "true" : "false"], on: sql, at: date)
        }
    }

    /// Grants (or renews) consent for a consent-based purpose to one organisation.
    public func grantConsent(_ number: NationalIdentityNumber, purpose: String, organisation: String, at date: Date = Date()) async throws {
        guard Self.consentPurposes.contains(purpose) else { throw ChangeRefused(.consentPurpose, "\"\(purpose.prefix(40))\" is not a purpose that takes consent.") }
        guard (try? OrganisationNumber(organisation)) != nil else { throw ChangeRefused(.organisation, "That is not a valid organisation number.") }
        try await store.database.transaction { database in
            let sql = database as! any SQLDatabase
            try await sql.raw("""
                DELETE FROM consents WHERE pid = \(bind: number.value) AND purpose = \(bind: purpose) AND organisation_number = \(bind: organisation)
                """).run()
            try await sql.insert(into: "consents").columns("pid", "purpose", "organisation_number", "granted_at")
                .values(number.value, purpose, organisation, Int64(date.timeIntervalSince1970)).run()
            try await Outbox.append(type: "no.tverr.exchange.consent-granted.v1", subject: number.value,
                                    data: ["purpose": purpose, "organisationNumber": organisation], on: sql, at: date)
        }
    }

    /// Withdraws a consent; the next read under it is refused.
    public func withdrawConsent(_ number: NationalIdentityNumber, purpose: String, organisation: String, at date: Date = Date()) async throws {
        try await store.database.transaction { database in
            let sql = database as! any SQLDatabase
            try await sql.raw("""
                UPDATE consents SET withdrawn_at = \(bind: Int64(date.timeIntervalSince1970))
                WHERE pid = \(bind: number.value) AND purpose = \(bind: purpose) AND organisation_number = \(bind: organisation) AND withdrawn_at IS NULL
                """).run()
            try await Outbox.append(type: "no.tverr.exchange.consent-withdrawn.v1", subject: number.value,
                                    data: ["purpose": purpose, "organisationNumber": organisation], on: sql, at: date)
        }
    }

    /// The person's consents, live and withdrawn.
    public func consents(_ number: NationalIdentityNumber) async throws -> [(purpose: String, organisation: String, live: Bool)] {
        try await store.sql.raw("SELECT purpose, organisation_number, withdrawn_at FROM consents WHERE pid = \(bind: number.value) ORDER BY granted_at DESC")
            .all().map { row in
                (try row.decode(column: "purpose", as: String.self), try row.decode(column: "organisation_number", as: String.self),
                 try row.decode(column: "withdrawn_at", as: Int64?.self) == nil)
            }
    }

    /// Purposes whose legal basis in some scope is consent.
    public static var consentPurposes: Set<String> {
        Set(ExchangeCatalogue.scopes.flatMap { scope in
            scope.allowed.filter { ExchangeCatalogue.legalBasis($0.legalBasis)?.isConsent == true }.map(\.purpose)
        })
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
