import Audit
import Foundation
import Letters
import Localization
import Reference
import SQLKit

/// A letter waiting in the print queue, as the operator's list shows it (no name or address:
/// those are in the PDF, and each download is audited).
public struct QueuedLetter: Codable, Sendable, Equatable {
    public var id: String
    public var messageId: String
    public var sender: String
    public var municipalityNumber: String
    public var status: String
    public var createdAt: String
    /// Files to print and put in the envelope with the letter (its enclosures).
    public var attachments: [AttachmentInfo]?
}

/// The print queue: letters for people who are reserved against digital contact or have none.
public struct PrintQueue: Sendable {
    let store: Store
    public init(store: Store) { self.store = store }

    /// Letters in the queue (`queued` or `printed`), oldest first.
    public func letters(status: String, limit: Int = 500) async throws -> [QueuedLetter] {
        var letters = try await store.sql.raw("""
            SELECT q.id, q.message_id, q.municipality_number, q.status, q.created_at, m.organisation_number FROM print_queue q
            JOIN notify_messages m ON m.id = q.message_id WHERE q.status = \(bind: status) ORDER BY q.created_at, q.id LIMIT \(bind: limit)
            """).all().map { row in
                QueuedLetter(id: try row.decode(column: "id", as: String.self), messageId: try row.decode(column: "message_id", as: String.self),
                             sender: try row.decode(column: "organisation_number", as: String.self),
                             municipalityNumber: try row.decode(column: "municipality_number", as: String.self),
                             status: try row.decode(column: "status", as: String.self),
                             createdAt: NotifyTemplates.iso(try row.decode(column: "created_at", as: Int64.self)))
            }
        let files = try await NotifyMessages(store: store).attachments(of: letters.map(\.messageId))
        for index in letters.indices { letters[index].attachments = files[letters[index].messageId] }
        return letters
    }

    /// A file to enclose with a letter; the download is an access to the person's message,
    /// audited for `actor` before it is returned. Nil if there is no such letter or file.
    public func attachment(_ id: String, position: Int, actor: String) async throws -> (info: AttachmentInfo, data: Data)? {
        guard let row = try await store.sql.raw("""
            SELECT q.message_id, m.recipient_pid FROM print_queue q JOIN notify_messages m ON m.id = q.message_id WHERE q.id = \(bind: id)
            """).first(),
              let file = try await NotifyMessages(store: store).attachment(of: try row.decode(column: "message_id", as: String.self), position: position)
        else { return nil }
        try await AuditLog(store: store).appendCommitted(AuditRecord(
            actor: actor, subject: try row.decode(column: "recipient_pid", as: String?.self) ?? "", action: "notify.letter.attachment",
            purpose: "varsling", legalBasis: "eForvaltningsforskriften kapittel 8"))
        return file
    }

    /// The letter as PDF for printing; the download is an access to the person's name and
    /// address, audited for `actor` before the PDF is returned. Nil if there is no such letter.
    public func pdf(_ id: String, font: TrueTypeFont, actor: String, at date: Date = Date()) async throws -> Data? {
        guard let row = try await store.sql.raw("""
            SELECT q.recipient_name, q.street, q.postcode, q.municipality_number, q.subject, q.body, q.created_at, m.organisation_number,
            m.language, m.recipient_pid FROM print_queue q JOIN notify_messages m ON m.id = q.message_id WHERE q.id = \(bind: id)
            """).first() else { return nil }
        let municipality = try row.decode(column: "municipality_number", as: String.self)
        let place = Municipality.all.first { $0.number == municipality }?.name ?? ""
        let sender = try row.decode(column: "organisation_number", as: String.self)
        let language = try row.decode(column: "language", as: String.self)
        try await AuditLog(store: store).appendCommitted(AuditRecord(
            actor: actor, subject: try row.decode(column: "recipient_pid", as: String?.self) ?? "", action: "notify.letter.print",
            purpose: "varsling", legalBasis: "eForvaltningsforskriften kapittel 8"), at: date)
        let created = Date(timeIntervalSince1970: TimeInterval(try row.decode(column: "created_at", as: Int64.self)) / 1000)
        let pages: [String: String] = ["nb": "Side", "nn": "Side", "en": "Page", "uk": "Сторінка"]
        let of: [String: String] = ["nb": "av", "nn": "av", "en": "of", "uk": "з"]
        let letter = Letter(sender: Organisation.all.first { $0.number.value == sender }?.name ?? sender,
                            recipientName: try row.decode(column: "recipient_name", as: String.self),
                            addressLines: [try row.decode(column: "street", as: String.self), "\(try row.decode(column: "postcode", as: String.self)) \(place)"],
                            date: (Language(rawValue: language) ?? .nb).format(created, time: .none), subject: try row.decode(column: "subject", as: String.self),
                            body: try row.decode(column: "body", as: String.self), language: language,
                            pageLabel: { "\(pages[language] ?? "Side") \($0) \(of[language] ?? "av") \($1)" })
        return LetterPDF.render(letter, font: font)
    }

    /// Marks a letter printed; false if there was no queued letter with that id.
    public func markPrinted(_ id: String, at date: Date = Date()) async throws -> Bool {
        !(try await store.sql.raw("""
            UPDATE print_queue SET status = 'printed', printed_at = \(bind: Int64((date.timeIntervalSince1970 * 1000).rounded()))
            WHERE id = \(bind: id) AND status = 'queued' RETURNING id
            """).all().isEmpty)
    }
}
