import Foundation
import Identifiers

/// A time of day on the wall clock where the resource is, in whole minutes since midnight
/// (0–1440; 24:00 is the end of the day).
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Minutes since midnight.
    public let minutes: Int

    /// A time from minutes since midnight; nil outside 0–1440.
    public init?(minutes: Int) {
        guard (0...1440).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// Reads `HH:MM` (24-hour clock, `24:00` allowed as the end of the day).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } }),
              let hours = Int(parts[0]), let minutes = Int(parts[1]), hours <= 24, minutes < 60, hours < 24 || minutes == 0
        else { return nil }
        self.minutes = hours * 60 + minutes
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }

    /// `HH:MM`.
    public var description: String {
        let (hours, minutes) = minutes.quotientAndRemainder(dividingBy: 60)
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }
}

/// One stretch of a day when a resource is open: from `opens` until `closes`.
public struct OpeningPeriod: Hashable, Sendable, Codable, CustomStringConvertible {
    public let opens: TimeOfDay
    public let closes: TimeOfDay

    /// A period; nil unless it closes after it opens.
    public init?(opens: TimeOfDay, closes: TimeOfDay) {
        guard closes > opens else { return nil }
        self.opens = opens
        self.closes = closes
    }

    /// `HH:MM-HH:MM`.
    public var description: String { "\(opens)-\(closes)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let period = try? OpeningHours.periods(text).first, period.description == text else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an opening period: \(text.prefix(40))"))
        }
        self = period
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// ISO 8601 weekdays, Monday first.
public enum Weekday: Int, CaseIterable, Sendable, Codable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The weekday of a date (1970-01-01 was a Thursday).
    public init(_ date: CalendarDate) {
        let index = ((date.daysSinceEpoch + 3) % 7 + 7) % 7
        self = Weekday(rawValue: index + 1)!
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A resource's regular week: for each weekday the periods it is open (none: closed), and the
/// dates that differ (public holidays closed, an extra evening open). An exception replaces the
/// whole day.
public struct OpeningHours: Equatable, Sendable {
    /// The regular periods by weekday, each list sorted and without overlaps.
    public private(set) var week: [Weekday: [OpeningPeriod]]
    /// The days that differ from the week; an empty list closes the day.
    public private(set) var exceptions: [CalendarDate: [OpeningPeriod]]

    /// Why opening hours were refused, in words a person can act on.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// A period is not `HH:MM-HH:MM` with the end after the start.
        case badPeriod(String)
        /// Two periods of one day overlap.
        case overlap(OpeningPeriod, OpeningPeriod)
        /// More periods in a day than anyone needs (a guard against hostile input).
        case tooManyPeriods(Int)

        public var description: String {
            switch self {
            case .badPeriod(let text):
                "\"\(text.prefix(40))\" is not an opening period. Write it as 08:00-15:30, closing after opening."
            case .overlap(let first, let second): "The periods \(first) and \(second) overlap."
            case .tooManyPeriods(let count): "A day can have at most 8 opening periods, not \(count)."
            }
        }
    }

    /// Hours with the given week and exceptions, each day checked as `periods(_:)` checks text.
    public init(week: [Weekday: [OpeningPeriod]], exceptions: [CalendarDate: [OpeningPeriod]] = [:]) throws(Failure) {
        self.week = [:]
        self.exceptions = [:]
        for (day, periods) in week { self.week[day] = try Self.checked(periods) }
        for (date, periods) in exceptions { self.exceptions[date] = try Self.checked(periods) }
    }

    /// The periods of one day from text such as `08:00-11:30, 12:00-15:00`; empty text is closed.
    public static func periods(_ text: String) throws(Failure) -> [OpeningPeriod] {
        let pieces = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard pieces.count <= 8 else { throw .tooManyPeriods(pieces.count) }
        var periods: [OpeningPeriod] = []
        for piece in pieces {
            let ends = piece.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard ends.count == 2, let opens = TimeOfDay(ends[0]), let closes = TimeOfDay(ends[1]),
                  let period = OpeningPeriod(opens: opens, closes: closes) else { throw .badPeriod(piece) }
            periods.append(period)
        }
        return try checked(periods)
    }

    /// `periods` sorted, refused if two overlap or there are more than 8.
    public static func checked(_ periods: [OpeningPeriod]) throws(Failure) -> [OpeningPeriod] {
        guard periods.count <= 8 else { throw .tooManyPeriods(periods.count) }
        let sorted = periods.sorted { $0.opens < $1.opens }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where later.opens < earlier.closes { throw .overlap(earlier, later) }
        return sorted
    }

    /// The periods on `date`: its exception if it has one, else its weekday's.
    public func periods(on date: CalendarDate) -> [OpeningPeriod] {
        exceptions[date] ?? week[Weekday(date)] ?? []
    }

    /// Sets (or with nil removes) the exception for `date`.
    public mutating func setException(_ periods: [OpeningPeriod]?, on date: CalendarDate) throws(Failure) {
        exceptions[date] = try periods.map { periods throws(Failure) in try Self.checked(periods) }
    }
}
