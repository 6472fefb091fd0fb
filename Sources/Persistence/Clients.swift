import Foundation
import Identifiers
import Identity
import SQLKit

/// A registered client of the identity provider.
public struct RegisteredClient: Sendable, Equatable {
    /// A relying party logs people in (code flow); a machine client gets tokens for itself (JWT bearer grant).
    public enum Kind: String, Sendable { case web, machine }

    public var clientID: String
    public var name: String
    public var kind: Kind
    public var organisationNumber: String
    public var secretDigest: String?
    public var publicJWK: PublicJWK?
    public var redirectURIs: [String]
    public var postLogoutRedirectURIs: [String]
    public var scopes: Set<String>
    public var isDisabled: Bool
}

/// Why a registration was refused.
public struct RegistrationError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The register of relying parties and machine clients.
public struct ClientRegistry: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// The scopes a relying party may ask for.
    public static let personScopes: Set<String> = ["openid", "profile"]

    /// Registers a relying party; returns it with its client secret, which is shown once and stored only as a digest.
    public func registerWebClient(name: String, organisationNumber: String, redirectURIs: [String],
                                  postLogoutRedirectURIs: [String] = [], scopes: Set<String> = ["openid", "profile"],
                                  clientID: String? = nil, secret: String? = nil) async throws -> (RegisteredClient, secret: String) {
        let name = try Self.checkedName(name)
        let organisation = try Self.checkedOrganisation(organisationNumber)
        guard !redirectURIs.isEmpty else { throw RegistrationError("Give at least one redirect URI.") }
        for uri in redirectURIs + postLogoutRedirectURIs { try Self.checkRedirectURI(uri) }
        guard scopes.contains("openid") else { throw RegistrationError("A relying party needs the openid scope.") }
        if let unknown = scopes.subtracting(Self.personScopes).sorted().first {
            throw RegistrationError("\"\(unknown)\" is not a scope a relying party can have; use openid and profile.")
        }
        let secret = secret ?? SecureToken.generate()
        let client = RegisteredClient(clientID: try Self.checkedClientID(clientID), name: name, kind: .web,
                                      organisationNumber: organisation, secretDigest: SecureToken.digest(secret), publicJWK: nil,
                                      redirectURIs: redirectURIs, postLogoutRedirectURIs: postLogoutRedirectURIs,
                                      scopes: scopes, isDisabled: false)
        try await insert(client)
        return (client, secret)
    }

    /// Registers a machine client with its public key and allowed scopes.
    public func registerMachineClient(name: String, organisationNumber: String, publicJWK: PublicJWK, scopes: Set<String>,
                                      clientID: String? = nil) async throws -> RegisteredClient {
        let name = try Self.checkedName(name)
        let organisation = try Self.checkedOrganisation(organisationNumber)
        do { _ = try publicJWK.p256Key() } catch { throw RegistrationError(error.detail) }
        guard !scopes.isEmpty else { throw RegistrationError("Give at least one scope.") }
        if let unknown = scopes.first(where: { ExchangeCatalogue.scope(named: $0) == nil }) {
            throw RegistrationError("\"\(unknown)\" is not a declared scope.")
        }
        var jwk = publicJWK
        jwk.kid = jwk.kid ?? PublicJWK(try! publicJWK.p256Key()).kid
        let client = RegisteredClient(clientID: try Self.checkedClientID(clientID), name: name, kind: .machine,
                                      organisationNumber: organisation, secretDigest: nil, publicJWK: jwk, redirectURIs: [],
                                      postLogoutRedirectURIs: [], scopes: scopes, isDisabled: false)
        try await insert(client)
        return client
    }

    /// Registers or updates a first-party relying party (the portal) with a known secret and the
    /// current redirect URIs, so that a change of public URL or a lost secret file heals at start.
    public func ensureWebClient(clientID: String, name: String, organisationNumber: String, redirectURIs: [String],
                                postLogoutRedirectURIs: [String], secret: String) async throws {
        for uri in redirectURIs + postLogoutRedirectURIs { try Self.checkRedirectURI(uri) }
        if try await client(clientID) == nil {
            _ = try await registerWebClient(name: name, organisationNumber: organisationNumber, redirectURIs: redirectURIs,
                                            postLogoutRedirectURIs: postLogoutRedirectURIs, clientID: clientID, secret: secret)
        } else {
            try await store.sql.raw("""
                UPDATE clients SET secret_digest = \(bind: SecureToken.digest(secret)), redirect_uris = \(bind: redirectURIs.joined(separator: "\n")),
                post_logout_redirect_uris = \(bind: postLogoutRedirectURIs.joined(separator: "\n")), disabled_at = NULL
                WHERE client_id = \(bind: clientID)
                """).run()
        }
    }

    /// The client with `clientID`, if registered.
    public func client(_ clientID: String) async throws -> RegisteredClient? {
        guard clientID.utf8.count <= 100 else { return nil }
        return try await store.sql.raw("SELECT * FROM clients WHERE client_id = \(bind: clientID)").first().map(Self.decode)
    }

    /// Every client, by id.
    public func all() async throws -> [RegisteredClient] {
        try await store.sql.raw("SELECT * FROM clients ORDER BY client_id").all().map(Self.decode)
    }

    /// Disables a client: it gets no more tokens.
    public func disable(_ clientID: String, at date: Date = Date()) async throws -> Bool {
        let rows = try await store.sql.raw("""
            UPDATE clients SET disabled_at = \(bind: Int64(date.timeIntervalSince1970)) WHERE client_id = \(bind: clientID)
            AND disabled_at IS NULL RETURNING client_id
            """).all()
        return !rows.isEmpty
    }

    func insert(_ client: RegisteredClient) async throws {
        if try await self.client(client.clientID) != nil { throw RegistrationError("A client with id \(client.clientID) already exists.") }
        let jwk = try client.publicJWK.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await store.sql.insert(into: "clients")
            .columns("client_id", "name", "kind", "organisation_number", "secret_digest", "public_jwk", "redirect_uris",
                     "post_logout_redirect_uris", "scopes", "created_at")
            .values(client.clientID, client.name, client.kind.rawValue, client.organisationNumber, client.secretDigest, jwk,
                    client.redirectURIs.joined(separator: "\n"), client.postLogoutRedirectURIs.joined(separator: "\n"),
                    client.scopes.sorted().joined(separator: " "), Int64(Date().timeIntervalSince1970))
            .run()
    }

    static func decode(_ row: any SQLRow) throws -> RegisteredClient {
        func lines(_ column: String) throws -> [String] {
            try row.decode(column: column, as: String.self).split(separator: "\n").map(String.init)
        }
        let jwk = try row.decode(column: "public_jwk", as: String?.self).flatMap { try? JSONDecoder().decode(PublicJWK.self, from: Data($0.utf8)) }
        return RegisteredClient(
            clientID: try row.decode(column: "client_id", as: String.self), name: try row.decode(column: "name", as: String.self),
            kind: RegisteredClient.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .web,
            organisationNumber: try row.decode(column: "organisation_number", as: String.self),
            secretDigest: try row.decode(column: "secret_digest", as: String?.self), publicJWK: jwk,
            redirectURIs: try lines("redirect_uris"), postLogoutRedirectURIs: try lines("post_logout_redirect_uris"),
            scopes: Set(try row.decode(column: "scopes", as: String.self).split(separator: " ").map(String.init)),
            isDisabled: try row.decode(column: "disabled_at", as: Int64?.self) != nil)
    }

    static func checkedName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(trimmed.count), !trimmed.contains(where: { $0.isNewline }) else {
            throw RegistrationError("Give the client a name of 1 to 200 characters on one line.")
        }
        return trimmed
    }

    static func checkedOrganisation(_ number: String) throws -> String {
        do { return try OrganisationNumber(number).value } catch {
            throw RegistrationError("\"\(number.prefix(20))\" is not a valid organisation number.")
        }
    }

    static func checkedClientID(_ clientID: String?) throws -> String {
        guard let clientID else { return UUID().uuidString.lowercased() }
        guard (3...100).contains(clientID.utf8.count),
              clientID.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || (48...57).contains($0) || (97...122).contains($0) })
        else { throw RegistrationError("A client id is 3 to 100 characters of a-z, 0-9, \"-\", \"_\" and \".\".") }
        return clientID
    }

    /// Redirect URIs are absolute, https (or http on localhost for development), without a
    /// fragment; they are later matched exactly, character for character.
    static func checkRedirectURI(_ uri: String) throws {
        guard let components = URLComponents(string: uri), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, components.fragment == nil, uri.utf8.count <= 2_000 else {
            throw RegistrationError("\"\(uri.prefix(100))\" is not an absolute URI without a fragment.")
        }
        let local = ["localhost", "127.0.0.1", "[::1]", "::1"].contains(host.lowercased())
        guard scheme == "https" || (scheme == "http" && local) else {
            throw RegistrationError("\"\(uri.prefix(100))\" must use https (http is allowed only for localhost).")
        }
    }
}
