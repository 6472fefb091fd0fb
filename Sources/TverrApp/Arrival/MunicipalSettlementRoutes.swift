import Foundation
import Hummingbird
import Localization
import Persistence
import Reference
import WebUI

/// The municipality's settlement page: its places this year, IMDi's proposals to accept or
/// decline, and the move-in that registers the family's address in the population register.
struct MunicipalSettlementRoutes {
    let controller: SettlementController

    func add(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.staffMunicipalSettlement.path) { request, _ in
            try await municipal(request) { access, municipality, settlements in
                let done: [String: MessageKey] = ["places": .municipalPlacesSaved, "answered": .municipalAnswered, "moved": .municipalMovedInDone]
                let key = done.first { request.uri.queryParameters[Substring($0.key)] != nil }?.value
                return try await page(request, access, municipality, settlements, notice: key.map { SettlementMessage(text: access.context.t($0)) })
            }
        }
        router.post(SiteRoute.staffMunicipalSettlementPlaces.path) { request, _ in
            try await municipal(request, posting: true) { access, municipality, settlements in
                let text = (access.form?["places"] ?? "").trimmingCharacters(in: .whitespaces)
                do {
                    guard let places = Int(text) else { throw Settlements.Refusal.badPlaces }
                    try await settlements.setCapacity(municipality.number, year: TverrServer.today().year, places: places, by: SettlementController.actor(access))
                    return OIDCController.redirect(SiteRoute.staffMunicipalSettlement.rawValue, ["places": "1"])
                } catch Settlements.Refusal.badPlaces {
                    return try await page(request, access, municipality, settlements,
                                          notice: .init(text: access.context.t(.municipalErrorPlaces), field: "places"), status: .unprocessableContent)
                }
            }
        }
        router.post(SiteRoute.staffMunicipalSettlementAnswer.path) { request, context in
            try await municipal(request, posting: true) { access, municipality, settlements in
                let group = context.parameters.get("group") ?? ""
                let accept = access.form?["decision"] == "accept"
                do {
                    try await settlements.answer(group, in: municipality.number, accept: accept, reason: access.form?["reason"] ?? "",
                                                 by: SettlementController.actor(access))
                    return OIDCController.redirect(SiteRoute.staffMunicipalSettlement.rawValue, ["answered": "1"])
                } catch let refusal as Settlements.Refusal {
                    let (key, status): (MessageKey, HTTPResponse.Status) = refusal == .reasonRequired
                        ? (.municipalErrorReason, .unprocessableContent) : (.municipalErrorNotProposed, .conflict)
                    return try await page(request, access, municipality, settlements,
                                          notice: .init(text: access.context.t(key), field: "reason-\(group)"), status: status)
                }
            }
        }
        router.post(SiteRoute.staffMunicipalSettlementMoveIn.path) { request, context in
            try await municipal(request, posting: true) { access, municipality, settlements in
                let group = context.parameters.get("group") ?? ""
                let form = access.form
                do {
                    try await settlements.moveIn(group, in: municipality.number, street: form?["street"] ?? "", postcode: form?["postcode"] ?? "",
                                                 movedIn: form?["movedIn"] ?? "", by: SettlementController.actor(access))
                    return OIDCController.redirect(SiteRoute.staffMunicipalSettlement.rawValue, ["moved": "1"])
                } catch Settlements.Refusal.address(let refused) {
                    let field = switch refused.reason {
                    case .postcode: "postcode-\(group)"
                    case .date, .dateNotAfterCurrent: "movedIn-\(group)"
                    default: "street-\(group)"
                    }
                    return try await page(request, access, municipality, settlements,
                                          notice: .init(text: PortalController.text(refused, access.context), field: field), status: .unprocessableContent)
                } catch Settlements.Refusal.notProposed {
                    return try await page(request, access, municipality, settlements,
                                          notice: .init(text: access.context.t(.municipalErrorNotProposed), field: "street-\(group)"), status: .conflict)
                }
            }
        }
    }

    /// Runs `body` for municipal staff at a municipality (the first one the role is held at).
    func municipal(_ request: Request, posting: Bool = false,
                   _ body: (PortalStaffAccess, Municipality, Settlements) async throws -> Response) async throws -> Response {
        try await PortalStaffAccess.check(request, provider: controller.provider, store: controller.store, role: .municipalStaff,
                                          title: .municipalSettlementTitle, noRole: .municipalNoRole, posting: posting) { access in
            let found = access.organisations.lazy.compactMap { number in
                Organisation.municipalities.first { $0.number.value == number }.flatMap { organisation in
                    organisation.municipalityNumber.flatMap { try? Municipality.lookup($0) }.map { (organisation.number.value, $0) }
                }
            }.first
            guard let (organisation, municipality) = found, let store = controller.store else {
                return MunicipalStaffAccess.refuse(.municipalNoRole, title: .municipalSettlementTitle, context: access.context, request: request)
            }
            let scoped = PortalStaffAccess(session: access.session, organisations: [organisation], line: access.line, context: access.context, form: access.form)
            return try await body(scoped, municipality, Settlements(store: store))
        }
    }

    func page(_ request: Request, _ access: PortalStaffAccess, _ municipality: Municipality, _ settlements: Settlements,
              notice: SettlementMessage?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let context = access.context
        let today = TverrServer.today()
        let capacity = try await settlements.capacities(year: today.year).first { $0.municipalityNumber == municipality.number }
        let families = try await settlements.placements(in: municipality.number).map { placement in
            let line = switch placement.status {
            case "proposed": "\(context.t(.municipalStatusProposed)) \(placement.proposedOn)"
            case "accepted": "\(context.t(.municipalStatusAccepted)) · \(context.t(.municipalStatusProposed)) \(placement.proposedOn)"
            default: "\(context.t(.municipalStatusSettled)) \(placement.settledOn ?? "")"
            }
            return SettlementFamilyRow(groupID: placement.groupID, names: placement.names, line: line,
                                       canAnswer: placement.status == "proposed", canMoveIn: placement.status == "accepted")
        }
        var response = PortalController.page(SettlementPages.municipality(
            name: municipality.name, places: capacity?.places, taken: capacity?.taken ?? 0, families: families,
            csrfToken: access.session.csrfToken, notice: notice, today: today.description, context: context), request: request)
        response.status = status
        return response
    }
}
