import Booking
import Foundation
import Identifiers
@testable import Persistence
import SQLKit
import Testing
import TestSupport

@Suite("Booking notices: confirmation, change, cancellation and reminder through the notify block, each once")
struct BookingNoticeTests {
    /// Two people from a seeded register: one with a mobile number who is not reserved, and one
    /// reserved against digital contact.
    static func people(_ store: Store) async throws -> (digital: String, reserved: String) {
        _ = try await PopulationSeeder(store: store).seed(count: 200, seed: 5, today: BookingStoreTests.monday)
        let digital = try #require(try await store.sql.raw("""
            SELECT p.identity_number FROM persons p JOIN contact_details c ON c.person_id = p.id
            WHERE c.is_reserved = \(bind: false) AND c.mobile IS NOT NULL ORDER BY p.identity_number LIMIT 1
            """).first()).decode(column: "identity_number", as: String.self)
        let reserved = try #require(try await store.sql.raw("""
            SELECT p.identity_number FROM persons p JOIN contact_details c ON c.person_id = p.id
            WHERE c.is_reserved = \(bind: true) ORDER BY p.identity_number LIMIT 1
            """).first()).decode(column: "identity_number", as: String.self)
        return (digital, reserved)
    }

    static func messages(_ store: Store, to pid: String) async throws -> [(template: String, language: String, channels: [String], text: String)] {
        try await store.sql.raw("""
            SELECT m.id, m.template_id, m.language, m.personalisation FROM notify_messages m WHERE m.recipient_pid = \(bind: pid) ORDER BY m.created_at, m.id
            """).all().asyncMap { row in
            let id = try row.decode(column: "id", as: String.self)
            let channels = try await store.sql.raw("SELECT channel FROM notify_deliveries WHERE message_id = \(bind: id) AND status <> 'standby' ORDER BY id").all()
                .map { try $0.decode(column: "channel", as: String.self) }
            return (try row.decode(column: "template_id", as: String.self), try row.decode(column: "language", as: String.self), channels,
                    try row.decode(column: "personalisation", as: String.self))
        }
    }

    @Test("Each change sends its notice once, in the language booked in; a run repeated sends nothing more", arguments: Backend.available)
    func notices(backend: Backend) async throws {
        try await withStore(backend) { store in
            let (digital, reserved) = try await Self.people(store)
            let bookings = Bookings(store: store)
            let notices = BookingNotices(store: store)
            let station = try await bookings.create(BookingStoreTests.station(), week: try BookingStoreTests.weekdays("08:00-16:00"))
            let now = BookingStoreTests.now
            let booking = try await bookings.book(slot: BookingStoreTests.slot(station, BookingStoreTests.monday.adding(days: 3), "10:00"),
                                                  for: digital, language: "uk", now: now)
            _ = try await bookings.book(slot: BookingStoreTests.slot(station, BookingStoreTests.monday.adding(days: 3), "11:00"), for: reserved, now: now)
            #expect(try await notices.runOnce(now: now) == 2)
            #expect(try await notices.runOnce(now: now) == 0, "nothing is owed any more")
            var sent = try await Self.messages(store, to: digital)
            #expect(sent.map(\.template) == ["booking-booked"] && sent.first?.language == "uk")
            #expect(sent.first?.channels == ["mailbox", "sms"], "the mailbox with an SMS pointer")
            #expect(sent.first?.text.contains("Teststasjon Oslo S, Jernbanetorget 1, 0154") == true)
            let paper = try await Self.messages(store, to: reserved)
            #expect(paper.map(\.template) == ["booking-booked"] && paper.first?.channels == ["letter"], "a reserved person gets paper")

            _ = try await bookings.change(booking.id, for: digital, to: BookingStoreTests.slot(station, BookingStoreTests.monday.adding(days: 4), "09:00"),
                                          now: now.addingTimeInterval(60))
            _ = try await bookings.cancel(booking.id, for: digital, now: now.addingTimeInterval(120))
            #expect(try await notices.runOnce(now: now.addingTimeInterval(180)) == 1, "the change and the cancellation in one run: the last one is what is owed")
            sent = try await Self.messages(store, to: digital)
            #expect(sent.map(\.template) == ["booking-booked", "booking-cancelled"])
            let templates = try await store.sql.raw("SELECT COUNT(*) AS n FROM notify_templates WHERE template_id LIKE 'booking-%'").first()?
                .decode(column: "n", as: Int.self)
            #expect(templates == 4, "the four templates are saved once for the organisation")
        }
    }

    @Test("The reminder goes a day before, once; not for a booking made within that day, nor a cancelled one", arguments: Backend.available)
    func reminders(backend: Backend) async throws {
        try await withStore(backend) { store in
            let (digital, reserved) = try await Self.people(store)
            let bookings = Bookings(store: store)
            let notices = BookingNotices(store: store)
            let station = try await bookings.create(BookingStoreTests.station(), week: try BookingStoreTests.weekdays("08:00-16:00"))
            let now = BookingStoreTests.now
            let thursday = BookingStoreTests.monday.adding(days: 3)
            let early = try await bookings.book(slot: BookingStoreTests.slot(station, thursday, "10:00"), for: digital, now: now)
            _ = try await notices.runOnce(now: now)
            let start = Date(timeIntervalSince1970: Double(early.start))
            let dayBefore = start.addingTimeInterval(-24 * 3600)
            // 09:00 on Thursday, booked at 09:50 on Wednesday: inside its own 24 hours.
            _ = try await bookings.book(slot: BookingStoreTests.slot(station, thursday, "09:00"), for: reserved, now: dayBefore.addingTimeInterval(-600))
            #expect(try await notices.runOnce(now: dayBefore.addingTimeInterval(-600)) == 1, "the late booking's confirmation, and no reminder")
            #expect(try await notices.runOnce(now: dayBefore.addingTimeInterval(-60)) == 0, "the early booking's reminder is not due yet")
            // More late bookings than one run takes, all starting before the early one: they must not crowd out its reminder.
            for (index, time) in ["09:15", "09:30", "09:45"].enumerated() {
                _ = try await bookings.book(slot: BookingStoreTests.slot(station, thursday, time), for: "late-\(index)", now: dayBefore.addingTimeInterval(-300))
            }
            _ = try await notices.runOnce(now: dayBefore.addingTimeInterval(-300))  // their confirmations (refused: nobody has these numbers)
            #expect(try await notices.runOnce(now: dayBefore.addingTimeInterval(900), limit: 2) == 1, "the early booking's reminder, not the late ones'")
            #expect(try await notices.runOnce(now: dayBefore.addingTimeInterval(1800)) == 0, "once")
            #expect(try await Self.messages(store, to: digital).map(\.template) == ["booking-booked", "booking-reminder"])
            #expect(try await Self.messages(store, to: reserved).map(\.template) == ["booking-booked"])

            let friday = BookingStoreTests.monday.adding(days: 4)
            let cancelled = try await bookings.book(slot: BookingStoreTests.slot(station, friday, "10:00"), for: "01010112345", now: now)
            _ = try await bookings.cancel(cancelled.id, for: "01010112345", now: now)
            let fridayStart = Date(timeIntervalSince1970: Double(cancelled.start))
            // Nobody has this number: the notify block refuses the cancellation notice, which must not block the queue.
            #expect(try await notices.runOnce(now: fridayStart.addingTimeInterval(-23 * 3600)) == 0)
            let row = try #require(try await store.sql.raw("SELECT reminded_at, notice FROM bookings WHERE id = \(bind: cancelled.id)").first())
            #expect(try row.decode(column: "reminded_at", as: Int64?.self) == nil, "a cancelled booking gets no reminder")
            #expect(try row.decode(column: "notice", as: String?.self) == nil, "the refused notice is not tried for ever")
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        out.reserveCapacity(count)
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
