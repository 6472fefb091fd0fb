import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Identity
import Persistence
import Testing
@testable import TverrApp

@Suite("Staff roles and the admin API")
struct AdminTests {
    typealias H = IdentityHarness

    /// Logs in the demo admin (test ID, idporten-loa-high) and returns the access token.
    static func adminToken(_ h: H, level: String = "idporten-loa-high") async throws -> String {
        try await DemoStaff.seed(store: h.store, today: TverrServer.today())
        let admin = try #require(try await DemoStaff.staff(store: h.store).first { $0.role == .admin })
        var authorization = H.Authorization()
        authorization.extra = ["acr_values": level]
        let (code, _) = try await h.login(authorization, pid: admin.pid)
        return try #require(try H.json(try await h.exchangeCode(code, verifier: authorization.verifier))["access_token"] as? String)
    }

    @Test("An admin at high registers and disables clients; the same person at substantial, and non-admins, are refused",
          arguments: Backend.available)
    func admin(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await Self.adminToken(h)
            let key = P256Key()
            let body = #"{"kind":"machine","name":"Statsforvalteren","organisationNumber":"974761076","scopes":["tverr:registers/person.read"],"clientID":"sf-oslo","publicJWK":\#(key.jwkJSON)}"#
            let created = try await h.client.execute(uri: "/api/v1/admin/clients", method: .post,
                                                     headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                                     body: ByteBuffer(string: body))
            let createdBody = try H.json(created)
            #expect(created.status == .created && createdBody["clientID"] as? String == "sf-oslo")
            let web = try await h.client.execute(uri: "/api/v1/admin/clients", method: .post,
                                                 headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                                 body: ByteBuffer(string: #"{"kind":"web","name":"Bydel","organisationNumber":"958935420","redirectURIs":["https://bydel.example/cb"]}"#))
            let webBody = try H.json(web)
            #expect(web.status == .created && (webBody["clientSecret"] as? String)?.count == 43)
            let bad = try await h.client.execute(uri: "/api/v1/admin/clients", method: .post,
                                                 headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                                 body: ByteBuffer(string: #"{"kind":"web","name":"X","organisationNumber":"958935420","redirectURIs":["http://evil.example/cb"]}"#))
            #expect(bad.status == .badRequest && String(buffer: bad.body).contains("https"))
            let list = try H.json(try await h.client.execute(uri: "/api/v1/admin/clients", method: .get, headers: [.authorization: "Bearer \(token)"]))
            #expect((list["items"] as? [[String: Any]])?.contains { $0["clientID"] as? String == "sf-oslo" } == true)
            #expect(try await h.client.execute(uri: "/api/v1/admin/clients/sf-oslo/disable", method: .post,
                                               headers: [.authorization: "Bearer \(token)"]).status == .noContent)
            let client = try await h.provider.clients.client("sf-oslo")
            #expect(client?.isDisabled == true)

            let substantial = try await Self.adminToken(h, level: "idporten-loa-substantial")
            let low = try await h.client.execute(uri: "/api/v1/admin/clients", method: .get, headers: [.authorization: "Bearer \(substantial)"])
            #expect(low.status == .forbidden && String(buffer: low.body).contains("idporten-loa-high"))
        }
    }

    @Test("Demo staff: each role (municipal staff at a municipality and at a national agency), and the health worker is in the health personnel register")
    func demoStaff() async throws {
        try await H.run(.sqlite) { h in
            try await DemoStaff.seed(store: h.store, today: TverrServer.today())
            try await DemoStaff.seed(store: h.store, today: TverrServer.today()) // a second run changes nothing
            let staff = try await DemoStaff.staff(store: h.store)
            #expect(Set(staff.map(\.role)) == [.admin, .caseworker, .healthPersonnel, .municipalStaff, .editor, .tracer, .police, .expert] && staff.count == 13)
            let worker = try #require(staff.first { $0.role == .healthPersonnel })
            let hpr = try await h.registerMachine("hpr-reader", scopes: ["tverr:hpr.read"])
            let entry = try H.json(try await h.getPerson("/api/v1/persons/\(worker.pid)/health-personnel", token: try await h.machineToken(hpr, scope: "tverr:hpr.read"),
                                                         purpose: "autorisasjonskontroll", basis: "helsepersonelloven-49"))
            let records = try #require(entry["healthPersonnel"] as? [[String: Any]])
            #expect(records.first?["profession"] as? String == "Sykepleier" && records.first?["authorisation"] as? String == "autorisasjon")
        }
    }
}

/// A P-256 key with its public JWK as JSON, for registering machine clients in tests.
struct P256Key {
    let jwk = PublicJWK(Crypto.P256.Signing.PrivateKey().publicKey)
    var jwkJSON: String { String(decoding: try! JSONEncoder().encode(jwk), as: UTF8.self) }
}
