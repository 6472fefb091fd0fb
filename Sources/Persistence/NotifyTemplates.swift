import Foundation
import Localization
import Notify
import SQLKit

/// A template as a sender writes it: a name and one variant per channel and language.
public struct TemplateRequest: Codable, Sendable {
    public var name: String
    public var variants: [Variant]

    public struct Variant: Codable, Sendable, Equatable {
        public var channel: String
        public var language: String
        public var subject: String?
        public var body: String

        public init(channel: String, language: String, subject: String? = nil, body: String) {
            self.channel = channel
            self.language = language
            self.subject = subject
            self.body = body
        }
    }

    public init(name: String, variants: [Variant]) {
        self.name = name
        self.variants = variants
    }
}

/// A stored template version, with what the plain-language check found.
public struct StoredTemplate: Codable, Sendable, Equatable {
    public var id: String
    public var version: Int
    public var name: String
    public var placeholders: [String]
    public var channels: [String]
    public var variants: [TemplateRequest.Variant]
    public var readability: [Score]
    /// Plain-language warnings: one per nb, nn or en variant scoring above 40.
    public var warnings: [String]
    public var createdAt: String

    public struct Score: Codable, Sendable, Equatable {
        public var channel: String
        public var language: String
        public var lix: Double
        public var longestSentences: [String]?
        public var longestWords: [String]?
    }
}

/// Why a template was refused (a 400 naming the variant and the problem).
public struct TemplateRefusal: Error, Equatable, CustomStringConvertible {
    public let description: String
    /// What is wrong and where, for a page to say in its own language next to the field.
    public let reason: Reason

    public enum Reason: Equatable, Sendable {
        case id, name, variants
        /// A channel or language the API does not know, or a variant given twice (only the API can send these).
        case unknownVariant
        case subjectMissing(Channel, Language)
        case subjectTooLong(Channel, Language)
        case subjectOnSMS(Language)
        case text(Channel, Language, subject: Bool, TemplateText.Problem)
        case smsSegments(Language, Int)
        case placeholders(Channel, Language, String)
        case missingLanguage(Channel, Language)
        /// Another save took the version number five times running.
        case busy
    }

    init(_ description: String, _ reason: Reason) {
        self.description = description
        self.reason = reason
    }
}

/// Versioned message templates, per organisation.
public struct NotifyTemplates: Sendable {
    let store: Store
    public init(store: Store) { self.store = store }

    static let channelsNeedingSubject: Set<Channel> = [.email, .mailbox, .letter]

    /// Checks a template: every channel in all four languages, subjects where the channel has
    /// them, the same placeholders everywhere, and SMS texts within 16 segments.
    public static func check(id: String, _ request: TemplateRequest) throws(TemplateRefusal) -> [(Channel, Language, TemplateText?, TemplateText)] {
        guard (3...64).contains(id.count), id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw TemplateRefusal("The template id must be 3 to 64 lower-case letters, digits or hyphens, such as test-result-ready.", .id)
        }
        let name = request.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else { throw TemplateRefusal("name must be 1 to 100 characters.", .name) }
        guard !request.variants.isEmpty, request.variants.count <= 16 else {
            throw TemplateRefusal("variants must hold 1 to 16 entries: one per channel and language.", .variants)
        }
        var checked: [(Channel, Language, TemplateText?, TemplateText)] = []
        var reference: (String, Set<String>)?
        for variant in request.variants {
            guard let channel = Channel(rawValue: variant.channel) else {
                throw TemplateRefusal("\"\(variant.channel.prefix(20))\" is not a channel: use mailbox, sms, email or letter.", .unknownVariant)
            }
            guard let language = Language(rawValue: variant.language) else {
                throw TemplateRefusal("\"\(variant.language.prefix(10))\" is not a language: use nb, nn, en or uk.", .unknownVariant)
            }
            let label = "\(channel.rawValue)/\(language.rawValue)"
            guard !checked.contains(where: { $0.0 == channel && $0.1 == language }) else { throw TemplateRefusal("\(label) is given twice.", .unknownVariant) }
            let subject: TemplateText?
            if Self.channelsNeedingSubject.contains(channel) {
                guard let text = variant.subject else { throw TemplateRefusal("\(label) needs a subject.", .subjectMissing(channel, language)) }
                guard text.count <= 200 else { throw TemplateRefusal("\(label): the subject is longer than 200 characters.", .subjectTooLong(channel, language)) }
                do { subject = try TemplateText(text) } catch { throw TemplateRefusal("\(label) subject: \(error.description)", .text(channel, language, subject: true, error)) }
            } else {
                guard variant.subject == nil else { throw TemplateRefusal("\(label) cannot have a subject: an SMS has none.", .subjectOnSMS(language)) }
                subject = nil
            }
            let body: TemplateText
            do { body = try TemplateText(variant.body) } catch { throw TemplateRefusal("\(label) body: \(error.description)", .text(channel, language, subject: false, error)) }
            if channel == .sms, SMSLength.segments(variant.body) > SMSLength.maximumSegments {
                throw TemplateRefusal("\(label) takes \(SMSLength.segments(variant.body)) SMS segments; at most \(SMSLength.maximumSegments) are allowed.",
                                      .smsSegments(language, SMSLength.segments(variant.body)))
            }
            let names = Set(((subject?.placeholders ?? []) + body.placeholders).map { $0.lowercased() })
            if let (first, expected) = reference, names != expected {
                let odd = names.symmetricDifference(expected).sorted().first ?? ""
                throw TemplateRefusal("\(label) and \(first) use different placeholders (((\(odd)))): every variant must use the same ones.",
                                      .placeholders(channel, language, odd))
            }
            reference = reference ?? (label, names)
            checked.append((channel, language, subject, body))
        }
        for channel in Set(checked.map(\.0)) {
            let languages = Set(checked.filter { $0.0 == channel }.map(\.1))
            if let missing = Language.allCases.first(where: { !languages.contains($0) }) {
                throw TemplateRefusal("\(channel.rawValue) has no \(missing.rawValue) variant: give every channel in nb, nn, en and uk.",
                                      .missingLanguage(channel, missing))
            }
        }
        return checked
    }

    /// Saves each of `templates` (by id) for the organisation unless it has one with that id: for
    /// the notices Tverr's own services send. A template an editor has changed since is kept.
    public func ensure(_ templates: [String: TemplateRequest], organisation: String, by actor: String) async throws {
        for (id, template) in templates.sorted(by: { $0.key < $1.key }) where (try? await self.template(id, organisation: organisation)) == nil {
            _ = try await save(id: id, template, organisation: organisation, by: actor)
        }
    }

    /// Stores a new version of the organisation's template; returns it with its scores.
    public func save(id: String, _ request: TemplateRequest, organisation: String, by actor: String,
                     at date: Date = Date()) async throws -> StoredTemplate {
        let checked = try Self.check(id: id, request)
        let now = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let name = request.name.trimmingCharacters(in: .whitespacesAndNewlines)
        for attempt in 0..<5 {
            do {
                try await store.database.transaction { database in
                    let sql = database as! any SQLDatabase
                    let latest = try await sql.raw("""
                        SELECT MAX(version) AS v FROM notify_templates WHERE organisation_number = \(bind: organisation) AND template_id = \(bind: id)
                        """).first()?.decode(column: "v", as: Int64?.self) ?? 0
                    let version = latest + 1
                    try await sql.insert(into: "notify_templates")
                        .columns("organisation_number", "template_id", "version", "name", "created_by", "created_at")
                        .values(organisation, id, version, name, actor, now).run()
                    var insert = sql.insert(into: "notify_template_variants")
                        .columns("organisation_number", "template_id", "version", "channel", "language", "subject", "body", "lix")
                    for (channel, language, subject, body) in checked {
                        let lix = Readability([subject?.text, body.text].compactMap { $0 }.joined(separator: "\n\n")).score
                        insert = insert.values(organisation, id, version, channel.rawValue, language.rawValue, subject?.text, body.text, lix)
                    }
                    try await insert.run()
                }
                return try await template(id, organisation: organisation)
            } catch where attempt < 4 && Store.isUniqueViolation(error, column: "version") {
                continue // another save took the same version number at the same moment
            }
        }
        throw TemplateRefusal("The template is being changed by someone else right now; try again.", .busy)
    }

    /// The latest version (or the given one) of the organisation's template.
    public func template(_ id: String, organisation: String, version: Int? = nil) async throws -> StoredTemplate {
        var query = SQLQueryString("SELECT version, name, created_at FROM notify_templates WHERE organisation_number = ")
        query.appendInterpolation(bind: organisation)
        query.appendLiteral(" AND template_id = ")
        query.appendInterpolation(bind: id)
        if let version {
            query.appendLiteral(" AND version = ")
            query.appendInterpolation(bind: version)
        }
        query.appendLiteral(" ORDER BY version DESC LIMIT 1")
        guard let row = try await store.sql.raw(query).first() else { throw NotifyFailure.templateNotFound }
        let found = try row.decode(column: "version", as: Int.self)
        let variants = try await store.sql.raw("""
            SELECT channel, language, subject, body FROM notify_template_variants
            WHERE organisation_number = \(bind: organisation) AND template_id = \(bind: id) AND version = \(bind: found)
            """).all().map { row in
                TemplateRequest.Variant(channel: try row.decode(column: "channel", as: String.self),
                                        language: try row.decode(column: "language", as: String.self),
                                        subject: try row.decode(column: "subject", as: String?.self),
                                        body: try row.decode(column: "body", as: String.self))
            }
            .sorted { ($0.channel, Self.order($0.language)) < ($1.channel, Self.order($1.language)) }
        var placeholders: [String] = []
        var scores: [StoredTemplate.Score] = []
        var warnings: [String] = []
        for variant in variants {
            for name in ((try? TemplateText(variant.subject ?? "x"))?.placeholders ?? []) + ((try? TemplateText(variant.body))?.placeholders ?? [])
            where !placeholders.contains(where: { $0.lowercased() == name.lowercased() }) {
                placeholders.append(name)
            }
            let readability = Readability([variant.subject, variant.body].compactMap { $0 }.joined(separator: "\n\n"))
            let rounded = (readability.score * 10).rounded() / 10
            // LIX is calibrated for the Scandinavian languages and used for English; Ukrainian
            // words run longer, so its score is shown but never warned about.
            if readability.isPlain || variant.language == Language.uk.rawValue {
                scores.append(.init(channel: variant.channel, language: variant.language, lix: rounded))
            } else {
                scores.append(.init(channel: variant.channel, language: variant.language, lix: rounded,
                                    longestSentences: readability.longestSentences, longestWords: readability.longestWords))
                warnings.append("\(variant.channel)/\(variant.language) has a LIX of \(rounded), above \(Int(Readability.warningThreshold)): "
                                + "shorten the longest sentences and use shorter words (\(readability.longestWords.prefix(3).joined(separator: ", "))).")
            }
        }
        return StoredTemplate(id: id, version: found, name: try row.decode(column: "name", as: String.self), placeholders: placeholders,
                              channels: Array(Set(variants.map(\.channel))).sorted(), variants: variants, readability: scores,
                              warnings: warnings, createdAt: Self.iso(try row.decode(column: "created_at", as: Int64.self)))
    }

    /// The organisation's templates, latest versions, by id.
    public func templates(organisation: String) async throws -> [StoredTemplate] {
        let ids = try await store.sql.raw("""
            SELECT DISTINCT template_id FROM notify_templates WHERE organisation_number = \(bind: organisation) ORDER BY template_id
            """).all().map { try $0.decode(column: "template_id", as: String.self) }
        var list: [StoredTemplate] = []
        for id in ids { list.append(try await template(id, organisation: organisation)) }
        return list
    }

    static func order(_ language: String) -> Int { Language.allCases.firstIndex { $0.rawValue == language } ?? 9 }

    static func iso(_ milliseconds: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000))
    }
}

/// Failures of the notify block that the API shows as problem details.
public enum NotifyFailure: Error, Equatable {
    case templateNotFound
}
