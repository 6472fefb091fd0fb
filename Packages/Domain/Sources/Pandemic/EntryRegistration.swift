import Foundation
import Identifiers

/// What a traveller arriving in Norway fills in (COVID-19 entry registration): who they are (a
/// national identity number or D-number, or a passport), the country they travelled from, the
/// arrival date, and where they will stay in quarantine. Every field is kept as typed, so that
/// the form can be shown again with the faults named.
public struct EntryForm: Sendable, Equatable {
    /// `number` (national identity number or D-number) or `passport`.
    public var identityKind = "number"
    public var identityNumber = ""
    public var passportNumber = ""
    /// The passport's issuing country, ISO 3166-1 alpha-2.
    public var passportCountry = ""
    public var givenName = ""
    public var familyName = ""
    /// YYYY-MM-DD.
    public var birthDate = ""
    /// ISO 3166-1 alpha-2.
    public var countryFrom = ""
    /// YYYY-MM-DD.
    public var arrivalDate = ""
    public var address = ""
    public var postcode = ""
    /// The quarantine address's municipality number.
    public var municipality = ""

    public init() {}
}

/// A registration that passed every check.
public struct CheckedEntry: Sendable, Equatable {
    /// `fnr`, `dnr` or `passport`.
    public var identityKind: String
    public var identityNumber: NationalIdentityNumber?
    public var passportNumber: String?
    public var passportCountry: String?
    public var givenName: String
    public var familyName: String
    public var birthDate: CalendarDate
    public var countryFrom: String
    public var arrivalDate: CalendarDate
    public var address: String
    public var postcode: String
    public var municipality: String
}

/// Why a registration was refused: the form's field and the kind of fault.
public struct EntryRefusal: Error, Sendable, Equatable {
    public var field: String
    public var kind: Kind
    public enum Kind: String, Sendable, Equatable { case missing, malformed, unknownCountry, unknownMunicipality, arrivalOutOfRange, future }
    public init(_ kind: Kind, field: String) { (self.kind, self.field) = (kind, field) }
}

/// The checks on an entry registration.
public enum EntryCheck {
    /// How many days before today an arrival may be registered (late), and after (ahead of travel).
    public static let daysLate = 14, daysAhead = 3

    /// Checks `form` on `today`; `municipalities` are the known municipality numbers.
    public static func check(_ form: EntryForm, today: CalendarDate, municipalities: Set<String>) throws(EntryRefusal) -> CheckedEntry {
        var identity: NationalIdentityNumber?
        var passport: (String, String)?
        if form.identityKind == "passport" {
            let number = form.passportNumber.filter { !$0.isWhitespace }.uppercased()
            guard !number.isEmpty else { throw EntryRefusal(.missing, field: "passport_number") }
            guard number.count <= 20, number.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
                throw EntryRefusal(.malformed, field: "passport_number")
            }
            let country = try country(form.passportCountry, field: "passport_country")
            passport = (number, country)
        } else {
            let text = form.identityNumber.filter { !$0.isWhitespace }
            guard !text.isEmpty else { throw EntryRefusal(.missing, field: "identity_number") }
            guard let number = try? NationalIdentityNumber(String(text.prefix(20))) else { throw EntryRefusal(.malformed, field: "identity_number") }
            identity = number
        }
        let given = try name(form.givenName, field: "given_name"), family = try name(form.familyName, field: "family_name")
        let birth = try date(form.birthDate, field: "birth_date")
        guard birth <= today else { throw EntryRefusal(.future, field: "birth_date") }
        guard today.daysSinceEpoch - birth.daysSinceEpoch < 130 * 366 else { throw EntryRefusal(.malformed, field: "birth_date") }
        let from = try country(form.countryFrom, field: "country_from")
        let arrival = try date(form.arrivalDate, field: "arrival_date")
        guard (-daysLate...daysAhead).contains(arrival.daysSinceEpoch - today.daysSinceEpoch) else {
            throw EntryRefusal(.arrivalOutOfRange, field: "arrival_date")
        }
        let address = form.address.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !address.isEmpty else { throw EntryRefusal(.missing, field: "address") }
        guard address.count <= 200, !address.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw EntryRefusal(.malformed, field: "address")
        }
        let postcode = form.postcode.trimmingCharacters(in: .whitespaces)
        guard !postcode.isEmpty else { throw EntryRefusal(.missing, field: "postcode") }
        guard postcode.count == 4, postcode.allSatisfy(\.isASCII), postcode.allSatisfy(\.isNumber) else { throw EntryRefusal(.malformed, field: "postcode") }
        guard !form.municipality.isEmpty else { throw EntryRefusal(.missing, field: "municipality") }
        guard municipalities.contains(form.municipality) else { throw EntryRefusal(.unknownMunicipality, field: "municipality") }
        return CheckedEntry(identityKind: identity.map { $0.kind == .dNumber ? "dnr" : "fnr" } ?? "passport", identityNumber: identity,
                            passportNumber: passport?.0, passportCountry: passport?.1, givenName: given, familyName: family, birthDate: birth,
                            countryFrom: from, arrivalDate: arrival, address: address, postcode: postcode, municipality: form.municipality)
    }

    static func name(_ text: String, field: String) throws(EntryRefusal) -> String {
        let name = text.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw EntryRefusal(.missing, field: field) }
        guard name.count <= 100, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
              !name.contains(where: { "<>\"".contains($0) }) else { throw EntryRefusal(.malformed, field: field) }
        return name
    }

    static func date(_ text: String, field: String) throws(EntryRefusal) -> CalendarDate {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw EntryRefusal(.missing, field: field) }
        guard trimmed.count == 10, let date = CalendarDate(iso8601: trimmed) else { throw EntryRefusal(.malformed, field: field) }
        return date
    }

    static func country(_ text: String, field: String) throws(EntryRefusal) -> String {
        let code = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard !code.isEmpty else { throw EntryRefusal(.missing, field: field) }
        guard TravelCountries.names[code] != nil else { throw EntryRefusal(.unknownCountry, field: field) }
        return code
    }
}
