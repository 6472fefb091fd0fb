import Foundation
import Identifiers
import Pandemic
@testable import Persistence
import SQLKit
import Testing
import TestSupport

@Suite("The result portal's store: health-worker check, person look-up and audited corrections")
struct TestResultsPortalTests {
    typealias T = TestResultsStoreTests
    static let nurse = TestResults.Submitter(actor: "staff:nurse", organisationNumber: "983744516", source: "portal")

    @Test("Only a valid authorisation in the health personnel register passes, and each check is audited", arguments: Backend.available)
    func healthWorker(backend: Backend) async throws {
        try await withStore(backend) { store in
            let (digital, reserved) = try await BookingNoticeTests.people(store)
            for (pid, hpr, status, from, to) in [(digital, "9000001", "autorisasjon", "2015-01-01", nil as String?),
                                                 (reserved, "9000002", "suspendert", "2015-01-01", nil)] {
                try await store.sql.insert(into: "health_personnel").columns("hpr_number", "pid", "profession", "authorisation", "valid_from", "valid_to")
                    .values(hpr, pid, "Sykepleier", status, from, to).run()
            }
            let results = TestResults(store: store)
            let today = CalendarDate(iso8601: "2026-12-04")!
            #expect(try await results.healthWorker(digital, today: today) == .authorised(hprNumber: "9000001", profession: "Sykepleier"))
            #expect(try await results.healthWorker(reserved, today: today) == .notAuthorised)
            #expect(try await results.healthWorker(T.stranger, today: today) == .notInRegister)
            try await store.sql.raw("UPDATE health_personnel SET valid_to = '2026-12-03' WHERE pid = \(bind: digital)").run()
            #expect(try await results.healthWorker(digital, today: today) == .notAuthorised, "an expired authorisation")
            #expect(try await T.count(store, "audit_entries", "action = 'registers.hpr.check' AND purpose = 'autorisasjonskontroll'") == 4)
        }
    }

    @Test("Finding a person gives the name and address from the register and audits the look-up", arguments: Backend.available)
    func findPerson(backend: Backend) async throws {
        try await withStore(backend) { store in
            let (digital, _) = try await BookingNoticeTests.people(store)
            let results = TestResults(store: store)
            let found = try #require(try await results.findPerson(try NationalIdentityNumber(digital), by: "nurse"))
            let row = try #require(try await store.sql.raw("SELECT given_name, family_name FROM persons WHERE identity_number = \(bind: digital)").first())
            #expect(found.name == "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self))")
            #expect(found.address?.isEmpty == false)
            #expect(try await results.findPerson(try NationalIdentityNumber(T.stranger), by: "nurse") == nil)
            #expect(try await T.count(store, "audit_entries", "action = 'pandemic.person.lookup' AND actor = 'staff:nurse' AND subject = '\(digital)'") == 1)
        }
    }

    @Test("A correction keeps before and after, tells the person, and opens or closes the tracing case", arguments: Backend.available)
    func correction(backend: Backend) async throws {
        try await withStore(backend) { store in
            let (digital, _) = try await BookingNoticeTests.people(store)
            let results = TestResults(store: store)
            let id = try #require(await results.submit([T.result("K-1", digital)], by: T.lab, now: T.now).first?.id)
            let opened = try #require(try await results.result(id))
            var positive = T.result("K-1", digital, positive: true)
            let corrected = try await results.correct(id, to: positive, reason: "Feil avlest", by: Self.nurse, now: T.now.addingTimeInterval(60))
            #expect(corrected.record.detected && corrected.correctedAt == Int64(T.now.timeIntervalSince1970) + 60)
            #expect(try await T.count(store, "tracing_cases", "result_id = '\(id)' AND status = 'open'") == 1)
            #expect(try await T.count(store, "outbox_events", "type = 'no.tverr.pandemic.test-result-corrected.v1'") == 1)
            #expect(try await T.count(store, "audit_entries", "action = 'pandemic.result.correct' AND actor = 'staff:nurse'") == 1)
            #expect(try await T.count(store, "notify_messages", "recipient_pid = '\(digital)'") == 2, "the first notice and the correction's")
            let history = try await results.corrections(of: id)
            #expect(history.count == 1 && history[0].reason == "Feil avlest" && history[0].before.contains("\"detected\":false")
                    && history[0].after.contains("\"detected\":true"))

            await #expect(throws: ResultRefusal.self) { try await results.correct(id, to: positive, reason: "igjen", by: Self.nurse) }
            await #expect(throws: ResultRefusal.self) { try await results.correct(id, to: T.result("K-1", digital), reason: " ", by: Self.nurse) }
            let stale = ResultCheck.digest(person: digital, opened.record)
            do {
                _ = try await results.correct(id, to: T.result("K-1", digital), reason: "tilbake", expectedDigest: stale, by: Self.nurse)
                Issue.record("a correction from a stale page went through")
            } catch let refusal as ResultRefusal { #expect(refusal.kind == .changedMeanwhile) }

            positive.result = "negative"
            _ = try await results.correct(id, to: positive, reason: "Kontrollert på nytt", by: Self.nurse, now: T.now.addingTimeInterval(120))
            #expect(try await T.count(store, "tracing_cases", "result_id = '\(id)' AND status = 'closed' AND outcome = 'result-corrected'") == 1)
            #expect(try await results.corrections(of: id).count == 2)
            await #expect(throws: ResultRefusal.self) { try await results.correct("nope", to: positive, reason: "x", by: Self.nurse) }
        }
    }
}
