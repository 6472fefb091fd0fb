import Booking
import Foundation
import Hummingbird
import Identifiers
import Identity
import Localization
import Persistence
import Reference
import WebUI

/// Contact tracing for non-medical staff with the `tracer` role: the queue of open cases in the
/// municipality (at an agency: the national queue, or any municipality), a case with the
/// person's name, mobile number and sample day, the close contacts recorded (each told what to
/// do), and closing the case with an outcome. Every case shown and every change is audited.
struct TracingController {
    let provider: IdentityProvider?
    let store: Store?

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.staffTracing.path) { request, _ in try await queue(request) }
        router.get(SiteRoute.staffTracingCase.path) { request, context in try await tracingCase(request, id: context.parameters.get("id") ?? "", form: nil) }
        router.post(SiteRoute.staffTracingContacts.path) { request, context in
            try await tracingCase(request, id: context.parameters.get("id") ?? "", form: try? await FormBody.read(request), action: "contacts")
        }
        router.post(SiteRoute.staffTracingClose.path) { request, context in
            try await tracingCase(request, id: context.parameters.get("id") ?? "", form: try? await FormBody.read(request), action: "close")
        }
    }

    func access(_ request: Request) async throws -> Result<(MunicipalStaffAccess, Store), MunicipalStaffAccess.Refusal> {
        guard let provider, let store else { throw Problem(.serviceUnavailable, detail: "Contact tracing is not running in this process.") }
        return try await MunicipalStaffAccess.check(request, provider: provider, store: store, role: .tracer, title: .tracingTitle, noRole: .tracingNoRole)
            .map { ($0, store) }
    }

    func queue(_ request: Request) async throws -> Response {
        let (access, store): (MunicipalStaffAccess, Store)
        switch try await self.access(request) { case .success(let granted): (access, store) = granted; case .failure(let refusal): return refusal.response }
        let context = access.context
        let asked = request.uri.queryParameters.get("area")
        let area: String? = asked.map { $0.isEmpty ? nil : $0 } ?? (access.national ? nil : access.own.first)
        guard access.allows(area) else { return MunicipalStaffAccess.refuse(.dashboardOwnOnly, title: .tracingTitle, context: context, request: request) }
        let cases = try await TracingCases(store: store).queue(municipality: area, actor: "staff:\(access.session.pid)")
        var areas = DashboardController.choices(national: access.national, own: access.own, context: context)
        if access.national { areas[0] = Choice(value: "", label: context.t(.tracingNational)) }
        return PortalController.page(TracingPages.queue(cases.map { Self.row($0, context) }, areas: areas, area: area ?? "", context: context),
                                     request: request)
    }

    static func row(_ tracingCase: TracingCases.Case, _ context: PageContext) -> TracingCaseRow {
        TracingCaseRow(id: tracingCase.id, name: tracingCase.name, mobile: tracingCase.mobile,
                       sampleDay: SlotSchedule.wallClock(tracingCase.sampleCollected, in: SlotSchedule.norway).date.description,
                       open: tracingCase.status == "open", outcome: tracingCase.outcome)
    }
}
