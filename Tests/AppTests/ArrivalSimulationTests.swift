import Arrival
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import SQLKit
import Testing
@testable import TverrApp

@Suite("tverr simulate arrival: a wave played through the journey's blocks, each step at its simulated time")
struct ArrivalSimulationTests {
    typealias H = IdentityHarness

    static func count(_ h: IdentityHarness, _ query: SQLQueryString) async throws -> Int {
        try await h.store.sql.raw(query).first()!.decode(column: "n", as: Int.self)
    }

    @Test("300 people: registered, enrolled, decided, settled; the journey page shows the wave; the same seed again is refused",
          arguments: Backend.available)
    func wave(backend: Backend) async throws {
        try await H.run(backend) { h in
            let rules = try #require(RuleBook.shared.collectiveProtection)
            let now = Date()
            let simulation = ArrivalSimulation(people: 300, weeks: 20, seed: 9)
            let summary = try await simulation.run(store: h.store, rules: rules, now: now, say: { _ in })
            #expect(summary.people == 300 && summary.skipped == 0)
            #expect(summary.automatedGrants > 200 && summary.routed > 10 && summary.automatedGrants + summary.routed == 300,
                    "most are granted by the rules at once: \(summary)")
            #expect(summary.eIDs > 80 && summary.caseworkerDecisions > 0 && summary.declines > 0 && summary.settled > 50, "\(summary)")
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM arrival_intakes") == 300)
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM eid_credentials") == summary.eIDs)
            #expect(try await Self.count(h, "SELECT COUNT(DISTINCT group_id) AS n FROM settlements WHERE status = 'settled'") == summary.settled)
            // Each step happened at its own simulated time, over the whole wave and never in the future.
            let milliseconds = Int64(now.timeIntervalSince1970 * 1000), weeks20 = Int64(20 * 7 * 86_400_000)
            let times = try #require(try await h.store.sql.raw("""
                SELECT MIN(time) AS first, MAX(time) AS last FROM outbox_events WHERE type = 'no.tverr.arrival.registered.v1'
                """).first())
            #expect(try times.decode(column: "first", as: Int64.self) < milliseconds - weeks20 / 2)
            #expect(try times.decode(column: "last", as: Int64.self) <= milliseconds)
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM outbox_events WHERE time > \(bind: milliseconds)") == 0)
            // Every step was audited under the simulated staff; no decision is owed a letter.
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM audit_entries WHERE actor LIKE '%simulated-officer'") >= 300)
            #expect(try await ProtectionLetters(store: h.store).owed().isEmpty)

            let figures = try await JourneyLedger(store: h.store).current(), analytics = figures.analytics
            #expect(analytics.timelines.count == 300)
            let handoffs = figures.handoffs
            #expect(handoffs.first { $0.from == .arrival && $0.to == .dNumber }?.volume == 300)
            let moved = try #require(handoffs.first { $0.from == .settlement && $0.to == .address })
            #expect(moved.median > 7 * 86_400 && moved.median < 40 * 86_400, "the move-in takes weeks: \(moved.median / 86_400) days")
            #expect(figures.bottlenecks.count >= 15, "a bottleneck for most weeks of the wave")
            #expect(handoffs.first { $0.from == .dNumber && $0.to == .decision }?.volume == summary.automatedGrants + summary.caseworkerDecisions,
                    "every decision made waits on the D-number")
            #expect(!handoffs.contains { $0.from == .eID }, "nothing waits on the eID")

            try await DemoStaff.seed(store: h.store, today: TverrServer.today())
            let imdi = try await SettlementPageTests.imdi(h)
            let page = String(buffer: try await MailboxPageTests.get(h, "/staff/journey?lang=en", cookie: imdi.cookie).body)
            #expect(page.contains("People included: 300 people.") && page.contains("<td>Settlement</td><td>Address</td>"))

            await #expect(throws: ArrivalSimulation.AlreadyPlayed.self, "the same seed registers nobody twice") {
                try await simulation.run(store: h.store, rules: rules, now: now, say: { _ in })
            }
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM arrival_intakes") == 300)
        }
    }
}
