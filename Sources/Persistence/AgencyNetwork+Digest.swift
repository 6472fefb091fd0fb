import Foundation
import Identity

extension AgencyNetwork {
    /// The digest's template, owned by the Digitalisation Agency (which ran the network).
    public static let digestTemplate = "network-digest"
    static let clientID = "tverr-agency-network"
    /// The Digitalisation Agency.
    public static let organiser = "991825827"

    /// The weekly digest by e-mail in nb, nn, en and uk. `((uke))` is the ISO week,
    /// `((oppdateringer))` the updates by service, `((lenke))` the network page and
    /// `((avmelding))` the subscriber's own unsubscribe link.
    static let templates: [String: TemplateRequest] = [
        digestTemplate: TemplateRequest(name: "Nettverket: ukentlig oppsummering", variants: [
            TemplateRequest.Variant(channel: "email", language: "nb", subject: "Nettverket for ankomstreisen: uke ((uke))",
                                    body: "Dette jobber etatene med som kan bety noe for andre, uke ((uke)):\n\n((oppdateringer))\n\nSe oppdateringene og tjenestekjeden: ((lenke))\n\nVil du ikke få denne e-posten lenger? Meld deg av: ((avmelding))"),
            TemplateRequest.Variant(channel: "email", language: "nn", subject: "Nettverket for ankomstreisa: veke ((uke))",
                                    body: "Dette jobbar etatane med som kan ha noko å seie for andre, veke ((uke)):\n\n((oppdateringer))\n\nSjå oppdateringane og tenestekjeda: ((lenke))\n\nVil du ikkje få denne e-posten lenger? Meld deg av: ((avmelding))"),
            TemplateRequest.Variant(channel: "email", language: "en", subject: "The arrival journey network: week ((uke))",
                                    body: "What the agencies are working on that may matter to others, week ((uke)):\n\n((oppdateringer))\n\nSee the updates and the service chain: ((lenke))\n\nDon't want this e-mail any more? Unsubscribe: ((avmelding))"),
            TemplateRequest.Variant(channel: "email", language: "uk", subject: "Мережа шляху прибуття: тиждень ((uke))",
                                    body: "Над чим працюють установи і що може бути важливим для інших, тиждень ((uke)):\n\n((oppdateringer))\n\nОновлення та ланцюжок послуг: ((lenke))\n\nНе хочете більше отримувати цей лист? Відписатися: ((avmelding))"),
        ]),
    ]

    /// Sends `week`'s digest with `text` to the subscriber, once (a retry finds the same message),
    /// and records it. Returns the notify message's id.
    @discardableResult
    public func sendDigest(week: String, to subscriber: Subscriber, text: String, networkURL: String, unsubscribeURL: String,
                           at date: Date = Date()) async throws -> String {
        try await NotifyTemplates(store: store).ensure(Self.templates, organisation: Self.organiser, by: Self.clientID)
        let request = MessageRequest(template: Self.digestTemplate, to: .init(email: subscriber.email),
                                     personalisation: ["uke": week, "oppdateringer": text, "lenke": networkURL, "avmelding": unsubscribeURL],
                                     language: subscriber.language, reference: "network-digest-\(week)")
        let (status, _) = try await NotifyMessages(store: store).send(
            request, caller: ExchangeCaller(clientID: Self.clientID, organisationNumber: Self.organiser), authorisation: nil,
            idempotencyKey: "network-digest:\(week):\(subscriber.id)")
        try await recordDigest(week: week, subscriber: subscriber.id, messageID: status.id, at: date)
        return status.id
    }
}
