import Foundation
import Hummingbird
import Pandemic
import Identity
import Localization
import Persistence
import Reference
import WebUI

extension EntryController {
    /// `/staff/arrivals?area=&from=&to=`: the arrivals to a municipality (default the last 14
    /// days), each with the latest test since arrival; every arrival shown is audited.
    func arrivals(_ request: Request) async throws -> Response {
        guard let provider, let store else { throw Problem(.serviceUnavailable, detail: "The arrivals list is not running in this process.") }
        let access: MunicipalStaffAccess
        switch try await MunicipalStaffAccess.check(request, provider: provider, store: store, title: .arrivalsTitle) {
        case .success(let granted): access = granted
        case .failure(let refusal): return refusal.response
        }
        let (context, national, own) = (access.context, access.national, access.own)
        let area = request.uri.queryParameters.get("area").flatMap { $0.isEmpty ? nil : $0 } ?? own.first ?? "0301"
        guard access.allows(area) else {
            return MunicipalStaffAccess.refuse(.dashboardOwnOnly, title: .arrivalsTitle, context: context, request: request)
        }
        guard Municipality.all.contains(where: { $0.number == area }) else { throw HTTPError(.notFound) }
        let areas = DashboardController.choices(national: national, own: own, context: context).filter { !$0.value.isEmpty }
        guard let period = DashboardController.period(request) else {
            var response = PortalController.page(EntryPages.arrivals([], areas: areas, area: area, from: "", to: "",
                                                                     error: context.t(.dashboardBadPeriod), context: context), request: request)
            response.status = .badRequest
            return response
        }
        let (from, to) = (request.uri.queryParameters.get("from") == nil ? period.to.adding(days: -13) : period.from, period.to)
        let rows = try await EntryRegistrations(store: store).arrivals(municipality: area, from: from, through: to, actor: "staff:\(access.session.pid)")
            .map { arrival in
                ArrivalRow(name: arrival.name, born: arrival.birthDate, arrived: arrival.arrivalDate,
                           from: TravelCountries.name(arrival.countryFrom, language: context.language.rawValue) ?? arrival.countryFrom,
                           address: arrival.address, matched: arrival.match != "none", positive: arrival.tested ? arrival.latestTestPositive : nil)
            }
        return PortalController.page(EntryPages.arrivals(rows, areas: areas, area: area, from: from.description, to: to.description, error: nil,
                                                         context: context), request: request)
    }
}
