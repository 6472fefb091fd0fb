import Audit
import Foundation
import Identifiers
import Identity
import Localization
import Notify
import SQLKit

extension TracingCases {
    /// How many days back a close contact counts.
    public static let contactDays = 14

    /// Records a close contact of an open case: a person by national identity number (who must
    /// be in the register), or a name and a mobile number. The contact then gets the advice: by
    /// the notify block's channels for a person (paper for the reserved), by SMS for a number;
    /// never who the case is. The tracer's organisation sends it.
    public func addContact(to id: String, number: String, name: String, phone: String, lastContact: String, tracer: String,
                           organisation: String, today: CalendarDate, now: Date = Date()) async throws -> Contact {
        guard let row = try await store.sql.raw("SELECT status FROM tracing_cases WHERE id = \(bind: id)").first() else {
            throw Refusal(.notFound, field: "case")
        }
        guard try row.decode(column: "status", as: String.self) == "open" else { throw Refusal(.closed, field: "case") }
        let (person, contactName, mobile) = try await who(number: number, name: name, phone: phone)
        guard let date = CalendarDate(iso8601: lastContact.trimmingCharacters(in: .whitespaces)) else {
            throw Refusal(lastContact.isEmpty ? .missing : .malformed, field: "last_contact")
        }
        guard (0...Self.contactDays).contains(today.daysSinceEpoch - date.daysSinceEpoch) else { throw Refusal(.dateOutOfRange, field: "last_contact") }
        let contactID = TimeOrderedID.make(at: now)
        try await AuditLog(store: store).audited([AuditRecord(actor: tracer, subject: person ?? "tracing-contact:\(contactID)",
                                                              action: "pandemic.tracing.contact.record", purpose: Self.purpose, legalBasis: Self.citation())]) { sql in
            try await sql.insert(into: "tracing_contacts").columns("id", "case_id", "person", "name", "phone", "last_contact", "recorded_by", "recorded_at")
                .values(contactID, id, person, contactName, mobile, date.description, tracer, Int64(now.timeIntervalSince1970)).run()
        }
        let messageID = try await notify(contactID, person: person, mobile: mobile, organisation: organisation)
        if let messageID {
            try await store.writing {
                try await store.sql.raw("UPDATE tracing_contacts SET message_id = \(bind: messageID) WHERE id = \(bind: contactID)").run()
            }
        }
        return Contact(name: contactName ?? "", phone: mobile, person: person, lastContact: date.description, notified: messageID != nil)
    }

    /// The contact's person (by number, checked in the register) or name and mobile number.
    func who(number: String, name: String, phone: String) async throws -> (String?, String?, String?) {
        let number = number.filter { !$0.isWhitespace }
        if !number.isEmpty {
            guard let parsed = try? NationalIdentityNumber(String(number.prefix(20))) else { throw Refusal(.malformed, field: "number") }
            guard try await store.sql.raw("SELECT 1 AS ok FROM persons WHERE identity_number = \(bind: parsed.value)").first() != nil else {
                throw Refusal(.unknownPerson, field: "number")
            }
            return (parsed.value, nil, nil)
        }
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw Refusal(.missing, field: "name") }
        guard name.count <= 100, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw Refusal(.malformed, field: "name")
        }
        guard !phone.trimmingCharacters(in: .whitespaces).isEmpty else { throw Refusal(.missing, field: "phone") }
        guard let mobile = try? MobileNumber(phone) else { throw Refusal(.malformed, field: "phone") }
        return (nil, name, mobile.e164)
    }

    /// Sends the advice; nil when the notify block refused it (the contact stays recorded, shown as not told).
    func notify(_ contactID: String, person: String?, mobile: String?, organisation: String) async throws -> String? {
        try await NotifyTemplates(store: store).ensure([Self.template: Self.adviceTexts], organisation: organisation, by: Self.clientID)
        let request = MessageRequest(template: Self.template, to: .init(nationalIdentityNumber: person, mobile: person == nil ? mobile : nil),
                                     language: Language.nb.rawValue, reference: "tracing-contact:\(contactID)")
        let authorisation = try ExchangeCatalogue.authorise(grantedScopes: ["tverr:notify/messages.send"], purpose: Self.purpose,
                                                            legalBasis: Self.legalBasis, needing: .contact, write: true)
        do {
            let (status, _) = try await NotifyMessages(store: store).send(request, caller: ExchangeCaller(clientID: Self.clientID, organisationNumber: organisation),
                                                                        authorisation: authorisation, idempotencyKey: "tracing-contact:\(contactID)")
            return status.id
        } catch is MessageRefusal { return nil }
    }

    /// Closes an open case with an outcome and an optional note; false when it was not open.
    public func close(_ id: String, outcome: String, note: String, tracer: String, now: Date = Date()) async throws -> Bool {
        guard Self.outcomes.contains(outcome), outcome != "result-corrected" else { throw Refusal(.malformed, field: "outcome") }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= 500 else { throw Refusal(.malformed, field: "note") }
        guard let row = try await store.sql.raw("SELECT person FROM tracing_cases WHERE id = \(bind: id)").first() else { throw Refusal(.notFound, field: "case") }
        let person = try row.decode(column: "person", as: String.self), seconds = Int64(now.timeIntervalSince1970)
        return try await AuditLog(store: store).audited([AuditRecord(actor: tracer, subject: person, action: "pandemic.tracing.case.close",
                                                                     purpose: Self.purpose, legalBasis: Self.citation())]) { sql in
            guard try await sql.raw("""
                UPDATE tracing_cases SET status = 'closed', outcome = \(bind: outcome), note = \(bind: note.isEmpty ? nil : note), tracer = \(bind: tracer),
                  closed_at = \(bind: seconds), updated_at = \(bind: seconds) WHERE id = \(bind: id) AND status = 'open' RETURNING id
                """).first() != nil else { throw Refusal(.closed, field: "case") }
            return true
        }
    }

    /// The advice to a close contact, in nb, nn, en and uk; it never says who the case is.
    static let adviceTexts = TemplateRequest(name: "Smittesporing: nærkontakt", variants: [
        TemplateRequest.variants("nb", subject: "Du har vært nærkontakt",
                                 body: "Du har vært nær en person som har fått påvist korona. Ta en test så snart du kan, og hold deg hjemme til du har fått et negativt svar. Du kan bestille test på Min side.",
                                 sms: "Du har vært nær en person med korona. Ta en test og hold deg hjemme til du har fått svar. Bestill test på Min side."),
        TemplateRequest.variants("nn", subject: "Du har vore nærkontakt",
                                 body: "Du har vore nær ein person som har fått påvist korona. Ta ein test så snart du kan, og hald deg heime til du har fått eit negativt svar. Du kan bestille test på Mi side.",
                                 sms: "Du har vore nær ein person med korona. Ta ein test og hald deg heime til du har fått svar. Bestill test på Mi side."),
        TemplateRequest.variants("en", subject: "You have been a close contact",
                                 body: "You have been close to someone who has tested positive for COVID-19. Take a test as soon as you can, and stay at home until you have a negative result. You can book a test on My page.",
                                 sms: "You have been close to someone with COVID-19. Take a test and stay at home until you have the result. Book a test on My page."),
        TemplateRequest.variants("uk", subject: "Ви були в близькому контакті",
                                 body: "Ви були поруч із людиною, у якої виявили COVID-19. Якнайшвидше зробіть тест і залишайтеся вдома, доки не отримаєте негативний результат. Записатися на тест можна на «Моїй сторінці».",
                                 sms: "Ви були поруч із людиною з COVID-19. Зробіть тест і залишайтеся вдома до результату. Запис на тест — на «Моїй сторінці»."),
    ].flatMap { $0 })
}
