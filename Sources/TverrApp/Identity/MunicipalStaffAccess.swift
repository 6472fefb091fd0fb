import Hummingbird
import Identity
import Localization
import Persistence
import WebUI

/// Pages for municipal staff (the dashboard, the arrivals, and with the `tracer` role the
/// tracing queue): a portal session and the role. At a municipality it covers that
/// municipality; at a state agency, the whole country.
struct MunicipalStaffAccess {
    let session: PortalSession
    /// Whether the person may see the whole country.
    let national: Bool
    /// The municipalities the role is held for.
    let own: [String]
    /// The organisations the role is held at.
    let organisations: [String]
    let context: PageContext

    /// Whether `area` (nil: the whole country) may be seen.
    func allows(_ area: String?) -> Bool { national || area.map(own.contains) == true }

    /// The access, or the response to give instead: to the login, or a 403 page that says why.
    static func check(_ request: Request, provider: IdentityProvider, store: Store, role: StaffRole = .municipalStaff, title: MessageKey,
                      noRole: MessageKey = .dashboardNoRole) async throws -> Result<Self, Refusal> {
        let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
        guard let cookie = request.cookies[PortalController.cookie]?.value,
              let session = try await PortalSessions(store: store).session(cookie: cookie) else { return .failure(Refusal(PortalController.toLogin(request))) }
        let organisations = try await provider.identity.roles(of: session.pid).filter { $0.role == role }.map(\.organisation).sorted()
        let allowed = DashboardController.areas(of: organisations)
        guard !allowed.isEmpty else { return .failure(Refusal(refuse(noRole, title: title, context: context, request: request))) }
        return .success(Self(session: session, national: allowed.contains(nil), own: allowed.compactMap { $0 }.sorted(), organisations: organisations,
                             context: context))
    }

    /// A 403 page with the reason.
    static func refuse(_ key: MessageKey, title: MessageKey, context: PageContext, request: Request) -> Response {
        var response = PortalController.page(MessagePageView.render(title: context.t(title), body: context.t(key), context: context), request: request)
        response.status = .forbidden
        return response
    }

    /// The response that takes the place of the page.
    struct Refusal: Error { let response: Response; init(_ response: Response) { self.response = response } }
}
