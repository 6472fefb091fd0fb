import Audit
import Crypto
import Foundation
import Identifiers
import Identity
import Localization
import Notify
import SQLKit

/// A message that passed every check that needs no register, ready to be planned and written.
struct PreparedMessage: Sendable {
    var index: Int
    var request: MessageRequest
    var key: String?
    var digest: String
    var language: Language
    var template: CompiledTemplate
    var target: Target
    /// Checked files, each with its SHA-256 in hex.
    var attachments: [(file: Attachment, sha256: String)] = []

    enum Target: Sendable {
        /// To a person: the channels come from the contact and reservation register.
        case person(NationalIdentityNumber)
        /// To an address the sender gave.
        case direct(Channel, String)
    }
}

/// What became of one message written with others.
enum WriteOutcome: Sendable {
    case created(String)
    /// An earlier message with the same idempotency key and body.
    case duplicate(String)
    case rejected(MessageRefusal)
}

/// The rows a group of messages writes: the messages, the mailbox, the deliveries (the outbox the
/// workers drain) and one audit entry per contact look-up.
struct OutboxRows: Sendable {
    var messages: [[Cell]] = []
    var mailbox: [[Cell]] = []
    var deliveries: [[Cell]] = []
    var attachments: [[Cell]] = []
    /// Each distinct file once, by SHA-256.
    var files: [String: Attachment] = [:]
    var audit: [AuditRecord] = []

    static let messageTable = BulkInsert(table: "notify_messages", columns: [
        "id", "organisation_number", "client_id", "idempotency_key", "request_digest", "template_id", "template_version",
        "language", "recipient_pid", "recipient_email", "recipient_mobile", "personalisation", "reference", "status",
        "created_at", "updated_at",
    ])
    static let mailboxTable = BulkInsert(table: "mailbox_messages", columns: ["id", "pid", "message_id", "sender", "subject", "body", "created_at"])
    static let attachmentTable = BulkInsert(table: "notify_attachments", columns: ["message_id", "position", "filename", "sha256"])
    static let deliveryTable = BulkInsert(table: "notify_deliveries", columns: [
        "message_id", "channel", "address", "role", "status", "attempts", "next_attempt_at", "created_at", "delivered_at",
    ])

    /// Adds one message's rows, or throws (adding nothing) when a channel its plan may use cannot
    /// be rendered. A person with no contact entry is in `contacts` as nil; one not in the
    /// register is missing from it.
    mutating func add(_ message: PreparedMessage, id: String, contacts: [String: ContactFacts?], caller: ExchangeCaller,
                      authorisation: ExchangeCatalogue.Authorisation?, now: Int64) throws {
        let request = message.request
        var deliveries: [[Cell]] = []
        func delivery(_ channel: Channel, _ address: String, role: String, status: String = "pending") {
            let delivered = status == "delivered"
            deliveries.append([.text(id), .text(channel.rawValue), .text(address), .text(role), .text(status),
                               .integer(delivered ? 1 : 0), .integer(Int(now)), .integer(Int(now)), .number(delivered ? now : nil)])
        }
        var pid: String?, email: String?, mobile: String?
        switch message.target {
        case .direct(let channel, let address):
            _ = try NotifyMessages.render(message.template, channel: channel, language: message.language, values: request.personalisation)
            if channel == .email { email = address } else { mobile = address }
            delivery(channel, address, role: "direct")
        case .person(let number):
            guard let found = contacts[number.value] else {
                throw MessageRefusal.notFound("No one in the population register has the number \(number.value).")
            }
            let contact = found ?? ContactFacts(email: nil, mobile: nil, reserved: false)
            let plan = ChannelPlan.plan(for: contact)
            // Every channel the plan might use must render before anything is written. A letter is
            // always possible (the last fallback).
            var rendered: [Channel: (String?, String)] = [:]
            for channel in Set([plan.notice, .letter] + plan.pointers) {
                rendered[channel] = try NotifyMessages.render(message.template, channel: channel, language: message.language,
                                                              values: request.personalisation)
            }
            pid = number.value
            if plan.notice == .mailbox, let (subject, body) = rendered[.mailbox] {
                mailbox.append([.text(TimeOrderedID.make()), .text(number.value), .text(id), .text(caller.organisationNumber),
                                .text(subject ?? ""), .text(body), .integer(Int(now))])
                delivery(.mailbox, number.value, role: "notice", status: "delivered")
                // The first pointer goes now; the rest wait on standby, in order, and are woken only
                // if the channel before fails. The letter is the last resort.
                for (index, pointer) in plan.pointers.enumerated() {
                    delivery(pointer, pointer == .sms ? contact.mobile! : contact.email!, role: index == 0 ? "pointer" : "fallback",
                             status: index == 0 ? "pending" : "standby")
                }
                delivery(.letter, number.value, role: "fallback", status: "standby")
            } else {
                delivery(.letter, number.value, role: "notice")
            }
            if let authorisation {
                audit.append(AuditRecord(actor: caller.auditActor, subject: number.value, action: "notify.contact.lookup",
                                         purpose: authorisation.purpose.id, legalBasis: authorisation.legalBasis.citation))
            }
        }
        let personalisation = String(decoding: try JSONEncoder().encode(request.personalisation), as: UTF8.self)
        messages.append([.text(id), .text(caller.organisationNumber), .text(caller.clientID), .text(message.key), .text(message.digest),
                         .text(message.template.stored.id), .integer(message.template.stored.version), .text(message.language.rawValue),
                         .text(pid), .text(email), .text(mobile), .text(personalisation), .text(request.reference), .text("created"),
                         .integer(Int(now)), .integer(Int(now))])
        self.deliveries += deliveries
        for (position, attachment) in message.attachments.enumerated() {
            attachments.append([.text(id), .integer(position), .text(attachment.file.filename), .text(attachment.sha256)])
            files[attachment.sha256] = attachment.file
        }
    }

    /// Inserts every row, in the caller's transaction.
    func insert(on sql: any SQLDatabase) async throws {
        try await Self.messageTable.run(messages, on: sql)
        try await Self.mailboxTable.run(mailbox, on: sql)
        try await Self.deliveryTable.run(deliveries, on: sql)
        // A file already stored (sent before, or by a parallel chunk) is kept as it is: same hash, same bytes.
        for (sha256, file) in files.sorted(by: { $0.key < $1.key }) {
            try await sql.raw("""
                INSERT INTO notify_files (sha256, content_type, size, data, created_at) VALUES (\(bind: sha256),
                \(bind: file.contentType.rawValue), \(bind: file.data.count), \(bind: file.data), \(bind: NotifyMessages.now()))
                ON CONFLICT (sha256) DO NOTHING
                """).run()
        }
        try await Self.attachmentTable.run(attachments, on: sql)
    }
}

extension NotifyMessages {
    /// Writes a group of messages in one transaction: replays are found with one query, the
    /// contact register is read with one query, and every row goes in with multi-row inserts,
    /// with an audit entry per person in the same transaction. A message that fails a check is
    /// rejected alone; an error from the database (such as a concurrent use of the same
    /// idempotency key) is thrown for the whole group, and nothing of it is written.
    func write(_ items: [(index: Int, request: MessageRequest, key: String?)], caller: ExchangeCaller,
               authorisation: ExchangeCatalogue.Authorisation?) async throws -> [Int: WriteOutcome] {
        let (outcomes, rows) = try await plan(items, caller: caller, authorisation: authorisation)
        guard !rows.messages.isEmpty else { return outcomes }
        if rows.audit.isEmpty {
            try await store.writeTransaction { sql in try await rows.insert(on: sql) }
        } else {
            try await audit.audited(rows.audit) { sql in try await rows.insert(on: sql) }
        }
        return outcomes
    }

    /// Checks a group of messages and makes their rows without writing them, so that another
    /// block can write them in the transaction of the change they tell about (a test result and
    /// its "you have a new result"). The rows' `audit` entries must be written with them.
    func plan(_ items: [(index: Int, request: MessageRequest, key: String?)], caller: ExchangeCaller,
              authorisation: ExchangeCatalogue.Authorisation?) async throws -> (outcomes: [Int: WriteOutcome], rows: OutboxRows) {
        var outcomes: [Int: WriteOutcome] = [:]
        let existing = try await existing(clientID: caller.clientID, keys: items.compactMap(\.key))
        var templates: [String: CompiledTemplate?] = [:]
        var prepared: [PreparedMessage] = []
        for item in items {
            let digest = Self.digest(item.request)
            if let key = item.key, let found = existing[key] {
                outcomes[item.index] = found.digest == digest ? .duplicate(found.id) : .rejected(.idempotencyConflict)
                continue
            }
            do {
                prepared.append(try await prepare(item, digest: digest, caller: caller, authorisation: authorisation, templates: &templates))
            } catch let refusal as MessageRefusal {
                outcomes[item.index] = .rejected(refusal)
            }
        }
        let numbers = prepared.compactMap { message -> String? in
            if case .person(let number) = message.target { number.value } else { nil }
        }
        let contacts = try await contacts(Array(Set(numbers)))
        var rows = OutboxRows()
        let now = Self.now()
        for message in prepared {
            let id = TimeOrderedID.make()
            do {
                try rows.add(message, id: id, contacts: contacts, caller: caller, authorisation: authorisation, now: now)
                outcomes[message.index] = .created(id)
            } catch let refusal as MessageRefusal {
                outcomes[message.index] = .rejected(refusal)
            }
        }
        return (outcomes, rows)
    }

    /// The checks that need no register: sizes, language, template, and exactly one valid recipient.
    func prepare(_ item: (index: Int, request: MessageRequest, key: String?), digest: String, caller: ExchangeCaller,
                 authorisation: ExchangeCatalogue.Authorisation?, templates: inout [String: CompiledTemplate?]) async throws -> PreparedMessage {
        let request = item.request
        guard request.personalisation.count <= Self.maximumFields,
              request.personalisation.allSatisfy({ $0.key.count <= 50 && $0.value.count <= Self.maximumValue }) else {
            throw MessageRefusal.badRequest("personalisation may hold at most \(Self.maximumFields) fields of at most \(Self.maximumValue) characters.")
        }
        if let reference = request.reference, reference.count > 100 { throw MessageRefusal.badRequest("reference is longer than 100 characters.") }
        let language = try Self.language(request.language)
        let cacheKey = "\(request.template)#\(request.templateVersion ?? 0)"
        if templates[cacheKey] == nil {
            let found = try? await self.templates.template(request.template, organisation: caller.organisationNumber,
                                                           version: request.templateVersion)
            templates[cacheKey] = .some(found.map(CompiledTemplate.init))
        }
        guard let template = templates[cacheKey] ?? nil else {
            throw MessageRefusal.notFound("Your organisation has no template \"\(request.template.prefix(64))\"\(request.templateVersion.map { " version \($0)" } ?? "").")
        }
        let given = [request.to.nationalIdentityNumber, request.to.email, request.to.mobile].compactMap { $0 }
        guard given.count == 1 else {
            throw MessageRefusal.badRequest("to must hold exactly one of nationalIdentityNumber, email and mobile.")
        }
        let target: PreparedMessage.Target
        if let pid = request.to.nationalIdentityNumber {
            guard let number = try? NationalIdentityNumber(pid) else {
                throw MessageRefusal.badRequest("to.nationalIdentityNumber is not a national identity number or D-number.")
            }
            guard authorisation != nil else { throw MessageRefusal.badRequest("Tverr-Purpose and Tverr-Legal-Basis are needed to send to a person.") }
            target = .person(number)
        } else if let email = request.to.email {
            do { target = .direct(.email, try EmailAddress(email).value) } catch { throw MessageRefusal.badRequest("to.email: \(error.description)") }
        } else {
            do { target = .direct(.sms, try MobileNumber(request.to.mobile ?? "").e164) } catch { throw MessageRefusal.badRequest("to.mobile: \(error.description)") }
        }
        var files: [(file: Attachment, sha256: String)] = []
        if let given = request.attachments, !given.isEmpty {
            if case .direct(.sms, _) = target { throw MessageRefusal.badRequest("An SMS cannot carry attachments; send to the person, or to an e-mail address.") }
            do {
                files = try Attachment.check(given.map { ($0.filename, $0.contentType, $0.content) }).map { ($0, Self.hex(SHA256.hash(data: $0.data))) }
            } catch { throw MessageRefusal.badRequest(error.description) }
        }
        return PreparedMessage(index: item.index, request: request, key: item.key, digest: digest, language: language,
                               template: template, target: target, attachments: files)
    }

    /// The contact entries of the people with these numbers: a person with no entry maps to nil,
    /// a number not in the register is missing. Only used inside an audited write.
    func contacts(_ numbers: [String]) async throws -> [String: ContactFacts?] {
        var found: [String: ContactFacts?] = [:]
        let rows = try await store.sql.all("""
            SELECT p.identity_number, c.email, c.mobile, c.is_reserved, c.person_id FROM persons p
            LEFT JOIN contact_details c ON c.person_id = p.id WHERE
            """, where: "p.identity_number", in: numbers)
        for row in rows {
            let number = try row.decode(column: "identity_number", as: String.self)
            guard try row.decode(column: "person_id", as: String?.self) != nil else { found[number] = .some(nil); continue }
            found[number] = ContactFacts(email: try row.decode(column: "email", as: String?.self),
                                         mobile: try row.decode(column: "mobile", as: String?.self),
                                         reserved: try row.decode(column: "is_reserved", as: Bool?.self) ?? false)
        }
        return found
    }

    /// The messages already made with these idempotency keys, by key.
    func existing(clientID: String, keys: [String]) async throws -> [String: (id: String, digest: String)] {
        var found: [String: (id: String, digest: String)] = [:]
        let rows = try await store.sql.all("""
            SELECT id, idempotency_key, request_digest FROM notify_messages WHERE client_id = \(bind: clientID) AND
            """, where: "idempotency_key", in: keys)
        for row in rows {
            found[try row.decode(column: "idempotency_key", as: String.self)] =
                (try row.decode(column: "id", as: String.self), try row.decode(column: "request_digest", as: String.self))
        }
        return found
    }
}
