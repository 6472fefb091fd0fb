import Foundation
import Identifiers
import Identity
import Pandemic
@testable import Persistence
import SQLKit
import Testing
import TestSupport

@Suite("Test results from laboratories: checked, matched with the register, stored with audit, event, notice and tracing case")
struct TestResultsStoreTests {
    static let now = Date(timeIntervalSince1970: 1_796_371_200) // 2026-12-04T08:00:00Z
    static let lab = TestResults.Submitter(actor: "client:974749025/lab", organisationNumber: "974749025", source: "laboratory")

    static func result(_ sample: String, _ pid: String, positive: Bool = false, minutesAgo: Int = 60) -> ResultSubmission {
        ResultSubmission(sampleID: sample, nationalIdentityNumber: pid, testType: "pcr", testName: "cobas SARS-CoV-2",
                         sampleCollected: ISO8601DateFormatter().string(from: now.addingTimeInterval(Double(-minutesAgo * 60))),
                         result: positive ? "positive" : "negative", testCentre: "Fürst Medisinsk Laboratorium")
    }

    static func count(_ store: Store, _ table: String, _ condition: String = "1 = 1") async throws -> Int {
        try await store.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)").first()!.decode(column: "n", as: Int.self)
    }

    /// A person not in the register, with a valid number.
    static let stranger = NationalIdentityNumber.make(birthDate: CalendarDate(year: 1950, month: 1, day: 1)!, individualNumber: 499, synthetic: true)!.value

    @Test("A batch reports each row; good rows are stored with everything they set off, bad rows with nothing", arguments: Backend.available)
    func batch(backend: Backend) async throws {
        try await withStore(backend) { store in
            let (digital, reserved) = try await BookingNoticeTests.people(store)
            let results = TestResults(store: store)
            var bad = Self.result("S-5", digital)
            bad.device = "1232" // a device on a PCR test
            let outcomes = await results.submit([
                Self.result("S-1", digital), Self.result("S-2", reserved, positive: true), Self.result("S-3", Self.stranger),
                Self.result("S-4", digital, minutesAgo: -60), bad, Self.result("S-1", digital), Self.result("S-1", digital, positive: true),
            ], by: Self.lab, now: Self.now)
            #expect(outcomes.map(\.status) == ["accepted", "accepted", "rejected", "rejected", "rejected", "duplicate", "rejected"])
            #expect(outcomes.map(\.reason) == [nil, nil, "unknownPerson", "future", "deviceNotForNAAT", nil, "sampleIDConflict"])
            #expect(outcomes[5].id == outcomes[0].id, "the repeated row points at the stored result")
            #expect(outcomes.map(\.index) == Array(0..<7))
            #expect(try await Self.count(store, "test_results") == 2)
            #expect(try await Self.count(store, "test_results", "source = 'laboratory' AND organisation_number = '974749025' AND digest IS NOT NULL") == 2)
            #expect(try await Self.count(store, "audit_entries", "action = 'pandemic.result.register' AND purpose = 'provesvar'") == 2)
            #expect(try await Self.count(store, "audit_entries", "action = 'notify.contact.lookup'") == 2)
            #expect(try await Self.count(store, "outbox_events", "type = 'no.tverr.pandemic.test-result-registered.v1'") == 2)
            let data = try #require(try await store.sql.raw("SELECT data FROM outbox_events WHERE subject = \(bind: reserved)").first())
                .decode(column: "data", as: String.self)
            #expect(data.contains("\"detected\":true") && data.contains("\"sampleId\":\"S-2\"") && data.contains("\"municipality\":\""))
            // The notices: mailbox and SMS pointer for one, a letter for the reserved one; never the result.
            let digitalSent = try await BookingNoticeTests.messages(store, to: digital)
            #expect(digitalSent.map(\.template) == [TestResults.noticeTemplate] && digitalSent.first?.channels == ["mailbox", "sms"])
            #expect(digitalSent.first?.language == "nb")
            #expect(try await BookingNoticeTests.messages(store, to: reserved).first?.channels == ["letter"])
            let body = try #require(try await store.sql.raw("SELECT body FROM mailbox_messages WHERE pid = \(bind: digital)").first()).decode(column: "body", as: String.self)
            #expect(body.contains("Min side") && !body.lowercased().contains("negativ") && !body.lowercased().contains("positiv"))
            // The positive one opens a tracing case in the person's municipality; the negative one none.
            let cases = try await store.sql.raw("""
                SELECT c.person, c.status, c.municipality_number, a.municipality_number AS home FROM tracing_cases c
                JOIN persons p ON p.identity_number = c.person LEFT JOIN addresses a ON a.person_id = p.id AND a.valid_to IS NULL
                """).all()
            #expect(cases.count == 1)
            #expect(try cases.first?.decode(column: "person", as: String.self) == reserved)
            #expect(try cases.first?.decode(column: "status", as: String.self) == "open")
            #expect(try cases.first?.decode(column: "municipality_number", as: String?.self) == cases.first?.decode(column: "home", as: String?.self))
        }
    }

    @Test("Sending the same batch again stores nothing more and reports every row a duplicate", arguments: Backend.available)
    func resubmission(backend: Backend) async throws {
        try await withStore(backend) { store in
            let (digital, reserved) = try await BookingNoticeTests.people(store)
            let results = TestResults(store: store)
            let batch = [Self.result("R-1", digital), Self.result("R-2", reserved, positive: true)]
            let first = await results.submit(batch, by: Self.lab, now: Self.now)
            let counts = [try await Self.count(store, "test_results"), try await Self.count(store, "audit_entries"),
                          try await Self.count(store, "outbox_events"), try await Self.count(store, "notify_messages"),
                          try await Self.count(store, "tracing_cases")]
            let again = await results.submit(batch, by: Self.lab, now: Self.now.addingTimeInterval(60))
            #expect(again.map(\.status) == ["duplicate", "duplicate"])
            #expect(again.map(\.id) == first.map(\.id))
            #expect([try await Self.count(store, "test_results"), try await Self.count(store, "audit_entries"),
                     try await Self.count(store, "outbox_events"), try await Self.count(store, "notify_messages"),
                     try await Self.count(store, "tracing_cases")] == counts)
            #expect(counts == [2, 5, 2, 2, 1])
            let changed = await results.submit([Self.result("R-1", digital, positive: true)], by: Self.lab, now: Self.now)
            #expect(changed.first?.reason == "sampleIDConflict")
        }
    }

    @Test("The same sample sent by eight requests at once is stored once, with one notice", arguments: Backend.available)
    func concurrentSamples(backend: Backend) async throws {
        try await withStore(backend) { store in
            let (digital, _) = try await BookingNoticeTests.people(store)
            let results = TestResults(store: store)
            let statuses = await withTaskGroup(of: [String].self) { group in
                for _ in 0..<8 { group.addTask { await results.submit([Self.result("C-1", digital)], by: Self.lab, now: Self.now).map(\.status) } }
                return await group.reduce(into: []) { $0 += $1 }
            }
            #expect(statuses.sorted() == ["accepted"] + Array(repeating: "duplicate", count: 7))
            #expect(try await Self.count(store, "test_results") == 1)
            #expect(try await Self.count(store, "notify_messages") == 1)
            #expect(try await Self.count(store, "audit_entries", "action = 'pandemic.result.register'") == 1)
        }
    }

    @Test("The notice is in the language the person booked in", arguments: Backend.available)
    func noticeLanguage(backend: Backend) async throws {
        try await withStore(backend) { store in
            let (digital, _) = try await BookingNoticeTests.people(store)
            let bookings = Bookings(store: store)
            let station = try await bookings.create(BookingStoreTests.station(), week: try BookingStoreTests.weekdays("08:00-16:00"))
            _ = try await bookings.book(slot: BookingStoreTests.slot(station, BookingStoreTests.monday.adding(days: 3), "10:00"),
                                        for: digital, language: "uk", now: BookingStoreTests.now)
            _ = await TestResults(store: store).submit([Self.result("L-1", digital)], by: Self.lab, now: Self.now)
            let subject = try #require(try await store.sql.raw("SELECT subject FROM mailbox_messages WHERE pid = \(bind: digital)").first())
                .decode(column: "subject", as: String.self)
            #expect(subject == "У вас новий результат тесту")
        }
    }

    @Test("Each subscriber to the result events gets a delivery, and a subscriber for one person only that person's", arguments: Backend.available)
    func subscriberDeliveries(backend: Backend) async throws {
        try await withStore(backend) { store in
            let (digital, reserved) = try await BookingNoticeTests.people(store)
            let hub = EventHub(store: store)
            let authorisation = try ExchangeCatalogue.authorise(grantedScopes: ["tverr:pandemic/results.read"], purpose: "smittesporing",
                                                                legalBasis: "smittevernloven-3-6", needing: .identity)
            let caller = ExchangeCaller(clientID: "tracer", organisationNumber: "958935420")
            _ = try await ClientRegistry(store: store).registerWebClient(name: "Smittesporing", organisationNumber: "958935420",
                                                                         redirectURIs: ["https://tracing.example/cb"], clientID: "tracer")
            let all = try await hub.subscribe(EventSubscriptionRequest(types: ["no.tverr.pandemic.test-result-registered.v1"],
                                                                       callbackUrl: "https://tracing.example/hook"),
                                              caller: caller, authorisation: authorisation, allowInsecureCallbacks: false)
            let one = try await hub.subscribe(EventSubscriptionRequest(types: ["no.tverr.pandemic.test-result-registered.v1"],
                                                                       callbackUrl: "https://tracing.example/one", subject: reserved),
                                              caller: caller, authorisation: authorisation, allowInsecureCallbacks: false)
            _ = await TestResults(store: store).submit([Self.result("W-1", digital), Self.result("W-2", reserved, positive: true)],
                                                       by: Self.lab, now: Self.now)
            #expect(try await Self.count(store, "event_deliveries", "subscription_id = '\(all.id)'") == 2)
            #expect(try await Self.count(store, "event_deliveries", "subscription_id = '\(one.id)'") == 1)
        }
    }

    @Test("Time-ordered ids are UUID version 7 and sort in the order they were made")
    func timeOrderedIDs() throws {
        let first = TimeOrderedID.make(at: Date(timeIntervalSince1970: 1_796_371_200))
        let second = TimeOrderedID.make(at: Date(timeIntervalSince1970: 1_796_371_200.002))
        #expect(first < second)
        #expect(UUID(uuidString: first) != nil && first == first.lowercased())
        let parts = first.split(separator: "-")
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12] && parts[2].first == "7" && "89ab".contains(parts[3].first!))
        #expect(first.prefix(13) == "01a24011-3800", "the first 48 bits are the milliseconds: \(first)")
    }
}
