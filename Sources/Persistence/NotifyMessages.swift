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
    /// Files for the mailbox (and the letter, or a direct e-mail); none for an SMS.
    public var attachments: [AttachmentRequest]?

    /// A file as the API takes it: the bytes in base64.
    public struct AttachmentRequest: Codable, Sendable {
        public var filename: String
        public var contentType: String
        public var content: String

        public init(filename: String, contentType: String, content: String) {
            self.filename = filename
            self.contentType = contentType
            self.content = content
        }
    }

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

    enum CodingKeys: String, CodingKey { case template, templateVersion, to, personalisation, language, reference, attachments }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        template = try container.decode(String.self, forKey: .template)
        templateVersion = try container.decodeIfPresent(Int.self, forKey: .templateVersion)
        to = try container.decode(Recipient.self, forKey: .to)
        personalisation = try container.decodeIfPresent([String: String].self, forKey: .personalisation) ?? [:]
        language = try container.decodeIfPresent(String.self, forKey: .language)
        reference = try container.decodeIfPresent(String.self, forKey: .reference)
        attachments = try container.decodeIfPresent([AttachmentRequest].self, forKey: .attachments)
    }

    public init(template: String, templateVersion: Int? = nil, to: Recipient, personalisation: [String: String] = [:],
                language: String? = nil, reference: String? = nil, attachments: [AttachmentRequest]? = nil) {
        self.template = template
        self.templateVersion = templateVersion
        self.to = to
        self.personalisation = personalisation
        self.language = language
        self.reference = reference
        self.attachments = attachments
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
    public var attachments: [AttachmentInfo]?

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

/// A file a message carries, as its sender and the print operator see it.
public struct AttachmentInfo: Codable, Sendable, Equatable {
    public var position: Int
    public var filename: String
    public var contentType: String
    public var size: Int
    public var sha256: String
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

/// A stored template with its texts parsed once, to render many messages.
struct CompiledTemplate: Sendable {
    let stored: StoredTemplate
    /// By "channel/language". A variant whose text does not parse (it was checked when saved) is left out.
    let variants: [String: (subject: TemplateText?, body: TemplateText)]

    init(_ stored: StoredTemplate) {
        self.stored = stored
        var variants: [String: (subject: TemplateText?, body: TemplateText)] = [:]
        for variant in stored.variants {
            guard let body = try? TemplateText(variant.body) else { continue }
            variants["\(variant.channel)/\(variant.language)"] = (variant.subject.flatMap { try? TemplateText($0) }, body)
        }
        self.variants = variants
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
        let outcome: WriteOutcome?
        do {
            outcome = try await write([(0, request, idempotencyKey)], caller: caller, authorisation: authorisation)[0]
        } catch where idempotencyKey != nil && Store.isUniqueViolation(error, column: "idempotency_key") {
            // Another request with the same key got there first.
            return try await send(request, caller: caller, authorisation: authorisation, idempotencyKey: idempotencyKey)
        }
        switch outcome {
        case .created(let id): return (try await status(id, organisation: caller.organisationNumber), true)
        case .duplicate(let id): return (try await status(id, organisation: caller.organisationNumber), false)
        case .rejected(let refusal): throw refusal
        case nil: throw MessageRefusal.badRequest("The message could not be read.")
        }
    }

    /// The subject (where the channel has one) and body of a variant, filled in.
    static func render(_ template: CompiledTemplate, channel: Channel, language: Language,
                       values: [String: String]) throws -> (String?, String) {
        guard let variant = template.variants["\(channel.rawValue)/\(language.rawValue)"] else {
            throw MessageRefusal.badRequest("The template \(template.stored.id) has no \(channel.rawValue) variant, which this message may need.")
        }
        do {
            // The subject and body share one set of placeholders: check the values against both.
            let all = (variant.subject?.placeholders ?? []) + variant.body.placeholders
            let given = Set(values.keys.map { $0.lowercased() })
            if let missing = all.first(where: { !given.contains($0.lowercased()) }) { throw TemplateText.RenderProblem.missing(missing) }
            let known = Set(all.map { $0.lowercased() })
            if let unknown = values.keys.sorted().first(where: { !known.contains($0.lowercased()) }) { throw TemplateText.RenderProblem.unknown(unknown) }
            func only(_ text: TemplateText) -> [String: String] {
                let names = Set(text.placeholders.map { $0.lowercased() })
                return values.filter { names.contains($0.key.lowercased()) }
            }
            let subject = try variant.subject.map { try $0.render(only($0)) }
            let body = try variant.body.render(only(variant.body))
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
        return hex(SHA256.hash(data: data))
    }

    /// Lower-case hex, without `String(format:)` (costly per message).
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: digest.flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 15)]] }, as: UTF8.self)
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
                             deliveries: deliveries, attachments: try await attachments(of: [id])[id])
    }

    /// The files the messages carry, in order, by message id (messages without files are left out).
    public func attachments(of messageIDs: [String]) async throws -> [String: [AttachmentInfo]] {
        var found: [String: [AttachmentInfo]] = [:]
        let rows = try await store.sql.all("""
            SELECT a.message_id, a.position, a.filename, a.sha256, f.content_type, f.size FROM notify_attachments a
            JOIN notify_files f ON f.sha256 = a.sha256 WHERE a.message_id IN
            """, in: messageIDs)
        for row in rows {
            found[try row.decode(column: "message_id", as: String.self), default: []].append(AttachmentInfo(
                position: try row.decode(column: "position", as: Int.self), filename: try row.decode(column: "filename", as: String.self),
                contentType: try row.decode(column: "content_type", as: String.self), size: try row.decode(column: "size", as: Int.self),
                sha256: try row.decode(column: "sha256", as: String.self)))
        }
        return found.mapValues { $0.sorted { $0.position < $1.position } }
    }

    /// One file of a message, with its bytes; nil if there is none at that position.
    public func attachment(of messageID: String, position: Int) async throws -> (info: AttachmentInfo, data: Data)? {
        guard let row = try await store.sql.raw("""
            SELECT a.filename, a.sha256, f.content_type, f.size, f.data FROM notify_attachments a JOIN notify_files f ON f.sha256 = a.sha256
            WHERE a.message_id = \(bind: messageID) AND a.position = \(bind: position)
            """).first() else { return nil }
        return (AttachmentInfo(position: position, filename: try row.decode(column: "filename", as: String.self),
                               contentType: try row.decode(column: "content_type", as: String.self),
                               size: try row.decode(column: "size", as: Int.self), sha256: try row.decode(column: "sha256", as: String.self)),
                try row.decode(column: "data", as: Data.self))
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
