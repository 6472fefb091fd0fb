import Identifiers
import Rules

extension CheckedIntake {
    /// The facts of the main person's protection application, for the collective-protection rules.
    ///
    /// The intake is the once-only source: nothing here is typed again by the applicant.
    public func principalFacts(addressRegistered: Bool) -> [String: FactValue] {
        var facts = travelFacts(addressRegistered: addressRegistered, person: principal)
        facts["relationship_to_principal"] = .text("none")
        return facts
    }

    /// The facts of a family member's application; `principalEligible` is the main person's
    /// `eligible` rule, from their decision.
    public func memberFacts(_ member: IntakePerson, principalEligible: Bool, addressRegistered: Bool) -> [String: FactValue] {
        var facts = travelFacts(addressRegistered: addressRegistered, person: member)
        facts["relationship_to_principal"] = .text(member.relationship?.rawValue ?? "none")
        facts["relationship_began_on"] = member.relationshipBeganOn.map(FactValue.date) ?? .missing
        facts["principal_eligible"] = .boolean(principalEligible)
        return facts
    }

    private func travelFacts(addressRegistered: Bool, person: IntakePerson) -> [String: FactValue] {
        [
            "citizenship": .text(person.nationality),
            "lived_in_ukraine": .boolean(livedInUkraine),
            "left_ukraine_on": leftUkraineOn.map(FactValue.date) ?? .missing,
            "short_stay_abroad": .boolean(shortStayAbroad),
            "protection_in_ukraine": .boolean(protectionInUkraine),
            "date_of_birth": .date(person.birthDate),
            "identity_documented": .boolean(person.documentType != .none && person.documentNumber != nil),
            "lawfully_in_norway_on_2022_02_24": .boolean(lawfullyInNorway),
            "stay_basis_lapses": .boolean(lawfullyInNorway),
            "address_in_norway": .boolean(addressRegistered),
        ]
    }
}
