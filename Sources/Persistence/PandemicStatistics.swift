import Booking
import Foundation
import Identifiers
import Pandemic
import SQLKit

/// The figures behind the municipal dashboard: tests and positives by the municipality of the
/// person's registered address and the day (Norwegian time) the sample was taken, and arrivals
/// by the municipality of the quarantine address and the country travelled from. Counted in the
/// database by UTC hour (an index range scan), then put into Norwegian days here, so that the
/// change to and from summer time falls on the right day on both databases.
public struct PandemicStatistics: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// The longest period one request may ask for.
    public static let maximumDays = 366

    /// Each day from `from` through `through` for one municipality (nil: the whole country), in
    /// order, days without any figures included.
    public func days(municipality: String?, from: CalendarDate, through: CalendarDate) async throws -> [DayFigures] {
        let zone = SlotSchedule.norway
        guard let start = SlotSchedule.instant(from, minute: 0, in: zone), let end = SlotSchedule.instant(through.adding(days: 1), minute: 0, in: zone)
        else { return [] }
        var figures: [String: DayFigures] = [:]
        var date = from
        while date <= through { figures[date.description] = DayFigures(date: date.description); date = date.adding(days: 1) }
        func day(_ hour: Int64) -> String { SlotSchedule.wallClock(hour * 3600, in: zone).date.description }
        var tests = SQLQueryString("""
            SELECT r.sample_collected / 3600 AS hour, COUNT(*) AS tests, SUM(CASE WHEN r.detected THEN 1 ELSE 0 END) AS positives
            FROM test_results r
            """)
        if let municipality {
            tests.appendLiteral(" JOIN persons p ON p.identity_number = r.person JOIN addresses a ON a.person_id = p.id AND a.valid_to IS NULL")
            tests.appendLiteral(" AND a.municipality_number = ")
            tests.appendInterpolation(bind: municipality)
        }
        tests.appendLiteral(" WHERE r.sample_collected >= ")
        tests.appendInterpolation(bind: start)
        tests.appendLiteral(" AND r.sample_collected < ")
        tests.appendInterpolation(bind: end)
        tests.appendLiteral(" GROUP BY r.sample_collected / 3600")
        for row in try await store.sql.raw(tests).all() {
            let key = day(try row.decode(column: "hour", as: Int64.self))
            figures[key]?.tests += try row.decode(column: "tests", as: Int.self)
            figures[key]?.positives += try row.decode(column: "positives", as: Int?.self) ?? 0
        }
        var arrivals = SQLQueryString("SELECT arrival_date, country_from, COUNT(*) AS n FROM entry_registrations WHERE arrival_date >= ")
        arrivals.appendInterpolation(bind: from.description)
        arrivals.appendLiteral(" AND arrival_date <= ")
        arrivals.appendInterpolation(bind: through.description)
        if let municipality {
            arrivals.appendLiteral(" AND municipality_number = ")
            arrivals.appendInterpolation(bind: municipality)
        }
        arrivals.appendLiteral(" GROUP BY arrival_date, country_from")
        for row in try await store.sql.raw(arrivals).all() {
            let key = try row.decode(column: "arrival_date", as: String.self), country = try row.decode(column: "country_from", as: String.self)
            figures[key]?.arrivals[country, default: 0] += try row.decode(column: "n", as: Int.self)
        }
        return figures.values.sorted { $0.date < $1.date }
    }
}
