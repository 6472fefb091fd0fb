import Arrival
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Persistence
import SQLKit
import Testing
@testable import TverrApp

@Suite("The caseworker workspace: the queue of cases the rules sent to a person, the trace, and a decision with a written reason")
struct CaseworkerPageTests {
    typealias H = IdentityHarness

    /// The demo caseworker at the immigration directorate, logged in at idporten-loa-high.
    static func caseworker(_ h: H) async throws -> ResultPortalTests.Worker {
        try await DemoStaff.seed(store: h.store, today: TverrServer.today())
        let member = try #require(try await DemoStaff.staff(store: h.store).first { $0.role == .caseworker && $0.organisation == ProtectionCases.authority })
        let cookie = try await PortalTests.portalLogin(h, pid: member.pid, returnTo: "/staff/protection", level: "high")
        let page = try await MailboxPageTests.get(h, "/staff/protection", cookie: cookie)
        #expect(page.status == .ok)
        let my = try await MailboxPageTests.get(h, "/my", cookie: cookie)
        let csrf = String(try #require(String(buffer: my.body).firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1))
        return ResultPortalTests.Worker(pid: member.pid, cookie: cookie, csrf: csrf)
    }

    @Test("A caseworker elsewhere is refused; at UDI the routed child is in the queue, with the trace, and is decided once with a reason", arguments: Backend.available)
    func decide(backend: Backend) async throws {
        try await H.run(backend) { h in
            try await DemoStaff.seed(store: h.store, today: TverrServer.today())
            let nav = try #require(try await DemoStaff.staff(store: h.store).first { $0.role == .caseworker && $0.organisation == "889640782" })
            let navCookie = try await PortalTests.portalLogin(h, pid: nav.pid, returnTo: "/staff/protection", level: "high")
            let refused = try await MailboxPageTests.get(h, "/staff/protection?lang=en", cookie: navCookie)
            #expect(refused.status == .forbidden && String(buffer: refused.body).contains("caseworker role at the immigration directorate"))

            let child = try await IntakePageTests.registerFamily(h)
            let worker = try await Self.caseworker(h)
            let queue = String(buffer: try await MailboxPageTests.get(h, "/staff/protection?lang=en", cookie: worker.cookie).body)
            #expect(queue.contains("Taras Kovalenko, \(child)") && queue.contains("missing-information") && !queue.contains("Olena"),
                    "only the routed child waits; the mother was granted by the rules")
            let page = String(buffer: try await MailboxPageTests.get(h, "/staff/protection/\(child)?lang=en", cookie: worker.cookie).body)
            #expect(page.contains("Some documents or information are missing") && page.contains("collective-protection 2022.1"))
            #expect(page.contains("close_family") && page.contains("utlendingsforskriften § 7-5 a første ledd bokstav c"))
            #expect(try await h.store.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'protection.case.read' AND actor LIKE 'staff:%'").first()!.decode(column: "n", as: Int.self) == 1,
                    "the caseworker's reading (the letter service reads the granted mother's case too, as itself)")

            let short = try await ResultPortalTests.post(h, "/staff/protection/\(child)/decision", worker, ["outcome": "refuse", "reason": "No."])
            #expect(short.status == .unprocessableContent && String(buffer: short.body).contains("Write a reason of at least 20 characters."))
            let reason = "The birth certificate was checked at the interview; the child arrived with the mother."
            let done = try await ResultPortalTests.post(h, "/staff/protection/\(child)/decision", worker, ["outcome": "grant", "reason": reason])
            #expect(done.status == .seeOther && done.headers[.location] == "/staff/protection/\(child)?decided=1")
            let decided = String(buffer: try await MailboxPageTests.get(h, "/staff/protection/\(child)?decided=1&lang=en", cookie: worker.cookie).body)
            #expect(decided.contains("The decision is made.") && decided.contains("Granted") && decided.contains("the child arrived with the mother"))
            let again = try await ResultPortalTests.post(h, "/staff/protection/\(child)/decision", worker, ["outcome": "refuse", "reason": reason])
            #expect(again.status == .conflict && String(buffer: again.body).contains("The case is already decided."))
            let row = try #require(try await h.store.sql.raw("SELECT status, outcome, decided_by FROM protection_applications WHERE reference = \(bind: child)").first())
            #expect(try row.decode(column: "status", as: String.self) == "decided" && row.decode(column: "outcome", as: String.self) == "grant")
            #expect(try row.decode(column: "decided_by", as: String.self) == "staff:\(ProtectionCases.authority)/\(worker.pid)")
            #expect(try await h.store.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'protection.decide.manual'").first()!.decode(column: "n", as: Int.self) == 1)
            #expect(try await h.store.sql.raw("SELECT COUNT(*) AS n FROM outbox_events WHERE type = 'no.tverr.protection.decided.v1'").first()!.decode(column: "n", as: Int.self) == 3)
            #expect(!String(buffer: try await MailboxPageTests.get(h, "/staff/protection?lang=en", cookie: worker.cookie).body).contains(child))
        }
    }
}
