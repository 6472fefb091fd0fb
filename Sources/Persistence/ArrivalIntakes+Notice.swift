import Foundation
import Identity
import Localization

extension ArrivalIntakes {
    /// The template of the message to the person after the intake.
    public static let noticeTemplate = "arrival-registered"
    static let clientID = "tverr-arrival"

    /// The message after the intake, in nb, nn, en and uk. It carries the application number, never
    /// the D-number (an SMS can be read by others; the officer hands the D-number over on the receipt).
    static let noticeTexts = TemplateRequest(name: "Ankomst: registrert", variants: [
        TemplateRequest.variants("nb", subject: "Du er registrert i Norge",
                                 body: "Politiet har registrert deg i folkeregisteret. Søknaden din om beskyttelse har nummer ((soknad)). Vi skriver til deg når den er behandlet.",
                                 sms: "Søknaden din om beskyttelse har nummer ((soknad)). Logg inn på Min side for å lese mer."),
        TemplateRequest.variants("nn", subject: "Du er registrert i Noreg",
                                 body: "Politiet har registrert deg i folkeregisteret. Søknaden din om vern har nummer ((soknad)). Vi skriv til deg når han er behandla.",
                                 sms: "Søknaden din om vern har nummer ((soknad)). Logg inn på Mi side for å lese meir."),
        TemplateRequest.variants("en", subject: "You are registered in Norway",
                                 body: "The police have registered you in the population register. Your application for protection has the number ((soknad)). We will write to you when it has been decided.",
                                 sms: "Your application for protection has the number ((soknad)). Log in to My page to read more."),
        TemplateRequest.variants("uk", subject: "Вас зареєстровано в Норвегії",
                                 body: "Поліція зареєструвала вас у реєстрі населення. Ваша заява про захист має номер ((soknad)). Ми напишемо вам, коли її розглянуть.",
                                 sms: "Ваша заява про захист має номер ((soknad)). Увійдіть на «Мою сторінку», щоб дізнатися більше."),
    ].flatMap { $0 })

    /// Tells the main person, in their language, that they are registered, with their application
    /// number: mailbox with an SMS pointer, or a letter when they are reserved. Sent
    /// after the intake has committed; the intake reference makes it once only, so a retry does
    /// not send it twice. A notice the notify block refuses leaves the intake as it is.
    public func notify(_ registered: Registered, language: String, by officer: Officer) async throws {
        guard let principal = registered.people.first else { return }
        let messages = NotifyMessages(store: store)
        try await NotifyTemplates(store: store).ensure([Self.noticeTemplate: Self.noticeTexts], organisation: officer.organisationNumber, by: Self.clientID)
        let authorisation = try ExchangeCatalogue.authorise(grantedScopes: ["tverr:notify/messages.send"], purpose: "varsling",
                                                            legalBasis: "eforvaltningsforskriften-kap-8", needing: .contact, write: true)
        let request = MessageRequest(template: Self.noticeTemplate, to: .init(nationalIdentityNumber: principal.identityNumber),
                                     personalisation: ["soknad": principal.applicationReference],
                                     language: language == "uk" || language == "en" ? language : Language.nb.rawValue, reference: principal.reference)
        _ = try await messages.send(request, caller: ExchangeCaller(clientID: Self.clientID, organisationNumber: officer.organisationNumber),
                                    authorisation: authorisation, idempotencyKey: "arrival:\(principal.reference)")
    }
}
