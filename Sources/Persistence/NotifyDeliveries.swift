import Audit
import Events
import Foundation
import Identity
import Localization
import Notify
import SQLKit

/// A delivery claimed by a worker, with the text to send.
public struct ClaimedNotice: Sendable {
    public var id: Int64
    public var messageID: String
    public var attempt: Int
    public var channel: Channel
    public var address: String
    public var role: String
    public var subject: String?
    public var body: String
    public var organisation: String
    public var clientID: String
    public var language: Language = .nb
    /// The message's files: with their bytes for a direct e-mail, names only for a letter (its
    /// enclosures), none for a pointer.
    public var attachments: [NoticeFile] = []
}

/// A file that goes with a notice.
public struct NoticeFile: Sendable, Equatable {
    public var filename: String
    public var contentType: String
    public var size: Int
    public var data: Data?
}

/// How a channel attempt ended.
public enum NoticeOutcome: Sendable, Equatable {
    case delivered
    /// Worth retrying (a server down, a timeout, a 5xx or 4xx SMTP reply).
    case temporary(String)
    /// Not worth retrying (an address refused, no gateway configured): the next channel in the plan takes over.
    case permanent(String)
}

extension NotifyMessages {
    /// Claims up to `limit` due deliveries for `lease` milliseconds and counts the attempt (on
    /// PostgreSQL with `FOR UPDATE SKIP LOCKED`, so processes share the work without overlap).
    public func claim(limit: Int, lease: Int64, now: Int64 = Int64((Date().timeIntervalSince1970 * 1000).rounded())) async throws -> [ClaimedNotice] {
        let lock = store.isPostgres ? " FOR UPDATE SKIP LOCKED" : ""
        let sql = store.sql
        // The deliveries come back from the claim itself, their messages by primary key (a join
        // here let PostgreSQL's planner pick a hash join over every message while the table grew).
        let deliveries = try await store.writing { try await sql.raw("""
            UPDATE notify_deliveries SET claimed_until = \(bind: now + lease), attempts = attempts + 1
            WHERE id IN (SELECT id FROM notify_deliveries WHERE status = 'pending' AND next_attempt_at <= \(bind: now)
                         AND (claimed_until IS NULL OR claimed_until < \(bind: now))
                         ORDER BY next_attempt_at, id LIMIT \(bind: limit)\(unsafeRaw: lock))
            RETURNING id, message_id, attempts, channel, address, role
            """).all() }
        guard !deliveries.isEmpty else { return [] }
        var messages: [String: any SQLRow] = [:]
        let messageIDs = try deliveries.map { try $0.decode(column: "message_id", as: String.self) }
        for row in try await sql.all("""
            SELECT id, organisation_number, client_id, template_id, template_version, language, personalisation
            FROM notify_messages WHERE id IN
            """, in: Array(Set(messageIDs))) {
            messages[try row.decode(column: "id", as: String.self)] = row
        }
        var cache: [String: CompiledTemplate] = [:]
        var claimed: [ClaimedNotice] = []
        for (row, messageID) in zip(deliveries, messageIDs) {
            guard let message = messages[messageID] else { continue }
            let organisation = try message.decode(column: "organisation_number", as: String.self)
            let templateID = try message.decode(column: "template_id", as: String.self)
            let version = try message.decode(column: "template_version", as: Int.self)
            let key = "\(organisation)/\(templateID)/\(version)"
            let template: CompiledTemplate
            if let cached = cache[key] { template = cached } else {
                template = CompiledTemplate(try await templates.template(templateID, organisation: organisation, version: version))
                cache[key] = template
            }
            let channel = Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .letter
            let values = try JSONDecoder().decode([String: String].self, from: Data(try message.decode(column: "personalisation", as: String.self).utf8))
            let language = Language(rawValue: try message.decode(column: "language", as: String.self)) ?? .nb
            let (subject, body) = try Self.render(template, channel: channel, language: language, values: values)
            claimed.append(ClaimedNotice(id: try row.decode(column: "id", as: Int64.self), messageID: messageID,
                                         attempt: try row.decode(column: "attempts", as: Int.self), channel: channel,
                                         address: try row.decode(column: "address", as: String.self), role: try row.decode(column: "role", as: String.self),
                                         subject: subject, body: body, organisation: organisation,
                                         clientID: try message.decode(column: "client_id", as: String.self), language: language))
        }
        claimed.sort { $0.id < $1.id }
        // Files go with a letter (named as enclosures) and a direct e-mail (attached); a pointer only points.
        let letters = claimed.filter { $0.channel == .letter }.map(\.messageID)
        let mails = claimed.filter { $0.channel == .email && $0.role == "direct" }.map(\.messageID)
        let files = try await noticeFiles(letters, withData: false).merging(try await noticeFiles(mails, withData: true)) { $1 }
        if !files.isEmpty {
            for index in claimed.indices where claimed[index].channel == .letter || (claimed[index].channel == .email && claimed[index].role == "direct") {
                claimed[index].attachments = files[claimed[index].messageID] ?? []
            }
        }
        return claimed
    }

    /// The files of these messages, in order, by message id.
    func noticeFiles(_ messageIDs: [String], withData: Bool) async throws -> [String: [NoticeFile]] {
        var found: [String: [(Int, NoticeFile)]] = [:]
        let rows = try await store.sql.all(SQLQueryString("""
            SELECT a.message_id, a.position, a.filename, f.content_type, f.size\(unsafeRaw: withData ? ", f.data" : "") FROM notify_attachments a
            JOIN notify_files f ON f.sha256 = a.sha256 WHERE a.message_id IN
            """), in: Array(Set(messageIDs)))
        for row in rows {
            found[try row.decode(column: "message_id", as: String.self), default: []].append((try row.decode(column: "position", as: Int.self), NoticeFile(
                filename: try row.decode(column: "filename", as: String.self), contentType: try row.decode(column: "content_type", as: String.self),
                size: try row.decode(column: "size", as: Int.self), data: withData ? try row.decode(column: "data", as: Data.self) : nil)))
        }
        return found.mapValues { $0.sorted { $0.0 < $1.0 }.map(\.1) }
    }

    /// The letter's body with its enclosures listed at the end, in the letter's language.
    static func letterBody(_ notice: ClaimedNotice) -> String {
        guard !notice.attachments.isEmpty else { return notice.body }
        let heading = [Language.nb: "Vedlegg", .nn: "Vedlegg", .en: "Enclosures", .uk: "Додатки"][notice.language] ?? "Vedlegg"
        let decimalComma = notice.language != .en
        let lines = notice.attachments.enumerated().map { index, file in
            "\(index + 1). \(file.filename) (\(Attachment.displaySize(file.size, decimalComma: decimalComma)))"
        }
        return notice.body + "\n\n" + heading + ":\n" + lines.joined(separator: "\n")
    }

    /// Puts letters in the print queue in one transaction: the names and current addresses are
    /// read with one query, and each read is audited in the same transaction.
    public func queueLetters(_ notices: [ClaimedNotice]) async throws -> [NoticeOutcome] {
        guard !notices.isEmpty else { return [] }
        let records = notices.map { notice in
            AuditRecord(actor: ExchangeCaller(clientID: notice.clientID, organisationNumber: notice.organisation).auditActor,
                        subject: notice.address, action: "notify.letter.address",
                        purpose: "varsling", legalBasis: "eForvaltningsforskriften kapittel 8")
        }
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        return try await audit.audited(records) { sql in
            var addresses: [String: (name: String, street: String?, postcode: String?, municipality: String?)] = [:]
            let found = try await sql.all("""
                SELECT p.identity_number, p.given_name, p.family_name, a.street, a.postcode, a.municipality_number FROM persons p
                LEFT JOIN addresses a ON a.person_id = p.id AND a.valid_to IS NULL WHERE
                """, where: "p.identity_number", in: notices.map(\.address))
            for person in found {
                addresses[try person.decode(column: "identity_number", as: String.self)] = (
                    "\(try person.decode(column: "given_name", as: String.self)) \(try person.decode(column: "family_name", as: String.self))",
                    try person.decode(column: "street", as: String?.self), try person.decode(column: "postcode", as: String?.self),
                    try person.decode(column: "municipality_number", as: String?.self))
            }
            var rows: [[Cell]] = []
            let outcomes = notices.map { notice -> NoticeOutcome in
                guard let found = addresses[notice.address] else { return .permanent("The person is no longer in the population register.") }
                guard let street = found.street, let postcode = found.postcode, let municipality = found.municipality else {
                    return .permanent("The person has no registered address to send a letter to.")
                }
                rows.append([.text(UUID().uuidString.lowercased()), .text(notice.messageID), .text(found.name), .text(street), .text(postcode),
                             .text(municipality), .text(notice.subject ?? ""), .text(Self.letterBody(notice)), .text("queued"), .integer(Int(now))])
                return .delivered
            }
            try await Self.printQueue.run(rows, on: sql)
            return outcomes
        }
    }

    static let printQueue = BulkInsert(table: "print_queue", columns: [
        "id", "message_id", "recipient_name", "street", "postcode", "municipality_number", "subject", "body", "status", "created_at",
    ])

    /// Settles an attempt: delivered; retried per `schedule`; or failed, which wakes the next
    /// channel on standby for the message (its fallback), if there is one.
    public func settle(_ notice: ClaimedNotice, _ outcome: NoticeOutcome, schedule: RetrySchedule,
                       now: Int64 = Int64((Date().timeIntervalSince1970 * 1000).rounded())) async throws {
        try await settle([(notice, outcome)], schedule: schedule, now: now)
    }

    /// Settles a batch of attempts in one transaction: the delivered ones with one statement per
    /// 500, retries and failures one by one (a failure wakes the message's next standby channel).
    ///
    /// On PostgreSQL the commit does not wait for the write-ahead log to reach the disk
    /// (`synchronous_commit = off` for this transaction only). A crash may then lose the last
    /// fraction of a second of outcomes, never a message: those deliveries are still claimed, and
    /// are sent again when the claim runs out, which the at-least-once contract allows. SQLite's
    /// `synchronous=NORMAL` in WAL mode gives the same trade for every commit.
    public func settle(_ attempts: [(ClaimedNotice, NoticeOutcome)], schedule: RetrySchedule,
                       now: Int64 = Int64((Date().timeIntervalSince1970 * 1000).rounded())) async throws {
        guard !attempts.isEmpty else { return }
        let postgres = store.isPostgres
        try await store.writeTransaction { sql in
            if postgres { try await sql.raw("SET LOCAL synchronous_commit = off").run() }
            let delivered = attempts.filter { $0.1 == .delivered }.map(\.0.id)
            try await sql.run("""
                UPDATE notify_deliveries SET status = 'delivered', delivered_at = \(bind: now), claimed_until = NULL, last_error = NULL
                WHERE status = 'pending' AND id IN
                """, in: delivered)
            var feed = attempts.filter { $0.1 == .delivered }.map { NotifyStatusFeed.row($0.0, status: "delivered", error: nil, at: now) }
            for (notice, outcome) in attempts where outcome != .delivered {
                if let reason = try await Self.settleUndelivered(notice, outcome, schedule: schedule, now: now, on: sql) {
                    feed.append(NotifyStatusFeed.row(notice, status: "failed", error: reason, at: now))
                }
            }
            try await NotifyStatusFeed.append(feed, on: sql)
            try await sql.run("UPDATE notify_messages SET updated_at = \(bind: now) WHERE id IN ", in: Array(Set(attempts.map(\.0.messageID))))
        }
    }

    /// Schedules a retry (returns nil), or fails the delivery and wakes the next standby channel
    /// (returns the reason).
    static func settleUndelivered(_ notice: ClaimedNotice, _ outcome: NoticeOutcome, schedule: RetrySchedule, now: Int64,
                                  on sql: any SQLDatabase) async throws -> String? {
        let reason: String
        switch outcome {
        case .delivered: return nil
        case .temporary(let why):
            if let wait = schedule.delay(afterAttempt: notice.attempt, random: { Double.random(in: 0..<1) }) {
                try await sql.raw("""
                    UPDATE notify_deliveries SET next_attempt_at = \(bind: now + wait), claimed_until = NULL, last_error = \(bind: String(why.prefix(500)))
                    WHERE id = \(bind: notice.id) AND status = 'pending'
                    """).run()
                return nil
            }
            reason = why
        case .permanent(let why): reason = why
        }
        try await sql.raw("""
            UPDATE notify_deliveries SET status = 'failed', claimed_until = NULL, last_error = \(bind: String(reason.prefix(500)))
            WHERE id = \(bind: notice.id) AND status = 'pending'
            """).run()
        if let next = try await sql.raw("""
            SELECT id FROM notify_deliveries WHERE message_id = \(bind: notice.messageID) AND status = 'standby' ORDER BY id LIMIT 1
            """).first()?.decode(column: "id", as: Int64.self) {
            try await sql.raw("UPDATE notify_deliveries SET status = 'pending', next_attempt_at = \(bind: now) WHERE id = \(bind: next)").run()
        }
        return reason
    }
}
