import Arrival
import Audit
import Foundation
import Identifiers
import Identity
import Rules
import SQLKit

/// The police intake at the first meeting (seed 000): registers a refugee and the family with
/// them, once, and everything downstream reuses it. In one transaction, for each person:
/// the population register entry (a new D-number with the reception centre's address, or a
/// link to an existing person), the identity-verified flag that allows eID enrolment, the
/// intake itself, and a collective-protection application pre-filled from it and decided by
/// the rules in force that day. Each step is audited and raises an event.
public struct ArrivalIntakes: Sendable {
    let store: Store
    let rules: RuleSet

    public init(store: Store, rules: RuleSet) {
        self.store = store
        self.rules = rules
    }

    /// The officer making the intake.
    public struct Officer: Sendable {
        public let pid: String
        public let organisationNumber: String

        public init(pid: String, organisationNumber: String) {
            self.pid = pid
            self.organisationNumber = organisationNumber
        }

        var actor: String { "staff:\(organisationNumber)/\(pid)" }
    }

    /// Why an intake was refused although the form was complete; nothing is stored.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        /// The document is already registered; `reference` is the intake that holds it.
        case duplicateDocument(field: String, reference: String)
        /// A family member (or the person) is already registered in another intake.
        case registeredElsewhere(field: String, reference: String)
        /// The number given to link with is not in the population register, or its date of birth differs.
        case unknownExistingNumber(field: String)
        /// The same document or number appears twice on the form.
        case repeatedOnForm(field: String)

        public var description: String {
            switch self {
            case .duplicateDocument(let field, let reference): "\(field): this document is already registered, in intake \(reference)"
            case .registeredElsewhere(let field, let reference): "\(field): this person is already registered, in intake \(reference)"
            case .unknownExistingNumber(let field): "\(field): no one with this number and date of birth is in the population register"
            case .repeatedOnForm(let field): "\(field): the same document or number is given twice on the form"
            }
        }
    }

    /// One person registered by an intake.
    public struct RegisteredPerson: Sendable, Equatable {
        public let reference: String
        public let identityNumber: String
        public let linked: Bool
        public let name: String
        public let applicationReference: String
        public let outcome: Outcome
        public let reasons: [String]
        /// The code that lets the person activate an eID; nil when the identity is not documented.
        public let activationCode: String?
    }

    /// The result of an intake: the family's group and each person.
    public struct Registered: Sendable, Equatable {
        public let groupID: String
        public let people: [RegisteredPerson]
    }

    /// References such as `ANK-7K2M9QXD`: an alphabet without 0/O and 1/I/L.
    static func reference(_ prefix: String) -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return prefix + "-" + String((0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// The people of an intake, main person first, with the form's field prefix of each.
    static func people(_ intake: CheckedIntake) -> [(person: IntakePerson, field: String)] {
        [(intake.principal, "")] + intake.members.enumerated().map { ($1, "members.\($0 + 1).") }
    }

    /// Refuses an intake whose documents or people are already registered, or repeated on the form.
    func checkNotRegistered(_ intake: CheckedIntake, by officer: Officer) async throws {
        var seen: Set<String> = []
        for (person, field) in Self.people(intake) {
            if let number = person.documentNumber, let country = person.documentCountry {
                guard seen.insert("\(country)/\(person.documentType.rawValue)/\(number)").inserted else { throw Refusal.repeatedOnForm(field: field + "documentNumber") }
                if let row = try await store.sql.raw("""
                    SELECT reference FROM arrival_intakes WHERE document_country = \(bind: country)
                    AND document_type = \(bind: person.documentType.rawValue) AND document_number = \(bind: number)
                    """).first() {
                    let reference = try row.decode(column: "reference", as: String.self)
                    throw field.isEmpty ? Refusal.duplicateDocument(field: "documentNumber", reference: reference)
                        : Refusal.registeredElsewhere(field: field + "documentNumber", reference: reference)
                }
            }
            if let existing = person.existingNumber {
                guard seen.insert(existing.value).inserted else { throw Refusal.repeatedOnForm(field: field + "existingNumber") }
                if let row = try await store.sql.raw("SELECT reference FROM arrival_intakes WHERE identity_number = \(bind: existing.value)").first() {
                    throw Refusal.registeredElsewhere(field: field + "existingNumber", reference: try row.decode(column: "reference", as: String.self))
                }
                // Comparing the date of birth reads the register: audited, whether or not it matches.
                let record = AuditRecord(actor: officer.actor, subject: existing.value, action: "arrival.intake.link-check",
                                         purpose: "beskyttelse", legalBasis: "utlendingsloven § 34")
                let born = try await AuditLog(store: store).audited([record]) { sql in
                    try await sql.raw("SELECT birth_date FROM persons WHERE identity_number = \(bind: existing.value)").first()?
                        .decode(column: "birth_date", as: String.self)
                }
                guard born == person.birthDate.description else { throw Refusal.unknownExistingNumber(field: field + "existingNumber") }
            }
        }
    }
}
