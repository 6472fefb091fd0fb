import Foundation
import Identity
import SQLKit

/// A login session at the provider (the `sid` in tokens).
public struct LoginSession: Sendable, Equatable {
    public var id: String
    public var pid: String
    public var acr: AssuranceLevel
    public var amr: [String]
    public var authenticatedAt: Int64
    public var expiresAt: Int64
}

/// What a redeemed authorization code carries to the token response.
public struct RedeemedCode: Sendable, Equatable {
    public var clientID: String
    public var redirectURI: String
    public var scope: String
    public var nonce: String?
    public var codeChallenge: String
    public var session: LoginSession
}

/// Sessions, authorization codes, seen assertion ids and staff roles.
public struct IdentityStore: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// How long an authorization code lives (OpenID Connect asks for short; ID-porten uses 60 s or less).
    public static let codeLifetime: Int64 = 60
    /// How long a login session lives without a new login.
    public static let sessionLifetime: Int64 = 30 * 60

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    // MARK: Sessions

    /// Starts a session; returns it with the cookie value (stored only as a digest).
    public func startSession(pid: String, acr: AssuranceLevel, amr: [String], at date: Date = Date()) async throws -> (LoginSession, cookie: String) {
        let now = Self.seconds(date)
        let session = LoginSession(id: SecureToken.generate(bytes: 16), pid: pid, acr: acr, amr: amr, authenticatedAt: now,
                                   expiresAt: now + Self.sessionLifetime)
        let cookie = SecureToken.generate()
        try await store.sql.insert(into: "login_sessions")
            .columns("session_id", "cookie_digest", "pid", "acr", "amr", "authenticated_at", "expires_at")
            .values(session.id, SecureToken.digest(cookie), pid, acr.rawValue, amr.joined(separator: " "), now, session.expiresAt)
            .run()
        return (session, cookie)
    }

    /// The live session for a cookie value, if any.
    public func session(cookie: String, at date: Date = Date()) async throws -> LoginSession? {
        guard cookie.utf8.count <= 100 else { return nil }
        return try await store.sql.raw("""
            SELECT * FROM login_sessions WHERE cookie_digest = \(bind: SecureToken.digest(cookie))
            AND ended_at IS NULL AND expires_at > \(bind: Self.seconds(date))
            """).first().flatMap(Self.decodeSession)
    }

    /// The session with id `sid`, if it is still live (userinfo and logout check this).
    public func session(id: String, at date: Date = Date()) async throws -> LoginSession? {
        guard id.utf8.count <= 100 else { return nil }
        return try await store.sql.raw("""
            SELECT * FROM login_sessions WHERE session_id = \(bind: id) AND ended_at IS NULL AND expires_at > \(bind: Self.seconds(date))
            """).first().flatMap(Self.decodeSession)
    }

    /// Ends a session (logout, or a replayed code). Tokens naming its `sid` stop working at userinfo.
    public func endSession(id: String, at date: Date = Date()) async throws {
        try await store.sql.raw("UPDATE login_sessions SET ended_at = \(bind: Self.seconds(date)) WHERE session_id = \(bind: id) AND ended_at IS NULL").run()
    }

    static func decodeSession(_ row: any SQLRow) throws -> LoginSession? {
        guard let acr = AssuranceLevel(rawValue: try row.decode(column: "acr", as: String.self)) else { return nil }
        return LoginSession(id: try row.decode(column: "session_id", as: String.self), pid: try row.decode(column: "pid", as: String.self),
                            acr: acr, amr: try row.decode(column: "amr", as: String.self).split(separator: " ").map(String.init),
                            authenticatedAt: try row.decode(column: "authenticated_at", as: Int64.self),
                            expiresAt: try row.decode(column: "expires_at", as: Int64.self))
    }

    // MARK: Authorization codes

    /// Issues a single-use code for the session.
    public func issueCode(clientID: String, redirectURI: String, sessionID: String, scope: String, nonce: String?,
                          codeChallenge: String, at date: Date = Date()) async throws -> String {
        let code = SecureToken.generate()
        try await store.sql.insert(into: "authorization_codes")
            .columns("code_digest", "client_id", "redirect_uri", "session_id", "scope", "nonce", "code_challenge", "expires_at")
            .values(SecureToken.digest(code), clientID, redirectURI, sessionID, scope, nonce, codeChallenge,
                    Self.seconds(date) + Self.codeLifetime)
            .run()
        return code
    }

    /// Redeems a code once. A second redemption fails and ends the session it was issued in
    /// (RFC 6749 §4.1.2: a replayed code suggests theft).
    ///
    /// `check` sees the code before the claim is committed; if it throws (wrong client, redirect URI
    /// or PKCE verifier), the claim is rolled back, nothing is written, and the rightful client
    /// can still use the code.
    public func redeemCode(_ code: String, at date: Date = Date(),
                           check: @escaping @Sendable (RedeemedCode) throws -> Void = { _ in }) async throws(OAuthError) -> RedeemedCode {
        guard code.utf8.count <= 100 else { throw OAuthError(.invalidGrant, "The authorization code is not valid.") }
        let digest = SecureToken.digest(code), now = Self.seconds(date)
        do {
            // Claim the code and read its session in one transaction: a concurrent second use waits on
            // the claimed row until this commits, then finds it used (and ends the session).
            let claimed: RedeemedCode? = try await store.database.transaction { database in
                let sql = database as! any SQLDatabase
                guard let row = try await sql.raw("""
                    UPDATE authorization_codes SET used_at = \(bind: now)
                    WHERE code_digest = \(bind: digest) AND used_at IS NULL AND expires_at > \(bind: now)
                    RETURNING client_id, redirect_uri, session_id, scope, nonce, code_challenge
                    """).first() else { return nil }
                let sessionID = try row.decode(column: "session_id", as: String.self)
                guard let session = try await sql.raw("""
                    SELECT * FROM login_sessions WHERE session_id = \(bind: sessionID) AND ended_at IS NULL AND expires_at > \(bind: now)
                    """).first().flatMap(Self.decodeSession) else {
                    throw OAuthError(.invalidGrant, "The login session behind the code has ended.")
                }
                let redeemed = RedeemedCode(clientID: try row.decode(column: "client_id", as: String.self),
                                            redirectURI: try row.decode(column: "redirect_uri", as: String.self),
                                            scope: try row.decode(column: "scope", as: String.self),
                                            nonce: try row.decode(column: "nonce", as: String?.self),
                                            codeChallenge: try row.decode(column: "code_challenge", as: String.self), session: session)
                try check(redeemed)
                return redeemed
            }
            if let claimed { return claimed }
            if let spent = try await store.sql.raw("SELECT session_id, used_at FROM authorization_codes WHERE code_digest = \(bind: digest)").first() {
                if try spent.decode(column: "used_at", as: Int64?.self) != nil {
                    try await endSession(id: try spent.decode(column: "session_id", as: String.self), at: date)
                    throw OAuthError(.invalidGrant, "The authorization code has already been used; the login session is ended.")
                }
                throw OAuthError(.invalidGrant, "The authorization code has expired (codes live \(Self.codeLifetime) seconds).")
            }
            throw OAuthError(.invalidGrant, "The authorization code is not valid.")
        } catch let error as OAuthError {
            throw error
        } catch {
            throw OAuthError(.invalidGrant, "The authorization code could not be checked.")
        }
    }

    // MARK: Client assertion replay

    /// Remembers an assertion id until it expires; false when the client has used it before.
    public func rememberAssertion(clientID: String, jti: String, expiresAt: Date, now: Date = Date()) async throws -> Bool {
        try await store.sql.raw("DELETE FROM assertion_ids WHERE expires_at < \(bind: Self.seconds(now))").run()
        let inserted = try await store.sql.raw("""
            INSERT INTO assertion_ids (client_id, jti, expires_at)
            VALUES (\(bind: clientID), \(bind: jti), \(bind: Int64(expiresAt.timeIntervalSince1970.rounded(.up))))
            ON CONFLICT DO NOTHING RETURNING jti
            """).all()
        return !inserted.isEmpty
    }

    // MARK: Staff roles

    /// Assigns `role` at `organisation` to the person.
    public func assign(role: StaffRole, to pid: String, at organisation: String, on date: Date = Date()) async throws {
        try await store.sql.raw("""
            INSERT INTO staff_roles (pid, role, organisation_number, granted_at)
            VALUES (\(bind: pid), \(bind: role.rawValue), \(bind: organisation), \(bind: Self.seconds(date))) ON CONFLICT DO NOTHING
            """).run()
    }

    /// The person's roles, with the organisation each is held for.
    public func roles(of pid: String) async throws -> [(role: StaffRole, organisation: String)] {
        try await store.sql.raw("SELECT role, organisation_number FROM staff_roles WHERE pid = \(bind: pid) ORDER BY role, organisation_number")
            .all().compactMap { row in
                guard let role = StaffRole(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
                return (role, try row.decode(column: "organisation_number", as: String.self))
            }
    }
}
