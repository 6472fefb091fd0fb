import Foundation
import Identity
import Localization
import SQLKit

extension TestResults {
    /// The notice that a result is ready, in nb, nn, en and uk. It never says the result: an SMS
    /// or e-mail can be read by others, so it points to "my page", where the person logs in.
    static let noticeTexts = TemplateRequest(name: "Prøvesvar: nytt svar", variants: [
        TemplateRequest.variants("nb", subject: "Du har fått et nytt prøvesvar",
                                 body: "Svaret på koronatesten din er klart. Logg inn på Min side for å se svaret og hva du skal gjøre nå.",
                                 sms: "Du har fått et nytt prøvesvar. Logg inn på Min side for å se det."),
        TemplateRequest.variants("nn", subject: "Du har fått eit nytt prøvesvar",
                                 body: "Svaret på koronatesten din er klart. Logg inn på Mi side for å sjå svaret og kva du skal gjere no.",
                                 sms: "Du har fått eit nytt prøvesvar. Logg inn på Mi side for å sjå det."),
        TemplateRequest.variants("en", subject: "You have a new test result",
                                 body: "The result of your COVID-19 test is ready. Log in to My page to see it and what to do next.",
                                 sms: "You have a new test result. Log in to My page to see it."),
        TemplateRequest.variants("uk", subject: "У вас новий результат тесту",
                                 body: "Результат вашого тесту на COVID-19 готовий. Увійдіть на «Мою сторінку», щоб побачити його і дізнатися, що робити далі.",
                                 sms: "У вас новий результат тесту. Увійдіть на «Мою сторінку», щоб його побачити."),
    ].flatMap { $0 })

    /// The notices for these people's new results, planned through the notify block (channel
    /// from the contact register, paper for the reserved), to be written with the results. Each
    /// is in the language of the person's latest booking, or nb. A notice the notify block refuses
    /// is left out; the result is stored all the same. `key` makes each notice once only.
    func notices(for people: [(pid: String, key: String)]) async throws -> OutboxRows {
        try await prepareTemplate()
        let languages = try await bookingLanguages(of: people.map(\.pid))
        let items = people.enumerated().map { index, person in
            (index: index, request: MessageRequest(template: Self.noticeTemplate, to: .init(nationalIdentityNumber: person.pid),
                                                   language: languages[person.pid] ?? Language.nb.rawValue, reference: person.key),
             key: Optional(person.key))
        }
        let authorisation = try ExchangeCatalogue.authorise(grantedScopes: ["tverr:notify/messages.send"], purpose: "varsling",
                                                            legalBasis: "eforvaltningsforskriften-kap-8", needing: .contact, write: true)
        return try await NotifyMessages(store: store).plan(items, caller: ExchangeCaller(clientID: Self.clientID, organisationNumber: serviceOrganisation),
                                                           authorisation: authorisation).rows
    }

    /// The language of each person's latest booking, for those who have one.
    func bookingLanguages(of numbers: [String]) async throws -> [String: String] {
        var latest: [String: (Int64, String)] = [:]
        for row in try await store.sql.all("SELECT person, language, updated_at FROM bookings WHERE", where: "person", in: numbers) {
            let person = try row.decode(column: "person", as: String.self), at = try row.decode(column: "updated_at", as: Int64.self)
            if at >= latest[person]?.0 ?? .min { latest[person] = (at, try row.decode(column: "language", as: String.self)) }
        }
        return latest.mapValues(\.1)
    }

    /// Saves the notice template for the service's organisation unless it has it (once per process).
    func prepareTemplate() async throws {
        guard !preparedTemplates.withLockedValue({ $0 }) else { return }
        try await NotifyTemplates(store: store).ensure([Self.noticeTemplate: Self.noticeTexts], organisation: serviceOrganisation, by: Self.clientID)
        preparedTemplates.withLockedValue { $0 = true }
    }
}
