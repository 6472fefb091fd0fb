import Arrival
import Foundation
import Identifiers
import Rules
import SQLKit

/// The rows one intake writes, built from the checked form.
struct IntakeRows: Sendable {
    let intake: CheckedIntake
    let officer: ArrivalIntakes.Officer
    let groupID: String
    let today: CalendarDate
    let at: Date

    /// The appeal deadline: three weeks after the decision (forvaltningsloven § 29).
    static let appealDays = 21

    var milliseconds: Int64 { Int64((at.timeIntervalSince1970 * 1000).rounded()) }

    func newPerson(_ person: IntakePerson) -> NewPerson {
        let centre = intake.receptionCentre
        return NewPerson(
            givenName: person.givenName, familyName: person.familyName, givenNameNative: person.givenNameNative,
            familyNameNative: person.familyNameNative, birthDate: person.birthDate.description, sex: person.sex,
            citizenship: person.nationality,
            address: AddressChange(street: centre.street, postcode: centre.postcode, municipalityNumber: centre.municipalityNumber,
                                   validFrom: today.description)
        )
    }

    func insert(_ p: ArrivalIntakes.Planned, principal: Bool, on sql: any SQLDatabase) async throws {
        let person = p.person
        let role = principal ? "principal" : (person.relationship?.rawValue ?? "household_member")
        try await sql.insert(into: "arrival_intakes")
            .columns("id", "reference", "group_id", "role", "relationship_began_on", "identity_number", "linked", "document_type",
                     "document_number", "document_country", "nationality", "given_name", "family_name", "given_name_native",
                     "family_name_native", "birth_date", "sex", "mobile", "language", "reception_centre", "lived_in_ukraine",
                     "left_ukraine_on", "short_stay_abroad", "protection_in_ukraine", "lawfully_in_norway", "registered_by",
                     "organisation_number", "registered_at")
            .values(p.reference, p.reference, groupID, role, person.relationshipBeganOn?.description, p.number.value, p.linked,
                    person.documentType.rawValue, person.documentNumber, person.documentCountry, person.nationality, person.givenName,
                    person.familyName, person.givenNameNative, person.familyNameNative, person.birthDate.description, person.sex,
                    principal ? intake.mobile : nil, intake.language.rawValue, intake.receptionCentre.id, intake.livedInUkraine,
                    intake.leftUkraineOn?.description, intake.shortStayAbroad, intake.protectionInUkraine, intake.lawfullyInNorway,
                    officer.pid, officer.organisationNumber, milliseconds)
            .run()
        try await Outbox.append(type: "no.tverr.arrival.registered.v1", subject: p.number.value,
                                data: ["reference": p.reference, "group": groupID, "role": role,
                                       "municipalityNumber": intake.receptionCentre.municipalityNumber],
                                on: sql, at: at, source: "/tverr/arrival")
    }

    func insertApplication(_ p: ArrivalIntakes.Planned, rules: RuleSet, on sql: any SQLDatabase) async throws {
        let decision = p.decision
        let granted = decision.outcome == .grant
        let decider = "rules:\(rules.id)/\(decision.trace.version ?? "none")"
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let facts = String(decoding: try encoder.encode(p.facts.mapValues(\.plain)), as: UTF8.self)
        let trace = String(decoding: try encoder.encode(decision.trace), as: UTF8.self)
        try await sql.insert(into: "protection_applications")
            .columns("id", "reference", "identity_number", "intake_id", "applied_on", "facts", "status", "automated_outcome", "reasons",
                     "rule_set", "rule_version", "trace", "outcome", "decided_by", "decided_at", "appeal_deadline", "created_at")
            .values(p.applicationReference, p.applicationReference, p.number.value, p.reference, today.description, facts,
                    granted ? "granted" : "routed", decision.outcome.rawValue, decision.reasons.joined(separator: ","), rules.id,
                    decision.trace.version, trace, granted ? "grant" : nil, granted ? decider : nil, granted ? milliseconds : nil,
                    granted ? today.adding(days: Self.appealDays).description : nil, milliseconds)
            .run()
        try await Outbox.append(type: "no.tverr.protection.decided.v1", subject: p.number.value,
                                data: ProtectionDecidedEvent(reference: p.applicationReference, outcome: decision.outcome.rawValue,
                                                             reasons: decision.reasons, decidedBy: granted ? decider : nil,
                                                             ruleVersion: decision.trace.version),
                                on: sql, at: at, source: "/tverr/arrival")
    }
}

/// The data of `no.tverr.protection.decided.v1`.
struct ProtectionDecidedEvent: Encodable {
    let reference: String
    /// grant or route for the automated step; grant or refuse for a caseworker's decision.
    let outcome: String
    let reasons: [String]
    let decidedBy: String?
    let ruleVersion: String?
}
