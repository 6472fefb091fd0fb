import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Pandemic
import Persistence
import SQLKit
import Testing
@testable import TverrApp

@Suite("Contact tracing: a positive result in the tracer's queue, contacts recorded and told, the case closed")
struct TracingTests {
    typealias H = IdentityHarness

    static func tracer(_ h: H, at organisation: String = "958935420") async throws -> (cookie: String, csrf: String) {
        let pid = try #require(try await DashboardTests.residents(h, "0301", count: 31).last)
        try await IdentityStore(store: h.store).assign(role: .tracer, to: pid, at: organisation)
        let cookie = try await PortalTests.portalLogin(h, pid: pid, returnTo: "/staff/tracing")
        let my = try await h.client.execute(uri: "/my", method: .get, headers: [.cookie: "\(PortalController.cookie)=\(cookie)"])
        return (cookie, String(try #require(String(buffer: my.body).firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1)))
    }

    /// A positive result for an Oslo resident and one for a Bergen resident; gives Oslo's case id and the Oslo person.
    static func cases(_ h: H) async throws -> (id: String, person: String) {
        let oslo = try #require(try await DashboardTests.residents(h, "0301", count: 1).first)
        let bergen = try #require(try await DashboardTests.residents(h, "4601", count: 1).first)
        let now = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
        let rows = [(oslo, "T-1"), (bergen, "T-2")].map {
            ResultSubmission(sampleID: $0.1, nationalIdentityNumber: $0.0, testType: "pcr", sampleCollected: now, result: "positive", testCentre: "Lab")
        }
        #expect(await TestResults(store: h.store).submit(rows, by: DashboardTests.lab).allSatisfy { $0.status == "accepted" })
        let id = try #require(try await h.store.sql.raw("SELECT id FROM tracing_cases WHERE person = \(bind: oslo)").first()).decode(column: "id", as: String.self)
        return (id, oslo)
    }

    static func post(_ h: H, _ path: String, _ tracer: (cookie: String, csrf: String), _ fields: [String: String]) async throws -> TestResponse {
        try await StaffTemplatePageTests.post(h, path, cookie: tracer.cookie, ["csrf_token": tracer.csrf].merging(fields) { a, _ in a }, language: "en")
    }

    @Test("The tracer sees Oslo's case, records contacts by number and by phone, each told, and closes the case", arguments: Backend.available)
    func trace(backend: Backend) async throws {
        try await H.run(backend) { h in
            let (id, person) = try await Self.cases(h)
            let none = try await PortalTests.portalLogin(h, pid: h.people[0].identityNumber.value, returnTo: "/staff/tracing")
            #expect(try await MailboxPageTests.get(h, "/staff/tracing", cookie: none).status == .forbidden)
            let tracer = try await Self.tracer(h)
            let queue = String(buffer: try await MailboxPageTests.get(h, "/staff/tracing?lang=en", cookie: tracer.cookie).body)
            #expect(queue.contains("href=\"/staff/tracing/\(id)\"") && queue.components(separatedBy: "Open the case</a>").count - 1 == 1, "Oslo's case only")
            let page = String(buffer: try await MailboxPageTests.get(h, "/staff/tracing/\(id)?lang=en", cookie: tracer.cookie).body)
            #expect(page.contains("Sample taken") && !page.contains("PCR") && !page.contains("Positive"), "no test details for the tracer")

            let contact = h.people[1].identityNumber.value
            let today = ResultPortalController.defaultForm().date
            let byNumber = try await Self.post(h, "/staff/tracing/\(id)/contacts", tracer, ["number": contact, "last_contact": today])
            #expect(byNumber.status == .seeOther)
            let byPhone = try await Self.post(h, "/staff/tracing/\(id)/contacts", tracer, ["name": "Ola Nordmann", "phone": "+47 912 34 567", "last_contact": today])
            #expect(byPhone.status == .seeOther)
            let bad: [([String: String], String)] = [(["number": "12345678901", "last_contact": today], "Check what you wrote"),
                                                     (["name": "Kari", "phone": "123", "last_contact": today], "Mobile number: Check"),
                                                     (["name": "Kari", "phone": "+4791234568", "last_contact": "2020-01-01"], "within the last 14 days")]
            for (fields, message) in bad {
                let response = try await Self.post(h, "/staff/tracing/\(id)/contacts", tracer, fields)
                #expect(response.status == .unprocessableContent && String(buffer: response.body).contains(message), "\(fields)")
            }
            #expect(try await h.store.sql.raw("SELECT COUNT(*) AS n FROM tracing_contacts").first()!.decode(column: "n", as: Int.self) == 2)
            let told = try await h.store.sql.raw("""
                SELECT m.recipient_pid, m.recipient_mobile, b.body FROM notify_messages m LEFT JOIN mailbox_messages b ON b.message_id = m.id
                WHERE m.template_id = 'tracing-contact' ORDER BY m.created_at
                """).all()
            #expect(told.count == 2)
            #expect(try told.first?.decode(column: "recipient_pid", as: String?.self) == contact)
            #expect(try told.last?.decode(column: "recipient_mobile", as: String?.self) == "+4791234567")
            let advice = try told.first?.decode(column: "body", as: String?.self) ?? ""
            #expect(!advice.contains(person) && advice.contains("test"), "the advice never names the case")
            let after = String(buffer: try await MailboxPageTests.get(h, "/staff/tracing/\(id)?lang=en", cookie: tracer.cookie).body)
            #expect(after.contains("Ola Nordmann") && after.components(separatedBy: "Advice sent").count - 1 == 2)

            #expect(try await Self.post(h, "/staff/tracing/\(id)/close", tracer, ["outcome": "maybe"]).status == .unprocessableContent)
            let closed = try await Self.post(h, "/staff/tracing/\(id)/close", tracer, ["outcome": "contacts-traced", "note": "Ferdig"])
            #expect(closed.status == .seeOther)
            let row = try #require(try await h.store.sql.raw("SELECT status, outcome FROM tracing_cases WHERE id = \(bind: id)").first())
            #expect(try row.decode(column: "status", as: String.self) == "closed" && row.decode(column: "outcome", as: String?.self) == "contacts-traced")
            #expect(try await Self.post(h, "/staff/tracing/\(id)/contacts", tracer, ["number": contact, "last_contact": today]).status == .conflict)
            let forged = try await StaffTemplatePageTests.post(h, "/staff/tracing/\(id)/close", cookie: tracer.cookie, ["csrf_token": "x", "outcome": "moved"])
            #expect(forged.status == .forbidden)
            let audited = try await h.store.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_entries WHERE action IN ('pandemic.tracing.queue.read', 'pandemic.tracing.case.read',
                  'pandemic.tracing.contact.record', 'pandemic.tracing.case.close')
                """).first()!.decode(column: "n", as: Int.self)
            #expect(audited >= 6)
        }
    }

    @Test("A tracer cannot open another municipality's case", arguments: Backend.available)
    func otherMunicipality(backend: Backend) async throws {
        try await H.run(backend) { h in
            _ = try await Self.cases(h)
            let bergen = try #require(try await h.store.sql.raw("""
                SELECT c.id FROM tracing_cases c WHERE c.municipality_number = '4601'
                """).first()).decode(column: "id", as: String.self)
            let tracer = try await Self.tracer(h)
            #expect(try await MailboxPageTests.get(h, "/staff/tracing/\(bergen)", cookie: tracer.cookie).status == .forbidden)
            #expect(try await MailboxPageTests.get(h, "/staff/tracing?area=4601", cookie: tracer.cookie).status == .forbidden)
            #expect(try await MailboxPageTests.get(h, "/staff/tracing/\(UUID())", cookie: tracer.cookie).status == .notFound)
        }
    }
}
