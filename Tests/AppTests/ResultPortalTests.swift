import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Persistence
import SQLKit
import Testing
@testable import TverrApp

@Suite("The rapid-test result portal: health personnel at high, found by number, one or many results, audited corrections")
struct ResultPortalTests {
    typealias H = IdentityHarness

    struct Worker { let pid: String; let cookie: String; let csrf: String }

    /// The demo health worker, logged in to the portal at idporten-loa-high.
    static func worker(_ h: H) async throws -> Worker {
        try await DemoStaff.seed(store: h.store, today: TverrServer.today())
        let member = try #require(try await DemoStaff.staff(store: h.store).first { $0.role == .healthPersonnel })
        let cookie = try await PortalTests.portalLogin(h, pid: member.pid, returnTo: "/staff/results", level: "high")
        #expect(try await MailboxPageTests.get(h, "/staff/results", cookie: cookie).status == .ok)
        let page = try await MailboxPageTests.get(h, "/staff/results/batch", cookie: cookie)
        let csrf = String(try #require(String(buffer: page.body).firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1))
        return Worker(pid: member.pid, cookie: cookie, csrf: csrf)
    }

    static func post(_ h: H, _ path: String, _ worker: Worker, _ fields: [String: String]) async throws -> TestResponse {
        try await StaffTemplatePageTests.post(h, path, cookie: worker.cookie, ["csrf_token": worker.csrf].merging(fields) { a, _ in a }, language: "en")
    }

    /// The date and time of an hour ago in Norwegian time, and a time three hours ahead (with its date).
    static func today() -> (date: String, past: String, future: (date: String, time: String)) {
        let now = Date()
        let form = ResultPortalController.defaultForm(now: now.addingTimeInterval(-3600))
        let ahead = ResultPortalController.defaultForm(now: now.addingTimeInterval(3 * 3600))
        return (form.date, form.time, (ahead.date, ahead.time))
    }

    @Test("Without a login at high, the role, or a valid authorisation, the portal says why and shows nothing", arguments: Backend.available)
    func access(backend: Backend) async throws {
        try await H.run(backend) { h in
            let anonymous = try await h.client.execute(uri: "/staff/results?person=1", method: .get)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location]?.contains("level=high") == true)
            let member = try await Self.worker(h)
            let substantial = try await PortalTests.portalLogin(h, pid: member.pid)
            let low = try await MailboxPageTests.get(h, "/staff/results", cookie: substantial)
            #expect(low.status == .seeOther && low.headers[.location]?.contains("level=high") == true, "a lower login is sent to log in again")

            let citizen = h.people[0].identityNumber.value
            let high = try await PortalTests.portalLogin(h, pid: citizen, returnTo: "/staff/results", level: "high")
            let noRole = try await MailboxPageTests.get(h, "/staff/results?lang=en", cookie: high)
            #expect(noRole.status == .forbidden && String(buffer: noRole.body).contains("You need the health personnel role"))

            try await IdentityStore(store: h.store).assign(role: .healthPersonnel, to: citizen, at: "983744516")
            try await h.store.sql.raw("DELETE FROM health_personnel WHERE pid = \(bind: citizen)").run()
            let fresh = try await PortalTests.portalLogin(h, pid: citizen, returnTo: "/staff/results", level: "high")
            let notInRegister = try await MailboxPageTests.get(h, "/staff/results?lang=en", cookie: fresh)
            #expect(notInRegister.status == .forbidden && String(buffer: notInRegister.body).contains("not in the health personnel register"))
            try await h.store.sql.insert(into: "health_personnel").columns("hpr_number", "pid", "profession", "authorisation", "valid_from")
                .values("9999999", citizen, "Lege", "suspendert", "2015-01-01").run()
            let suspended = try await PortalTests.portalLogin(h, pid: citizen, returnTo: "/staff/results", level: "high")
            let refused = try await MailboxPageTests.get(h, "/staff/results?lang=en", cookie: suspended)
            #expect(refused.status == .forbidden && String(buffer: refused.body).contains("is not valid today"))
            #expect(!String(buffer: refused.body).contains("csrf_token"), "no form for someone refused")
        }
    }

    @Test("A health worker finds a person, registers a result, and bad input comes back with the field named", arguments: Backend.available)
    func register(backend: Backend) async throws {
        try await H.run(backend) { h in
            let worker = try await Self.worker(h)
            let person = h.people[1]
            let found = try await MailboxPageTests.get(h, "/staff/results?lang=en&person=\(person.identityNumber.value)", cookie: worker.cookie)
            let page = String(buffer: found.body)
            #expect(found.status == .ok && page.contains("\(person.givenName) \(person.familyName)") && page.contains("No results are registered"))
            #expect(try await MailboxPageTests.get(h, "/staff/results?person=12345678901", cookie: worker.cookie).status == .badRequest)

            let (date, past, future) = Self.today()
            let good = ["person": person.identityNumber.value, "test_type": "rapid", "device": "1232", "sample_date": date, "sample_time": past,
                        "result": "negative", "centre": "Teststasjon Oslo S"]
            let bad: [([String: String], String)] = [
                (["sample_date": future.date, "sample_time": future.time], "The time is in the future"), (["device": "9999"], "Choose a rapid test from the list"),
                (["result": ""], "Choose positive or negative"), (["sample_time": "25:99"], "Time (hh:mm, Norwegian time): Check what you wrote"),
                (["centre": "<script>alert(1)</script>" + String(repeating: "x", count: 60)], "Test site: Check what you wrote"),
            ]
            for (change, message) in bad {
                let response = try await Self.post(h, "/staff/results", worker, good.merging(change) { _, b in b })
                #expect(response.status == .unprocessableContent && String(buffer: response.body).contains(message),
                        "\(change): \(String(buffer: response.body).firstMatch(of: /error-summary.{0,300}/).map { String($0.0) } ?? "")")
                #expect(!String(buffer: response.body).contains("<script>alert"))
            }
            let forged = try await StaffTemplatePageTests.post(h, "/staff/results", cookie: worker.cookie, good.merging(["csrf_token": "x"]) { a, _ in a })
            #expect(forged.status == .forbidden)
            #expect(try await TestResultsCount.of(h.store) == 0, "nothing stored from a refused form")

            let saved = try await Self.post(h, "/staff/results", worker, good)
            #expect(saved.status == .seeOther && saved.headers[.location]?.contains("saved=1") == true)
            let after = String(buffer: try await MailboxPageTests.get(h, "/staff/results?lang=en&person=\(person.identityNumber.value)&saved=1",
                                                                      cookie: worker.cookie).body)
            #expect(after.contains("The result is registered") && after.contains("Rapid test") && after.contains("Negative"))
            let row = try #require(try await h.store.sql.raw("SELECT source, registered_by, sample_id FROM test_results").first())
            #expect(try row.decode(column: "source", as: String.self) == "portal")
            #expect(try row.decode(column: "registered_by", as: String.self) == "staff:\(worker.pid)")
            #expect(try row.decode(column: "sample_id", as: String.self).hasPrefix("TVERR-"))
            let lookups = try await h.store.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'pandemic.person.lookup' AND actor = \(bind: "staff:\(worker.pid)")
                """).first()!.decode(column: "n", as: Int.self)
            #expect(lookups >= 2)
        }
    }

    @Test("A test session's list is registered line by line, each line answered", arguments: Backend.available)
    func batch(backend: Backend) async throws {
        try await H.run(backend) { h in
            let worker = try await Self.worker(h)
            let (date, past, _) = Self.today()
            let lines = ["\(h.people[1].identityNumber.value), negativ", "\(h.people[2].identityNumber.value); +; \(past); KIT-77",
                         "12345678901, negativ", "\(h.people[3].identityNumber.value), kanskje", ""].joined(separator: "\n")
            let response = try await Self.post(h, "/staff/results/batch", worker, ["test_type": "rapid", "device": "1468", "sample_date": date,
                                                                                   "sample_time": past, "centre": "Teststasjon Bergen", "lines": lines])
            let page = String(buffer: response.body)
            #expect(response.status == .unprocessableContent, "some lines were refused")
            #expect(page.contains("Registered: 2. Not registered: 2."))
            #expect(page.contains("Choose positive or negative"))
            #expect(try await TestResultsCount.of(h.store) == 2)
            let kit = try await h.store.sql.raw("SELECT detected FROM test_results WHERE sample_id = 'KIT-77'").first()?.decode(column: "detected", as: Bool.self)
            #expect(kit == true)
            let empty = try await Self.post(h, "/staff/results/batch", worker, ["sample_date": date, "lines": "  \n "])
            #expect(empty.status == .unprocessableContent && String(buffer: empty.body).contains("at least one line"))
        }
    }

    @Test("A correction needs a reason, is kept with before and after, and the list shows it corrected", arguments: Backend.available)
    func correct(backend: Backend) async throws {
        try await H.run(backend) { h in
            let worker = try await Self.worker(h)
            let (date, past, _) = Self.today()
            let pid = h.people[1].identityNumber.value
            let fields = ["person": pid, "test_type": "naat", "test_name": "cobas", "sample_date": date, "sample_time": past, "result": "negative",
                          "centre": "Ahus"]
            #expect(try await Self.post(h, "/staff/results", worker, fields).status == .seeOther)
            let id = try #require(try await h.store.sql.raw("SELECT id FROM test_results").first()).decode(column: "id", as: String.self)
            let form = String(buffer: try await MailboxPageTests.get(h, "/staff/results/\(id)?lang=en", cookie: worker.cookie).body)
            let expected = String(try #require(form.firstMatch(of: /name="expected" value="([0-9a-f]{64})"/)?.1))
            #expect(form.contains("value=\"Ahus\"") && form.contains("id=\"result-negative\" name=\"result\" value=\"negative\" checked"))
            var change = fields.merging(["result": "positive", "expected": expected]) { _, b in b }
            let noReason = try await Self.post(h, "/staff/results/\(id)", worker, change)
            #expect(noReason.status == .unprocessableContent && String(buffer: noReason.body).contains("Why is the result corrected?: Fill in this field."))
            change["reason"] = "Feil avlest"
            let done = try await Self.post(h, "/staff/results/\(id)", worker, change)
            #expect(done.status == .seeOther && done.headers[.location]?.contains("saved=corrected") == true)
            let stale = try await Self.post(h, "/staff/results/\(id)", worker, change.merging(["result": "negative"]) { _, b in b })
            #expect(stale.status == .unprocessableContent && String(buffer: stale.body).contains("Someone else changed the result"))
            let page = String(buffer: try await MailboxPageTests.get(h, "/staff/results/\(id)?lang=en", cookie: worker.cookie).body)
            #expect(page.contains("Earlier corrections") && page.contains("Feil avlest"))
            let list = String(buffer: try await MailboxPageTests.get(h, "/staff/results?lang=en&person=\(pid)", cookie: worker.cookie).body)
            #expect(list.contains("Positive") && list.contains("Corrected"))
            #expect(try await MailboxPageTests.get(h, "/staff/results/\(UUID())", cookie: worker.cookie).status == .notFound)
        }
    }
}
