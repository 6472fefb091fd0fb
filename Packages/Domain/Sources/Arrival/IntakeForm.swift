import Foundation
/// What the police officer types at the first meeting, as the form sends it (every field text).
public struct IntakeForm: Sendable, Equatable {
    public var documentType = ""
    public var documentNumber = ""
    public var documentCountry = ""
    public var nationality = ""
    public var givenName = ""
    public var familyName = ""
    public var givenNameNative = ""
    public var familyNameNative = ""
    public var birthDate = ""
    public var sex = ""
    public var mobile = ""
    public var language = ""
    public var receptionCentre = ""
    public var livedInUkraine = false
    public var leftUkraineOn = ""
    public var shortStayAbroad = false
    public var protectionInUkraine = false
    public var lawfullyInNorway = false
    /// A national identity number or D-number, when the person is already in the population register.
    public var existingNumber = ""
    /// Family members arriving together.
    public var members: [MemberForm] = []

    public init() {}
}

/// A family member arriving with the main person, as typed.
public struct MemberForm: Sendable, Equatable {
    public var relationship = ""
    public var relationshipBeganOn = ""
    public var givenName = ""
    public var familyName = ""
    public var givenNameNative = ""
    public var familyNameNative = ""
    public var birthDate = ""
    public var sex = ""
    public var nationality = ""
    public var documentType = ""
    public var documentNumber = ""
    public var documentCountry = ""
    /// A national identity number or D-number, when the member is already in the population register.
    public var existingNumber = ""

    public init() {}

    /// Whether every field is empty (an unused row of the form).
    public var isBlank: Bool {
        [relationship, relationshipBeganOn, givenName, familyName, givenNameNative, familyNameNative, birthDate, sex,
         nationality, documentNumber].allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }
}

/// The kinds of identity document the police record.
public enum DocumentType: String, Sendable, CaseIterable {
    case passport
    case nationalID = "national-id"
    case birthCertificate = "birth-certificate"
    case otherDocument = "other-document"
    /// No document: identity then rests on the interview, and the rules route the case.
    case none
}

/// The relationship of a family member to the main person.
public enum Relationship: String, Sendable, CaseIterable {
    case spouse, cohabitant, child
    case householdMember = "household_member"
}

/// The languages a refugee is written to in.
public enum PreferredLanguage: String, Sendable, CaseIterable {
    case uk, en, nb
}

