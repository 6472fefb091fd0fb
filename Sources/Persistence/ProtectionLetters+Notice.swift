import Crypto
import Foundation
import Identity

extension ProtectionLetters {
    /// The templates of the decision letter: one for a grant, one for a refusal.
    public static let grantedTemplate = "protection-granted", refusedTemplate = "protection-refused"
    static let clientID = "tverr-protection-letters"
    /// The name of the signed decision attached to the message.
    public static let attachmentName = "vedtak.pdf"

    /// The decision letter's message in nb, nn, en and uk. The mailbox, the letter and the e-mail
    /// carry the text, with the signed decision attached (enclosed on paper); the SMS is a short
    /// pointer to My page. `((soknad))` is the application number, `((frist))` the appeal deadline.
    static let templates: [String: TemplateRequest] = [
        grantedTemplate: TemplateRequest(name: "Beskyttelse: innvilget", variants: [
            TemplateRequest.variants("nb", subject: "Du har fått beskyttelse i Norge",
                                     body: "Søknaden din om beskyttelse, nummer ((soknad)), er innvilget. Du har midlertidig kollektiv beskyttelse i Norge. Vedtaket med begrunnelse er vedlagt. Alle du viser det til, kan kontrollere at det er ekte med QR-koden. Du kan klage innen ((frist)).",
                                     sms: "Søknaden din om beskyttelse, nummer ((soknad)), er innvilget. Klagefrist ((frist)). Les vedtaket på Min side."),
            TemplateRequest.variants("nn", subject: "Du har fått vern i Noreg",
                                     body: "Søknaden din om vern, nummer ((soknad)), er innvilga. Du har mellombels kollektivt vern i Noreg. Vedtaket med grunngiving er lagt ved. Alle du viser det til, kan kontrollere at det er ekte med QR-koden. Du kan klage innan ((frist)).",
                                     sms: "Søknaden din om vern, nummer ((soknad)), er innvilga. Klagefrist ((frist)). Les vedtaket på Mi side."),
            TemplateRequest.variants("en", subject: "You have been granted protection in Norway",
                                     body: "Your application for protection, number ((soknad)), is granted. You have temporary collective protection in Norway. The decision and the reasons are attached. Anyone you show it to can check that it is genuine with the QR code. You can appeal until ((frist)).",
                                     sms: "Your application for protection, number ((soknad)), is granted. Appeal by ((frist)). Read the decision on My page."),
            TemplateRequest.variants("uk", subject: "Вам надано захист у Норвегії",
                                     body: "Вашу заяву про захист № ((soknad)) задоволено. Ви маєте тимчасовий колективний захист у Норвегії. Рішення з обґрунтуванням додано. Кожен, кому ви його покажете, може перевірити його справжність за QR-кодом. Ви можете оскаржити рішення до ((frist)).",
                                     sms: "Заяву № ((soknad)) задоволено. Оскаржити до ((frist)). Рішення на «Моїй сторінці»."),
        ].flatMap { $0 }),
        refusedTemplate: TemplateRequest(name: "Beskyttelse: avslått", variants: [
            TemplateRequest.variants("nb", subject: "Svar på søknaden din om beskyttelse",
                                     body: "Søknaden din om beskyttelse, nummer ((soknad)), er avslått. Vedtaket med begrunnelse er vedlagt. Du kan klage innen ((frist)) på Min side.",
                                     sms: "Vi har svart på søknaden din om beskyttelse, nummer ((soknad)). Klagefrist ((frist)). Les vedtaket på Min side."),
            TemplateRequest.variants("nn", subject: "Svar på søknaden din om vern",
                                     body: "Søknaden din om vern, nummer ((soknad)), er avslått. Vedtaket med grunngiving er lagt ved. Du kan klage innan ((frist)) på Mi side.",
                                     sms: "Vi har svart på søknaden din om vern, nummer ((soknad)). Klagefrist ((frist)). Les vedtaket på Mi side."),
            TemplateRequest.variants("en", subject: "The answer to your application for protection",
                                     body: "Your application for protection, number ((soknad)), is refused. The decision and the reasons are attached. You can appeal until ((frist)) on My page.",
                                     sms: "We have answered your application for protection, number ((soknad)). Appeal by ((frist)). Read the decision on My page."),
            TemplateRequest.variants("uk", subject: "Відповідь на вашу заяву про захист",
                                     body: "У задоволенні вашої заяви про захист № ((soknad)) відмовлено. Рішення з обґрунтуванням додано. Ви можете оскаржити його до ((frist)) на «Моїй сторінці».",
                                     sms: "Ми відповіли на заяву № ((soknad)). Оскаржити до ((frist)). Рішення на «Моїй сторінці»."),
        ].flatMap { $0 }),
    ]

    /// Sends the letter for `sealed` with the signed decision `pdf` attached, in `language`: to
    /// the digital mailbox with an SMS pointer, or on paper when the person is reserved (the notify
    /// block chooses). The code makes it once only, so a retry returns the message already made.
    /// Returns the message's id.
    @discardableResult
    public func send(_ sealed: Sealed, pdf: Data, language: String, appealDeadline: String) async throws -> String {
        try await NotifyTemplates(store: store).ensure(Self.templates, organisation: ProtectionCases.authority, by: Self.clientID)
        let authorisation = try ExchangeCatalogue.authorise(grantedScopes: ["tverr:notify/messages.send"], purpose: "varsling",
                                                            legalBasis: "eforvaltningsforskriften-kap-8", needing: .contact, write: true)
        let request = MessageRequest(
            template: sealed.decision.outcome == "grant" ? Self.grantedTemplate : Self.refusedTemplate,
            to: .init(nationalIdentityNumber: sealed.identityNumber),
            personalisation: ["soknad": sealed.decision.reference, "frist": appealDeadline],
            language: ["nb", "nn", "en", "uk"].contains(language) ? language : "nb", reference: sealed.decision.reference,
            attachments: [.init(filename: Self.attachmentName, contentType: "application/pdf", content: pdf.base64EncodedString())])
        let (status, _) = try await NotifyMessages(store: store).send(
            request, caller: ExchangeCaller(clientID: Self.clientID, organisationNumber: ProtectionCases.authority),
            authorisation: authorisation, idempotencyKey: "decision:\(sealed.decision.reference):\(NotifyMessages.hex(SHA256.hash(data: Data(sealed.code.utf8))).prefix(16))")
        try await markSent(sealed.decision.reference, code: sealed.code, messageID: status.id)
        return status.id
    }
}
