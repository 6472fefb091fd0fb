import Identity

/// An event type other agencies can read in the feed or subscribe to.
public struct EventType: Equatable, Sendable {
    /// The CloudEvents `type`, for example `no.tverr.registers.address-changed.v1`.
    public let name: String
    /// The exchange scopes that may receive it. The client must also declare a purpose and legal
    /// basis that one of those scopes allows, as for a register read.
    public let scopes: Set<String>
    /// What it means, in one sentence (for the docs and the API).
    public let summary: String
}

/// The declared event types. Types not listed here (consent changes, for example, which concern
/// one organisation only) stay in the outbox for Tverr's own use and are never published.
public enum EventCatalogue {
    static let personScopes: Set<String> = ["tverr:registers/person.read", "tverr:registers/person.extended", "tverr:registers/person.police"]

    public static let types: [EventType] = [
        EventType(name: "no.tverr.registers.d-number-assigned.v1", scopes: personScopes,
                  summary: "A person was registered with a new D-number."),
        EventType(name: "no.tverr.registers.address-changed.v1", scopes: personScopes,
                  summary: "A person's registered address changed (data: the new municipality and the date it applies from)."),
        EventType(name: "no.tverr.registers.contact-changed.v1", scopes: ["tverr:registers/contact.read", "tverr:registers/person.police"],
                  summary: "A person changed their e-mail address, mobile number or reservation (data: whether they are reserved)."),
        EventType(name: "no.tverr.pandemic.test-result-registered.v1", scopes: ["tverr:pandemic/results.read"],
                  summary: "A COVID-19 test result was registered for a person (data: the sample id, the sample time, whether the virus was found, and the municipality)."),
        EventType(name: "no.tverr.pandemic.test-result-corrected.v1", scopes: ["tverr:pandemic/results.read"],
                  summary: "A registered COVID-19 test result was corrected (data as for a registered result, with the correction's reason)."),
        EventType(name: "no.tverr.arrival.registered.v1", scopes: ["tverr:arrival/journey.read"],
                  summary: "The police registered a refugee at the first meeting (data: the intake reference, the family group, the role in it, and the reception centre's municipality)."),
        EventType(name: "no.tverr.eid.identity-verified.v1", scopes: ["tverr:arrival/journey.read"],
                  summary: "The police verified a person's identity, so that they can enrol an eID (data: the kind of document)."),
        EventType(name: "no.tverr.eid.enrolled.v1", scopes: ["tverr:arrival/journey.read"],
                  summary: "A person finished enrolling the eID and can log in with it (data: the level, idporten-loa-substantial)."),
        EventType(name: "no.tverr.protection.decided.v1", scopes: ["tverr:arrival/journey.read"],
                  summary: "An application for collective protection was decided or sent to a caseworker (data: the reference, the outcome, the reasons, who decided, and the rule version)."),
        EventType(name: "no.tverr.arrival.settlement-proposed.v1", scopes: ["tverr:arrival/journey.read"],
                  summary: "The integration directorate proposed a municipality for a person granted protection (data: the municipality and the application)."),
        EventType(name: "no.tverr.arrival.settlement-accepted.v1", scopes: ["tverr:arrival/journey.read"],
                  summary: "The municipality accepted the person proposed to it (data: the municipality and the application)."),
        EventType(name: "no.tverr.arrival.settlement-declined.v1", scopes: ["tverr:arrival/journey.read"],
                  summary: "The municipality declined the person proposed to it; the person waits for a new proposal (data: the municipality and the application)."),
        EventType(name: "no.tverr.arrival.settled.v1", scopes: ["tverr:arrival/journey.read"],
                  summary: "The person moved in to the municipality; the address is in the population register (data: the municipality, the application and the move-in date)."),
    ]

    /// Every scope that can receive some event type: the scopes that may manage subscriptions.
    public static let scopes: Set<String> = types.reduce(into: []) { $0.formUnion($1.scopes) }

    public static func type(named name: String) -> EventType? { types.first { $0.name == name } }

    /// The scope, among those granted, that lets the client receive `type` for the declared
    /// purpose and legal basis; nil if none does. Consent is never enough for events: it is given
    /// per person, and a feed cannot ask every subject.
    public static func grantingScope(for type: EventType, grantedScopes: Set<String>, purpose: String, legalBasis: String) -> String? {
        guard ExchangeCatalogue.legalBases.first(where: { $0.id == legalBasis })?.isConsent == false else { return nil }
        return type.scopes.intersection(grantedScopes).sorted().first { name in
            ExchangeCatalogue.scope(named: name)?.allowed.contains { $0.purpose == purpose && $0.legalBasis == legalBasis } == true
        }
    }

    /// The published types a client may receive for the declared purpose and legal basis.
    public static func visibleTypes(grantedScopes: Set<String>, purpose: String, legalBasis: String) -> [EventType] {
        types.filter { grantingScope(for: $0, grantedScopes: grantedScopes, purpose: purpose, legalBasis: legalBasis) != nil }
    }
}
