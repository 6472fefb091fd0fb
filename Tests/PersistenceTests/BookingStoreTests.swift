import Booking
import Foundation
import Identifiers
@testable import Persistence
import SQLKit
import Testing
import TestSupport

@Suite("Booking: resources and hours, slots, and bookings that never pass capacity under concurrency")
struct BookingStoreTests {
    /// Monday 2026-12-07, 06:00 in Oslo.
    static let monday = CalendarDate(iso8601: "2026-12-07")!
    static let now = Date(timeIntervalSince1970: Double(SlotSchedule.instant(monday, minute: 360, in: SlotSchedule.norway)!))

    static func station(capacity: Int = 3) -> BookingResource {
        BookingResource(service: "covid-test", name: "Teststasjon Oslo S", organisationNumber: "958935420", municipalityNumber: "0301",
                        address: "Jernbanetorget 1", postcode: "0154", latitude: 59.911, longitude: 10.750, slotMinutes: 15, capacity: capacity)
    }

    static func weekdays(_ text: String) throws -> [Weekday: [OpeningPeriod]] {
        let periods = try OpeningHours.periods(text)
        return Dictionary(uniqueKeysWithValues: [Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map { ($0, periods) })
    }

    static func slot(_ resource: BookingResource, _ date: CalendarDate = monday, _ time: String) -> String {
        BookableSlot.id(resource: resource.id, start: SlotSchedule.instant(date, minute: TimeOfDay(time)!.minutes, in: SlotSchedule.norway)!)
    }

    static func count(_ store: Store, _ query: SQLQueryString) async throws -> Int {
        try await store.sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("Each bad field of a resource or its hours is refused by name, and nothing is stored", arguments: Backend.available)
    func setupRefusals(backend: Backend) async throws {
        try await withStore(backend) { store in
            let bookings = Bookings(store: store)
            let week = try Self.weekdays("08:00-16:00")
            var bad: [(String, BookingResource)] = []
            func with(_ change: (inout BookingResource) -> Void) -> BookingResource { var r = Self.station(); change(&r); return r }
            bad.append(("service", with { $0.service = "haircut" }))
            bad.append(("name", with { $0.name = "x" }))
            bad.append(("address", with { $0.address = "Line one\nLine two" }))
            bad.append(("postcode", with { $0.postcode = "01544" }))
            bad.append(("slotMinutes", with { $0.slotMinutes = 2 }))
            bad.append(("capacity", with { $0.capacity = 0 }))
            bad.append(("latitude", with { $0.latitude = 91 }))
            bad.append(("organisationNumber", with { $0.organisationNumber = "123456785" }))
            bad.append(("municipalityNumber", with { $0.municipalityNumber = "9999" }))
            for (field, resource) in bad {
                do {
                    _ = try await bookings.create(resource, week: week)
                    Issue.record("a bad \(field) was accepted")
                } catch let refused as BookingSetupRefused { #expect(refused.field == field) }
            }
            let overlapping: [Weekday: [OpeningPeriod]] = [.monday: try OpeningHours.periods("08:00-12:00") + OpeningHours.periods("11:00-13:00")]
            do {
                _ = try await bookings.create(Self.station(), week: overlapping)
                Issue.record("overlapping hours were accepted")
            } catch let refused as BookingSetupRefused { #expect(refused.field == "hours" && refused.reason.contains("overlap")) }
            #expect(try await Self.count(store, "SELECT COUNT(*) AS n FROM booking_resources") == 0)
            #expect(try await Self.count(store, "SELECT COUNT(*) AS n FROM booking_hours") == 0)
        }
    }

    @Test("Slots come from the hours, within the days bookings are open, with the places left", arguments: Backend.available)
    func slots(backend: Backend) async throws {
        try await withStore(backend) { store in
            let bookings = Bookings(store: store)
            let station = try await bookings.create(Self.station(), week: try Self.weekdays("08:00-09:00, 12:00-12:30"))
            #expect(try await bookings.resources(service: "covid-test", municipality: "0301").map(\.id) == [station.id])
            #expect(try await bookings.resources(service: "covid-test", municipality: "4601").isEmpty)
            let monday = try await bookings.slots(of: station.id, from: Self.monday, through: Self.monday, now: Self.now)
            #expect(monday.map(\.time.local.description) == ["08:00", "08:15", "08:30", "08:45", "12:00", "12:15"])
            #expect(monday.allSatisfy { $0.free == 3 })
            let week = try await bookings.slots(of: station.id, from: Self.monday.adding(days: -3), through: Self.monday.adding(days: 60), now: Self.now)
            #expect(week.first?.time.date == Self.monday, "no days before today")
            #expect(week.last?.time.date == CalendarDate(iso8601: "2026-12-21"), "no days after the 14 bookings are open for")
            #expect(week.count == 11 * 6, "11 weekdays in 2026-12-07 … 2026-12-21")
            _ = try await bookings.book(slot: monday[0].id, for: "p1", now: Self.now)
            let after = try await bookings.slots(of: station.id, from: Self.monday, through: Self.monday, now: Self.now)
            #expect(after[0].free == 2 && after[1].free == 3)
            #expect(try await bookings.slots(of: "no-such", from: Self.monday, through: Self.monday, now: Self.now).isEmpty)
        }
    }

    @Test("Forty people at once for the last three places: exactly three get one, the rest hear the slot is full", arguments: Backend.available)
    func lastPlaces(backend: Backend) async throws {
        try await withStore(backend) { store in
            let bookings = Bookings(store: store)
            let station = try await bookings.create(Self.station(capacity: 5), week: try Self.weekdays("08:00-16:00"))
            let slot = Self.slot(station, Self.monday, "10:00")
            _ = try await bookings.book(slot: slot, for: "early-1", now: Self.now)
            _ = try await bookings.book(slot: slot, for: "early-2", now: Self.now)
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for person in 0..<40 {
                    group.addTask {
                        do {
                            _ = try await bookings.book(slot: slot, for: "person-\(person)", now: Self.now)
                            return "booked"
                        } catch let refusal as BookingPolicy.Refusal { return refusal.description }
                    }
                }
                return try await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
            }
            #expect(outcomes == ["booked": 3, BookingPolicy.Refusal.slotFull.description: 37])
            #expect(try await Self.count(store, "SELECT booked AS n FROM booking_slots WHERE id = \(bind: slot)") == 5)
            #expect(try await Self.count(store, "SELECT COUNT(*) AS n FROM bookings WHERE slot_id = \(bind: slot) AND status = 'booked'") == 5)
        }
    }

    @Test("One person asking for ten slots at once gets one booking: the service allows one upcoming", arguments: Backend.available)
    func onePerPerson(backend: Backend) async throws {
        try await withStore(backend) { store in
            let bookings = Bookings(store: store)
            let station = try await bookings.create(Self.station(), week: try Self.weekdays("08:00-16:00"))
            let times = ["08:00", "08:15", "08:30", "08:45", "09:00", "09:15", "09:30", "09:45", "10:00", "10:15"]
            let booked = try await withThrowingTaskGroup(of: Bool.self) { group in
                for time in times {
                    group.addTask {
                        do { _ = try await bookings.book(slot: Self.slot(station, Self.monday, time), for: "same", now: Self.now); return true }
                        catch BookingPolicy.Refusal.alreadyBooked { return false }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(booked == 1)
            #expect(try await Self.count(store, "SELECT CAST(SUM(booked) AS INTEGER) AS n FROM booking_slots") == 1, "the refused ones took no place")
        }
    }

    @Test("Change moves the place in one step, a full slot leaves it where it was, and cancel gives it back", arguments: Backend.available)
    func changeAndCancel(backend: Backend) async throws {
        try await withStore(backend) { store in
            let bookings = Bookings(store: store)
            let station = try await bookings.create(Self.station(capacity: 1), week: try Self.weekdays("08:00-16:00"))
            let (eight, nine, ten) = (Self.slot(station, Self.monday, "08:00"), Self.slot(station, Self.monday, "09:00"), Self.slot(station, Self.monday, "10:00"))
            let mine = try await bookings.book(slot: eight, for: "me", now: Self.now)
            _ = try await bookings.book(slot: nine, for: "other", now: Self.now)
            await #expect(throws: BookingPolicy.Refusal.slotFull) { _ = try await bookings.change(mine.id, for: "me", to: nine, now: Self.now) }
            #expect(try await bookings.booking(mine.id, for: "me")?.slotID == eight, "the full slot left the booking where it was")
            let moved = try await bookings.change(mine.id, for: "me", to: ten, now: Self.now)
            #expect(moved.slotID == ten)
            let counts = try await bookings.slots(of: station.id, from: Self.monday, through: Self.monday, now: Self.now)
            #expect(counts.first { $0.id == eight }?.booked == 0 && counts.first { $0.id == ten }?.booked == 1)
            await #expect(throws: BookingPolicy.Refusal.notActive) { _ = try await bookings.cancel(mine.id, for: "other", now: Self.now) }
            let cancelled = try await bookings.cancel(mine.id, for: "me", now: Self.now)
            #expect(cancelled.status == .cancelled)
            await #expect(throws: BookingPolicy.Refusal.notActive) { _ = try await bookings.cancel(mine.id, for: "me", now: Self.now) }
            #expect(try await Self.count(store, "SELECT booked AS n FROM booking_slots WHERE id = \(bind: ten)") == 0)
            let again = try await bookings.book(slot: ten, for: "me", now: Self.now)
            #expect(try await bookings.bookings(for: "me", now: Self.now).map(\.id) == [again.id, mine.id], "upcoming first, then cancelled")
            let later = Self.now.addingTimeInterval(4 * 3600)  // 10:00: the slot has started
            await #expect(throws: BookingPolicy.Refusal.notActive) { _ = try await bookings.cancel(again.id, for: "me", now: later) }
        }
    }

    @Test("Too soon, too far ahead, closed, not a slot time, or a hostile id: each refused with its reason", arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await withStore(backend) { store in
            let bookings = Bookings(store: store)
            let station = try await bookings.create(Self.station(), week: try Self.weekdays("06:00-16:00"))
            let soon = Self.slot(station, Self.monday, "06:00")
            await #expect(throws: BookingPolicy.Refusal.tooLate) { _ = try await bookings.book(slot: soon, for: "a", now: Self.now) }
            let far = Self.slot(station, Self.monday.adding(days: 21), "08:00")
            await #expect(throws: BookingPolicy.Refusal.tooFarAhead(days: 14)) { _ = try await bookings.book(slot: far, for: "a", now: Self.now) }
            for id in [Self.slot(station, Self.monday.adding(days: 5), "08:00"), Self.slot(station, Self.monday, "08:07"), "\(station.id)@abc",
                       "nobody@1796367600", "' OR 1=1 --", String(repeating: "x", count: 5000) + "@1"] {
                await #expect(throws: BookingPolicy.Refusal.noSuchSlot, "\(id.prefix(30))") { _ = try await bookings.book(slot: id, for: "a", now: Self.now) }
            }
            #expect(try await Self.count(store, "SELECT COUNT(*) AS n FROM bookings") == 0)
        }
    }

    @Test("New hours drop the free future slots and count the bookings left outside them; a closed day offers none", arguments: Backend.available)
    func newHours(backend: Backend) async throws {
        try await withStore(backend) { store in
            let bookings = Bookings(store: store)
            let station = try await bookings.create(Self.station(), week: try Self.weekdays("08:00-16:00"))
            _ = try await bookings.slots(of: station.id, from: Self.monday, through: Self.monday.adding(days: 2), now: Self.now)
            _ = try await bookings.book(slot: Self.slot(station, Self.monday, "15:00"), for: "late", now: Self.now)
            _ = try await bookings.book(slot: Self.slot(station, Self.monday, "09:00"), for: "early", now: Self.now)
            let gone = try await bookings.book(slot: Self.slot(station, Self.monday, "14:00"), for: "gone", now: Self.now)
            _ = try await bookings.cancel(gone.id, for: "gone", now: Self.now)
            let outside = try await bookings.setWeek(try Self.weekdays("08:00-12:00"), of: station.id, now: Self.now)
            #expect(outside == 1, "the 15:00 booking is outside the new hours")
            #expect(try await Self.count(store, "SELECT COUNT(*) AS n FROM booking_slots") == 3,
                    "only the booked slots are kept, and the one a cancelled booking points to")
            let monday = try await bookings.slots(of: station.id, from: Self.monday, through: Self.monday, now: Self.now)
            #expect(monday.last?.time.local.description == "11:45")
            let tuesday = Self.monday.adding(days: 1)
            try await bookings.setException([], on: tuesday, note: "Stengt", of: station.id, now: Self.now)
            #expect(try await bookings.slots(of: station.id, from: tuesday, through: tuesday, now: Self.now).isEmpty)
            await #expect(throws: BookingPolicy.Refusal.noSuchSlot) { _ = try await bookings.book(slot: Self.slot(station, tuesday, "08:00"), for: "x", now: Self.now) }
            try await bookings.setException(nil, on: tuesday, of: station.id, now: Self.now)
            #expect(try await bookings.slots(of: station.id, from: tuesday, through: tuesday, now: Self.now).count == 16)
        }
    }
}
