import Foundation
import Hummingbird
import HummingbirdTesting
import Identifiers
import Identity
import Persistence
import Testing
@testable import TverrApp

@Suite("Machine clients (RFC 7523) and the registers API: scopes, purpose, legal basis, audit")
struct ExchangeTests {
    typealias H = IdentityHarness

    @Test("The JWT bearer grant returns an ES256 access token with the scope and the consumer's organisation", arguments: Backend.available)
    func machineToken(backend: Backend) async throws {
        try await H.run(backend) { h in
            let machine = try await h.registerMachine("fhi-tracing", scopes: ["tverr:registers/person.read", "tverr:registers/contact.read"])
            let response = try await h.tokenRequest(["grant_type": OIDCController.jwtBearer,
                                                     "assertion": try machine.assertion(["scope": "tverr:registers/person.read tverr:registers/contact.read"])])
            #expect(response.status == .ok)
            let token = try #require(try H.json(response)["access_token"] as? String)
            let claims = try H.claims(of: token)
            #expect(claims["scope"] as? String == "tverr:registers/person.read tverr:registers/contact.read")
            #expect((claims["consumer"] as? [String: Any])?["ID"] as? String == "0192:\(H.agency)")
            #expect(claims["client_id"] as? String == "fhi-tracing" && claims["aud"] as? String == "\(H.issuer)/api")
            #expect(try JOSEHeader(token: token).alg == "ES256")
        }
    }

    @Test("Replayed, expired, long-lived, wrong-audience, unknown-client, unsigned and over-scoped assertions are refused", arguments: Backend.available)
    func assertionAttacks(backend: Backend) async throws {
        try await H.run(backend) { h in
            let machine = try await h.registerMachine("nav-client", scopes: ["tverr:registers/person.read"])
            let stranger = H.MachineClient(id: "not-registered")
            let assertion = try machine.assertion()
            func error(_ assertion: String) async throws -> String? {
                let response = try await h.tokenRequest(["grant_type": OIDCController.jwtBearer, "assertion": assertion])
                #expect(response.status != .ok)
                return try H.json(response)["error"] as? String
            }
            #expect(try await h.tokenRequest(["grant_type": OIDCController.jwtBearer, "assertion": assertion]).status == .ok)
            #expect(try await error(assertion) == "invalid_grant", "replay")
            let now = Int(Date().timeIntervalSince1970)
            #expect(try await error(try machine.assertion(["exp": now - 1])) == "invalid_grant", "expired")
            #expect(try await error(try machine.assertion(["exp": now + 300])) == "invalid_grant", "exp more than 120 s ahead")
            #expect(try await error(try machine.assertion(["aud": "https://maskinporten.no/"])) == "invalid_grant", "audience")
            #expect(try await error(try stranger.assertion()) == "invalid_client", "unknown client")
            #expect(try await error(try machine.assertion(alg: "none")) == "invalid_grant", "alg none")
            #expect(try await error(try machine.assertion(["scope": "tverr:registers/person.extended"])) == "invalid_scope", "scope")
            #expect(try await error(try stranger.assertion(["iss": "nav-client"])) == "invalid_grant", "signed by another key")
            let stored = try await h.count("assertion_ids")
            #expect(stored == 1, "only the accepted assertion's jti is remembered")
        }
    }

    @Test("Twenty concurrent uses of one assertion: exactly one token", arguments: Backend.available)
    func concurrentAssertion(backend: Backend) async throws {
        try await H.run(backend) { h in
            let machine = try await h.registerMachine("racer", scopes: ["tverr:registers/person.read"])
            let assertion = try machine.assertion()
            let client = h.client
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await client.execute(uri: "/token", method: .post, headers: H.formHeaders,
                                                 body: H.form(["grant_type": OIDCController.jwtBearer, "assertion": assertion])).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1)
        }
    }

    @Test("A look-up returns only the scope's fields and is audited with purpose and legal basis, in the same transaction", arguments: Backend.available)
    func lookup(backend: Backend) async throws {
        try await H.run(backend) { h in
            let machine = try await h.registerMachine("fhi", scopes: ["tverr:registers/person.read", "tverr:registers/person.extended"])
            let person = h.people[0].identityNumber.value
            let narrow = try await h.machineToken(machine)
            let auditBefore = try await AuditLog(store: h.store).entries().count
            let response = try await h.getPerson("/api/v1/persons/\(person)", token: narrow)
            #expect(response.status == .ok)
            let body = try H.json(response)
            #expect(body["identityNumber"] as? String == person && body["givenName"] as? String == h.people[0].givenName)
            #expect(body["address"] != nil && body["family"] == nil && body["addressHistory"] == nil && body["contact"] == nil)
            let entries = try await AuditLog(store: h.store).entries()
            #expect(entries.count == auditBefore + 1)
            let entry = try #require(entries.last)
            #expect(entry.record.subject == person && entry.record.actor == "client:\(H.agency)/fhi")
            #expect(entry.record.purpose == "smittesporing" && entry.record.legalBasis == "smittevernloven § 3-6")
            #expect(entry.record.action == "registers.person.read")
            #expect(try await AuditLog(store: h.store).verify() == Int64(entries.count))

            // The extended scope under a purpose it allows also sees history and family.
            let wide = try await h.machineToken(machine, scope: "tverr:registers/person.extended")
            let family = try await h.getPerson("/api/v1/persons/\(person)/family", token: wide, purpose: "saksbehandling", basis: "folkeregisterloven-10-2")
            let familyBody = try H.json(family)
            #expect(family.status == .ok && familyBody["family"] != nil)
            let history = try await h.getPerson("/api/v1/persons/\(person)/addresses", token: wide, purpose: "saksbehandling", basis: "folkeregisterloven-10-2")
            let historyBody = try H.json(history)
            #expect(history.status == .ok && (historyBody["addressHistory"] as? [Any])?.isEmpty == false)
        }
    }

    @Test("Missing, undeclared or unallowed purposes and bases, other scopes' fields, bad numbers and bad tokens are refused and not audited",
          arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await H.run(backend) { h in
            let machine = try await h.registerMachine("narrow", scopes: ["tverr:registers/person.read"])
            let token = try await h.machineToken(machine)
            let path = "/api/v1/persons/\(h.people[0].identityNumber.value)"
            let auditBefore = try await AuditLog(store: h.store).entries().count
            func status(_ response: TestResponse) -> HTTPResponse.Status { response.status }
            #expect(status(try await h.getPerson(path, token: token, purpose: nil)) == .badRequest)
            #expect(status(try await h.getPerson(path, token: token, basis: nil)) == .badRequest)
            #expect(status(try await h.getPerson(path, token: token, purpose: "nysgjerrighet")) == .badRequest)
            #expect(status(try await h.getPerson(path, token: token, basis: "folkeregisterloven-10-2")) == .forbidden, "pair not allowed")
            let family = try await h.getPerson(path + "/family", token: token)
            #expect(family.status == .forbidden && family.headers[.wwwAuthenticate]?.contains("insufficient_scope") == true)
            #expect(status(try await h.getPerson(path + "/contact", token: token)) == .forbidden)
            #expect(status(try await h.getPerson("/api/v1/persons/12345678901", token: token)) == .badRequest)
            #expect(status(try await h.getPerson("/api/v1/persons/\(NationalIdentityNumberSample.unregistered)", token: token)) == .notFound)
            let unauthenticated = try await h.getPerson(path, token: nil)
            #expect(unauthenticated.status == .unauthorized && unauthenticated.headers[.wwwAuthenticate] == "Bearer")
            var tampered = Array(token)
            tampered[tampered.count / 2] = tampered[tampered.count / 2] == "A" ? "B" : "A"
            #expect(status(try await h.getPerson(path, token: String(tampered))) == .unauthorized)
            let noneToken = "eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0." + token.split(separator: ".")[1] + "."
            #expect(status(try await h.getPerson(path, token: noneToken)) == .unauthorized)

            // A person's own login token cannot use the exchange.
            let authorization = H.Authorization()
            let (code, _) = try await h.login(authorization, pid: h.people[0].identityNumber.value)
            let personToken = try #require(try H.json(try await h.exchangeCode(code, verifier: authorization.verifier))["access_token"] as? String)
            #expect(status(try await h.getPerson(path, token: personToken)) == .forbidden)

            #expect(try await AuditLog(store: h.store).entries().count == auditBefore, "no refused request was audited")
        }
    }

    @Test("A purpose with consent as its legal basis needs the person's live consent for the organisation", arguments: Backend.available)
    func consent(backend: Backend) async throws {
        try await H.run(backend) { h in
            let machine = try await h.registerMachine("survey", scopes: ["tverr:registers/person.read"])
            let token = try await h.machineToken(machine)
            let pid = h.people[0].identityNumber.value
            let path = "/api/v1/persons/\(pid)"
            #expect(try await h.getPerson(path, token: token, purpose: "brukerundersokelse", basis: "samtykke").status == .forbidden)
            try await h.store.sql.raw("""
                INSERT INTO consents (pid, purpose, organisation_number, granted_at) VALUES (\(bind: pid), 'brukerundersokelse', \(bind: H.agency), 1)
                """).run()
            #expect(try await h.getPerson(path, token: token, purpose: "brukerundersokelse", basis: "samtykke").status == .ok)
            try await h.store.sql.raw("UPDATE consents SET withdrawn_at = 2 WHERE pid = \(bind: pid)").run()
            #expect(try await h.getPerson(path, token: token, purpose: "brukerundersokelse", basis: "samtykke").status == .forbidden)
        }
    }
}

enum NationalIdentityNumberSample {
    /// A valid number for someone born in 1850, whom the synthetic population cannot contain.
    static let unregistered: String = (0...999).lazy.compactMap {
        NationalIdentityNumber.make(birthDate: CalendarDate(year: 1899, month: 1, day: 1)!, individualNumber: 500 + $0 % 250)
    }.first!.value
}
