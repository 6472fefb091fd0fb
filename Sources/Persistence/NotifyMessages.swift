import Audit
import Crypto
import Foundation
import Identifiers
import Identity
import Localization
import Notify
import SQLKit

/// A message to send (`POST /api/v1/notify/messages`).
public struct MessageRequest: Codable, Sendable {
    public var template: String
    public var templateVersion: Int?
    public var to: Recipient
    public var personalisation: [String: String]
    public var language: String?
    public var reference: String?

    /// Exactly one of the three.
    public struct Recipient: Codable, Sendable {
        public var nationalIdentityNumber: String?
        public var email: String?
        public var mobile: String?

        public init(nationalIdentityNumber: String? = nil, email: String? = nil, mobile: String? = nil) {
            self.nationalIdentityNumber = nationalIdentityNumber
            self.email = email
            self.mobile = mobile
        }
    }

    enum CodingKeys: String, CodingKey { case template, templateVersion, to, personalisation, language, reference }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        template = try container.decode(String.self, forKey: .template)
        templateVersion = try container.decodeIfPresent(Int.self, forKey: .templateVersion)
        to = try container.decode(Recipient.self, forKey: .to)
        personalisation = try container.decodeIfPresent([String: String].self, forKey: .personalisation) ?? [:]
        language = try container.decodeIfPresent(String.self, forKey: .language)
        reference = try container.decodeIfPresent(String.self, forKey: .reference)
    }

    public init(template: String, templateVersion: Int? = nil, to: Recipient, personalisation: [String: String] = [:],
                language: String? = nil, reference: String? = nil) {
        self.template = template
        self.templateVersion = templateVersion
        self.to = to
        self.personalisation = personalisation
        self.language = language
        self.reference = reference
    }
}

/// A message as its sender sees it: status per channel, never the addresses Tverr looked up.
public struct MessageStatus: Codable, Sendable, Equatable {
    public var id: String
    public var status: String
    public var reference: String?
    public var template: String
    public var templateVersion: Int
    public var language: String
    public var createdAt: String
    public var updatedAt: String
    public var deliveries: [Delivery]

    public struct Delivery: Codable, Sendable, Equatable {
        public var channel: String
        /// `notice` (the message itself), `pointer` (an SMS or e-mail saying it is in the mailbox),
        /// `fallback` (sent because an earlier channel failed) or `direct` (to a given address).
        public var role: String
        public var status: String
        public var attempts: Int
        public var lastError: String?
    }
}

/// Why a message was refused; the API shows it as problem details.
public enum MessageRefusal: Error, Equatable, CustomStringConvertible {
    case badRequest(String)
    case placeholder(String, String)
    case notFound(String)
    case idempotencyConflict
    public var description: String {
        switch self {
        case .badRequest(let text), .notFound(let text): text
        case .placeholder(_, let text): text
        case .idempotencyConflict: "This Idempotency-Key was already used for a different message. Use a new key for a new message."
        }
    }
}

/// The notify block's messages: validation, the channel plan from the contact register, and the
/// rows the workers drain.
public struct NotifyMessages: Sendable {
    let store: Store
    let templates: NotifyTemplates
    let audit: AuditLog

    public init(store: Store) {
        self.store = store
        self.templates = NotifyTemplates(store: store)
        self.audit = AuditLog(store: store)
    }

    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// The largest personalisation: 50 fields, 2,000 characters each.
    static let maximumFields = 50, maximumValue = 2000

    /// Creates a message, or returns the one made earlier with the same idempotency key (then
    /// `created` is false). A message to a person is an access to the contact register: it is
    /// audited with the sender's purpose and legal basis, in the transaction that creates it.
    public func send(_ request: MessageRequest, caller: ExchangeCaller, authorisation: ExchangeCatalogue.Authorisation?,
                     idempotencyKey: String?) async throws -> (MessageStatus, created: Bool) {
        let digest = Self.digest(request)
        if let idempotencyKey, let existing = try await existing(clientID: caller.clientID, key: idempotencyKey) {
            guard existing.digest == digest else { throw MessageRefusal.idempotencyConflict }
            return (try await status(existing.id, organisation: caller.organisationNumber), false)
        }
        guard request.personalisation.count <= Self.maximumFields,
              request.personalisation.allSatisfy({ $0.key.count <= 50 && $0.value.count <= Self.maximumValue }) else {
            throw MessageRefusal.badRequest("personalisation may hold at most \(Self.maximumFields) fields of at most \(Self.maximumValue) characters.")
        }
        if let reference = request.reference, reference.count > 100 { throw MessageRefusal.badRequest("reference is longer than 100 characters.") }
        let language = try Self.language(request.language)
        let template: StoredTemplate
        do { template = try await templates.template(request.template, organisation: caller.organisationNumber, version: request.templateVersion) } catch {
            throw MessageRefusal.notFound("Your organisation has no template \"\(request.template.prefix(64))\"\(request.templateVersion.map { " version \($0)" } ?? "").")
        }
        let given = [request.to.nationalIdentityNumber, request.to.email, request.to.mobile].compactMap { $0 }
        guard given.count == 1 else {
            throw MessageRefusal.badRequest("to must hold exactly one of nationalIdentityNumber, email and mobile.")
        }
        let id = UUID().uuidString.lowercased()
        let now = Self.now()
        do {
            if let pid = request.to.nationalIdentityNumber {
                guard let number = try? NationalIdentityNumber(pid) else {
                    throw MessageRefusal.badRequest("to.nationalIdentityNumber is not a national identity number or D-number.")
                }
                guard let authorisation else { throw MessageRefusal.badRequest("Tverr-Purpose and Tverr-Legal-Basis are needed to send to a person.") }
                try await sendToPerson(id: id, number: number, request: request, template: template, language: language, caller: caller,
                                       authorisation: authorisation, key: idempotencyKey, digest: digest, now: now)
            } else {
                let (channel, address): (Channel, String)
                if let email = request.to.email {
                    do { address = try EmailAddress(email).value } catch { throw MessageRefusal.badRequest("to.email: \(error.description)") }
                    channel = .email
                } else {
                    do { address = try MobileNumber(request.to.mobile ?? "").e164 } catch { throw MessageRefusal.badRequest("to.mobile: \(error.description)") }
                    channel = .sms
                }
                _ = try Self.render(template, channel: channel, language: language, values: request.personalisation)
                try await store.database.transaction { database in
                    let sql = database as! any SQLDatabase
                    try await insertMessage(sql, id: id, request: request, template: template, language: language, caller: caller,
                                            key: idempotencyKey, digest: digest, status: "created", now: now,
                                            email: request.to.email.map { _ in address }, mobile: request.to.mobile.map { _ in address })
                    try await insertDelivery(sql, message: id, channel: channel, address: address, role: "direct", now: now)
                }
            }
        } catch where idempotencyKey != nil && Store.isUniqueViolation(error, column: "idempotency_key") {
            // Another request with the same key got there first.
            return try await send(request, caller: caller, authorisation: authorisation, idempotencyKey: idempotencyKey)
        }
        return (try await status(id, organisation: caller.organisationNumber), true)
    }

    func sendToPerson(id: String, number: NationalIdentityNumber, request: MessageRequest, template: StoredTemplate, language: Language,
                      caller: ExchangeCaller, authorisation: ExchangeCatalogue.Authorisation, key: String?, digest: String, now: Int64) async throws {
        // Every channel the plan might use must exist in the template, and render: check them all
        // before anything is written. A letter is always possible (the last fallback).
        let record = AuditRecord(actor: caller.auditActor, subject: number.value, action: "notify.contact.lookup",
                                 purpose: authorisation.purpose.id, legalBasis: authorisation.legalBasis.citation)
        let sender = caller.organisationNumber
        try await audit.audited([record]) { sql in
            guard let person = try await sql.raw("""
                SELECT p.id, c.email, c.mobile, c.is_reserved FROM persons p LEFT JOIN contact_details c ON c.person_id = p.id
                WHERE p.identity_number = \(bind: number.value)
                """).first() else { throw MessageRefusal.notFound("No one in the population register has the number \(number.value).") }
            let contact = ContactFacts(email: try person.decode(column: "email", as: String?.self),
                                       mobile: try person.decode(column: "mobile", as: String?.self),
                                       reserved: try person.decode(column: "is_reserved", as: Bool?.self) ?? false)
            let plan = ChannelPlan.plan(for: contact)
            for channel in Set([plan.notice, .letter] + plan.pointers) {
                _ = try Self.render(template, channel: channel, language: language, values: request.personalisation)
            }
            try await insertMessage(sql, id: id, request: request, template: template, language: language, caller: caller, key: key,
                                    digest: digest, status: "created", now: now, pid: number.value)
            if plan.notice == .mailbox {
                let (subject, body) = try Self.render(template, channel: .mailbox, language: language, values: request.personalisation)
                try await sql.insert(into: "mailbox_messages").columns("id", "pid", "message_id", "sender", "subject", "body", "created_at")
                    .values(UUID().uuidString.lowercased(), number.value, id, sender, subject ?? "", body, now).run()
                try await insertDelivery(sql, message: id, channel: .mailbox, address: number.value, role: "notice", now: now, delivered: true)
                // The first pointer goes now; the rest of the plan waits on standby, in order, and is
                // woken only if the channel before it fails. The letter is the last resort.
                for (index, pointer) in plan.pointers.enumerated() {
                    try await insertDelivery(sql, message: id, channel: pointer, address: pointer == .sms ? contact.mobile! : contact.email!,
                                             role: index == 0 ? "pointer" : "fallback", now: now, standby: index > 0)
                }
                try await insertDelivery(sql, message: id, channel: .letter, address: number.value, role: "fallback", now: now, standby: true)
            } else {
                try await insertDelivery(sql, message: id, channel: .letter, address: number.value, role: "notice", now: now)
            }
        }
    }

    func insertMessage(_ sql: any SQLDatabase, id: String, request: MessageRequest, template: StoredTemplate, language: Language,
                       caller: ExchangeCaller, key: String?, digest: String, status: String, now: Int64,
                       pid: String? = nil, email: String? = nil, mobile: String? = nil) async throws {
        let personalisation = String(decoding: try JSONEncoder().encode(request.personalisation), as: UTF8.self)
        try await sql.insert(into: "notify_messages")
            .columns("id", "organisation_number", "client_id", "idempotency_key", "request_digest", "template_id", "template_version",
                     "language", "recipient_pid", "recipient_email", "recipient_mobile", "personalisation", "reference", "status",
                     "created_at", "updated_at")
            .values(id, caller.organisationNumber, caller.clientID, key, digest, template.id, template.version, language.rawValue,
                    pid, email, mobile, personalisation, request.reference, status, now, now)
            .run()
    }

    func insertDelivery(_ sql: any SQLDatabase, message: String, channel: Channel, address: String, role: String, now: Int64,
                        delivered: Bool = false, standby: Bool = false) async throws {
        try await sql.insert(into: "notify_deliveries")
            .columns("message_id", "channel", "address", "role", "status", "attempts", "next_attempt_at", "created_at", "delivered_at")
            .values(message, channel.rawValue, address, role, delivered ? "delivered" : standby ? "standby" : "pending", delivered ? 1 : 0,
                    now, now, delivered ? now : nil)
            .run()
    }

    /// One message of a batch and what became of it.
    public struct BatchResult: Codable, Sendable, Equatable {
        public var index: Int
        /// `created`, `duplicate` (an earlier message with the same idempotency key) or `rejected`.
        public var status: String
        public var id: String?
        public var error: String?
        public var httpStatus: Int?
    }

    /// Sends many messages; a bad one never stops the good ones. Each is sent as `send` would
    /// (its own audited transaction), a few at a time, and reported by its index.
    public func sendBatch(_ requests: [(MessageRequest, key: String?)], caller: ExchangeCaller,
                          authorisation: ExchangeCatalogue.Authorisation?, parallel: Int = 8) async -> [BatchResult] {
        // A key used again later in the batch waits for its first use, so that the first is the
        // one created and the later ones are its duplicates.
        var seen = Set<String>()
        var first: [Int] = [], again: [Int] = []
        for (index, (_, key)) in requests.enumerated() {
            if let key, !seen.insert(key).inserted { again.append(index) } else { first.append(index) }
        }
        let results = await send(requests, indexes: first, caller: caller, authorisation: authorisation, parallel: parallel)
            + send(requests, indexes: again, caller: caller, authorisation: authorisation, parallel: parallel)
        return results.sorted { $0.index < $1.index }
    }

    private func send(_ requests: [(MessageRequest, key: String?)], indexes: [Int], caller: ExchangeCaller,
                      authorisation: ExchangeCatalogue.Authorisation?, parallel: Int) async -> [BatchResult] {
        await withTaskGroup(of: BatchResult.self) { group in
            var results: [BatchResult] = []
            results.reserveCapacity(indexes.count)
            var next = 0
            func add(_ index: Int) {
                let (request, key) = requests[index]
                group.addTask {
                    do {
                        let (status, created) = try await send(request, caller: caller, authorisation: authorisation, idempotencyKey: key)
                        return BatchResult(index: index, status: created ? "created" : "duplicate", id: status.id)
                    } catch let refusal as MessageRefusal {
                        let code = switch refusal { case .notFound: 404; case .idempotencyConflict: 409; default: 400 }
                        return BatchResult(index: index, status: "rejected", error: refusal.description, httpStatus: code)
                    } catch {
                        return BatchResult(index: index, status: "rejected", error: "The message could not be stored; send it again.", httpStatus: 500)
                    }
                }
            }
            while next < min(parallel, indexes.count) { add(indexes[next]); next += 1 }
            for await result in group {
                results.append(result)
                if next < indexes.count { add(indexes[next]); next += 1 }
            }
            return results
        }
    }

    /// The subject (where the channel has one) and body of a variant, filled in.
    public static func render(_ template: StoredTemplate, channel: Channel, language: Language,
                              values: [String: String]) throws -> (String?, String) {
        guard let variant = template.variants.first(where: { $0.channel == channel.rawValue && $0.language == language.rawValue }) else {
            throw MessageRefusal.badRequest("The template \(template.id) has no \(channel.rawValue) variant, which this message may need.")
        }
        do {
            let subjectText = try variant.subject.map { try TemplateText($0) }
            let bodyText = try TemplateText(variant.body)
            // The subject and body share one set of placeholders: check the values against both.
            let all = (subjectText?.placeholders ?? []) + bodyText.placeholders
            let given = Set(values.keys.map { $0.lowercased() })
            if let missing = all.first(where: { !given.contains($0.lowercased()) }) { throw TemplateText.RenderProblem.missing(missing) }
            let known = Set(all.map { $0.lowercased() })
            if let unknown = values.keys.sorted().first(where: { !known.contains($0.lowercased()) }) { throw TemplateText.RenderProblem.unknown(unknown) }
            func only(_ text: TemplateText) -> [String: String] {
                let names = Set(text.placeholders.map { $0.lowercased() })
                return values.filter { names.contains($0.key.lowercased()) }
            }
            let subject = try subjectText.map { try $0.render(only($0)) }
            let body = try bodyText.render(only(bodyText))
            if channel == .sms, SMSLength.segments(body) > SMSLength.maximumSegments {
                throw MessageRefusal.badRequest("The SMS would take \(SMSLength.segments(body)) segments with this personalisation; at most \(SMSLength.maximumSegments) are allowed.")
            }
            return (subject, body)
        } catch let problem as TemplateText.RenderProblem {
            throw MessageRefusal.placeholder(problem.placeholder, problem.description)
        }
    }

    static func language(_ code: String?) throws -> Language {
        guard let code else { return .nb }
        guard let language = Language(rawValue: code) else { throw MessageRefusal.badRequest("language must be nb, nn, en or uk.") }
        return language
    }

    /// A fingerprint of the request, to tell a replay from a different message with the same key.
    static func digest(_ request: MessageRequest) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(request)) ?? Data()
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    func existing(clientID: String, key: String) async throws -> (id: String, digest: String)? {
        guard let row = try await store.sql.raw("""
            SELECT id, request_digest FROM notify_messages WHERE client_id = \(bind: clientID) AND idempotency_key = \(bind: key)
            """).first() else { return nil }
        return (try row.decode(column: "id", as: String.self), try row.decode(column: "request_digest", as: String.self))
    }

    /// A message of the organisation's, with its deliveries.
    public func status(_ id: String, organisation: String) async throws -> MessageStatus {
        guard let row = try await store.sql.raw("""
            SELECT id, status, reference, template_id, template_version, language, created_at, updated_at FROM notify_messages
            WHERE id = \(bind: id) AND organisation_number = \(bind: organisation)
            """).first() else { throw MessageRefusal.notFound("Your organisation has no message with that id.") }
        let deliveries = try await store.sql.raw("""
            SELECT channel, role, status, attempts, last_error FROM notify_deliveries WHERE message_id = \(bind: id) ORDER BY id
            """).all().map { row in
                MessageStatus.Delivery(channel: try row.decode(column: "channel", as: String.self), role: try row.decode(column: "role", as: String.self),
                                       status: try row.decode(column: "status", as: String.self),
                                       attempts: try row.decode(column: "attempts", as: Int.self),
                                       lastError: try row.decode(column: "last_error", as: String?.self))
            }
        return MessageStatus(id: id, status: Self.overall(deliveries), reference: try row.decode(column: "reference", as: String?.self),
                             template: try row.decode(column: "template_id", as: String.self),
                             templateVersion: try row.decode(column: "template_version", as: Int.self),
                             language: try row.decode(column: "language", as: String.self),
                             createdAt: NotifyTemplates.iso(try row.decode(column: "created_at", as: Int64.self)),
                             updatedAt: NotifyTemplates.iso(try row.decode(column: "updated_at", as: Int64.self)),
                             deliveries: deliveries)
    }

    /// created (nothing tried yet) → sending → delivered, or failed, or `fell-back` when a later
    /// channel delivered after an earlier one failed. Standby rows (fallbacks not needed yet) do not count.
    static func overall(_ all: [MessageStatus.Delivery]) -> String {
        let deliveries = all.filter { $0.status != "standby" }
        let sent = deliveries.filter { $0.role != "notice" || $0.channel != Channel.mailbox.rawValue }
        if sent.contains(where: { $0.status == "pending" }) {
            return sent.contains(where: { $0.attempts > 0 || $0.status != "pending" }) ? "sending" : "created"
        }
        if let last = deliveries.last, last.status == "delivered" {
            return deliveries.contains(where: { $0.status == "failed" }) ? "fell-back" : "delivered"
        }
        return "failed"
    }
}
