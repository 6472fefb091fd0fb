import Foundation
import Identifiers

/// The topics of the youth front door, as on ung.no.
public enum YouthTopic: String, CaseIterable, Sendable, Codable {
    case body, mind, sex, family, school, work, rights, drugs
}

/// The languages youth content is written in.
public enum YouthLanguage: String, CaseIterable, Sendable, Codable {
    case nb, nn, en, uk
}

/// An article as an editor writes it, checked: a slug shared by its language versions, a topic,
/// the ages it is written for (13 to 20), and the text. The body is plain text; a blank line
/// separates paragraphs (no HTML: whatever is typed is shown as text).
public struct ArticleDraft: Sendable, Equatable {
    public let slug: String
    public let language: YouthLanguage
    public let topic: YouthTopic
    public let minimumAge: Int
    public let maximumAge: Int
    public let title: String
    public let lead: String
    public let body: String

    /// The ages young people on the front door may have.
    public static let ages = 13...20

    /// One thing wrong with a draft, by field.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Code: String, Sendable { case slug, language, topic, ages, title, lead, body, controlCharacters = "control-characters" }
        public let field: String
        public let code: Code
        public init(_ field: String, _ code: Code) { (self.field, self.code) = (field, code) }
        public var description: String { "\(field): \(code.rawValue)" }
    }

    /// Every problem with the fields, or the checked draft.
    public static func check(slug: String, language: String, topic: String, minimumAge: String, maximumAge: String,
                             title: String, lead: String, body: String) throws(Problems) -> ArticleDraft {
        var problems: [Problem] = []
        let slug = slug.trimmingCharacters(in: .whitespaces).lowercased()
        if !(3...80).contains(slug.count) || !slug.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" })
            || slug.hasPrefix("-") || slug.hasSuffix("-") { problems.append(Problem("slug", .slug)) }
        let language = YouthLanguage(rawValue: language)
        if language == nil { problems.append(Problem("language", .language)) }
        let topic = YouthTopic(rawValue: topic)
        if topic == nil { problems.append(Problem("topic", .topic)) }
        let low = Int(minimumAge.trimmingCharacters(in: .whitespaces)), high = Int(maximumAge.trimmingCharacters(in: .whitespaces))
        if low == nil || high == nil || !ages.contains(low!) || !ages.contains(high!) || low! > high! { problems.append(Problem("minimumAge", .ages)) }
        func text(_ value: String, _ field: String, _ range: ClosedRange<Int>, _ code: Problem.Code, lines: Bool) -> String {
            let value = value.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !(lines && $0 == "\n") }) {
                problems.append(Problem(field, .controlCharacters))
            } else if !range.contains(value.count) {
                problems.append(Problem(field, code))
            }
            return value
        }
        let title = text(title, "title", 3...120, .title, lines: false)
        let lead = text(lead, "lead", 10...300, .lead, lines: false)
        let body = text(body, "body", 20...20_000, .body, lines: true)
        guard problems.isEmpty, let language, let topic, let low, let high else { throw Problems(problems) }
        return ArticleDraft(slug: slug, language: language, topic: topic, minimumAge: low, maximumAge: high, title: title, lead: lead, body: body)
    }

    /// The paragraphs of a body: separated by blank lines, each with its single line breaks as spaces.
    public static func paragraphs(_ body: String) -> [String] {
        body.components(separatedBy: "\n\n").map { $0.split(separator: "\n").joined(separator: " ").trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// Whether an article reviewed on `reviewed` is due for another review on `today` (after a year).
    public static func dueForReview(reviewed: CalendarDate, today: CalendarDate) -> Bool {
        reviewed.adding(days: 365) < today
    }
}

/// The problems of a refused draft, in field order.
public struct Problems: Error, Sendable, Equatable, CustomStringConvertible {
    public let problems: [ArticleDraft.Problem]
    public init(_ problems: [ArticleDraft.Problem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "; ") }
}
