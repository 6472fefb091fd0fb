import Foundation
import Identity
import Persistence

/// The identity provider's parts for the routes: issuer, keys, clients, sessions, limits.
public struct IdentityProvider: Sendable {
    /// The issuer identifier: the public base URL, without a trailing slash.
    public let issuer: String
    /// Demo mode offers the test-ID login page with synthetic people.
    public let demoMode: Bool
    /// The data folder, where keys are kept.
    public let dataDirectory: String
    let store: Store
    let keys: TokenKeys
    let identity: IdentityStore
    let clients: ClientRegistry
    let issuers: IssuerCache
    let loginLimiter: RateLimiter
    let tokenLimiter: RateLimiter
    let eid: EIDStore

    /// How long access tokens and ID tokens live.
    public static let tokenLifetime = 120

    public init(issuer: String, demoMode: Bool, store: Store, dataDirectory: String, bcryptCost: UInt8 = 12) {
        let issuer = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        self.issuer = issuer
        self.demoMode = demoMode
        self.dataDirectory = dataDirectory
        self.store = store
        self.keys = TokenKeys(store: store, dataDirectory: dataDirectory)
        self.identity = IdentityStore(store: store)
        self.clients = ClientRegistry(store: store)
        self.issuers = IssuerCache(issuer: issuer, keys: keys)
        self.loginLimiter = RateLimiter(limit: 10, window: 60)
        self.tokenLimiter = RateLimiter(limit: 300, window: 60)
        self.eid = EIDStore(store: store, bcryptCost: bcryptCost)
    }

    /// The portal's client id: it logs in through this provider like any relying party.
    public static let portalClientID = "tverr-portal"
    /// Where the provider returns people to the portal.
    public var portalRedirectURI: String { issuer + SiteRoute.portalCallback.rawValue }

    /// Registers (or heals) the portal as a relying party. Its secret is kept in the data folder.
    public func ensurePortalClient(dataDirectory: String) async throws {
        let path = (dataDirectory as NSString).appendingPathComponent("keys/portal-client-secret")
        var secret = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if secret.utf8.count < 32 {
            secret = SecureToken.generate()
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            guard FileManager.default.createFile(atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw RegistrationError("The portal's client secret cannot be written to \(path); check that the data folder is writable.")
            }
        }
        try await clients.ensureWebClient(clientID: Self.portalClientID, name: "Tverr", organisationNumber: "991825827",
                                          redirectURIs: [portalRedirectURI], postLogoutRedirectURIs: [issuer + "/"], secret: secret)
    }

    /// The audience of access tokens for Tverr's own APIs.
    public var apiAudience: String { issuer + "/api" }
    /// Whether cookies get the Secure attribute (served over TLS).
    public var secureCookies: Bool { issuer.lowercased().hasPrefix("https://") }

    public func endpoint(_ route: SiteRoute) -> String { issuer + route.rawValue }

    /// The issuer to sign and verify with (reloaded so that a rotation is picked up).
    func tokenIssuer() async throws -> TokenIssuer { try await issuers.current() }
}

/// Holds the current `TokenIssuer`, reloading the key file and the published keys every 30
/// seconds, so that `tverr keys rotate` takes effect in a running server.
actor IssuerCache {
    let issuer: String
    let keys: TokenKeys
    private var cached: (TokenIssuer, loadedAt: Date)?

    init(issuer: String, keys: TokenKeys) {
        self.issuer = issuer
        self.keys = keys
    }

    func current(now: Date = Date()) async throws -> TokenIssuer {
        if let cached, now.timeIntervalSince(cached.loadedAt) < 30 { return cached.0 }
        let key = try await keys.current(at: now)
        let issuer = try await TokenIssuer(issuer: issuer, signingKey: key, verificationKeys: try await keys.published(at: now))
        cached = (issuer, now)
        return issuer
    }

    func invalidate() { cached = nil }
}

/// A fixed-window limit on attempts per key (client address, client id). In-process: each
/// instance counts its own.
actor RateLimiter {
    let limit: Int
    let window: TimeInterval
    private var counts: [String: (start: Date, count: Int)] = [:]

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Counts an attempt; false when the key has used up its window.
    func allow(_ key: String, now: Date = Date()) -> Bool {
        if counts.count > 50_000 { counts = counts.filter { now.timeIntervalSince($0.value.start) < window } }
        var entry = counts[key] ?? (now, 0)
        if now.timeIntervalSince(entry.start) >= window { entry = (now, 0) }
        entry.count += 1
        counts[key] = entry
        return entry.count <= limit
    }
}
