import Foundation
import Identifiers
import Testing
import Rules
@testable import Arrival

enum IntakeFixture {
    static let today = CalendarDate(iso8601: "2022-04-01")!

    static func form() -> IntakeForm {
        var form = IntakeForm()
        form.documentType = "passport"
        form.documentNumber = "fx 123 456"
        form.documentCountry = "UKR"
        form.nationality = "UKR"
        form.givenNameNative = "Олена"
        form.familyNameNative = "Шевченко"
        form.birthDate = "1988-07-02"
        form.sex = "female"
        form.mobile = "+380 67 123 4567"
        form.language = "uk"
        form.receptionCentre = "moss-ankomst"
        form.livedInUkraine = true
        form.leftUkraineOn = "2022-03-05"
        var child = MemberForm()
        child.relationship = "child"
        child.givenNameNative = "Ївга"
        child.familyNameNative = "Шевченко"
        child.birthDate = "2014-11-20"
        child.sex = "female"
        form.members = [child, MemberForm()]
        return form
    }

    static func problems(_ form: IntakeForm) -> [IntakeProblem] {
        do {
            _ = try IntakeCheck.check(form, today: today)
            return []
        } catch {
            return error.problems
        }
    }
}

@Suite("The police intake form")
struct IntakeCheckTests {
    @Test("a complete form gives the person, the child, and Latin names transliterated from Cyrillic")
    func complete() throws {
        let intake = try IntakeCheck.check(IntakeFixture.form(), today: IntakeFixture.today)
        #expect(intake.principal.givenName == "Olena" && intake.principal.familyName == "Shevchenko")
        #expect(intake.principal.givenNameNative == "Олена")
        #expect(intake.principal.documentNumber == "FX123456")
        #expect(intake.mobile == "+380671234567")
        #expect(intake.members.count == 1, "the blank row is ignored")
        #expect(intake.members[0].givenName == "Yivha")
        #expect(intake.members[0].nationality == "UKR", "a member's nationality defaults to the main person's")
        #expect(intake.members[0].documentType == .none)
        #expect(intake.receptionCentre.municipalityNumber == "3103")
    }

    @Test("every problem is named at once, by field")
    func problems() {
        var form = IntakeFixture.form()
        form.birthDate = "2023-01-01"
        form.nationality = "UKX"
        form.documentCountry = "XX"
        form.documentNumber = "12"
        form.sex = ""
        form.mobile = "12"
        form.language = "ru"
        form.receptionCentre = "nowhere"
        form.leftUkraineOn = "2022-13-01"
        form.members[0].birthDate = "1890-01-01"
        form.members[0].relationship = "cousin"
        form.members[0].givenNameNative = "Olena<script>"
        let fields = IntakeFixture.problems(form).map { "\($0.field):\($0.code.rawValue)" }
        #expect(fields == [
            "birthDate:impossibleBirthDate", "sex:sex", "nationality:unknownCountry", "documentNumber:documentNumber",
            "documentCountry:unknownCountry", "mobile:mobile", "language:language", "receptionCentre:receptionCentre",
            "leftUkraineOn:leftUkraineOn", "members.1.relationship:relationship", "members.1.nativeNames:nativeNames",
            "members.1.birthDate:impossibleBirthDate", "members.1.nationality:unknownCountry",
        ], "the member takes the main person's (unknown) nationality, and says so")
    }

    @Test("a spouse needs the day the marriage began, and too many members are refused")
    func members() {
        var form = IntakeFixture.form()
        form.members[0].relationship = "spouse"
        #expect(IntakeFixture.problems(form).map(\.field) == ["members.1.relationshipBeganOn"])
        form.members = Array(repeating: IntakeFixture.form().members[0], count: IntakeCheck.maximumMembers + 1)
        #expect(IntakeFixture.problems(form).map(\.code) == [.tooManyMembers])
    }

    @Test("the intake gives the rules their facts, and the shipped rules grant the mother and her child")
    func facts() throws {
        let intake = try IntakeCheck.check(IntakeFixture.form(), today: IntakeFixture.today)
        let rules = try RuleFile.load(path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("rules/collective-protection.yaml").path)
        let mother = try rules.decide(applicationDate: IntakeFixture.today, facts: intake.principalFacts(addressRegistered: true))
        #expect(mother.outcome == .grant)
        let eligible = mother.trace.rules.first { $0.id == "eligible" }?.held == true
        let child = try rules.decide(applicationDate: IntakeFixture.today, facts: intake.memberFacts(intake.members[0], principalEligible: eligible, addressRegistered: true))
        #expect(child.outcome == .route && child.reasons == ["missing-information"], "a child without a document goes to a caseworker")
        #expect(child.trace.rules.first { $0.id == "close_family" }?.held == true)
        let unregistered = try rules.decide(applicationDate: IntakeFixture.today, facts: intake.principalFacts(addressRegistered: false))
        #expect(unregistered.reasons == ["no-address-in-norway"])
    }
}
