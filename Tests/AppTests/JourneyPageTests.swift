import Arrival
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Persistence
import Reference
import SQLKit
import Testing
@testable import TverrApp

@Suite("The arrival journey page: the service chain map and the waits, from the journey's events")
struct JourneyPageTests {
    typealias H = IdentityHarness

    @Test("A settled family shows on the map and in the tables; other agencies see the counts but may not look a person up", arguments: Backend.available)
    func journey(backend: Backend) async throws {
        try await H.run(backend) { h in
            let child = try await IntakePageTests.registerFamily(h)
            try await ProtectionCases(store: h.store).decide(child, outcome: "grant", reason: "The birth certificate was seen at the interview.",
                                                             by: "staff:udi/1", today: TverrServer.today())
            let group = try #require(try await h.store.sql.raw("SELECT group_id FROM arrival_intakes LIMIT 1").first()).decode(column: "group_id", as: String.self)
            let settlements = Settlements(store: h.store)
            try await settlements.setCapacity("0301", year: TverrServer.today().year, places: 5, by: "staff:oslo/1")
            try await settlements.propose(group, to: "0301", by: "staff:imdi/1", today: TverrServer.today())
            try await settlements.answer(group, in: "0301", accept: true, reason: "", by: "staff:oslo/1")
            try await settlements.moveIn(group, in: "0301", street: "Tøyengata 12", postcode: "0578",
                                         movedIn: TverrServer.today().adding(days: 1).description, by: "staff:oslo/1")

            let imdi = try await SettlementPageTests.imdi(h)
            let response = try await MailboxPageTests.get(h, "/staff/journey?lang=en", cookie: imdi.cookie)
            let page = String(buffer: response.body)
            #expect(response.status == .ok && page.contains("People included: 2 people."))
            #expect(page.contains("<svg") && page.contains("role=\"img\"") && page.contains("aria-labelledby=\"chain-title chain-desc\""))
            #expect(page.contains("Decision → Settlement: 2 people, median"), "the description says what the map shows")
            #expect(page.contains("<td>Settlement</td><td>Address</td><td>2</td>"), "the hand-off table has the same figures")
            #expect(page.contains("Nobody is stuck."))
            #expect(page.contains("The longest wait at each agency") && page.contains("<td>IMDi</td><td>Decision → Settlement</td>"))
            #expect(page.contains("<td>\(JourneyAnalytics.week(Int64(Date().timeIntervalSince1970 * 1000)))</td>"), "this week's bottleneck")

            // One person's timeline: asked for by number, audited; bad and unknown numbers say so.
            let mother = try #require(try await h.store.sql.raw("SELECT identity_number FROM arrival_intakes WHERE role = 'principal'").first())
                .decode(column: "identity_number", as: String.self)
            let timeline = String(buffer: try await MailboxPageTests.get(h, "/staff/journey?lang=en&person=\(mother)", cookie: imdi.cookie).body)
            #expect(timeline.contains("Timeline for \(mother)") && timeline.contains("<td>Arrival</td>") && timeline.contains("<td>Address</td>"))
            #expect(try await h.store.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'arrival.journey.read' AND subject = \(bind: mother)")
                .first()!.decode(column: "n", as: Int.self) == 1)
            let bad = try await MailboxPageTests.get(h, "/staff/journey?lang=en&person=%3Cscript%3E", cookie: imdi.cookie)
            #expect(bad.status == .unprocessableContent && String(buffer: bad.body).contains("Write a valid D-number") && !String(buffer: bad.body).contains("<script>"))
            let stranger = try await MailboxPageTests.get(h, "/staff/journey?lang=en&person=\(h.people[0].identityNumber.value)", cookie: imdi.cookie)
            #expect(stranger.status == .notFound && String(buffer: stranger.body).contains("No one on the arrival journey has this number."))

            try await DemoStaff.seed(store: h.store, today: TverrServer.today())
            // Another agency on the network sees the counts, but not the form, and may not look a person up.
            let nav = try await SettlementPageTests.staff(h, .caseworker, at: "889640782", returnTo: "/staff/journey")
            let counts = try await MailboxPageTests.get(h, "/staff/journey?lang=en", cookie: nav.cookie)
            #expect(counts.status == .ok && String(buffer: counts.body).contains("People included: 2 people."))
            #expect(!String(buffer: counts.body).contains("id=\"person\""))
            let lookup = try await MailboxPageTests.get(h, "/staff/journey?lang=en&person=\(mother)", cookie: nav.cookie)
            #expect(lookup.status == .forbidden && !String(buffer: lookup.body).contains("Timeline for"))
            #expect(try await h.store.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'arrival.journey.read' AND subject = \(bind: mother)")
                .first()!.decode(column: "n", as: Int.self) == 1, "the refused look-up read nothing")
            let nobody = try await PortalTests.portalLogin(h, pid: h.people[3].identityNumber.value, returnTo: "/staff/journey", level: "high")
            #expect(try await MailboxPageTests.get(h, "/staff/journey?lang=en", cookie: nobody).status == .forbidden, "no staff role, no journey")
        }
    }
}
