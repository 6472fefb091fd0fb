import Booking
import Foundation
import Hummingbird
import Identity
import Localization
import Persistence
import WebUI

extension TracingController {
    /// A case page; with a form, first records a contact (`contacts`) or closes the case (`close`),
    /// then shows the case again (303 after success, so a reload sends nothing twice).
    func tracingCase(_ request: Request, id: String, form: FormBody?, action: String? = nil) async throws -> Response {
        let (access, store): (MunicipalStaffAccess, Store)
        switch try await self.access(request) { case .success(let granted): (access, store) = granted; case .failure(let refusal): return refusal.response }
        let context = access.context, tracer = "staff:\(access.session.pid)"
        let cases = TracingCases(store: store)
        guard let found = try await cases.tracingCase(id, actor: tracer) else { throw HTTPError(.notFound) }
        guard access.allows(found.municipality) else {
            return MunicipalStaffAccess.refuse(.tracingOtherArea, title: .tracingTitle, context: context, request: request)
        }
        var model = TracingCaseModel(row: Self.row(found, context), csrfToken: access.session.csrfToken)
        model.outcomes = [("contacts-traced", MessageKey.tracingOutcomeContactsTraced), ("no-contacts", .tracingOutcomeNoContacts),
                          ("not-reachable", .tracingOutcomeNotReachable), ("moved", .tracingOutcomeMoved)].map { Choice(value: $0.0, label: context.t($0.1)) }
        var status = HTTPResponse.Status.ok
        if let action {
            guard let form, let token = form["csrf_token"], SecureToken.constantTimeEquals(token, access.session.csrfToken) else {
                return MunicipalStaffAccess.refuse(.formExpired, title: .tracingTitle, context: context, request: request)
            }
            for name in ["number", "name", "phone", "last_contact", "outcome", "note"] { model.values[name] = form[name] ?? "" }
            do {
                let today = SlotSchedule.wallClock(Int64(Date().timeIntervalSince1970), in: SlotSchedule.norway).date
                if action == "contacts" {
                    _ = try await cases.addContact(to: id, number: model.values["number"]!, name: model.values["name"]!, phone: model.values["phone"]!,
                                                   lastContact: model.values["last_contact"]!, tracer: tracer,
                                                   organisation: access.organisations.first ?? "", today: today)
                    return OIDCController.redirect("/staff/tracing/\(HTMLEscaping.queryComponent(id))", ["saved": "contact"])
                }
                _ = try await cases.close(id, outcome: model.values["outcome"]!, note: model.values["note"]!, tracer: tracer)
                return OIDCController.redirect("/staff/tracing/\(HTMLEscaping.queryComponent(id))", ["saved": "closed"])
            } catch let refusal as TracingCases.Refusal {
                model.errors = [Self.fieldError(refusal, context)]
                status = refusal.kind == .closed ? .conflict : .unprocessableContent
            }
        }
        switch request.uri.queryParameters.get("saved") {
        case "contact": model.notice = context.t(.tracingContactSaved)
        case "closed": model.notice = context.t(.tracingClosed)
        default: break
        }
        model.contacts = try await cases.contacts(of: id).map { TracingContactRow(name: $0.name, phone: $0.phone, lastContact: $0.lastContact, notified: $0.notified) }
        var response = PortalController.page(TracingPages.tracingCase(model, context: context), request: request)
        response.status = status
        return response
    }

    static func fieldError(_ refusal: TracingCases.Refusal, _ context: PageContext) -> FieldError {
        let labels: [String: MessageKey] = ["number": .tracingContactNumber, "name": .tracingContactName, "phone": .tracingMobile,
                                            "last_contact": .tracingLastContact, "outcome": .tracingOutcome, "note": .tracingNote]
        let message: MessageKey = switch refusal.kind {
        case .missing: .portalResultsErrorMissing
        case .malformed: .portalResultsErrorMalformed
        case .unknownPerson: .portalResultsNotFound
        case .closed: .tracingErrorClosed
        case .notFound: .portalResultsNotFound
        case .dateOutOfRange: .tracingErrorDate
        }
        let label = labels[refusal.field].map { "\(context.t($0)): " } ?? ""
        return FieldError(field: labels[refusal.field] == nil ? "error-summary" : refusal.field, message: label + context.t(message))
    }
}
