import Arrival
import Foundation
import Identifiers
import Identity
@testable import Persistence
import Rules
import SQLKit
import Testing
import TestSupport

@Suite("The police intake: one transaction registers the family, verifies identities, and decides each application")
struct ArrivalIntakeStoreTests {
    static let now = Date(timeIntervalSince1970: 1_648_800_000) // 2022-04-01T08:00:00Z
    static let today = CalendarDate(iso8601: "2022-04-01")!
    static let officer = ArrivalIntakes.Officer(pid: "officer-1", organisationNumber: "974760746")

    static func rules() throws -> RuleSet {
        try RuleFile.load(path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("rules/collective-protection.yaml").path)
    }

    /// A mother with a passport and her child without one, arriving together.
    static func form(passport: String = "FX123456") -> IntakeForm {
        var form = IntakeForm()
        form.documentType = "passport"
        form.documentNumber = passport
        form.documentCountry = "UKR"
        form.nationality = "UKR"
        form.givenNameNative = "Олена"
        form.familyNameNative = "Шевченко"
        form.birthDate = "1988-07-02"
        form.sex = "female"
        form.mobile = "+380671234567"
        form.language = "uk"
        form.receptionCentre = "moss-ankomst"
        form.livedInUkraine = true
        form.leftUkraineOn = "2022-03-05"
        var child = MemberForm()
        child.relationship = "child"
        child.givenName = "Ivan"
        child.familyName = "Shevchenko"
        child.birthDate = "2014-11-20"
        child.sex = "male"
        form.members = [child]
        return form
    }

    static func count(_ store: Store, _ table: String, _ condition: String = "1 = 1") async throws -> Int {
        try await store.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)").first()!.decode(column: "n", as: Int.self)
    }

    @Test("an intake creates D-numbers, addresses, the eID flag, the applications with decisions and traces, audit entries and events", arguments: Backend.available)
    func register(backend: Backend) async throws {
        try await withStore(backend) { store in
            let intakes = ArrivalIntakes(store: store, rules: try Self.rules())
            let registered = try await intakes.register(try IntakeCheck.check(Self.form(), today: Self.today), by: Self.officer,
                                                        today: Self.today, synthetic: true, at: Self.now)
            #expect(registered.people.count == 2)
            let mother = registered.people[0], child = registered.people[1]
            #expect(try NationalIdentityNumber(mother.identityNumber).kind == .dNumber && !mother.linked)
            #expect(mother.name == "Olena Shevchenko" && mother.outcome == .grant && mother.activationCode != nil)
            #expect(child.outcome == .route && child.reasons == ["missing-information"] && child.activationCode == nil,
                    "a child without a document goes to a caseworker, and gets no eID code")
            let person = try #require(try await store.sql.raw("""
                SELECT p.given_name_native, p.citizenship, a.street, a.municipality_number, c.mobile FROM persons p
                JOIN addresses a ON a.person_id = p.id LEFT JOIN contact_details c ON c.person_id = p.id
                WHERE p.identity_number = \(bind: mother.identityNumber)
                """).first())
            #expect(try person.decode(column: "given_name_native", as: String.self) == "Олена")
            #expect(try person.decode(column: "municipality_number", as: String.self) == "3103")
            #expect(try person.decode(column: "mobile", as: String?.self) == "+380671234567")
            #expect(try await EIDStore(store: store).isVerified(pid: mother.identityNumber))
            #expect(try await !EIDStore(store: store).isVerified(pid: child.identityNumber))
            let application = try #require(try await store.sql.raw("SELECT * FROM protection_applications WHERE reference = \(bind: mother.applicationReference)").first())
            #expect(try application.decode(column: "status", as: String.self) == "granted")
            #expect(try application.decode(column: "decided_by", as: String.self) == "rules:collective-protection/2022.1")
            #expect(try application.decode(column: "appeal_deadline", as: String.self) == "2022-04-22")
            let trace = try JSONDecoder().decode(DecisionTrace.self, from: Data(try application.decode(column: "trace", as: String.self).utf8))
            #expect(trace.version == "2022.1" && trace.rules.first { $0.id == "ukrainian_resident" }?.held == true)
            #expect(try application.decode(column: "facts", as: String.self).contains("\"citizenship\":\"UKR\""))
            let childApplication = try #require(try await store.sql.raw("SELECT status, trace FROM protection_applications WHERE identity_number = \(bind: child.identityNumber)").first())
            #expect(try childApplication.decode(column: "status", as: String.self) == "routed")
            #expect(try childApplication.decode(column: "trace", as: String.self).contains("\"id\":\"close_family\""))
            #expect(try await Self.count(store, "arrival_intakes", "role = 'child' AND group_id = '\(registered.groupID)'") == 1)
            #expect(try await Self.count(store, "audit_entries", "action = 'arrival.intake.register' AND purpose = 'beskyttelse'") == 2)
            #expect(try await Self.count(store, "audit_entries", "action = 'registers.d-number.assign'") == 2)
            #expect(try await Self.count(store, "audit_entries", "action = 'protection.decide.automated'") == 2)
            for type in ["registers.d-number-assigned", "arrival.registered", "protection.decided"] {
                #expect(try await Self.count(store, "outbox_events", "type = 'no.tverr.\(type).v1'") == 2, "\(type)")
            }
            #expect(try await Self.count(store, "outbox_events", "type = 'no.tverr.eid.identity-verified.v1'") == 1)
        }
    }

    @Test("the same passport is caught with the existing record, and a family member registered elsewhere too; nothing is written", arguments: Backend.available)
    func duplicates(backend: Backend) async throws {
        try await withStore(backend) { store in
            let intakes = ArrivalIntakes(store: store, rules: try Self.rules())
            let first = try await intakes.register(try IntakeCheck.check(Self.form(), today: Self.today), by: Self.officer, today: Self.today, synthetic: true, at: Self.now)
            let persons = try await Self.count(store, "persons"), audit = try await Self.count(store, "audit_entries")
            await #expect(throws: ArrivalIntakes.Refusal.duplicateDocument(field: "documentNumber", reference: first.people[0].reference)) {
                _ = try await intakes.register(try IntakeCheck.check(Self.form(), today: Self.today), by: Self.officer, today: Self.today, synthetic: true, at: Self.now)
            }
            // A father arriving later names the child, who is already registered with the mother.
            var father = Self.form(passport: "FX999999")
            father.givenNameNative = "Петро"
            father.members[0].existingNumber = first.people[1].identityNumber
            await #expect(throws: ArrivalIntakes.Refusal.registeredElsewhere(field: "members.1.existingNumber", reference: first.people[1].reference)) {
                _ = try await intakes.register(try IntakeCheck.check(father, today: Self.today), by: Self.officer, today: Self.today, synthetic: true, at: Self.now)
            }
            var twice = Self.form(passport: "FX777777")
            twice.members[0].documentType = "passport"
            twice.members[0].documentNumber = "FX777777"
            twice.members[0].documentCountry = "UKR"
            await #expect(throws: ArrivalIntakes.Refusal.repeatedOnForm(field: "members.1.documentNumber")) {
                _ = try await intakes.register(try IntakeCheck.check(twice, today: Self.today), by: Self.officer, today: Self.today, synthetic: true, at: Self.now)
            }
            #expect(try await Self.count(store, "persons") == persons)
            #expect(try await Self.count(store, "audit_entries") == audit)
            #expect(try await Self.count(store, "arrival_intakes") == 2)
        }
    }

    @Test("a person already in the register is linked, not registered again; the date-of-birth check is audited either way", arguments: Backend.available)
    func link(backend: Backend) async throws {
        try await withStore(backend) { store in
            let authorisation = try ExchangeCatalogue.authorise(grantedScopes: ["tverr:registers/person.write"], purpose: "folkeregistrering",
                                                                legalBasis: "folkeregisterloven-2-2", needing: .identity, write: true)
            let known = try await RegisterExchange(store: store).assignDNumber(
                NewPerson(givenName: "Olena", familyName: "Shevchenko", birthDate: "1988-07-02", sex: "female", citizenship: "UKR",
                          address: AddressChange(street: "Storgata 1", postcode: "0155", municipalityNumber: "0301", validFrom: "2022-03-20")),
                by: ExchangeCaller(clientID: "skatt", organisationNumber: "974761076"), authorisation: authorisation, synthetic: true, at: Self.now)
            let intakes = ArrivalIntakes(store: store, rules: try Self.rules())
            var wrong = Self.form()
            (wrong.existingNumber, wrong.birthDate) = (known.value, "1988-07-03")
            await #expect(throws: ArrivalIntakes.Refusal.unknownExistingNumber(field: "existingNumber")) {
                _ = try await intakes.register(try IntakeCheck.check(wrong, today: Self.today), by: Self.officer, today: Self.today, synthetic: true, at: Self.now)
            }
            var form = Self.form()
            form.existingNumber = known.value
            let persons = try await Self.count(store, "persons")
            let registered = try await intakes.register(try IntakeCheck.check(form, today: Self.today), by: Self.officer, today: Self.today, synthetic: true, at: Self.now)
            #expect(registered.people[0].identityNumber == known.value && registered.people[0].linked)
            #expect(registered.people[0].outcome == .grant, "the register holds a current address")
            #expect(try await Self.count(store, "persons") == persons + 1, "only the child is new")
            #expect(try await Self.count(store, "audit_entries", "action = 'arrival.intake.link-check' AND subject = '\(known.value)'") == 2)
            #expect(try await Self.count(store, "audit_entries", "action = 'registers.d-number.assign' AND subject = '\(known.value)'") == 1,
                    "the earlier assignment only")
        }
    }

    @Test("two officers registering the same passport at once store it once", arguments: Backend.available)
    func concurrent(backend: Backend) async throws {
        try await withStore(backend) { store in
            let intakes = ArrivalIntakes(store: store, rules: try Self.rules())
            let intake = try IntakeCheck.check(Self.form(), today: Self.today)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 {
                    group.addTask { (try? await intakes.register(intake, by: Self.officer, today: Self.today, synthetic: true, at: Self.now)) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await Self.count(store, "arrival_intakes") == 2)
            #expect(try await Self.count(store, "protection_applications") == 2)
        }
    }
}
