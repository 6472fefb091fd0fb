import Foundation
import Identity
import SQLKit

/// A login to the portal in progress: what the callback must match.
public struct PortalLogin: Sendable, Equatable {
    public var state: String
    public var nonce: String
    public var verifier: String
    public var returnTo: String
}

/// A person's session in the portal (distinct from the provider's own session).
public struct PortalSession: Sendable, Equatable {
    public var pid: String
    public var sid: String
    public var acr: String
    public var idToken: String
    /// The token every form in the portal carries.
    public var csrfToken: String

    public init(pid: String, sid: String, acr: String, idToken: String, csrfToken: String) {
        self.pid = pid
        self.sid = sid
        self.acr = acr
        self.idToken = idToken
        self.csrfToken = csrfToken
    }
}

/// The portal's logins in progress and sessions.
public struct PortalSessions: Sendable {
    let store: Store
    public static let loginLifetime: Int64 = 600
    public static let sessionLifetime: Int64 = 30 * 60

    public init(store: Store) { self.store = store }

    static func now(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970) }

    /// Starts a login: fresh state, nonce and PKCE verifier.
    public func beginLogin(returnTo: String, at date: Date = Date()) async throws -> PortalLogin {
        let login = PortalLogin(state: SecureToken.generate(bytes: 16), nonce: SecureToken.generate(bytes: 16),
                                verifier: SecureToken.generate(bytes: 48), returnTo: returnTo)
        try await store.sql.raw("DELETE FROM portal_logins WHERE expires_at < \(bind: Self.now(date))").run()
        try await store.sql.insert(into: "portal_logins").columns("state", "nonce", "verifier", "return_to", "expires_at")
            .values(login.state, login.nonce, login.verifier, login.returnTo, Self.now(date) + Self.loginLifetime).run()
        return login
    }

    /// Takes the login for `state` (once).
    public func takeLogin(state: String, at date: Date = Date()) async throws -> PortalLogin? {
        guard state.utf8.count <= 100 else { return nil }
        guard let row = try await store.sql.raw("""
            DELETE FROM portal_logins WHERE state = \(bind: state) AND expires_at > \(bind: Self.now(date))
            RETURNING nonce, verifier, return_to
            """).first() else { return nil }
        return PortalLogin(state: state, nonce: try row.decode(column: "nonce", as: String.self),
                           verifier: try row.decode(column: "verifier", as: String.self),
                           returnTo: try row.decode(column: "return_to", as: String.self))
    }

    /// Starts a portal session; returns the cookie value.
    public func start(_ session: PortalSession, at date: Date = Date()) async throws -> String {
        let cookie = SecureToken.generate()
        try await store.sql.insert(into: "portal_sessions").columns("cookie_digest", "pid", "sid", "acr", "id_token", "csrf_token", "expires_at")
            .values(SecureToken.digest(cookie), session.pid, session.sid, session.acr, session.idToken, session.csrfToken,
                    Self.now(date) + Self.sessionLifetime).run()
        return cookie
    }

    /// The live session for a cookie, if its provider session is still live too.
    public func session(cookie: String, at date: Date = Date()) async throws -> PortalSession? {
        guard cookie.utf8.count <= 100 else { return nil }
        guard let row = try await store.sql.raw("""
            SELECT p.pid, p.sid, p.acr, p.id_token, p.csrf_token FROM portal_sessions p
            JOIN login_sessions l ON l.session_id = p.sid AND l.ended_at IS NULL
            WHERE p.cookie_digest = \(bind: SecureToken.digest(cookie)) AND p.expires_at > \(bind: Self.now(date))
            """).first() else { return nil }
        return PortalSession(pid: try row.decode(column: "pid", as: String.self), sid: try row.decode(column: "sid", as: String.self),
                             acr: try row.decode(column: "acr", as: String.self), idToken: try row.decode(column: "id_token", as: String.self),
                             csrfToken: try row.decode(column: "csrf_token", as: String.self))
    }

    /// Ends the portal session for a cookie.
    public func end(cookie: String) async throws {
        try await store.sql.raw("DELETE FROM portal_sessions WHERE cookie_digest = \(bind: SecureToken.digest(cookie))").run()
    }
}
