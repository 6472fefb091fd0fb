import Localization

/// What a register response may contain. Scopes grant fields; responses are cut down to them.
public enum RegisterField: String, CaseIterable, Codable, Sendable {
    case identity, name, birth, address, addressHistory, family, contact, reservation, healthPersonnel
}

/// A legal basis that allows processing, as cited in law.
public struct LegalBasis: Equatable, Hashable, Sendable {
    /// The identifier sent in requests, for example `folkeregisterloven-10-2`.
    public let id: String
    /// The citation, for example `folkeregisterloven § 10-2`.
    public let citation: String
    /// True for consent: the exchange then checks that the person has given it.
    public let isConsent: Bool
}

/// A declared purpose, with the plain-language text the person sees in "who used my data".
public struct Purpose: Equatable, Hashable, Sendable {
    public let id: String
    public let text: [Language: String]
    /// Whether a read for this purpose may be withheld from the person's "who used my data" for a
    /// time (a covert criminal investigation); the entry is in the audit log all the same.
    public var mayBeWithheld: Bool = false

    public func text(in language: Language) -> String { text[language] ?? text[.nb] ?? id }

    public static func == (a: Purpose, b: Purpose) -> Bool { a.id == b.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// A scope a machine client can be granted: what it may see and for which purposes under which legal bases.
public struct ExchangeScope: Sendable {
    public let name: String
    public let description: String
    public let fields: Set<RegisterField>
    /// The (purpose, legal basis) pairs the scope allows.
    public let allowed: [(purpose: String, legalBasis: String)]
    /// Whether the scope allows changing the register (not only reading it).
    public let writes: Bool
}

/// The declared catalogue of legal bases, purposes and scopes for the once-only exchange.
public enum ExchangeCatalogue {
    public static let legalBases: [LegalBasis] = [
        LegalBasis(id: "folkeregisterloven-10-2", citation: "folkeregisterloven § 10-2", isConsent: false),
        LegalBasis(id: "folkeregisterloven-2-2", citation: "folkeregisterloven § 2-2", isConsent: false),
        LegalBasis(id: "folkeregisterloven-kap-5", citation: "folkeregisterloven kapittel 5", isConsent: false),
        LegalBasis(id: "smittevernloven-3-6", citation: "smittevernloven § 3-6", isConsent: false),
        LegalBasis(id: "covid-19-forskriften-5a", citation: "covid-19-forskriften § 5a", isConsent: false),
        LegalBasis(id: "smittevernloven-2-3", citation: "smittevernloven § 2-3 og MSIS-forskriften", isConsent: false),
        LegalBasis(id: "utlendingsloven-34", citation: "utlendingsloven § 34", isConsent: false),
        LegalBasis(id: "eforvaltningsforskriften-kap-8", citation: "eForvaltningsforskriften kapittel 8", isConsent: false),
        LegalBasis(id: "helsepersonelloven-49", citation: "helsepersonelloven § 49", isConsent: false),
        LegalBasis(id: "utlendingsloven-83", citation: "utlendingsloven § 83", isConsent: false),
        LegalBasis(id: "straffeprosessloven", citation: "straffeprosessloven", isConsent: false),
        LegalBasis(id: "eu-2021-953", citation: "forordning (EU) 2021/953 artikkel 3", isConsent: false),
        LegalBasis(id: "samtykke", citation: "personvernforordningen art. 6 nr. 1 bokstav a (samtykke)", isConsent: true),
    ]

    public static let purposes: [Purpose] = [
        Purpose(id: "saksbehandling", text: [
            .nb: "behandle en sak du har hos dem", .nn: "behandle ei sak du har hos dei",
            .en: "handle a case you have with them", .uk: "розглянути вашу справу в них"]),
        Purpose(id: "smittesporing", text: [
            .nb: "smittesporing", .nn: "smittesporing",
            .en: "contact tracing", .uk: "відстеження контактів"]),
        Purpose(id: "beskyttelse", text: [
            .nb: "behandle søknaden din om beskyttelse", .nn: "behandle søknaden din om vern",
            .en: "process your application for protection", .uk: "розглянути вашу заяву про захист"]),
        Purpose(id: "folkeregistrering", text: [
            .nb: "oppdatere folkeregisteret", .nn: "oppdatere folkeregisteret",
            .en: "update the population register", .uk: "оновити реєстр населення"]),
        Purpose(id: "varsling", text: [
            .nb: "sende deg et varsel", .nn: "sende deg eit varsel",
            .en: "send you a notice", .uk: "надіслати вам повідомлення"]),
        Purpose(id: "autorisasjonskontroll", text: [
            .nb: "kontrollere autorisasjon som helsepersonell", .nn: "kontrollere autorisasjon som helsepersonell",
            .en: "check an authorisation as health personnel", .uk: "перевірити дозвіл медичного працівника"]),
        Purpose(id: "identitetskontroll", text: [
            .nb: "bekrefte hvem du er, slik at du kan få eID", .nn: "stadfeste kven du er, slik at du kan få eID",
            .en: "confirm who you are, so that you can get an eID", .uk: "підтвердити вашу особу, щоб ви могли отримати eID"]),
        Purpose(id: "etterforskning", text: [
            .nb: "politiets etterforskning av en straffesak", .nn: "etterforskinga til politiet i ei straffesak",
            .en: "a police investigation of a criminal case", .uk: "розслідування поліцією кримінальної справи"], mayBeWithheld: true),
        Purpose(id: "koronasertifikat", text: [
            .nb: "lage koronasertifikatet ditt", .nn: "lage koronasertifikatet ditt",
            .en: "make your COVID certificate", .uk: "створити ваш COVID-сертифікат"]),
        Purpose(id: "provesvar", text: [
            .nb: "registrere svaret på en koronatest du har tatt", .nn: "registrere svaret på ein koronatest du har teke",
            .en: "record the result of a COVID-19 test you took", .uk: "зареєструвати результат вашого тесту на COVID-19"]),
        Purpose(id: "innreise", text: [
            .nb: "registrere innreisen din til Norge og følge opp karantenen", .nn: "registrere innreisa di til Noreg og følgje opp karantena",
            .en: "register your arrival in Norway and follow up your quarantine", .uk: "зареєструвати ваше прибуття до Норвегії та стежити за карантином"]),
        Purpose(id: "brukerundersokelse", text: [
            .nb: "en brukerundersøkelse du har sagt ja til", .nn: "ei brukarundersøking du har sagt ja til",
            .en: "a user survey you agreed to", .uk: "опитування користувачів, на яке ви погодилися"]),
    ]

    public static let scopes: [ExchangeScope] = [
        ExchangeScope(name: "tverr:registers/person.read",
                      description: "Identity, name, date of birth and current address from the population register.",
                      fields: [.identity, .name, .birth, .address],
                      allowed: [("saksbehandling", "folkeregisterloven-10-2"), ("smittesporing", "smittevernloven-3-6"),
                                ("beskyttelse", "utlendingsloven-34"), ("brukerundersokelse", "samtykke")],
                      writes: false),
        ExchangeScope(name: "tverr:registers/person.extended",
                      description: "Everything in person.read, plus address history and family relations.",
                      fields: [.identity, .name, .birth, .address, .addressHistory, .family],
                      allowed: [("saksbehandling", "folkeregisterloven-10-2"), ("beskyttelse", "utlendingsloven-34")],
                      writes: false),
        ExchangeScope(name: "tverr:registers/contact.read",
                      description: "E-mail, mobile number and reservation from the contact and reservation register.",
                      fields: [.identity, .contact, .reservation],
                      allowed: [("varsling", "eforvaltningsforskriften-kap-8"), ("smittesporing", "smittevernloven-3-6")],
                      writes: false),
        ExchangeScope(name: "tverr:registers/person.write",
                      description: "Assign D-numbers and register changes of address.",
                      fields: [.identity, .name, .birth, .address],
                      allowed: [("folkeregistrering", "folkeregisterloven-2-2"), ("folkeregistrering", "folkeregisterloven-kap-5")],
                      writes: true),
        ExchangeScope(name: "tverr:eid/identity-verification.write",
                      description: "Record that the police have verified a person's identity, which lets the person activate an eID.",
                      fields: [.identity],
                      allowed: [("identitetskontroll", "utlendingsloven-83")],
                      writes: true),
        ExchangeScope(name: "tverr:registers/person.police",
                      description: "Identity, name, date of birth, addresses, family and contact details for a police investigation.",
                      fields: [.identity, .name, .birth, .address, .addressHistory, .family, .contact],
                      allowed: [("etterforskning", "straffeprosessloven")],
                      writes: false),
        ExchangeScope(name: "tverr:notify/templates.write",
                      description: "Create and change the organisation's message templates (they hold no personal data).",
                      fields: [], allowed: [], writes: true),
        ExchangeScope(name: "tverr:notify/messages.send",
                      description: "Send notices to people by national identity number or to an address. Tverr looks up the contact and reservation register; the sender never sees it.",
                      fields: [.identity, .contact, .reservation],
                      allowed: [("varsling", "eforvaltningsforskriften-kap-8"), ("smittesporing", "smittevernloven-3-6")],
                      writes: true),
        ExchangeScope(name: "tverr:booking/resources.write",
                      description: "Create the organisation's bookable resources (test stations, clinics) and change their opening hours (they hold no personal data).",
                      fields: [], allowed: [], writes: true),
        ExchangeScope(name: "tverr:pandemic/results.write",
                      description: "Submit COVID-19 test results (laboratories and test sites). Tverr checks the person in the population register and tells them a result is ready.",
                      fields: [.identity], allowed: [("provesvar", "smittevernloven-2-3")], writes: true),
        ExchangeScope(name: "tverr:pandemic/results.read",
                      description: "Receive the events for registered and corrected COVID-19 test results, for contact tracing.",
                      fields: [.identity], allowed: [("smittesporing", "smittevernloven-3-6")], writes: false),
        ExchangeScope(name: "tverr:arrival/journey.read",
                      description: "Receive the events of a refugee's arrival journey (registered by the police, identity verified, protection decided), for the agencies along the journey.",
                      fields: [.identity], allowed: [("beskyttelse", "utlendingsloven-34")], writes: false),
        ExchangeScope(name: "tverr:pandemic/statistics.read",
                      description: "Daily tests, positives and arrivals of the organisation's municipality (an agency: every municipality), with counts under 5 shown as <5 (no personal data).",
                      fields: [], allowed: [], writes: false),
        ExchangeScope(name: "tverr:hpr.read",
                      description: "Profession and authorisation from the health personnel register.",
                      fields: [.identity, .name, .healthPersonnel],
                      allowed: [("autorisasjonskontroll", "helsepersonelloven-49")],
                      writes: false),
    ]

    public static func scope(named name: String) -> ExchangeScope? { scopes.first { $0.name == name } }
    public static func purpose(_ id: String) -> Purpose? { purposes.first { $0.id == id } }
    public static func legalBasis(_ id: String) -> LegalBasis? { legalBases.first { $0.id == id } }

    /// What a request under `grantedScopes` may do for `purpose` under `legalBasis`, needing `field`.
    public struct Authorisation: Equatable, Sendable {
        public let purpose: Purpose
        public let legalBasis: LegalBasis
        /// The fields the response may contain: the union over every granted scope that allows the pair.
        public let fields: Set<RegisterField>
    }

    /// Decides whether `grantedScopes` allow reading (or writing) `needed` for the declared
    /// purpose and legal basis. The reasons for a refusal are specific.
    public static func authorise(grantedScopes: Set<String>, purpose purposeID: String?, legalBasis basisID: String?,
                                 needing needed: RegisterField, write: Bool = false) throws(OAuthError) -> Authorisation {
        guard let purposeID, !purposeID.isEmpty else {
            throw OAuthError(.invalidRequest, "Name the purpose in the Tverr-Purpose header.")
        }
        guard let basisID, !basisID.isEmpty else {
            throw OAuthError(.invalidRequest, "Name the legal basis in the Tverr-Legal-Basis header.")
        }
        guard let purpose = purpose(purposeID) else { throw OAuthError(.invalidRequest, "\"\(purposeID)\" is not a declared purpose.") }
        guard let basis = legalBasis(basisID) else { throw OAuthError(.invalidRequest, "\"\(basisID)\" is not a declared legal basis.") }
        let matching = scopes.filter { scope in
            grantedScopes.contains(scope.name) && scope.writes == write
                && scope.allowed.contains { $0.purpose == purposeID && $0.legalBasis == basisID }
        }
        guard !matching.isEmpty else {
            throw OAuthError(.insufficientScope, "No granted scope allows the purpose \"\(purposeID)\" under \(basis.citation).")
        }
        let fields = matching.reduce(into: Set<RegisterField>()) { $0.formUnion($1.fields) }
        guard fields.contains(needed) else {
            throw OAuthError(.insufficientScope, "No granted scope allows \(needed.rawValue) for this purpose.")
        }
        return Authorisation(purpose: purpose, legalBasis: basis, fields: fields)
    }
}
