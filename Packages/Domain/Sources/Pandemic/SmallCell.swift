import Foundation

/// Small-cell suppression for published statistics: a count under 5 is never shown as itself,
/// so that no one can be picked out of a small municipality's figures. It is "<5" on pages, in
/// CSV exports and in the API alike.
public enum SmallCell {
    /// Counts below this are suppressed.
    public static let threshold = 5
    /// How a suppressed count is written.
    public static let suppressedText = "<5"

    /// A count as it may be published.
    public enum Count: Sendable, Equatable, Encodable, CustomStringConvertible {
        case exact(Int)
        case suppressed

        /// `count` as it may be published.
        public init(_ count: Int) { self = count < SmallCell.threshold ? .suppressed : .exact(count) }

        /// The number, when it may be shown.
        public var value: Int? { if case .exact(let n) = self { n } else { nil } }

        /// The count as text: the number, or "<5".
        public var description: String { value.map(String.init) ?? SmallCell.suppressedText }

        /// A JSON number, or the string "<5".
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .exact(let n): try container.encode(n)
            case .suppressed: try container.encode(SmallCell.suppressedText)
            }
        }
    }

    /// The share of positive tests, when both counts may be shown (a rate from a suppressed count
    /// would give the count away).
    public static func rate(_ positives: Int, of tests: Int) -> Double? {
        guard tests >= threshold, positives >= threshold else { return nil }
        return Double(positives) / Double(tests)
    }
}

/// One municipality's figures for one day, before suppression.
public struct DayFigures: Sendable, Equatable {
    /// YYYY-MM-DD, Norwegian time.
    public var date: String
    public var tests: Int
    public var positives: Int
    /// Arrivals registered for the day, by country travelled from (ISO 3166 alpha-2 or -3).
    public var arrivals: [String: Int]

    public init(date: String, tests: Int = 0, positives: Int = 0, arrivals: [String: Int] = [:]) {
        (self.date, self.tests, self.positives, self.arrivals) = (date, tests, positives, arrivals)
    }

    /// The figures as they may be published. Countries with fewer than 5 arrivals are put
    /// together as `other`; when `other` is itself under 5, the total is left out too, since
    /// the total less the countries shown would give it away.
    public var published: PublishedDay {
        let shown = arrivals.filter { $0.value >= SmallCell.threshold }
        let other = arrivals.filter { $0.value < SmallCell.threshold }.values.reduce(0, +)
        var published = shown.mapValues(SmallCell.Count.exact)
        if other > 0 { published[PublishedDay.otherCountries] = .init(other) }
        let total = arrivals.values.reduce(0, +)
        return PublishedDay(date: date, tests: .init(tests), positives: .init(positives), positivityRate: SmallCell.rate(positives, of: tests),
                            arrivals: published, arrivalsTotal: other == 0 || other >= SmallCell.threshold ? .init(total) : nil)
    }
}

/// A day's figures after small-cell suppression: what pages, CSV and the API show.
public struct PublishedDay: Sendable, Equatable, Encodable {
    public var date: String
    public var tests: SmallCell.Count
    public var positives: SmallCell.Count
    /// Positives over tests, 0 to 1; nil when either count is suppressed.
    public var positivityRate: Double?
    /// Arrivals by country travelled from, with the small ones together under `other`.
    public var arrivals: [String: SmallCell.Count]
    /// All arrivals; nil when it would give a suppressed count away.
    public var arrivalsTotal: SmallCell.Count?
    /// The key for countries with fewer than 5 arrivals, put together.
    public static let otherCountries = "other"

    /// CSV rows (RFC 4180): one line per day, with the arrivals of `countries` in columns (an
    /// empty cell: not shown, as in `other`, or none).
    public static func csv(_ days: [PublishedDay], municipality: String, countries: [String]) -> String {
        var lines = [(["municipality", "date", "tests", "positives", "positivity_rate", "arrivals"] + countries.map { "arrivals_\($0)" })
            .joined(separator: ",")]
        for day in days {
            let rate = day.positivityRate.map { String(format: "%.4f", $0) } ?? ""
            let cells = [municipality, day.date, day.tests.description, day.positives.description, rate, day.arrivalsTotal?.description ?? ""]
                + countries.map { day.arrivals[$0]?.description ?? "" }
            lines.append(cells.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A field quoted when it needs to be, and never read as a formula by a spreadsheet.
    static func csvField(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+-@\t\r".contains(first), Int(text) == nil { text = "'" + text }
        guard text.contains(where: { ",\"\r\n".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
