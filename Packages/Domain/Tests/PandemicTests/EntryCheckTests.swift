import Identifiers
import Pandemic
import Testing

@Suite("Checking an entry registration")
struct EntryCheckTests {
    static let today = CalendarDate(iso8601: "2026-12-04")!
    static let municipalities: Set<String> = ["0301", "4601"]

    static func form(_ change: (inout EntryForm) -> Void = { _ in }) -> EntryForm {
        var form = EntryForm()
        (form.identityKind, form.passportNumber, form.passportCountry, form.givenName, form.familyName) = ("passport", "pa 123", "se", "Anna", "Berg")
        (form.birthDate, form.countryFrom, form.arrivalDate, form.address, form.postcode, form.municipality) =
            ("1990-05-01", "SE", "2026-12-04", "Storgata 1", "0155", "0301")
        change(&form)
        return form
    }

    func refusal(_ form: EntryForm) -> EntryRefusal? {
        do { _ = try EntryCheck.check(form, today: Self.today, municipalities: Self.municipalities); return nil } catch { return error }
    }

    @Test("A passport registration is accepted with its codes in capitals; a number registration keeps the number's kind")
    func accepts() throws {
        let checked = try EntryCheck.check(Self.form(), today: Self.today, municipalities: Self.municipalities)
        #expect(checked.identityKind == "passport" && checked.passportCountry == "SE" && checked.identityNumber == nil)
        #expect(refusal(Self.form { $0.passportNumber = "PA123" }) == nil)
        let number = NationalIdentityNumber.make(birthDate: CalendarDate(year: 1990, month: 5, day: 1)!, individualNumber: 123, kind: .dNumber, synthetic: true)!
        let byNumber = try EntryCheck.check(Self.form { $0.identityKind = "number"; $0.identityNumber = number.value }, today: Self.today,
                                            municipalities: Self.municipalities)
        #expect(byNumber.identityKind == "dnr" && byNumber.identityNumber == number && byNumber.passportNumber == nil)
    }

    @Test("Each fault names its field")
    func faults() {
        let cases: [(String, EntryRefusal.Kind, (inout EntryForm) -> Void)] = [
            ("passport_number", .missing, { $0.passportNumber = "" }),
            ("passport_number", .malformed, { $0.passportNumber = "PA-123<" }),
            ("passport_country", .unknownCountry, { $0.passportCountry = "XX" }),
            ("identity_number", .malformed, { $0.identityKind = "number"; $0.identityNumber = "12345678901" }),
            ("given_name", .missing, { $0.givenName = " " }),
            ("family_name", .malformed, { $0.familyName = "<b>" }),
            ("birth_date", .future, { $0.birthDate = "2026-12-05" }),
            ("birth_date", .malformed, { $0.birthDate = "01.05.1990" }),
            ("country_from", .unknownCountry, { $0.countryFrom = "Narnia" }),
            ("arrival_date", .arrivalOutOfRange, { $0.arrivalDate = "2026-11-19" }),
            ("arrival_date", .arrivalOutOfRange, { $0.arrivalDate = "2026-12-08" }),
            ("address", .malformed, { $0.address = String(repeating: "a", count: 201) }),
            ("postcode", .malformed, { $0.postcode = "O155" }),
            ("municipality", .unknownMunicipality, { $0.municipality = "9999" }),
        ]
        for (index, (field, kind, change)) in cases.enumerated() {
            let refused = refusal(Self.form(change))
            #expect(refused == EntryRefusal(kind, field: field), "case \(index): \(String(describing: refused))")
        }
        #expect(refusal(Self.form { $0.arrivalDate = "2026-11-20" }) == nil, "14 days late is still accepted")
        #expect(refusal(Self.form { $0.arrivalDate = "2026-12-07" }) == nil, "3 days ahead is still accepted")
    }
}
