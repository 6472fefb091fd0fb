import Arrival
import Audit
import Foundation
import Identifiers
import Identity
import Rules
import SQLKit

extension ArrivalIntakes {
    /// Registers a checked intake; the decision on each application is made by the rules in force
    /// on `today`. Nothing is written unless everything is.
    public func register(_ intake: CheckedIntake, by officer: Officer, today: CalendarDate, synthetic: Bool,
                         at date: Date = Date()) async throws -> Registered {
        try await checkNotRegistered(intake, by: officer)
        var attempt = 0
        while true {
            do {
                return try await write(intake, by: officer, today: today, synthetic: synthetic, at: date)
            } catch where Store.isUniqueViolation(error, column: "identity_number") && attempt < 5 {
                // Another intake took a linked person meanwhile (refused here), or picked the same
                // free D-number at once (pick again).
                try await checkNotRegistered(intake, by: officer)
                attempt += 1
            } catch where Store.isUniqueViolation(error, column: "document") {
                try await checkNotRegistered(intake, by: officer) // another officer registered the document meanwhile
                throw error
            }
        }
    }

    /// What is decided and numbered before the transaction.
    struct Planned {
        let person: IntakePerson
        let number: NationalIdentityNumber
        let linked: Bool
        let reference: String
        let applicationReference: String
        let facts: [String: FactValue]
        let decision: (outcome: Outcome, reasons: [String], trace: DecisionTrace)
    }

    func plan(_ intake: CheckedIntake, today: CalendarDate, synthetic: Bool) async throws -> [Planned] {
        let exchange = RegisterExchange(store: store)
        var planned: [Planned] = []
        var taken: Set<String> = []
        var principalEligible = false
        for (person, _) in Self.people(intake) {
            var number = person.existingNumber
            while number == nil || taken.contains(number!.value) {
                number = try await exchange.freeDNumber(born: person.birthDate, synthetic: synthetic)
            }
            taken.insert(number!.value)
            let linked = person.existingNumber != nil
            let addressed = linked ? try await hasAddress(number!) : true
            let facts = planned.isEmpty ? intake.principalFacts(addressRegistered: addressed)
                : intake.memberFacts(person, principalEligible: principalEligible, addressRegistered: addressed)
            let decision = try rules.decide(applicationDate: today, facts: facts)
            if planned.isEmpty { principalEligible = decision.trace.rules.first { $0.id == "eligible" }?.held == true }
            planned.append(Planned(person: person, number: number!, linked: linked, reference: Self.reference("ANK"),
                                   applicationReference: Self.reference("UDI"), facts: facts, decision: decision))
        }
        return planned
    }

    func hasAddress(_ number: NationalIdentityNumber) async throws -> Bool {
        try await store.sql.raw("""
            SELECT 1 AS ok FROM addresses a JOIN persons p ON p.id = a.person_id
            WHERE p.identity_number = \(bind: number.value) AND a.valid_to IS NULL
            """).first() != nil
    }

    func auditRecords(_ planned: [Planned], by officer: Officer) -> [AuditRecord] {
        planned.flatMap { p -> [AuditRecord] in
            var records: [AuditRecord] = []
            if !p.linked {
                records.append(AuditRecord(actor: officer.actor, subject: p.number.value, action: "registers.d-number.assign",
                                           purpose: "folkeregistrering", legalBasis: "folkeregisterloven § 2-2"))
            }
            if p.person.documentNumber != nil {
                records.append(AuditRecord(actor: officer.actor, subject: p.number.value, action: "eid.identity.verify",
                                           purpose: "identitetskontroll", legalBasis: "utlendingsloven § 83"))
            }
            records.append(AuditRecord(actor: officer.actor, subject: p.number.value, action: "arrival.intake.register",
                                       purpose: "beskyttelse", legalBasis: "utlendingsloven § 34"))
            records.append(AuditRecord(actor: "rules:\(rules.id)/\(p.decision.trace.version ?? "none")", subject: p.number.value,
                                       action: "protection.decide.automated", purpose: "beskyttelse", legalBasis: "utlendingsloven § 34"))
            return records
        }
    }

    func write(_ intake: CheckedIntake, by officer: Officer, today: CalendarDate, synthetic: Bool, at date: Date) async throws -> Registered {
        let planned = try await plan(intake, today: today, synthetic: synthetic)
        let groupID = UUID().uuidString.lowercased()
        let eid = EIDStore(store: store)
        let intakeRows = IntakeRows(intake: intake, officer: officer, groupID: groupID, today: today, at: date)
        let people = try await AuditLog(store: store).audited(auditRecords(planned, by: officer), at: date) { sql in
            var people: [RegisteredPerson] = []
            for (index, p) in planned.enumerated() {
                if !p.linked {
                    let personID = try await RegisterExchange.insertPersonRows(p.number, intakeRows.newPerson(p.person), given: p.person.givenName,
                                                                               family: p.person.familyName, birth: p.person.birthDate, on: sql, at: date)
                    if index == 0, let mobile = intake.mobile {
                        try await sql.insert(into: "contact_details").columns("id", "person_id", "mobile", "is_reserved", "updated_at")
                            .values(UUID(), personID, mobile, false, date).run()
                    }
                }
                var code: String?
                if p.person.documentNumber != nil {
                    code = try await eid.verifyIdentity(pid: p.number.value, verifiedBy: officer.actor, documentType: p.person.documentType.rawValue, on: sql, at: date)
                    try await Outbox.append(type: "no.tverr.eid.identity-verified.v1", subject: p.number.value,
                                            data: ["documentType": p.person.documentType.rawValue], on: sql, at: date, source: "/tverr/arrival")
                }
                try await intakeRows.insert(p, principal: index == 0, on: sql)
                try await intakeRows.insertApplication(p, rules: rules, on: sql)
                people.append(RegisteredPerson(
                    reference: p.reference, identityNumber: p.number.value, linked: p.linked,
                    name: "\(p.person.givenName) \(p.person.familyName)", applicationReference: p.applicationReference,
                    outcome: p.decision.outcome, reasons: p.decision.reasons, activationCode: code
                ))
            }
            return people
        }
        return Registered(groupID: groupID, people: people)
    }
}
