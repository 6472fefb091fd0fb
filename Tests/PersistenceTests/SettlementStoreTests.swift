import Arrival
import Foundation
import Identifiers
import Identity
@testable import Persistence
import SQLKit
import Testing
import TestSupport

@Suite("Settlement: IMDi proposes within the municipalities' places, the municipality answers, the move-in registers the address")
struct SettlementStoreTests {
    typealias A = ArrivalIntakeStoreTests
    static let imdi = "staff:imdi/officer-1", bergen = "staff:bergen/clerk-1"

    /// Two families registered; in the first the routed child is granted by a caseworker too.
    static func families(_ store: Store) async throws -> (first: String, second: String) {
        let intakes = ArrivalIntakes(store: store, rules: try A.rules())
        let first = try await intakes.register(try IntakeCheck.check(A.form(passport: "FX100001"), today: A.today), by: A.officer,
                                               today: A.today, synthetic: true, at: A.now)
        let second = try await intakes.register(try IntakeCheck.check(A.form(passport: "FX100002"), today: A.today), by: A.officer,
                                                today: A.today, synthetic: true, at: A.now + 60)
        try await ProtectionCases(store: store).decide(first.people[1].applicationReference, outcome: "grant",
                                                       reason: "The birth certificate was seen at the interview.", by: "staff:udi/1",
                                                       today: A.today, at: A.now + 120)
        return (first.groupID, second.groupID)
    }

    static func currentMunicipality(_ store: Store, _ group: String) async throws -> [String] {
        try await store.sql.raw("""
            SELECT d.municipality_number FROM arrival_intakes i JOIN persons p ON p.identity_number = i.identity_number
            JOIN addresses d ON d.person_id = p.id AND d.valid_to IS NULL WHERE i.group_id = \(bind: group) ORDER BY i.role DESC
            """).all().map { try $0.decode(column: "municipality_number", as: String.self) }
    }

    @Test("Places are checked, a family is proposed only within them, a decline frees them, and the move-in is all or nothing", arguments: Backend.available)
    func journey(backend: Backend) async throws {
        try await withStore(backend) { store in
            let settlements = Settlements(store: store)
            let (first, second) = try await Self.families(store)
            await #expect(throws: Settlements.Refusal.badPlaces) { try await settlements.setCapacity("4601", year: 2022, places: -1, by: Self.bergen) }
            await #expect(throws: Settlements.Refusal.unknownMunicipality) { try await settlements.setCapacity("9999", year: 2022, places: 5, by: Self.bergen) }
            try await settlements.setCapacity("4601", year: 2022, places: 2, by: Self.bergen, at: A.now)

            let waiting = try await settlements.waiting()
            #expect(waiting.map(\.groupID) == [first, second], "a family waits from its first grant: the first family's mother")
            #expect(waiting.first { $0.groupID == first }?.names.count == 2 && waiting.first { $0.groupID == second }?.names.count == 1)

            // No places stated in Oslo; Bergen has two: the family of two fits, then nobody else.
            await #expect(throws: Settlements.Refusal.overCapacity(remaining: 0, needed: 2)) {
                try await settlements.propose(first, to: "0301", by: Self.imdi, today: A.today, at: A.now)
            }
            try await settlements.propose(first, to: "4601", by: Self.imdi, today: A.today, at: A.now + 200)
            await #expect(throws: Settlements.Refusal.overCapacity(remaining: 0, needed: 1)) {
                try await settlements.propose(second, to: "4601", by: Self.imdi, today: A.today, at: A.now)
            }
            await #expect(throws: Settlements.Refusal.nothingWaiting) { try await settlements.propose(first, to: "4601", by: Self.imdi, today: A.today) }
            #expect(try await settlements.capacities(year: 2022) == [Settlements.Capacity(municipalityNumber: "4601", name: "Bergen", places: 2, taken: 2)])
            #expect(try await settlements.waiting().map(\.groupID) == [second])

            // A decline needs a reason, frees the places, and the family waits again.
            await #expect(throws: Settlements.Refusal.reasonRequired) { try await settlements.answer(first, in: "4601", accept: false, reason: " ", by: Self.bergen) }
            await #expect(throws: Settlements.Refusal.notProposed) { try await settlements.answer(second, in: "4601", accept: true, reason: "", by: Self.bergen) }
            try await settlements.answer(first, in: "4601", accept: false, reason: "No school place for the child until March.", by: Self.bergen)
            #expect(try await settlements.capacities(year: 2022).first?.remaining == 2)
            #expect(Set(try await settlements.waiting().map(\.groupID)) == [first, second])

            try await settlements.propose(first, to: "4601", by: Self.imdi, today: A.today, at: A.now + 300)
            try await settlements.answer(first, in: "4601", accept: true, reason: "", by: Self.bergen)
            #expect(try await settlements.placements(in: "4601").map(\.status) == ["accepted"])

            // A bad postcode refuses the move-in and leaves every row as it was.
            let before = try await Self.currentMunicipality(store, first)
            let events = try await A.count(store, "outbox_events")
            await #expect(throws: Settlements.Refusal.address(ChangeRefused(.postcode, "A postcode has four digits, for example 0150."))) {
                try await settlements.moveIn(first, in: "4601", street: "Nygårdsgaten 5", postcode: "50", movedIn: "2022-05-01", by: Self.bergen)
            }
            #expect(try await Self.currentMunicipality(store, first) == before && before.allSatisfy { $0 != "4601" })
            #expect(try await A.count(store, "outbox_events") == events)
            #expect(try await settlements.placements(in: "4601").map(\.status) == ["accepted"])

            // The welfare and tax agencies follow address changes as machine clients.
            let hub = EventHub(store: store)
            let authorisation = try ExchangeCatalogue.authorise(grantedScopes: ["tverr:registers/person.read"], purpose: "saksbehandling",
                                                                legalBasis: "folkeregisterloven-10-2", needing: .identity)
            var subscriptions: [String] = []
            for (client, organisation) in [("nav", "889640782"), ("skatteetaten", "974761076")] {
                _ = try await ClientRegistry(store: store).registerWebClient(name: client, organisationNumber: organisation,
                                                                             redirectURIs: ["https://\(client).example/cb"], clientID: client)
                subscriptions.append(try await hub.subscribe(EventSubscriptionRequest(types: ["no.tverr.registers.address-changed.v1"],
                                                                                      callbackUrl: "https://\(client).example/hook"),
                                                             caller: ExchangeCaller(clientID: client, organisationNumber: organisation),
                                                             authorisation: authorisation, allowInsecureCallbacks: false).id)
            }
            try await settlements.moveIn(first, in: "4601", street: "Nygårdsgaten 5", postcode: "5015", movedIn: "2022-05-01", by: Self.bergen)
            #expect(try await Self.currentMunicipality(store, first) == ["4601", "4601"])
            for id in subscriptions {
                #expect(try await A.count(store, "event_deliveries", "subscription_id = '\(id)'") == 2, "each agency gets both address changes")
            }
            #expect(try await A.count(store, "outbox_events", "type = 'no.tverr.registers.address-changed.v1'") == 2)
            #expect(try await A.count(store, "outbox_events", "type = 'no.tverr.arrival.settled.v1'") == 2)
            let placement = try #require(try await settlements.placements(in: "4601").first)
            #expect(placement.status == "settled" && placement.settledOn == "2022-05-01" && placement.names.count == 2)
            await #expect(throws: Settlements.Refusal.notProposed) {
                try await settlements.moveIn(first, in: "4601", street: "Nygårdsgaten 5", postcode: "5015", movedIn: "2022-06-01", by: Self.bergen)
            }
            for (action, count) in [("settlement.propose", 4), ("settlement.decline", 2), ("settlement.accept", 2), ("settlement.move-in", 2),
                                    ("registers.address.change", 2), ("settlement.capacity.set", 1)] {
                #expect(try await A.count(store, "audit_entries", "action = '\(action)'") == count, "\(action)")
            }
        }
    }

    @Test("Two proposals for one family at once: one lands, the other is told the family no longer waits", arguments: Backend.available)
    func concurrentProposals(backend: Backend) async throws {
        try await withStore(backend) { store in
            let settlements = Settlements(store: store)
            let (first, _) = try await Self.families(store)
            try await settlements.setCapacity("4601", year: 2022, places: 10, by: Self.bergen)
            try await settlements.setCapacity("0301", year: 2022, places: 10, by: Self.bergen)
            async let a: Result<Void, any Error> = { do { try await settlements.propose(first, to: "4601", by: Self.imdi, today: A.today); return .success(()) } catch { return .failure(error) } }()
            async let b: Result<Void, any Error> = { do { try await settlements.propose(first, to: "0301", by: Self.imdi, today: A.today); return .success(()) } catch { return .failure(error) } }()
            let results = await [a, b]
            #expect(results.filter { if case .success = $0 { true } else { false } }.count == 1)
            for case .failure(let error) in results { #expect(error as? Settlements.Refusal == .nothingWaiting, "\(error)") }
            #expect(try await A.count(store, "settlements") == 2, "the family of two, proposed once")
        }
    }
}
