import Hummingbird
import Identity
import Persistence

/// Staff routes: a person's own login token (live session), at a high enough level, held by
/// someone with the role (from the role assignment table).
enum StaffAccess {
    struct Staff: Sendable {
        let pid: String
        let organisations: [String]
    }

    static func require(_ request: Request, provider: IdentityProvider, role: StaffRole,
                        level: AssuranceLevel = .high) async throws -> Staff {
        let claims = try await BearerToken.verify(request, provider: provider)
        guard let pid = claims.pid, let sid = claims.sid, try await provider.identity.session(id: sid) != nil else {
            throw Problem.oauth(OAuthError(.invalidToken, "Staff routes need a token from a person's own, live login."))
        }
        guard let acr = claims.acr.flatMap(AssuranceLevel.init(rawValue:)), acr >= level else {
            throw Problem(.forbidden, detail: "This needs a login at \(level.rawValue); log in again with acr_values=\(level.rawValue).")
        }
        let organisations = try await provider.identity.roles(of: pid).filter { $0.role == role }.map(\.organisation)
        guard !organisations.isEmpty else {
            throw Problem(.forbidden, detail: "This needs the \(role.rawValue) role, which you do not have.")
        }
        return Staff(pid: pid, organisations: organisations)
    }
}
