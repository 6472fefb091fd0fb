import Booking
import Foundation
import Identifiers
import SQLKit

/// One slot as a person choosing a time sees it.
public struct BookableSlot: Sendable, Equatable {
    /// `resource@start`, stable for the same resource and time.
    public var id: String
    public var resourceID: String
    public var time: SlotTime
    public var capacity: Int
    public var booked: Int
    /// Places left.
    public var free: Int { max(0, capacity - booked) }

    /// The id of the slot of `resourceID` starting at `start`.
    public static func id(resource resourceID: String, start: Int64) -> String { "\(resourceID)@\(start)" }

    /// The resource and start a slot id names; nil if it names none.
    public static func parse(_ id: String) -> (resourceID: String, start: Int64)? {
        guard id.count <= 120, let at = id.lastIndex(of: "@"), let start = Int64(id[id.index(after: at)...]), start > 0 else { return nil }
        return (String(id[..<at]), start)
    }
}

extension Bookings {
    /// The longest stretch of days one request may list.
    public static let longestListing = 31

    /// The slots of a resource from `first` through `last`, limited to the days bookings are
    /// open. Slots are made from the hours when first asked for, with the resource's capacity.
    public func slots(of resourceID: String, from first: CalendarDate, through last: CalendarDate, now: Date = Date()) async throws -> [BookableSlot] {
        guard let resource = try await resource(resourceID), resource.active,
              let schedule = SlotSchedule(hours: try await hours(of: resourceID), slotMinutes: resource.slotMinutes) else { return [] }
        let today = SlotSchedule.wallClock(Int64(now.timeIntervalSince1970), in: schedule.timeZone).date
        let from = max(first, today), through = min(last, today.adding(days: policy.horizonDays), from.adding(days: Self.longestListing - 1))
        let times = schedule.slots(from: from, through: through)
        guard let earliest = times.first?.start, let latest = times.last?.start else { return [] }
        var stored: [Int64: (capacity: Int, booked: Int)] = [:]
        for row in try await store.sql.raw("""
            SELECT starts_at, capacity, booked FROM booking_slots
            WHERE resource_id = \(bind: resourceID) AND starts_at >= \(bind: earliest) AND starts_at <= \(bind: latest)
            """).all() {
            stored[try row.decode(column: "starts_at", as: Int64.self)] = (try row.decode(column: "capacity", as: Int.self), try row.decode(column: "booked", as: Int.self))
        }
        return times.map { time in
            let counts = stored[time.start] ?? (resource.capacity, 0)
            return BookableSlot(id: BookableSlot.id(resource: resourceID, start: time.start), resourceID: resourceID, time: time,
                                capacity: counts.capacity, booked: counts.booked)
        }
    }

    /// The slot a booking asks for, checked against the resource's current hours and the policy.
    func bookableSlot(_ slotID: String, now: Int64) async throws -> (BookingResource, SlotTime) {
        guard let named = BookableSlot.parse(slotID), let resource = try await resource(named.resourceID), resource.active,
              let schedule = SlotSchedule(hours: try await hours(of: named.resourceID), slotMinutes: resource.slotMinutes),
              let time = schedule.slots(on: SlotSchedule.wallClock(named.start, in: schedule.timeZone).date).first(where: { $0.start == named.start })
        else { throw BookingPolicy.Refusal.noSuchSlot }
        try policy.checkBookable(time, now: now, today: SlotSchedule.wallClock(now, in: schedule.timeZone).date)
        return (resource, time)
    }

    /// Takes one place in the slot, making its row first if nobody has booked it yet; throws
    /// `slotFull` when none is left. The conditional update is what keeps `booked <= capacity`
    /// under concurrency: on PostgreSQL a second writer waits for the first one's row lock and
    /// then sees its count.
    static func takePlace(in resource: BookingResource, at time: SlotTime, on sql: any SQLDatabase) async throws -> String {
        let slotID = BookableSlot.id(resource: resource.id, start: time.start)
        try await sql.raw("""
            INSERT INTO booking_slots (id, resource_id, starts_at, ends_at, capacity, booked)
            VALUES (\(bind: slotID), \(bind: resource.id), \(bind: time.start), \(bind: time.end), \(bind: resource.capacity), 0)
            ON CONFLICT (resource_id, starts_at) DO NOTHING
            """).run()
        guard try await sql.raw("""
            UPDATE booking_slots SET booked = booked + 1 WHERE id = \(bind: slotID) AND booked < capacity RETURNING booked
            """).first() != nil else { throw BookingPolicy.Refusal.slotFull }
        return slotID
    }

    /// Gives back one place in the slot.
    static func releasePlace(_ slotID: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE booking_slots SET booked = booked - 1 WHERE id = \(bind: slotID) AND booked > 0").run()
    }
}
