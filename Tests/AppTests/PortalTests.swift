import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Persistence
import Testing
@testable import TverrApp

@Suite("The portal logs in as a relying party and shows who has used the person's data")
struct PortalTests {
    typealias H = IdentityHarness

    /// A signed-in person: the portal cookie and the session's CSRF token (from "my page").
    struct Session {
        let pid: String
        let cookie: String
        let csrf: String
        var headers: HTTPFields { [.cookie: "\(PortalController.cookie)=\(cookie)"] }
    }

    /// Logs `h.people[index]` in to the portal.
    static func session(_ h: H, index: Int = 0) async throws -> Session {
        let pid = h.people[index].identityNumber.value
        let cookie = try await portalLogin(h, pid: pid)
        let my = try await h.client.execute(uri: "/my", method: .get, headers: [.cookie: "\(PortalController.cookie)=\(cookie)"])
        let csrf = String(try #require(String(buffer: my.body).firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1))
        return Session(pid: pid, cookie: cookie, csrf: csrf)
    }

    /// Follows the portal login through the provider's test-ID page; returns the portal cookie.
    static func portalLogin(_ h: H, pid: String, returnTo: String = "/my", level: String? = nil) async throws -> String {
        let start = try await h.client.execute(uri: "/login?return_to=\(H.encode(returnTo))" + (level.map { "&level=\($0)" } ?? ""), method: .get)
        #expect(start.status == .seeOther)
        let authorize = try #require(start.headers[.location])
        #expect(authorize.hasPrefix("/authorize?"))
        let page = try await h.client.execute(uri: authorize, method: .get)
        #expect(page.status == .ok)
        let csrf = try #require(H.cookie(CSRF.cookieName, in: page))
        var fields = H.queryItems(of: authorize)
        fields["pid"] = pid
        fields[CSRF.fieldName] = csrf
        let login = try await h.client.execute(uri: "/authorize/login", method: .post,
                                               headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(CSRF.cookieName)=\(csrf)"],
                                               body: H.form(fields))
        #expect(login.status == .seeOther)
        let callback = try #require(login.headers[.location])
        #expect(callback.hasPrefix("\(H.issuer)/login/callback?"))
        let done = try await h.client.execute(uri: String(callback.dropFirst(H.issuer.count)), method: .get)
        #expect(done.status == .seeOther && done.headers[.location] == returnTo)
        return try #require(H.cookie(PortalController.cookie, in: done))
    }

    @Test("Log in to the portal, see my page, see an agency's look-up in plain language, log out", arguments: Backend.available)
    func portalFlow(backend: Backend) async throws {
        try await H.run(backend) { h in
            let person = h.people[0]
            let pid = person.identityNumber.value
            let anonymous = try await h.client.execute(uri: "/my", method: .get)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/login?return_to=%2Fmy")

            let cookie = try await Self.portalLogin(h, pid: pid)
            let my = try await h.client.execute(uri: "/my", method: .get, headers: [.cookie: "\(PortalController.cookie)=\(cookie)"])
            #expect(my.status == .ok && String(buffer: my.body).contains(person.givenName))

            let empty = try await h.client.execute(uri: "/my/data-use?lang=en", method: .get, headers: [.cookie: "\(PortalController.cookie)=\(cookie)"])
            #expect(String(buffer: empty.body).contains("No one has fetched information about you yet."))

            let machine = try await h.registerMachine("nav-tracing", scopes: ["tverr:registers/person.read"])
            #expect(try await h.getPerson("/api/v1/persons/\(pid)", token: try await h.machineToken(machine)).status == .ok)
            let used = try await h.client.execute(uri: "/my/data-use?lang=en", method: .get, headers: [.cookie: "\(PortalController.cookie)=\(cookie)"])
            let html = String(buffer: used.body)
            #expect(html.contains("Arbeids- og velferdsetaten (Nav)") && html.contains("contact tracing"))
            #expect(html.contains("smittevernloven § 3-6") && html.contains("Fetched name, date of birth and address"))
            let ukrainian = try await h.client.execute(uri: "/my/data-use?lang=uk", method: .get, headers: [.cookie: "\(PortalController.cookie)=\(cookie)"])
            #expect(String(buffer: ukrainian.body).contains("відстеження контактів"))

            // Logging out needs the session's CSRF token.
            let forged = try await h.client.execute(uri: "/my/logout", method: .post,
                                                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(PortalController.cookie)=\(cookie)"],
                                                    body: H.form(["csrf_token": "forged"]))
            #expect(forged.status == .forbidden)
            let csrf = try #require(String(buffer: my.body).firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1)
            let out = try await h.client.execute(uri: "/my/logout", method: .post,
                                                 headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(PortalController.cookie)=\(cookie)"],
                                                 body: H.form(["csrf_token": String(csrf)]))
            #expect(out.status == .seeOther && out.headers[.location]?.hasPrefix("/logout?id_token_hint=") == true)
            let provider = try await h.client.execute(uri: try #require(out.headers[.location]), method: .get)
            #expect(provider.status == .seeOther && provider.headers[.location] == "\(H.issuer)/")
            let after = try await h.client.execute(uri: "/my", method: .get, headers: [.cookie: "\(PortalController.cookie)=\(cookie)"])
            #expect(after.status == .seeOther, "the portal session is gone")
        }
    }

    @Test("The data-use API lists the person's own accesses for their own token only", arguments: Backend.available)
    func dataUseAPI(backend: Backend) async throws {
        try await H.run(backend) { h in
            let pid = h.people[0].identityNumber.value
            let machine = try await h.registerMachine("fhi-tracing", scopes: ["tverr:registers/person.read"])
            let machineToken = try await h.machineToken(machine)
            #expect(try await h.getPerson("/api/v1/persons/\(pid)", token: machineToken).status == .ok)
            #expect(try await h.getPerson("/api/v1/persons/\(h.people[1].identityNumber.value)", token: machineToken).status == .ok)
            let authorization = H.Authorization()
            let (code, _) = try await h.login(authorization, pid: pid)
            let token = try #require(try H.json(try await h.exchangeCode(code, verifier: authorization.verifier))["access_token"] as? String)
            let response = try await h.client.execute(uri: "/api/v1/me/data-use", method: .get,
                                                      headers: [.authorization: "Bearer \(token)", .acceptLanguage: "en"])
            #expect(response.status == .ok)
            let body = try H.json(response)
            let items = try #require(body["items"] as? [[String: Any]])
            #expect(items.count == 1, "only this person's access, not the other person's")
            #expect(items.first?["purposeText"] as? String == "contact tracing" && items.first?["organisationNumber"] as? String == H.agency)
            #expect(try await h.client.execute(uri: "/api/v1/me/data-use", method: .get,
                                               headers: [.authorization: "Bearer \(machineToken)"]).status == .unauthorized)
            #expect(try await h.client.execute(uri: "/api/v1/me/data-use", method: .get).status == .unauthorized)
        }
    }

    @Test("Self-service: contact details and reservation, a move, and consent that the exchange then honours", arguments: Backend.available)
    func selfService(backend: Backend) async throws {
        try await H.run(backend) { h in
            let pid = h.people[0].identityNumber.value
            let cookie = try await Self.portalLogin(h, pid: pid)
            let my = try await h.client.execute(uri: "/my", method: .get, headers: [.cookie: "\(PortalController.cookie)=\(cookie)"])
            let csrf = String(try #require(String(buffer: my.body).firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1))
            func post(_ path: String, _ fields: [String: String]) async throws -> TestResponse {
                try await h.client.execute(uri: path + "?lang=en", method: .post,
                                           headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(PortalController.cookie)=\(cookie)"],
                                           body: H.form(fields))
            }
            #expect(try await post("/my/contact", ["email": "ola@example.test", "mobile": "41234567"]).status == .forbidden, "no CSRF token")
            let badEmail = try await post("/my/contact", ["email": "not an address", "mobile": "", "csrf_token": csrf])
            #expect(badEmail.status == .badRequest && String(buffer: badEmail.body).contains("name@example.no"))
            let ukrainian = try await h.client.execute(uri: "/my/contact?lang=uk", method: .post,
                                                       headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(PortalController.cookie)=\(cookie)"],
                                                       body: H.form(["email": "not an address", "csrf_token": csrf]))
            #expect(String(buffer: ukrainian.body).contains("Адреса електронної пошти має виглядати"), "the refusal is in the page's language")
            let saved = try await post("/my/contact", ["email": "ola@example.test", "mobile": "+4741234567", "reserved": "yes", "csrf_token": csrf])
            #expect(saved.status == .ok && String(buffer: saved.body).contains("Your change is saved."))
            let notifier = try await h.registerMachine("varsling", scopes: ["tverr:registers/contact.read", "tverr:registers/person.read"])
            let contact = try H.json(try await h.getPerson("/api/v1/persons/\(pid)/contact", token: try await h.machineToken(notifier, scope: "tverr:registers/contact.read"),
                                                           purpose: "varsling", basis: "eforvaltningsforskriften-kap-8"))
            #expect((contact["contact"] as? [String: Any])?["email"] as? String == "ola@example.test" && contact["reserved"] as? Bool == true)

            let moved = try await post("/my/address", ["street": "Elvegata 3", "postcode": "9008", "municipality": "5501",
                                                       "valid_from": "2031-03-01", "csrf_token": csrf])
            #expect(moved.status == .ok)
            let badMove = try await post("/my/address", ["street": "Elvegata 3", "postcode": "90", "municipality": "5501",
                                                         "valid_from": "2032-03-01", "csrf_token": csrf])
            #expect(badMove.status == .badRequest && String(buffer: badMove.body).contains("four digits"))
            let reader = try await h.machineToken(notifier, scope: "tverr:registers/person.read")
            let person = try H.json(try await h.getPerson("/api/v1/persons/\(pid)", token: reader))
            #expect((person["address"] as? [String: Any])?["municipalityNumber"] as? String == "5501")

            // Consent: refused before, allowed after giving it, refused again after withdrawing it.
            let surveyor = try await h.registerMachine("survey", scopes: ["tverr:registers/person.read"])
            let surveyToken = try await h.machineToken(surveyor)
            func survey() async throws -> HTTPResponse.Status {
                try await h.getPerson("/api/v1/persons/\(pid)", token: surveyToken, purpose: "brukerundersokelse", basis: "samtykke").status
            }
            #expect(try await survey() == .forbidden)
            #expect(try await post("/my/consents", ["purpose": "brukerundersokelse", "organisation": H.agency, "csrf_token": csrf]).status == .ok)
            #expect(try await survey() == .ok)
            let page = try await h.client.execute(uri: "/my/consents?lang=en", method: .get, headers: [.cookie: "\(PortalController.cookie)=\(cookie)"])
            #expect(String(buffer: page.body).contains("a user survey you agreed to") && String(buffer: page.body).contains("Withdraw consent"))
            #expect(try await post("/my/consents/withdraw", ["purpose": "brukerundersokelse", "organisation": H.agency, "csrf_token": csrf]).status == .ok)
            #expect(try await survey() == .forbidden)
            let notConsent = try await post("/my/consents", ["purpose": "smittesporing", "organisation": H.agency, "csrf_token": csrf])
            #expect(notConsent.status == .badRequest)
            let types = try await h.store.sql.raw("SELECT type FROM outbox_events WHERE subject = \(bind: pid) ORDER BY position").all()
                .map { try $0.decode(column: "type", as: String.self) }
            #expect(types == ["no.tverr.registers.contact-changed.v1", "no.tverr.registers.address-changed.v1",
                              "no.tverr.exchange.consent-granted.v1", "no.tverr.exchange.consent-withdrawn.v1"])
        }
    }

    @Test("A covert police read is logged but withheld from the person until its date; nobody else may withhold", arguments: Backend.available)
    func withheld(backend: Backend) async throws {
        try await H.run(backend) { h in
            let pid = h.people[0].identityNumber.value
            let police = try await h.registerMachine("politi-etterforsking", scopes: ["tverr:registers/person.police", "tverr:registers/person.read"])
            let token = try await h.machineToken(police, scope: "tverr:registers/person.police tverr:registers/person.read")
            let today = TverrServer.today()
            func read(purpose: String, basis: String, until: String?) async throws -> TestResponse {
                var headers: HTTPFields = [.authorization: "Bearer \(token)", HTTPField.Name("Tverr-Purpose")!: purpose,
                                           HTTPField.Name("Tverr-Legal-Basis")!: basis]
                if let until { headers[HTTPField.Name("Tverr-Withhold-Until")!] = until }
                return try await h.client.execute(uri: "/api/v1/persons/\(pid)/family", method: .get, headers: headers)
            }
            #expect(try await read(purpose: "etterforskning", basis: "straffeprosessloven", until: today.adding(days: 60).description).status == .ok)
            #expect(try await read(purpose: "smittesporing", basis: "smittevernloven-3-6", until: today.adding(days: 60).description).status != .ok,
                    "only an investigation may be withheld")
            #expect(try await read(purpose: "etterforskning", basis: "straffeprosessloven", until: today.adding(days: -1).description).status == .badRequest)
            #expect(try await read(purpose: "etterforskning", basis: "straffeprosessloven", until: today.adding(days: 400).description).status == .badRequest)
            #expect(try await read(purpose: "etterforskning", basis: "straffeprosessloven", until: "soon").status == .badRequest)
            let log = AuditLog(store: h.store)
            #expect(try await log.entries(about: pid).count == 1, "the covert read is in the log; the refused ones are not")
            #expect(try await log.verify() > 0)

            let authorization = H.Authorization()
            let (code, _) = try await h.login(authorization, pid: pid)
            let personToken = try #require(try H.json(try await h.exchangeCode(code, verifier: authorization.verifier))["access_token"] as? String)
            func visible() async throws -> Int {
                let body = try H.json(try await h.client.execute(uri: "/api/v1/me/data-use", method: .get, headers: [.authorization: "Bearer \(personToken)"]))
                return try #require(body["count"] as? Int)
            }
            #expect(try await visible() == 0)
            try await h.store.sql.raw("UPDATE audit_withholdings SET withheld_until = \(bind: today.description)").run()
            #expect(try await visible() == 1, "shown once the date has come")
        }
    }

    @Test("The callback refuses an unknown state or another issuer; return_to stays on this site", arguments: [Backend.sqlite])
    func callbackRefusals(backend: Backend) async throws {
        try await H.run(backend) { h in
            #expect(try await h.client.execute(uri: "/login/callback?code=x&state=unknown&iss=\(H.encode(H.issuer))", method: .get).status == .badRequest)
            let start = try await h.client.execute(uri: "/login", method: .get)
            let state = try #require(H.queryItems(of: start.headers[.location])["state"])
            let wrongIssuer = try await h.client.execute(uri: "/login/callback?code=x&state=\(state)&iss=https%3A%2F%2Fevil.example", method: .get)
            #expect(wrongIssuer.status == .badRequest)
            #expect(PortalController.safeReturn("//evil.example/x") == "/my")
            #expect(PortalController.safeReturn("https://evil.example") == "/my")
            #expect(PortalController.safeReturn("/\\evil.example") == "/my")
            #expect(PortalController.safeReturn("/my/data-use") == "/my/data-use")
        }
    }
}
