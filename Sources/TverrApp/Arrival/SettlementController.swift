import Arrival
import Foundation
import Hummingbird
import Localization
import Persistence
import Reference
import WebUI

/// Settlement pages: IMDi's caseworkers propose a municipality for each waiting family within the
/// places stated (`/staff/settlement`); the municipality's staff state the places, answer the
/// proposals and register the move-in (`/staff/municipality/settlement`). Portal session at high
/// and CSRF on every form; each step is audited by the store.
struct SettlementController {
    let provider: IdentityProvider?
    let store: Store?

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.staffSettlement.path) { request, _ in
            try await imdi(request) { access, settlements in
                let notice = request.uri.queryParameters["proposed"] != nil ? SettlementMessage(text: access.context.t(.settlementProposed)) : nil
                return try await imdiPage(request, access, settlements, notice: notice)
            }
        }
        router.post(SiteRoute.staffSettlementProposal.path) { request, context in
            try await imdi(request, posting: true) { access, settlements in
                let group = context.parameters.get("group") ?? ""
                let field = "municipality-\(group)"
                let municipality = access.form?["municipality"] ?? ""
                guard !municipality.isEmpty else {
                    return try await imdiPage(request, access, settlements, notice: .init(text: access.context.t(.settlementErrorMunicipality), field: field),
                                              status: .unprocessableContent)
                }
                do {
                    try await settlements.propose(group, to: municipality, by: Self.actor(access), today: TverrServer.today())
                    return OIDCController.redirect(SiteRoute.staffSettlement.rawValue, ["proposed": "1"])
                } catch let refusal as Settlements.Refusal {
                    let text = switch refusal {
                    case .overCapacity(let remaining, _): "\(access.context.t(.settlementErrorCapacity)) \(remaining)."
                    default: access.context.t(.settlementErrorNothing)
                    }
                    return try await imdiPage(request, access, settlements, notice: .init(text: text, field: field), status: .conflict)
                }
            }
        }
        MunicipalSettlementRoutes(controller: self).add(to: router)
    }

    static func actor(_ access: PortalStaffAccess) -> String { "staff:\(access.organisations[0])/\(access.session.pid)" }

    /// Runs `body` for a caseworker at the integration directorate.
    func imdi(_ request: Request, posting: Bool = false, _ body: (PortalStaffAccess, Settlements) async throws -> Response) async throws -> Response {
        try await PortalStaffAccess.check(request, provider: provider, store: store, role: .caseworker, title: .settlementTitle,
                                          noRole: .settlementNoRole, posting: posting) { access in
            let imdi = Organisation.integrationDirectorate.number.value
            guard access.organisations.contains(imdi), let store else {
                return MunicipalStaffAccess.refuse(.settlementNoRole, title: .settlementTitle, context: access.context, request: request)
            }
            let scoped = PortalStaffAccess(session: access.session, organisations: [imdi], line: access.line, context: access.context, form: access.form)
            return try await body(scoped, Settlements(store: store))
        }
    }

    func imdiPage(_ request: Request, _ access: PortalStaffAccess, _ settlements: Settlements, notice: SettlementMessage?,
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let context = access.context
        let places = try await settlements.capacities(year: TverrServer.today().year).map {
            SettlementPlaceRow(number: $0.municipalityNumber, name: $0.name, places: $0.places, taken: $0.taken, left: $0.remaining)
        }
        let families = try await settlements.waiting().map { family in
            let centre = ReceptionCentre.all.first { $0.id == family.receptionCentre }?.name ?? family.receptionCentre
            return SettlementFamilyRow(groupID: family.groupID, names: family.names,
                                       line: "\(context.t(.settlementGranted)) \(family.grantedOn) · \(centre)")
        }
        let waiting = try await settlements.waitingCount()
        var response = PortalController.page(SettlementPages.imdi(places: places, families: families, waiting: waiting, csrfToken: access.session.csrfToken,
                                                                  notice: notice, context: context), request: request)
        response.status = status
        return response
    }
}
