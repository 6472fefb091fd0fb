import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Persistence
import SQLKit
import Testing
@testable import TverrApp

@Suite("eID: police verification, activation with password and TOTP, login at substantial")
struct EIDTests {
    typealias H = IdentityHarness

    static func post(_ h: H, _ path: String, _ fields: [String: String], cookies: [String: String]) async throws -> TestResponse {
        let cookie = cookies.map { "\($0)=\($1)" }.sorted().joined(separator: "; ")
        return try await h.client.execute(uri: path, method: .post,
                                          headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie], body: H.form(fields))
    }

    /// Police verify through the API; returns the activation code.
    static func verify(_ h: H, pid: String) async throws -> String {
        let police = try await h.registerMachine("politiet-\(UUID().uuidString.prefix(6).lowercased())",
                                                 scopes: ["tverr:eid/identity-verification.write"], organisation: "974760746")
        let token = try await h.machineToken(police, scope: "tverr:eid/identity-verification.write")
        let response = try await h.client.execute(
            uri: "/api/v1/persons/\(pid)/identity-verification", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/json",
                      HTTPField.Name("Tverr-Purpose")!: "identitetskontroll", HTTPField.Name("Tverr-Legal-Basis")!: "utlendingsloven-83"],
            body: ByteBuffer(string: #"{"documentType": "passport"}"#))
        #expect(response.status == .created)
        return try #require(try H.json(response)["activationCode"] as? String)
    }

    /// Activates the eID; returns the TOTP secret.
    /// Enrols the person; returns the TOTP secret and the code that confirmed it.
    static func enrol(_ h: H, pid: String, code: String, password: String) async throws -> (secret: Data, used: String) {
        let page = try await h.client.execute(uri: "/eid/activate", method: .get)
        let csrf = try #require(H.cookie(CSRF.cookieName, in: page))
        let activated = try await post(h, "/eid/activate", ["pid": pid, "activation_code": code.lowercased(), "csrf_token": csrf],
                                       cookies: [CSRF.cookieName: csrf])
        #expect(activated.status == .ok)
        let enrol = try #require(H.cookie(EIDController.enrolCookie, in: activated))
        let cookies = [CSRF.cookieName: csrf, EIDController.enrolCookie: enrol]
        let weak = try await post(h, "/eid/password", ["password": "passord123", "repeat": "passord123", "csrf_token": csrf], cookies: cookies)
        #expect(weak.status == .badRequest && String(buffer: weak.body).contains("aria-invalid"))
        let chosen = try await post(h, "/eid/password", ["password": password, "repeat": password, "csrf_token": csrf], cookies: cookies)
        #expect(chosen.status == .ok)
        let key = try #require(String(buffer: chosen.body).firstMatch(of: /<code class="secret">([A-Z2-7 ]+)<\/code>/)?.1)
        let secret = try #require(Base32.decode(String(key)))
        let wrong = try await post(h, "/eid/confirm", ["otp": "000000", "csrf_token": csrf], cookies: cookies)
        #expect(wrong.status == .badRequest)
        let enrolled = "SELECT COUNT(*) AS n FROM outbox_events WHERE type = 'no.tverr.eid.enrolled.v1'"
        #expect(try await h.store.sql.raw(SQLQueryString(enrolled)).first()!.decode(column: "n", as: Int.self) == 0, "not before the code is right")
        let used = TOTP(secret: secret).code()
        let confirmed = try await post(h, "/eid/confirm", ["otp": used, "csrf_token": csrf], cookies: cookies)
        #expect(confirmed.status == .ok)
        #expect(try await h.store.sql.raw(SQLQueryString(enrolled)).first()!.decode(column: "n", as: Int.self) == 1, "the journey's eID step is an event")
        return (secret, used)
    }

    @Test("End to end: verified by the police, activated, logged in with password and code; tokens say substantial, pwd and otp",
          arguments: Backend.available)
    func endToEnd(backend: Backend) async throws {
        try await H.run(backend, demoMode: false) { h in
            let person = h.people[1] // the Ukrainian with a D-number
            let pid = person.identityNumber.value
            let code = try await Self.verify(h, pid: pid)
            let audit = try await AuditLog(store: h.store).entries(about: pid)
            #expect(audit.last?.record.action == "eid.identity.verify" && audit.last?.record.legalBasis == "utlendingsloven § 83")
            let password = "Solsikke på Voss i mai"
            let (secret, used) = try await Self.enrol(h, pid: pid, code: code, password: password)

            // Outside demo mode the login page offers only the eID.
            let authorization = H.Authorization()
            let csrf = try await h.openLogin(authorization)
            let loginPage = try await h.client.execute(uri: "/authorize?\(H.query(authorization.parameters))", method: .get,
                                                       headers: [.cookie: "\(CSRF.cookieName)=\(csrf)"])
            #expect(!String(buffer: loginPage.body).contains("name=\"pid\" value=\"\(h.people[0].identityNumber.value)\""))
            #expect(try await h.submitLogin(authorization, pid: h.people[0].identityNumber.value, csrf: csrf).status == .forbidden,
                    "no test ID outside demo mode")

            func eidLogin(_ otp: String, password: String = password) async throws -> TestResponse {
                var fields = authorization.parameters
                fields["pid"] = pid
                fields["password"] = password
                fields["otp"] = otp
                fields[CSRF.fieldName] = csrf
                return try await Self.post(h, "/authorize/eid", fields, cookies: [CSRF.cookieName: csrf])
            }
            // The code used to confirm cannot log in (even if the clock has moved on since); the
            // next step's code can, once.
            let next = TOTP(secret: secret).code(forStep: TOTP.step(at: Date()) + 1)
            #expect(try await eidLogin(used).status == .badRequest)
            let ok = try await eidLogin(next)
            #expect(ok.status == .seeOther)
            #expect(try await eidLogin(next).status == .badRequest, "a used code is refused")
            let items = H.queryItems(of: ok.headers[.location])
            let tokens = try H.json(try await h.exchangeCode(try #require(items["code"]), verifier: authorization.verifier))
            let claims = try H.claims(of: try #require(tokens["id_token"] as? String))
            #expect(claims["pid"] as? String == pid && claims["acr"] as? String == "idporten-loa-substantial")
            #expect(claims["amr"] as? [String] == ["pwd", "otp"])

            // The activation code works once.
            let page = try await h.client.execute(uri: "/eid/activate", method: .get)
            let csrf2 = try #require(H.cookie(CSRF.cookieName, in: page))
            let reused = try await Self.post(h, "/eid/activate", ["pid": pid, "activation_code": code, "csrf_token": csrf2],
                                             cookies: [CSRF.cookieName: csrf2])
            #expect(reused.status == .badRequest)
        }
    }

    @Test("Wrong passwords lock the eID after five tries; an unverified person cannot activate; high level is refused",
          arguments: [Backend.sqlite])
    func refusals(backend: Backend) async throws {
        try await H.run(backend, demoMode: false) { h in
            let pid = h.people[0].identityNumber.value
            let eid = EIDStore(store: h.store, bcryptCost: 4)
            await #expect(throws: EIDStore.Failure.notVerified) { try await eid.startEnrolment(pid: pid, activationCode: "AAAA-BBBB-CCCC") }
            let code = try await eid.verifyIdentity(pid: pid, verifiedBy: "test", documentType: "passport")
            await #expect(throws: EIDStore.Failure.activationInvalid) { try await eid.startEnrolment(pid: pid, activationCode: "AAAA-BBBB-CCCC") }
            let token = try await eid.startEnrolment(pid: pid, activationCode: code)
            try await eid.choosePassword(token: token, password: "Fjorden er blank i dag", repeated: "Fjorden er blank i dag")
            let secret = try #require(try await eid.enrolment(token: token)).secret
            _ = try await eid.confirm(token: token, code: TOTP(secret: secret).code())
            let next = TOTP(secret: secret).code(forStep: TOTP.step(at: Date()) + 1)
            for attempt in 1...5 {
                do {
                    _ = try await eid.login(pid: pid, password: "wrong password \(attempt)", code: next)
                    Issue.record("a wrong password logged in")
                } catch let failure as EIDStore.Failure {
                    if attempt < 5 { #expect(failure == .credentialsInvalid) } else {
                        guard case .locked = failure else { Issue.record("not locked after 5: \(failure)"); continue }
                    }
                }
            }
            await #expect(throws: EIDStore.Failure.self, "locked even with the right password") {
                try await eid.login(pid: pid, password: "Fjorden er blank i dag", code: next)
            }
            let later = Date().addingTimeInterval(Double(EIDStore.lockout + 60))
            let laterCode = TOTP(secret: secret).code(at: later)
            #expect(try await eid.login(pid: pid, password: "Fjorden er blank i dag", code: laterCode, at: later) == pid)
            await #expect(throws: EIDStore.Failure.credentialsInvalid) {
                try await eid.login(pid: h.people[2].identityNumber.value, password: "whatever at all", code: "123456")
            }

            // A client that needs idporten-loa-high cannot be served by the eID.
            var high = H.Authorization()
            high.extra = ["acr_values": "idporten-loa-high"]
            let csrf = try await h.openLogin(high)
            var fields = high.parameters
            fields.merge(["pid": pid, "password": "Fjorden er blank i dag", "otp": laterCode, CSRF.fieldName: csrf]) { _, new in new }
            let refused = try await Self.post(h, "/authorize/eid", fields, cookies: [CSRF.cookieName: csrf])
            #expect(refused.status == .badRequest && String(buffer: refused.body).contains("høyere sikkerhetsnivå"))
        }
    }
}
