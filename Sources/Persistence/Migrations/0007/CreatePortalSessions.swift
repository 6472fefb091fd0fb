import FluentKit

/// 0007: the portal as a relying party: logins in progress (state, nonce, PKCE verifier) and the
/// portal's own sessions.
struct CreatePortalSessions: AsyncMigration {
    var name: String { "0007_CreatePortalSessions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("portal_logins")
            .field("state", .string, .identifier(auto: false))
            .field("nonce", .string, .required)
            .field("verifier", .string, .required)
            .field("return_to", .string, .required)
            .field("expires_at", .int64, .required)
            .create()
        try await database.schema("portal_sessions")
            .field("cookie_digest", .string, .identifier(auto: false))
            .field("pid", .string, .required)
            .field("sid", .string, .required)
            .field("acr", .string, .required)
            .field("id_token", .string, .required)
            .field("csrf_token", .string, .required)
            .field("expires_at", .int64, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("portal_sessions").delete()
        try await database.schema("portal_logins").delete()
    }
}
