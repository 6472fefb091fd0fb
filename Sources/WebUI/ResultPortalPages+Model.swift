import Localization

/// A person found in the population register, as the result portal shows them.
public struct PortalPerson: Sendable, Equatable {
    public var identityNumber: String
    public var name: String
    public var birthDate: String
    public var address: String?
    public init(identityNumber: String, name: String, birthDate: String, address: String?) {
        (self.identityNumber, self.name, self.birthDate, self.address) = (identityNumber, name, birthDate, address)
    }
}

/// One stored result in the portal's list.
public struct PortalResultRow: Sendable, Equatable {
    public var id: String
    public var sampleID: String
    public var type: MessageKey
    public var taken: String
    public var positive: Bool
    public var centre: String
    public var corrected: Bool
    public init(id: String, sampleID: String, type: MessageKey, taken: String, positive: Bool, centre: String, corrected: Bool) {
        (self.id, self.sampleID, self.type, self.taken, self.positive, self.centre, self.corrected) = (id, sampleID, type, taken, positive, centre, corrected)
    }
}

/// The values of the result form, as typed (shown again with the errors).
public struct PortalResultForm: Sendable, Equatable {
    public var sampleID = ""
    /// `rapid` or `naat`.
    public var testType = "rapid"
    public var device = ""
    public var testName = ""
    /// YYYY-MM-DD and HH:MM, Norwegian time.
    public var date = ""
    public var time = ""
    /// `positive`, `negative` or empty.
    public var result = ""
    public var centre = ""
    public init() {}
}

/// The page of the result portal: finding a person, their results and the form for a new one.
public struct ResultPortalModel: Sendable {
    public var csrfToken: String
    /// Who is registering, and where: "Name, profession (HPR n), organisation".
    public var worker: String
    public var number = ""
    public var numberError: String?
    public var person: PortalPerson?
    public var results: [PortalResultRow] = []
    public var form = PortalResultForm()
    public var errors: [FieldError] = []
    public var notice: String?
    /// The rapid test devices of the EU list.
    public var devices: [Choice] = []
    public init(csrfToken: String, worker: String) { (self.csrfToken, self.worker) = (csrfToken, worker) }
}

/// One line of a batch and what became of it.
public struct PortalBatchLine: Sendable, Equatable {
    public var line: Int
    public var text: String
    public var accepted: Bool
    public var message: String
    public init(line: Int, text: String, accepted: Bool, message: String) {
        (self.line, self.text, self.accepted, self.message) = (line, text, accepted, message)
    }
}

/// The batch page: the shared fields, the lines, and after sending, each line's outcome.
public struct ResultBatchModel: Sendable {
    public var csrfToken: String
    public var worker: String
    public var form = PortalResultForm()
    public var lines = ""
    public var outcomes: [PortalBatchLine] = []
    public var errors: [FieldError] = []
    public var devices: [Choice] = []
    public init(csrfToken: String, worker: String) { (self.csrfToken, self.worker) = (csrfToken, worker) }
}

/// A correction as the correction page lists it.
public struct PortalCorrectionRow: Sendable, Equatable {
    public var when: String, by: String, reason: String, before: String, after: String
    public init(when: String, by: String, reason: String, before: String, after: String) {
        (self.when, self.by, self.reason, self.before, self.after) = (when, by, reason, before, after)
    }
}

/// The correction page of one result.
public struct ResultCorrectionModel: Sendable {
    public var csrfToken: String
    public var worker: String
    public var result: PortalResultRow
    /// The person's name, and their number for the way back.
    public var person: String
    public var personNumber = ""
    public var form = PortalResultForm()
    public var reason = ""
    /// The digest of the result as the page showed it, so that a change made meanwhile is caught.
    public var expected = ""
    public var errors: [FieldError] = []
    public var history: [PortalCorrectionRow] = []
    public var devices: [Choice] = []
    public init(csrfToken: String, worker: String, result: PortalResultRow, person: String) {
        (self.csrfToken, self.worker, self.result, self.person) = (csrfToken, worker, result, person)
    }
}
