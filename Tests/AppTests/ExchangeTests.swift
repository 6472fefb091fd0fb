import Foundation
import HTTPTypes
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

@Suite("Register changes: D-numbers and changes of address, with outbox events and audit")
struct RegisterChangeTests {
    typealias H = IdentityHarness

    static func post(_ h: H, _ path: String, token: String, purpose: String, basis: String, json: String) async throws -> TestResponse {
        try await h.client.execute(uri: path, method: .post,
                                   headers: [.authorization: "Bearer \(token)", .contentType: "application/json",
                                             HTTPField.Name("Tverr-Purpose")!: purpose, HTTPField.Name("Tverr-Legal-Basis")!: basis],
                                   body: ByteBuffer(string: json))
    }

    static func events(_ h: H, subject: String) async throws -> [String] {
        try await h.store.sql.raw("SELECT type FROM outbox_events WHERE subject = \(bind: subject) ORDER BY position").all()
            .map { try $0.decode(column: "type", as: String.self) }
    }

    @Test("A D-number is assigned once, with an outbox event and an audit entry; bad bodies get specific problems", arguments: Backend.available)
    func dNumber(backend: Backend) async throws {
        try await H.run(backend) { h in
            let police = try await h.registerMachine("politiet-intake", scopes: ["tverr:registers/person.write"], organisation: "974760746")
            let token = try await h.machineToken(police, scope: "tverr:registers/person.write")
            let body = #"{"givenName":"Olena","familyName":"Kovalenko","givenNameNative":"Олена","familyNameNative":"Коваленко","birthDate":"1988-02-29","sex":"female","citizenship":"UKR","address":{"street":"Mottaket 4","postcode":"0580","municipalityNumber":"0301","validFrom":"2026-11-20"}}"#
            let created = try await Self.post(h, "/api/v1/persons", token: token, purpose: "folkeregistrering", basis: "folkeregisterloven-2-2", json: body)
            #expect(created.status == .created)
            let json = try H.json(created)
            let number = try #require(json["identityNumber"] as? String)
            let parsed = try NationalIdentityNumber(number)
            #expect(parsed.kind == .dNumber && parsed.isSynthetic && json["numberKind"] as? String == "dnr")
            #expect(created.headers[.location] == "/api/v1/persons/\(number)")
            #expect(try await Self.events(h, subject: number) == ["no.tverr.registers.d-number-assigned.v1"])
            #expect(try await AuditLog(store: h.store).entries(about: number).map(\.record.action) == ["registers.d-number.assign"])
            let reader = try await h.registerMachine("reader", scopes: ["tverr:registers/person.read"])
            let person = try H.json(try await h.getPerson("/api/v1/persons/\(number)", token: try await h.machineToken(reader)))
            #expect(person["familyNameNative"] as? String == "Коваленко" && (person["address"] as? [String: Any])?["street"] as? String == "Mottaket 4")

            let outboxBefore = try await h.count("outbox_events"), peopleBefore = try await h.count("persons")
            let bad: [(String, String)] = [
                (#"{"givenName":"A","familyName":"B","birthDate":"1988-02-30","sex":"female","citizenship":"UKR"}"#, "birthDate"),
                (#"{"givenName":"A","familyName":"B","birthDate":"1988-02-01","sex":"x","citizenship":"UKR"}"#, "sex"),
                (#"{"givenName":"A","familyName":"B","birthDate":"1988-02-01","sex":"male","citizenship":"ukraine"}"#, "citizenship"),
                (#"{"familyName":"B","birthDate":"1988-02-01","sex":"male","citizenship":"UKR"}"#, "givenName is missing"),
                (#"{"givenName":"A","familyName":"B","birthDate":"1988-02-01","sex":"male","citizenship":"UKR","address":{"street":"X 1","postcode":"12","municipalityNumber":"0301","validFrom":"2026-01-01"}}"#, "postcode"),
                ("not json", "not valid JSON"),
            ]
            for (json, reason) in bad {
                let response = try await Self.post(h, "/api/v1/persons", token: token, purpose: "folkeregistrering", basis: "folkeregisterloven-2-2", json: json)
                #expect(response.status == .badRequest && String(buffer: response.body).contains(reason), "\(reason): \(String(buffer: response.body))")
            }
            let outboxAfter = try await h.count("outbox_events"), peopleAfter = try await h.count("persons")
            #expect(outboxAfter == outboxBefore && peopleAfter == peopleBefore, "refused changes write nothing")
            let readerToken = try await h.machineToken(reader)
            #expect(try await Self.post(h, "/api/v1/persons", token: readerToken, purpose: "folkeregistrering", basis: "folkeregisterloven-2-2",
                                        json: body).status == .forbidden)
        }
    }

    @Test("A change of address closes the old one and opens the new, with an event and an audit entry", arguments: Backend.available)
    func address(backend: Backend) async throws {
        try await H.run(backend) { h in
            let pid = h.people[0].identityNumber.value
            let writer = try await h.registerMachine("skatt", scopes: ["tverr:registers/person.write", "tverr:registers/person.extended"],
                                                     organisation: "974761076")
            let token = try await h.machineToken(writer, scope: "tverr:registers/person.write")
            let change = #"{"street":"Nygata 7","postcode":"5003","municipalityNumber":"4601","validFrom":"2030-01-15"}"#
            let path = "/api/v1/persons/\(pid)/address"
            #expect(try await Self.post(h, path, token: token, purpose: "folkeregistrering", basis: "folkeregisterloven-kap-5", json: change).status == .noContent)
            let reader = try await h.machineToken(writer, scope: "tverr:registers/person.extended")
            let history = try H.json(try await h.getPerson("/api/v1/persons/\(pid)/addresses", token: reader, purpose: "saksbehandling",
                                                           basis: "folkeregisterloven-10-2"))
            let addresses = try #require(history["addressHistory"] as? [[String: Any]])
            #expect(addresses.first?["street"] as? String == "Nygata 7" && addresses.first?["validTo"] == nil)
            #expect(addresses.dropFirst().first?["validTo"] as? String == "2030-01-15")
            #expect(try await Self.events(h, subject: pid).contains("no.tverr.registers.address-changed.v1"))
            #expect(try await AuditLog(store: h.store).entries(about: pid).contains { $0.record.action == "registers.address.change" })

            let before = try await h.count("addresses")
            let earlier = #"{"street":"Gamle vei 1","postcode":"5003","municipalityNumber":"4601","validFrom":"2029-01-01"}"#
            let refused = try await Self.post(h, path, token: token, purpose: "folkeregistrering", basis: "folkeregisterloven-kap-5", json: earlier)
            #expect(refused.status == .badRequest && String(buffer: refused.body).contains("start after"))
            let nowhere = #"{"street":"Nygata 7","postcode":"5003","municipalityNumber":"9999","validFrom":"2031-01-15"}"#
            #expect(try await Self.post(h, path, token: token, purpose: "folkeregistrering", basis: "folkeregisterloven-kap-5", json: nowhere).status == .badRequest)
            #expect(try await Self.post(h, "/api/v1/persons/\(NationalIdentityNumberSample.unregistered)/address", token: token,
                                        purpose: "folkeregistrering", basis: "folkeregisterloven-kap-5", json: change).status == .notFound)
            #expect(try await h.count("addresses") == before, "refused changes write nothing")
        }
    }
}

enum NationalIdentityNumberSample {
    /// A valid number for someone born in 1850, whom the synthetic population cannot contain.
    static let unregistered: String = (0...999).lazy.compactMap {
        NationalIdentityNumber.make(birthDate: CalendarDate(year: 1899, month: 1, day: 1)!, individualNumber: 500 + $0 % 250)
    }.first!.value
}
