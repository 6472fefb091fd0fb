import Crypto
import HTTPTypes
import Foundation
import Hummingbird
import HummingbirdTesting
import Identifiers
import Identity
import Persistence
import Reference
import Testing
@testable import TverrApp

/// A seeded store, an identity provider with one relying party, and the router, on one backend.
struct IdentityHarness: Sendable {
    let store: Store
    let provider: IdentityProvider
    let client: any TestClientProtocol
    let people: [RegisteredPerson]
    let rpSecret: String

    static let issuer = "http://localhost:8080"
    static let rpID = "test-rp"
    static let redirect = "https://rp.example/callback"
    static let afterLogout = "https://rp.example/bye"
    static let agency = Organisation.agencies[1].number.value // Nav

    static func run(_ backend: Backend, demoMode: Bool = true, _ body: @Sendable (IdentityHarness) async throws -> Void) async throws {
        try await withStore(backend) { store in
            _ = try await PopulationSeeder(store: store).seed(count: 300, seed: 11, today: TverrServer.today())
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tverr-id-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let provider = IdentityProvider(issuer: issuer, demoMode: demoMode, store: store, dataDirectory: directory, bcryptCost: 4)
            let (_, secret) = try await provider.clients.registerWebClient(
                name: "Testkommunen", organisationNumber: Organisation.municipalities[0].number.value, redirectURIs: [redirect],
                postLogoutRedirectURIs: [afterLogout], clientID: rpID)
            try await provider.ensurePortalClient(dataDirectory: directory)
            let repository = SQLRegisterRepository(store: store)
            let people = try await repository.demoIdentities(today: TverrServer.today())
            let app = Application(router: buildRouter(store: store, repository: repository, identity: provider))
            try await app.test(.router) { client in
                try await body(IdentityHarness(store: store, provider: provider, client: client, people: people, rpSecret: secret))
            }
        }
    }

    // MARK: HTTP helpers

    static func form(_ fields: [String: String]) -> ByteBuffer {
        ByteBuffer(string: fields.map { "\(Self.encode($0))=\(Self.encode($1))" }.sorted().joined(separator: "&"))
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? text
    }

    static func query(_ fields: [String: String]) -> String {
        fields.map { "\(encode($0))=\(encode($1))" }.sorted().joined(separator: "&")
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func cookie(_ name: String, in response: TestResponse) -> String? {
        for header in response.headers[values: .setCookie] where header.hasPrefix("\(name)=") {
            return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    static func queryItems(of location: String?) -> [String: String] {
        let items = URLComponents(string: location ?? "")?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    static func claims(of jwt: String) throws -> [String: Any] {
        let parts = jwt.split(separator: ".")
        let data = try #require(Base64URL.decode(parts[1]))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    // MARK: Flows

    struct Authorization {
        var verifier = SecureToken.generate()
        var state = SecureToken.generate(bytes: 8)
        var nonce = SecureToken.generate(bytes: 8)
        var scope = "openid profile"
        var extra: [String: String] = [:]

        var parameters: [String: String] {
            ["client_id": IdentityHarness.rpID, "redirect_uri": IdentityHarness.redirect, "response_type": "code", "scope": scope,
             "state": state, "nonce": nonce, "code_challenge": PKCE.challenge(for: verifier), "code_challenge_method": "S256"]
                .merging(extra) { _, new in new }
        }
    }

    /// Opens the login page; returns the CSRF cookie it set.
    func openLogin(_ authorization: Authorization) async throws -> String {
        let page = try await client.execute(uri: "/authorize?\(Self.query(authorization.parameters))", method: .get)
        #expect(page.status == .ok)
        return try #require(Self.cookie(CSRF.cookieName, in: page))
    }

    /// Logs in on the test-ID page as `pid`; returns the redirect response.
    func submitLogin(_ authorization: Authorization, pid: String, csrf: String?, csrfField: String? = nil,
                     address: String? = nil) async throws -> TestResponse {
        var fields = authorization.parameters
        fields["pid"] = pid
        if let field = csrfField ?? csrf { fields[CSRF.fieldName] = field }
        var headers = Self.formHeaders
        if let csrf { headers[.cookie] = "\(CSRF.cookieName)=\(csrf)" }
        return try await client.execute(uri: "/authorize/login", method: .post, headers: headers, body: Self.form(fields))
    }

    /// The whole login: page, form, redirect. Returns the code and the session cookie.
    func login(_ authorization: Authorization = Authorization(), pid: String) async throws -> (code: String, session: String) {
        let csrf = try await openLogin(authorization)
        let response = try await submitLogin(authorization, pid: pid, csrf: csrf)
        #expect(response.status == .seeOther)
        let items = Self.queryItems(of: response.headers[.location])
        #expect(items["state"] == authorization.state && items["iss"] == Self.issuer)
        return (try #require(items["code"]), try #require(Self.cookie(OIDCController.sessionCookie, in: response)))
    }

    func tokenRequest(_ fields: [String: String], basic: (String, String)? = nil) async throws -> TestResponse {
        var headers = Self.formHeaders
        if let (id, secret) = basic {
            headers[.authorization] = "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString()
        }
        return try await client.execute(uri: "/token", method: .post, headers: headers, body: Self.form(fields))
    }

    func exchangeCode(_ code: String, verifier: String, redirect: String = IdentityHarness.redirect) async throws -> TestResponse {
        try await tokenRequest(["grant_type": "authorization_code", "code": code, "redirect_uri": redirect, "code_verifier": verifier],
                               basic: (Self.rpID, rpSecret))
    }

    func count(_ table: String) async throws -> Int {
        try await store.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    // MARK: Machine clients

    struct MachineClient: Sendable {
        let id: String
        let key = P256.Signing.PrivateKey()

        func assertion(_ changes: [String: (any Sendable)?] = [:], alg: String = "ES256") throws -> String {
            let now = Int(Date().timeIntervalSince1970)
            var claims: [String: Any] = ["iss": id, "aud": IdentityHarness.issuer, "iat": now, "exp": now + 100,
                                         "jti": UUID().uuidString, "scope": "tverr:registers/person.read"]
            for (name, value) in changes { claims[name] = value }
            return try CompactJWS.sign(claims: claims, key: key, alg: alg)
        }
    }

    func registerMachine(_ id: String, scopes: Set<String>, organisation: String = IdentityHarness.agency) async throws -> MachineClient {
        let machine = MachineClient(id: id)
        _ = try await provider.clients.registerMachineClient(name: "Machine \(id)", organisationNumber: organisation,
                                                            publicJWK: PublicJWK(machine.key.publicKey), scopes: scopes, clientID: id)
        return machine
    }

    func machineToken(_ machine: MachineClient, scope: String = "tverr:registers/person.read") async throws -> String {
        let response = try await tokenRequest(["grant_type": OIDCController.jwtBearer, "assertion": try machine.assertion(["scope": scope])])
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return try #require(try Self.json(response)["access_token"] as? String)
    }

    func getPerson(_ path: String, token: String?, purpose: String? = "smittesporing",
                   basis: String? = "smittevernloven-3-6") async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let purpose { headers[HTTPField.Name("Tverr-Purpose")!] = purpose }
        if let basis { headers[HTTPField.Name("Tverr-Legal-Basis")!] = basis }
        return try await client.execute(uri: path, method: .get, headers: headers)
    }
}
