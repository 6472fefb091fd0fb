import Foundation

/// The agencies' network on the arrival journey (seed 000): each week, each agency tells the
/// others one or two things it is working on that matter to them, tied to the services they
/// touch. Subscribers get the week's updates by e-mail; the service chain map shows them next to
/// the services.
public struct NetworkPost: Sendable, Equatable {
    public let text: String
    /// The services the update affects, in journey order, at least one.
    public let services: [JourneyStep]

    public static let minimumLength = 10, maximumLength = 500
    /// The network asks each agency for one or two things a week.
    public static let perAgencyPerWeek = 2

    /// Why a post was refused.
    public enum Problem: String, Error, Sendable, Equatable {
        case tooShort = "too-short", tooLong = "too-long", controlCharacters = "control-characters"
        case noService = "no-service", unknownService = "unknown-service"
    }

    /// The update as typed: the text trimmed (10 to 500 characters, line breaks allowed, no other
    /// control characters) and the services by their step ids (`arrival`, `d-number`, …).
    public static func check(text: String, services: [String]) throws(Problem) -> NetworkPost {
        let text = text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) { throw .controlCharacters }
        guard text.count >= minimumLength else { throw .tooShort }
        guard text.count <= maximumLength else { throw .tooLong }
        var steps: Set<JourneyStep> = []
        for id in services where !id.isEmpty {
            guard let step = JourneyStep(rawValue: id) else { throw .unknownService }
            steps.insert(step)
        }
        guard !steps.isEmpty else { throw .noService }
        return NetworkPost(text: text, services: steps.sorted())
    }
}

/// An update as posted: by which agency, when (milliseconds since 1970) and in which ISO week.
public struct NetworkUpdate: Sendable, Equatable {
    public let id: String
    public let organisation: String
    public let text: String
    public let services: [JourneyStep]
    public let postedAt: Int64
    public let week: String

    public init(id: String, organisation: String, text: String, services: [JourneyStep], postedAt: Int64, week: String) {
        (self.id, self.organisation, self.text, self.services, self.postedAt, self.week) = (id, organisation, text, services, postedAt, week)
    }
}

/// The weekly digest's text and the map's notes, from the updates.
public enum NetworkDigest {
    /// The week before the one `milliseconds` falls in (in Norway), as `2022-W11`: the week a
    /// digest sent then is about.
    public static func previousWeek(_ milliseconds: Int64) -> String {
        JourneyAnalytics.week(milliseconds - 7 * 86_400_000)
    }

    /// The week whose digest is due at `milliseconds`: the week before, from Monday 08:00 in
    /// Norway; nil on Monday before 08:00 (last week's went out the Monday before, this one not yet).
    public static func dueWeek(_ milliseconds: Int64) -> String? {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "Europe/Oslo") ?? .gmt
        let parts = calendar.dateComponents([.weekday, .hour], from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        if parts.weekday == 2, (parts.hour ?? 0) < 8 { return nil }
        return previousWeek(milliseconds)
    }

    /// The updates under each service they affect, in journey order; an update touching two
    /// services is under both.
    public static func byService(_ updates: [NetworkUpdate]) -> [(step: JourneyStep, updates: [NetworkUpdate])] {
        JourneyStep.allCases.compactMap { step in
            let touching = updates.filter { $0.services.contains(step) }
            return touching.isEmpty ? nil : (step, touching)
        }
    }

    /// The digest as plain text: a heading per service, then each update with its agency. When it
    /// would pass `limit` characters, it stops and ends with `more(n)` for the n updates left out.
    public static func text(_ updates: [NetworkUpdate], serviceName: (JourneyStep) -> String, limit: Int = 2000,
                            more: (Int) -> String) -> String {
        let sections = byService(updates)
        let total = sections.reduce(0) { $0 + $1.updates.count }
        var out = "", shown = 0
        for (step, updates) in sections {
            var heading = (out.isEmpty ? "" : "\n\n") + serviceName(step)
            for update in updates {
                let line = heading + "\n- \(update.organisation): \(update.text.replacingOccurrences(of: "\n", with: " "))"
                let left = total - shown - 1
                // Room is kept for the closing line, so that stopping later still fits.
                guard out.count + line.count + (left > 0 ? 2 + more(left).count : 0) <= limit else {
                    return out + (out.isEmpty ? "" : "\n\n") + more(total - shown)
                }
                out += line
                heading = ""
                shown += 1
            }
        }
        return out
    }
}
