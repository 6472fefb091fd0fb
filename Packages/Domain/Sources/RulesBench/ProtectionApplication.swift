import Identifiers
import Population
import Rules

/// One synthetic application for collective protection, with plain Swift types.
///
/// The benchmark decides a million of these with the rule engine and with
/// ``ProtectionApplication/decideInSwift(ukraine:)``, the same conditions written by hand.
public struct ProtectionApplication: Sendable {
    public var applicationDate: Int32
    /// The citizenship's number in ``ProtectionApplication/countries``.
    public var citizenship: Int32?
    public var livedInUkraine: Bool?
    public var leftUkraineOn: Int32?
    public var shortStayAbroad: Bool?
    public var protectionInUkraine: Bool?
    public var relationship: Relationship?
    public var relationshipBeganOn: Int32?
    public var principalEligible: Bool?
    public var dateOfBirth: Int32?
    public var identityDocumented: Bool?
    public var lawfullyInNorway: Bool?
    public var stayBasisLapses: Bool?
    public var addressInNorway: Bool?

    /// The relationship to the main applicant.
    public enum Relationship: String, Sendable, CaseIterable {
        case none, spouse, cohabitant, child, householdMember = "household_member"
    }

    /// The citizenships the generator uses; index 0 is Ukraine.
    public static let countries = ["UKR", "MDA", "SYR", "NGA", "IND", "RUS", "BLR"]

    /// The facts as the rule engine takes them.
    public var facts: [String: FactValue] {
        func date(_ days: Int32?) -> FactValue { days.map { .date(CalendarDate(daysSinceEpoch: Int($0))) } ?? .missing }
        func flag(_ value: Bool?) -> FactValue { value.map(FactValue.boolean) ?? .missing }
        return [
            "citizenship": citizenship.map { .text(Self.countries[Int($0)]) } ?? .missing,
            "lived_in_ukraine": flag(livedInUkraine), "left_ukraine_on": date(leftUkraineOn),
            "short_stay_abroad": flag(shortStayAbroad), "protection_in_ukraine": flag(protectionInUkraine),
            "relationship_to_principal": relationship.map { .text($0.rawValue) } ?? .missing,
            "relationship_began_on": date(relationshipBeganOn), "principal_eligible": flag(principalEligible),
            "date_of_birth": date(dateOfBirth), "identity_documented": flag(identityDocumented),
            "lawfully_in_norway_on_2022_02_24": flag(lawfullyInNorway), "stay_basis_lapses": flag(stayBasisLapses),
            "address_in_norway": flag(addressInNorway),
        ]
    }
}

extension ProtectionApplication {
    static let invasion = Int32(CalendarDate(year: 2022, month: 2, day: 24)!.daysSinceEpoch)
    static let ninetyDaysBefore = Int32(CalendarDate(year: 2021, month: 11, day: 26)!.daysSinceEpoch)

    /// A wave of applications like the 2022 arrivals: most are Ukrainians who fled after the
    /// invasion, a quarter children with a parent, some spouses and household members, and a
    /// few with missing papers, another citizenship or no address yet.
    public static func wave(count: Int, seed: UInt64 = 2022) -> [ProtectionApplication] {
        var random = SeededGenerator(seed: seed)
        let firstDay = Int32(CalendarDate(year: 2022, month: 3, day: 11)!.daysSinceEpoch)
        return (0..<count).map { _ in
            var a = ProtectionApplication(applicationDate: firstDay + Int32.random(in: 0..<295, using: &random))
            let roll = Int.random(in: 0..<100, using: &random)
            a.citizenship = roll < 94 ? 0 : Int32.random(in: 1..<Int32(countries.count), using: &random)
            a.livedInUkraine = Int.random(in: 0..<100, using: &random) < 96
            a.leftUkraineOn = invasion + Int32.random(in: -120..<200, using: &random)
            if Bool.random(using: &random) { a.shortStayAbroad = Int.random(in: 0..<100, using: &random) < 3 }
            if a.citizenship != 0 { a.protectionInUkraine = Bool.random(using: &random) }
            let kind = Int.random(in: 0..<100, using: &random)
            switch kind {
            case 0..<55: a.relationship = ProtectionApplication.Relationship.none
            case 55..<80: a.relationship = .child
            case 80..<88: a.relationship = .spouse
            case 88..<93: a.relationship = .cohabitant
            default: a.relationship = .householdMember
            }
            if a.relationship != ProtectionApplication.Relationship.none {
                a.relationshipBeganOn = invasion + Int32.random(in: -8000..<60, using: &random)
                a.principalEligible = Int.random(in: 0..<100, using: &random) < 95
            }
            let age = a.relationship == .child ? Int32.random(in: 0..<20, using: &random) : Int32.random(in: 18..<85, using: &random)
            a.dateOfBirth = Int.random(in: 0..<100, using: &random) < 2 ? nil : a.applicationDate - age * 365 - Int32.random(in: 0..<365, using: &random)
            a.identityDocumented = Int.random(in: 0..<100, using: &random) < 93
            if Int.random(in: 0..<100, using: &random) < 4 {
                a.lawfullyInNorway = true
                a.stayBasisLapses = Bool.random(using: &random)
            }
            a.addressInNorway = Int.random(in: 0..<100, using: &random) < 95
            return a
        }
    }
}
