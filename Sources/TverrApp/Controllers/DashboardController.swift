import Booking
import Foundation
import Hummingbird
import Identifiers
import Identity
import Localization
import Pandemic
import Persistence
import Reference
import WebUI

/// The municipal tracking dashboard: tests, positives, the share positive and arrivals by
/// country, per day, with every count under 5 shown as "<5" (pages, CSV and API alike).
/// Municipal staff (the `municipal-staff` role at a municipality) see their own municipality;
/// the role held at a state agency sees the whole country and every municipality. The API takes
/// a machine client with `tverr:pandemic/statistics.read` on the same terms (its organisation).
struct DashboardController {
    let provider: IdentityProvider?
    let store: Store?
    static let statisticsScope = "tverr:pandemic/statistics.read"

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.staffDashboard.path) { request, _ in try await page(request) }
        router.get(SiteRoute.staffDashboardCSV.path) { request, _ in try await page(request, csv: true) }
        router.get(SiteRoute.pandemicStatistics.path) { request, _ in try await api(request) }
    }

    /// What one may see: nil in the set means the whole country.
    static func areas(of organisations: [String]) -> Set<String?> {
        Set(organisations.compactMap { number -> String?? in
            guard let organisation = Organisation.all.first(where: { $0.number.value == number }) else { return nil }
            return organisation.kind == .agency ? .some(nil) : organisation.municipalityNumber.map { .some($0) }
        })
    }

    /// The period asked for (default: the last 28 days), or nil when it is not a valid one.
    static func period(_ request: Request) -> (from: CalendarDate, to: CalendarDate)? {
        let today = SlotSchedule.wallClock(Int64(Date().timeIntervalSince1970), in: SlotSchedule.norway).date
        func given(_ name: String) -> String? { request.uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : $0 } }
        let to: CalendarDate, from: CalendarDate
        if let text = given("to") { guard let date = CalendarDate(iso8601: text) else { return nil }; to = date } else { to = today }
        if let text = given("from") { guard let date = CalendarDate(iso8601: text) else { return nil }; from = date } else { from = to.adding(days: -27) }
        guard from <= to, to.daysSinceEpoch - from.daysSinceEpoch < PandemicStatistics.maximumDays else { return nil }
        return (from, to)
    }

    func page(_ request: Request, csv: Bool = false) async throws -> Response {
        guard let provider, let store else { throw Problem(.serviceUnavailable, detail: "The dashboard is not running in this process.") }
        let access: MunicipalStaffAccess
        switch try await MunicipalStaffAccess.check(request, provider: provider, store: store, title: .dashboardTitle) {
        case .success(let granted): access = granted
        case .failure(let refusal): return refusal.response
        }
        let (context, national, own) = (access.context, access.national, access.own)
        let asked = request.uri.queryParameters["area"].map(String.init)
        let area: String? = asked.map { $0.isEmpty ? nil : $0 } ?? (national ? nil : own.first)
        guard access.allows(area) else {
            return MunicipalStaffAccess.refuse(.dashboardOwnOnly, title: .dashboardTitle, context: context, request: request)
        }
        guard area == nil || Municipality.all.contains(where: { $0.number == area }) else { throw HTTPError(.notFound) }
        let period = Self.period(request)
        var model = DashboardModel(areas: Self.choices(national: national, own: own, context: context), area: area ?? "",
                                   from: period?.from.description ?? "", to: period?.to.description ?? "", csvLink: "")
        guard let period else {
            model.error = context.t(.dashboardBadPeriod)
            var response = PortalController.page(DashboardPage.render(model, context: context), request: request)
            response.status = .badRequest
            return response
        }
        let days = try await PandemicStatistics(store: store).days(municipality: area, from: period.from, through: period.to)
        if csv { return Self.csv(days, area: area, period: period) }
        model.csvLink = "/staff/dashboard.csv?area=\(HTMLEscaping.queryComponent(area ?? ""))&from=\(period.from)&to=\(period.to)"
        Self.fill(&model, days: days, context: context)
        return PortalController.page(DashboardPage.render(model, context: context), request: request)
    }

    static func choices(national: Bool, own: [String], context: PageContext) -> [Choice] {
        let municipalities = Municipality.all.filter { national || own.contains($0.number) }.sorted { $0.name < $1.name }
            .map { Choice(value: $0.number, label: "\($0.name) (\($0.number))") }
        return national ? [Choice(value: "", label: context.t(.dashboardWholeCountry))] + municipalities : municipalities
    }
}
