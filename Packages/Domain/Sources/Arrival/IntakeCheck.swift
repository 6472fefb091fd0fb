import Foundation
import DCC
import Identifiers
import Notify
import Reference

/// One thing wrong on the intake form: the field, and a code the pages put into words.
public struct IntakeProblem: Sendable, Equatable, CustomStringConvertible {
    /// The field, such as `birthDate` or `members.1.birthDate` (members count from 1).
    public let field: String
    public let code: Code

    /// What is wrong.
    public enum Code: String, Sendable, CaseIterable {
        case documentType, documentNumber, unknownCountry, names, nativeNames, birthDate, impossibleBirthDate
        case sex, mobile, language, receptionCentre, leftUkraineOn, relationship, relationshipBeganOn, tooManyMembers, existingNumber
    }

    public init(_ field: String, _ code: Code) {
        self.field = field
        self.code = code
    }

    /// The problem in English, for the API and the logs.
    public var description: String {
        let text: String = switch code {
        case .documentType: "choose the kind of identity document"
        case .documentNumber: "a document number is 5 to 20 letters and digits"
        case .unknownCountry: "this is not a country code we know; choose a country from the list (ISO 3166 alpha-3, such as UKR)"
        case .names: "give the given and family names in Latin letters, or in Cyrillic to have them transliterated"
        case .nativeNames: "names in Cyrillic script may hold only Cyrillic letters, spaces, hyphens and apostrophes"
        case .birthDate: "a date of birth is written YYYY-MM-DD"
        case .impossibleBirthDate: "this date of birth cannot be right: it is in the future, or more than 120 years ago"
        case .sex: "choose female or male"
        case .mobile: "a mobile number is + and 8 to 15 digits, or 8 Norwegian digits starting with 4 or 9"
        case .language: "choose Ukrainian, English or Norwegian"
        case .receptionCentre: "choose the reception centre from the list"
        case .leftUkraineOn: "the day the person left Ukraine is written YYYY-MM-DD and is not in the future"
        case .relationship: "choose spouse, cohabitant, child or another household member"
        case .relationshipBeganOn: "give the day the marriage, cohabitation or household began (YYYY-MM-DD, not in the future)"
        case .existingNumber: "a national identity number or D-number has 11 digits with valid control digits"
        case .tooManyMembers: "one intake holds at most \(IntakeCheck.maximumMembers) family members; register a larger family in two intakes"
        }
        return "\(field): \(text)"
    }
}

/// An intake form with problems; nothing is stored.
public struct IntakeRefused: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every problem found, in the order of the form.
    public let problems: [IntakeProblem]

    public var description: String { problems.map(\.description).joined(separator: "; ") }
}

/// A person on a checked intake, as the population register will hold them.
public struct IntakePerson: Sendable, Equatable {
    public let givenName: String
    public let familyName: String
    public let givenNameNative: String?
    public let familyNameNative: String?
    public let birthDate: CalendarDate
    public let sex: String
    /// ISO 3166-1 alpha-3.
    public let nationality: String
    public let documentType: DocumentType
    /// Upper case, without spaces; nil for no document.
    public let documentNumber: String?
    public let documentCountry: String?
    /// For a family member: how they are related to the main person, and since when.
    public let relationship: Relationship?
    public let relationshipBeganOn: CalendarDate?
    /// The person's number, when they are already in the population register (to link, not to register anew).
    public let existingNumber: NationalIdentityNumber?
}

/// A checked intake: the main person, the family with them, and what the rules need.
public struct CheckedIntake: Sendable, Equatable {
    public let principal: IntakePerson
    public let members: [IntakePerson]
    /// In E.164 form, when given.
    public let mobile: String?
    public let language: PreferredLanguage
    public let receptionCentre: ReceptionCentre
    public let livedInUkraine: Bool
    public let leftUkraineOn: CalendarDate?
    public let shortStayAbroad: Bool
    public let protectionInUkraine: Bool
    public let lawfullyInNorway: Bool
}

/// Checks an intake form field by field, naming every problem at once.
public enum IntakeCheck {
    /// The most family members one intake holds.
    public static let maximumMembers = 15

    /// The checked intake; throws every problem found.
    public static func check(_ form: IntakeForm, today: CalendarDate) throws(IntakeRefused) -> CheckedIntake {
        var problems: [IntakeProblem] = []
        let principal = person(
            PersonFields(given: form.givenName, family: form.familyName, givenNative: form.givenNameNative, familyNative: form.familyNameNative,
                         birth: form.birthDate, sex: form.sex, nationality: form.nationality, documentType: form.documentType,
                         documentNumber: form.documentNumber, documentCountry: form.documentCountry, existing: form.existingNumber),
            relationship: nil, prefix: "", today: today, problems: &problems)
        var mobile: String?
        if !form.mobile.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            do { mobile = try MobileNumber(form.mobile).e164 } catch { problems.append(IntakeProblem("mobile", .mobile)) }
        }
        let language = PreferredLanguage(rawValue: form.language)
        if language == nil { problems.append(IntakeProblem("language", .language)) }
        let centre = ReceptionCentre.lookup(form.receptionCentre)
        if centre == nil { problems.append(IntakeProblem("receptionCentre", .receptionCentre)) }
        var left: CalendarDate?
        if !form.leftUkraineOn.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            left = CalendarDate(iso8601: form.leftUkraineOn.trimmingCharacters(in: .whitespacesAndNewlines))
            if left == nil || left! > today { problems.append(IntakeProblem("leftUkraineOn", .leftUkraineOn)); left = nil }
        }
        let rows = form.members.filter { !$0.isBlank }
        if rows.count > maximumMembers { problems.append(IntakeProblem("members", .tooManyMembers)) }
        var members: [IntakePerson] = []
        for (index, member) in rows.prefix(maximumMembers).enumerated() {
            let prefix = "members.\(index + 1)."
            let relationship = member.relationship.isEmpty ? nil : Relationship(rawValue: member.relationship)
            if relationship == nil { problems.append(IntakeProblem(prefix + "relationship", .relationship)) }
            let fields = PersonFields(given: member.givenName, family: member.familyName, givenNative: member.givenNameNative,
                                      familyNative: member.familyNameNative, birth: member.birthDate, sex: member.sex,
                                      nationality: member.nationality.isEmpty ? form.nationality : member.nationality,
                                      documentType: member.documentType.isEmpty ? DocumentType.none.rawValue : member.documentType,
                                      documentNumber: member.documentNumber, documentCountry: member.documentCountry,
                                      began: member.relationshipBeganOn, existing: member.existingNumber)
            if let person = person(fields, relationship: relationship, prefix: prefix, today: today, problems: &problems) { members.append(person) }
        }
        guard problems.isEmpty, let principal, let language, let centre else { throw IntakeRefused(problems: problems) }
        return CheckedIntake(
            principal: principal, members: members, mobile: mobile, language: language, receptionCentre: centre,
            livedInUkraine: form.livedInUkraine, leftUkraineOn: left, shortStayAbroad: form.shortStayAbroad,
            protectionInUkraine: form.protectionInUkraine, lawfullyInNorway: form.lawfullyInNorway
        )
    }

    struct PersonFields {
        var given, family, givenNative, familyNative, birth, sex, nationality, documentType, documentNumber, documentCountry: String
        var began = ""
        var existing = ""
    }

    private static func person(_ f: PersonFields, relationship: Relationship?, prefix: String, today: CalendarDate,
                               problems: inout [IntakeProblem]) -> IntakePerson? {
        let before = problems.count
        let givenNative = f.givenNative.trimmingCharacters(in: .whitespacesAndNewlines), familyNative = f.familyNative.trimmingCharacters(in: .whitespacesAndNewlines)
        for native in [givenNative, familyNative] where !native.isEmpty && !isCyrillicName(native) {
            problems.append(IntakeProblem(prefix + "nativeNames", .nativeNames))
            break
        }
        let given = latin(f.given, native: givenNative), family = latin(f.family, native: familyNative)
        if !(1...100).contains(given.count) || !(1...100).contains(family.count) { problems.append(IntakeProblem(prefix + "names", .names)) }
        let birth = CalendarDate(iso8601: f.birth.trimmingCharacters(in: .whitespacesAndNewlines))
        if birth == nil { problems.append(IntakeProblem(prefix + "birthDate", .birthDate)) }
        else if birth! > today || birth!.year < today.year - 120 { problems.append(IntakeProblem(prefix + "birthDate", .impossibleBirthDate)) }
        if !["female", "male"].contains(f.sex) { problems.append(IntakeProblem(prefix + "sex", .sex)) }
        let nationality = f.nationality.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        if Countries.lookup(nationality) == nil || nationality.count != 3 { problems.append(IntakeProblem(prefix + "nationality", .unknownCountry)) }
        let type = DocumentType(rawValue: f.documentType)
        if type == nil { problems.append(IntakeProblem(prefix + "documentType", .documentType)) }
        var number: String?, country: String?
        if let type, type != .none {
            number = f.documentNumber.uppercased().filter { !$0.isWhitespace && $0 != "-" }
            if !(5...20).contains(number!.count) || !number!.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                problems.append(IntakeProblem(prefix + "documentNumber", .documentNumber))
            }
            country = f.documentCountry.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
            if Countries.lookup(country!) == nil || country!.count != 3 { problems.append(IntakeProblem(prefix + "documentCountry", .unknownCountry)) }
        }
        var began: CalendarDate?
        if let relationship, relationship != .child {
            began = CalendarDate(iso8601: f.began.trimmingCharacters(in: .whitespacesAndNewlines))
            if began == nil || began! > today { problems.append(IntakeProblem(prefix + "relationshipBeganOn", .relationshipBeganOn)); began = nil }
        }
        var existing: NationalIdentityNumber?
        if !f.existing.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            existing = try? NationalIdentityNumber(f.existing.filter { !$0.isWhitespace })
            if existing == nil { problems.append(IntakeProblem(prefix + "existingNumber", .existingNumber)) }
        }
        guard problems.count == before, let birth, let type else { return nil }
        return IntakePerson(
            givenName: given, familyName: family, givenNameNative: givenNative.isEmpty ? nil : givenNative,
            familyNameNative: familyNative.isEmpty ? nil : familyNative, birthDate: birth, sex: f.sex, nationality: nationality,
            documentType: type, documentNumber: number, documentCountry: country, relationship: relationship, relationshipBeganOn: began,
            existingNumber: existing
        )
    }

    /// The Latin name as typed, or else the Cyrillic one transliterated as in passports (ICAO 9303).
    static func latin(_ typed: String, native: String) -> String {
        let typed = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard typed.isEmpty, !native.isEmpty else { return typed }
        return Transliteration.icao(native).split(separator: "<").map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined(separator: " ")
    }

    static func isCyrillicName(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { (0x0400...0x04FF).contains($0.value) || " -'’ʼ".unicodeScalars.contains($0) }
    }
}
