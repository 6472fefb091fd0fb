import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Persistence
import SQLKit
import Testing
@testable import TverrApp

@Suite("My application for protection: the outcome in plain words from the trace, and an appeal before the deadline")
struct MyProtectionPageTests {
    typealias H = IdentityHarness

    @Test("The applicant reads why in Ukrainian, appeals once, and cannot appeal after the deadline or another person's case", arguments: Backend.available)
    func appeal(backend: Backend) async throws {
        try await H.run(backend) { h in
            let officer = try await IntakePageTests.officer(h)
            #expect(try await ResultPortalTests.post(h, "/staff/arrival", officer, IntakePageTests.family).status == .created)
            let mother = try #require(try await h.store.sql.raw("""
                SELECT i.identity_number, a.reference FROM arrival_intakes i JOIN protection_applications a ON a.intake_id = i.id WHERE i.role = 'principal'
                """).first())
            let (pid, reference) = (try mother.decode(column: "identity_number", as: String.self), try mother.decode(column: "reference", as: String.self))
            let cookie = try await PortalTests.portalLogin(h, pid: pid, returnTo: "/my/protection")
            #expect(String(buffer: try await MailboxPageTests.get(h, "/my", cookie: cookie, language: "uk").body)
                .contains("<a href=\"/my/protection\">Ваша заява про захист</a>"), "my page links to the application")
            let page = String(buffer: try await MailboxPageTests.get(h, "/my/protection?lang=uk", cookie: cookie).body)
            #expect(page.contains("Задоволено. Ви маєте тимчасовий колективний захист у Норвегії."))
            #expect(page.contains("Так: </strong>Ви громадянин України і жили в Україні 24 лютого 2022 року"), "what the rules checked, in her language")
            #expect(page.contains("href=\"/rules/collective-protection\"") && page.contains("/my/protection/\(reference)/appeal"))
            let csrf = String(try #require(page.firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1))
            func appeal(_ path: String, _ reason: String) async throws -> TestResponse {
                try await StaffTemplatePageTests.post(h, path, cookie: cookie, ["csrf_token": csrf, "reason": reason], language: "en")
            }
            #expect(try await appeal("/my/protection/\(reference)/appeal", " ").status == .unprocessableContent)
            let other = try #require(try await h.store.sql.raw("SELECT reference FROM protection_applications WHERE reference <> \(bind: reference)").first())
                .decode(column: "reference", as: String.self)
            #expect(try await appeal("/my/protection/\(other)/appeal", "Not mine").status == .notFound, "only one's own case")
            let sent = try await appeal("/my/protection/\(reference)/appeal", "My son's papers are with me now; please check his case with mine.")
            #expect(sent.status == .seeOther)
            #expect(try await appeal("/my/protection/\(reference)/appeal", "Again").status == .conflict)
            let row = try #require(try await h.store.sql.raw("SELECT status, appeal_reason FROM protection_applications WHERE reference = \(bind: reference)").first())
            #expect(try row.decode(column: "status", as: String.self) == "appealed")
            #expect(try await h.store.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'protection.appeal'").first()!.decode(column: "n", as: Int.self) == 1)
            // The appeal is in the caseworker's queue.
            let worker = try await CaseworkerPageTests.caseworker(h)
            let queue = String(buffer: try await MailboxPageTests.get(h, "/staff/protection?lang=en", cookie: worker.cookie).body)
            #expect(queue.contains(reference) && queue.contains("Appeal"))

            // After the deadline an appeal is refused, with the date.
            try await h.store.sql.raw("UPDATE protection_applications SET status = 'granted', appeal_deadline = '2022-04-22' WHERE reference = \(bind: reference)").run()
            let late = try await appeal("/my/protection/\(reference)/appeal", "Late, but please look.")
            #expect(late.status == .conflict && String(buffer: late.body).contains("The deadline for appeals has passed. It was 2022-04-22."))
        }
    }
}
