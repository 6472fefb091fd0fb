import Hummingbird
import Identifiers
import Identity
import Localization
import Persistence
import Reference
import WebUI

/// A staff page's access at `idporten-loa-high`: a portal session at high (a lower one is sent to
/// log in again), one of the role's organisations, and for a form the CSRF token.
struct PortalStaffAccess {
    let session: PortalSession
    /// The organisations the role is held at, sorted.
    let organisations: [String]
    /// "Name, organisation", for the top of the page.
    let line: String
    let context: PageContext
    /// The posted form, checked against the session's CSRF token.
    let form: FormBody?

    /// Runs `body` with the access, or answers with the login or a 403 page that says why. With
    /// no `role`, any staff role will do (the organisations are then all those held at).
    static func check(_ request: Request, provider: IdentityProvider?, store: Store?, role: StaffRole?, title: MessageKey, noRole: MessageKey,
                      posting: Bool = false, _ body: (PortalStaffAccess) async throws -> Response) async throws -> Response {
        guard let provider, let store else { throw Problem(.serviceUnavailable, detail: "This staff page is not running in this process.") }
        let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
        guard let cookie = request.cookies[PortalController.cookie]?.value,
              let session = try await PortalSessions(store: store).session(cookie: cookie),
              AssuranceLevel(rawValue: session.acr) == .high else { return PortalController.toLogin(request, level: .high) }
        let organisations = Set(try await provider.identity.roles(of: session.pid).filter { role == nil || $0.role == role }.map(\.organisation)).sorted()
        guard !organisations.isEmpty else { return MunicipalStaffAccess.refuse(noRole, title: title, context: context, request: request) }
        var form: FormBody?
        if posting {
            form = try? await FormBody.read(request)
            guard let token = form?["csrf_token"], SecureToken.constantTimeEquals(token, session.csrfToken) else {
                return MunicipalStaffAccess.refuse(.formExpired, title: title, context: context, request: request)
            }
        }
        let person = try? await SQLRegisterRepository(store: store).person(try NationalIdentityNumber(session.pid))
        let name = person.map { "\($0.givenName) \($0.familyName)" } ?? session.pid
        let organisation = Organisation.all.first { $0.number.value == organisations[0] }?.name ?? organisations[0]
        return try await body(PortalStaffAccess(session: session, organisations: organisations, line: "\(name), \(organisation)", context: context, form: form))
    }
}
