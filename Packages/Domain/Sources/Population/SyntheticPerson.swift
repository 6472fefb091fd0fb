import Foundation
import Identifiers

/// One synthetic person as the population register would hold them.
public struct SyntheticPerson: Sendable, Hashable {
    /// Registered sex. Not derived from the identity number (see the 2032 rule).
    public enum Sex: String, Sendable, Codable { case female, male }

    public let id: UUID
    public let identityNumber: NationalIdentityNumber
    public let givenName: String
    public let familyName: String
    /// The given name in the person's own script (Cyrillic for Ukrainian citizens), if different.
    public let givenNameNative: String?
    /// The family name in the person's own script, if different.
    public let familyNameNative: String?
    public let birthDate: CalendarDate
    public let sex: Sex
    /// ISO 3166-1 alpha-3 citizenship, for example "NOR" or "UKR".
    public let citizenship: String
    /// Addresses, oldest first; the last has no `validTo` and is the current one.
    public let addresses: [SyntheticAddress]
    /// Entry in the contact and reservation register, or `nil` if the person has none.
    public let contact: SyntheticContact?
}

/// A registered address with its period of validity.
public struct SyntheticAddress: Sendable, Hashable {
    public let street: String
    public let postcode: String
    public let municipalityNumber: String
    public let validFrom: CalendarDate
    /// `nil` for the current address.
    public let validTo: CalendarDate?
}

/// An entry in the contact and reservation register (modelled on KRR).
public struct SyntheticContact: Sendable, Hashable {
    public let email: String?
    public let mobile: String?
    /// The person has reserved themselves against digital contact from the public sector.
    public let isReserved: Bool
}

/// A family relation between two people in the register.
public struct SyntheticRelation: Sendable, Hashable {
    /// How `person` relates to `relative`.
    public enum Kind: String, Sendable, Codable { case parent, child, spouse }
    public let person: UUID
    public let relative: UUID
    public let kind: Kind

    /// Creates a relation.
    public init(person: UUID, relative: UUID, kind: Kind) {
        self.person = person
        self.relative = relative
        self.kind = kind
    }
}

/// The people who live at one address, with the relations between them.
public struct SyntheticHousehold: Sendable {
    public let people: [SyntheticPerson]
    public let relations: [SyntheticRelation]

    /// Creates a household (or any group of people) with the relations between them.
    public init(people: [SyntheticPerson], relations: [SyntheticRelation]) {
        self.people = people
        self.relations = relations
    }
}

extension SyntheticHousehold {
    /// The first `count` people of the household, with only the relations between them.
    public func prefix(_ count: Int) -> SyntheticHousehold {
        guard count < people.count else { return self }
        let kept = Array(people.prefix(count))
        let ids = Set(kept.map(\.id))
        return SyntheticHousehold(people: kept, relations: relations.filter { ids.contains($0.person) && ids.contains($0.relative) })
    }
}
