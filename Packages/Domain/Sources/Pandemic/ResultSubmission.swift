import DCC
import Identifiers

/// A COVID-19 test result as a laboratory or a test site submits it, before any check. Every
/// field is optional and kept as given, so that a malformed row is reported with its reason
/// instead of failing the whole batch.
public struct ResultSubmission: Sendable, Equatable {
    /// The laboratory's or site's own id for the sample; the key that makes a resubmission harmless.
    public var sampleID: String?
    /// The person's national identity number or D-number.
    public var nationalIdentityNumber: String?
    /// `LP6464-4` (NAAT, such as PCR) or `LP217198-3` (rapid antigen); `pcr` and `rapid` are accepted too.
    public var testType: String?
    /// The rapid test device's id in the EU value set (the manufacturer and name); only for rapid tests.
    public var device: String?
    /// The NAAT test's name, if the laboratory gives one.
    public var testName: String?
    /// When the sample was taken: RFC 3339 with a time zone.
    public var sampleCollected: String?
    /// `positive` or `negative`, or the SNOMED CT codes `260373001` and `260415000`.
    public var result: String?
    /// The test site or laboratory, as the certificate names it (`tc`).
    public var testCentre: String?
    /// Fields that were present but of the wrong JSON type, by name.
    public var wrongTypes: [String] = []
    /// False when the row was not a JSON object at all.
    public var isObject = true

    /// A submission.
    public init(sampleID: String? = nil, nationalIdentityNumber: String? = nil, testType: String? = nil, device: String? = nil,
                testName: String? = nil, sampleCollected: String? = nil, result: String? = nil, testCentre: String? = nil) {
        (self.sampleID, self.nationalIdentityNumber, self.testType, self.device) = (sampleID, nationalIdentityNumber, testType, device)
        (self.testName, self.sampleCollected, self.result, self.testCentre) = (testName, sampleCollected, result, testCentre)
    }
}

/// A submission that passed every check that needs no register.
public struct CheckedResult: Sendable, Equatable {
    /// The sample's id.
    public var sampleID: String
    /// Whose result it is.
    public var person: NationalIdentityNumber
    /// The result as the health records keep it (its `id` is empty until stored).
    public var record: TestResultRecord
    /// The SHA-256 of the result's content, to tell a resubmission from a different result with the same sample id.
    public var digest: String
}

/// Why a submitted result was refused: the field and a sentence the submitter can act on.
public struct ResultRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field at fault (JSON name), or nil for the row as a whole.
    public var field: String?
    /// What is wrong, in plain English.
    public var reason: String
    /// The kind of refusal, so that pages can say it in the reader's language.
    public var kind: Kind

    /// The kinds of refusal.
    public enum Kind: String, Sendable, Equatable {
        case missing, malformed, unknownPerson, unknownTestType, unknownDevice, deviceNotForNAAT
        case future, tooOld, unknownResult, sampleIDConflict, notFound, unchanged, changedMeanwhile
    }

    /// A refusal.
    public init(_ kind: Kind, field: String?, _ reason: String) {
        (self.kind, self.field, self.reason) = (kind, field, reason)
    }

    public var description: String { field.map { "\($0): \(reason)" } ?? reason }
}
