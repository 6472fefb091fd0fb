import Foundation
import Hummingbird
import Identifiers
import Identity
import Localization
import Pandemic
import Persistence
import Reference
import WebUI

extension DashboardController {
    /// The table, the charts and arrivals by country, every count suppressed.
    static func fill(_ model: inout DashboardModel, days: [DayFigures], context: PageContext) {
        let published = days.map(\.published)
        model.days = published.map { day in
            DashboardDayRow(date: day.date, tests: day.tests.description, positives: day.positives.description,
                            rate: day.positivityRate,
                            arrivals: day.arrivalsTotal?.description ?? "–")
        }
        let label = { (day: PublishedDay) in String(day.date.dropFirst(5)) }
        model.charts = [
            (context.t(.dashboardTestsChart), BarChart(id: "tests", title: context.t(.dashboardTestsChart), summary: context.t(.dashboardChartSummary),
                                                        bars: published.map { .init(label: label($0), value: $0.tests) }).svg),
            (context.t(.dashboardPositivesChart), BarChart(id: "positives", title: context.t(.dashboardPositivesChart),
                                                            summary: context.t(.dashboardChartSummary),
                                                            bars: published.map { .init(label: label($0), value: $0.positives) }).svg),
        ]
        // The period's arrivals are added up first and suppressed after: a sum of "<5"s is unknown.
        let total = days.reduce(into: [String: Int]()) { sum, day in sum.merge(day.arrivals, uniquingKeysWith: +) }
        let period = DayFigures(date: "", arrivals: total).published.arrivals
        model.countries = period.sorted { ($0.value.value ?? 0, $1.key) > ($1.value.value ?? 0, $0.key) }.map { code, count in
            (code == PublishedDay.otherCountries ? context.t(.dashboardOther) : code, count.description)
        }
    }

    /// The figures as CSV (RFC 4180), suppressed as on the page.
    static func csv(_ days: [DayFigures], area: String?, period: (from: CalendarDate, to: CalendarDate)) -> Response {
        let published = days.map(\.published)
        let countries = Set(published.flatMap(\.arrivals.keys)).sorted()
        let text = PublishedDay.csv(published, municipality: area ?? "NO", countries: countries)
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
            .contentDisposition: "attachment; filename=\"smittetall-\(area ?? "NO")-\(period.from)-\(period.to).csv\"",
        ], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// `GET /api/v1/pandemic/statistics?municipality=&from=&to=`: the same figures as JSON.
    func api(_ request: Request) async throws -> Response {
        guard let provider, let store else { throw Problem(.serviceUnavailable, detail: "The statistics API is not running in this process.") }
        let claims = try await BearerToken.verify(request, provider: provider)
        guard let consumer = claims.consumer, claims.scopes.contains(Self.statisticsScope) else {
            throw Problem.oauth(OAuthError(.insufficientScope, "This needs a machine token with the scope \(Self.statisticsScope)."))
        }
        let allowed = Self.areas(of: [consumer.organisationNumber])
        let asked = request.uri.queryParameters["municipality"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let area = asked ?? (allowed.contains(nil) ? nil : allowed.compactMap { $0 }.first)
        guard allowed.contains(nil) || (area.map { allowed.contains($0) } ?? false) else {
            throw Problem(.forbidden, detail: "Your organisation may read the figures of its own municipality only.")
        }
        guard area == nil || Municipality.all.contains(where: { $0.number == area }) else {
            throw Problem(.notFound, detail: "There is no municipality \(area!.prefix(8)).")
        }
        guard let period = Self.period(request) else {
            throw Problem(.badRequest, detail: "from and to must be dates written YYYY-MM-DD, from not after to, at most \(PandemicStatistics.maximumDays) days.")
        }
        let days = try await PandemicStatistics(store: store).days(municipality: area, from: period.from, through: period.to)
        struct Answer: Encodable { let municipality: String?; let from: String; let to: String; let days: [PublishedDay] }
        return try OIDCController.json(Answer(municipality: area, from: period.from.description, to: period.to.description, days: days.map(\.published)))
    }
}
