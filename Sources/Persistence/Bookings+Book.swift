import Booking
import Foundation
import Identifiers
import Localization
import SQLKit

/// A person's booking.
public struct BookingRecord: Sendable, Equatable {
    public enum Status: String, Sendable { case booked, cancelled }

    public var id: String
    public var slotID: String
    public var resourceID: String
    public var service: String
    public var person: String
    public var status: Status
    /// When the slot starts, seconds since 1970.
    public var start: Int64
    public var createdAt: Int64
    public var updatedAt: Int64
    public var remindedAt: Int64?
    /// The language of the notices: the one the person booked in.
    public var language: String
}

extension Bookings {
    /// Books a place in the slot for the person. Refused when the slot is full, too soon or too far
    /// ahead, or when the person already holds the upcoming bookings the policy allows for the
    /// service. The confirmation is left for the notice worker, in the same transaction.
    public func book(slot slotID: String, for person: String, language: String = "nb", now: Date = Date()) async throws -> BookingRecord {
        let at = Int64(now.timeIntervalSince1970)
        let (resource, time) = try await bookableSlot(slotID, now: at)
        let id = UUID().uuidString.lowercased()
        let language = Language(rawValue: language)?.rawValue ?? Language.fallback.rawValue
        let limit = policy.upcomingPerService
        try await store.writeTransaction { sql in
            try await Self.lock(person, on: sql)
            let upcoming = try await sql.raw("""
                SELECT COUNT(*) AS n FROM bookings
                WHERE person = \(bind: person) AND service = \(bind: resource.service) AND status = 'booked' AND starts_at > \(bind: at)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            guard upcoming < limit else { throw BookingPolicy.Refusal.alreadyBooked }
            let taken = try await Self.takePlace(in: resource, at: time, on: sql)
            try await sql.insert(into: "bookings")
                .columns("id", "slot_id", "resource_id", "service", "person", "status", "starts_at", "created_at", "updated_at", "notice", "language")
                .values(id, taken, resource.id, resource.service, person, "booked", time.start, at, at, "booked", language)
                .run()
        }
        return BookingRecord(id: id, slotID: slotID, resourceID: resource.id, service: resource.service, person: person, status: .booked,
                             start: time.start, createdAt: at, updatedAt: at, remindedAt: nil, language: language)
    }

    /// Moves the person's booking to another slot of the same service: the new place is taken
    /// and the old one given back in one transaction, so a full slot leaves the booking as it was.
    public func change(_ bookingID: String, for person: String, to slotID: String, now: Date = Date()) async throws -> BookingRecord {
        let at = Int64(now.timeIntervalSince1970)
        let (resource, time) = try await bookableSlot(slotID, now: at)
        let policy = self.policy
        return try await store.writeTransaction { sql in
            try await Self.lock(person, on: sql)
            var booking = try await Self.active(bookingID, for: person, now: at, policy: policy, on: sql)
            guard booking.service == resource.service else { throw BookingPolicy.Refusal.noSuchSlot }
            guard booking.slotID != BookableSlot.id(resource: resource.id, start: time.start) else { return booking }
            let newSlot = try await Self.takePlace(in: resource, at: time, on: sql)
            try await Self.releasePlace(booking.slotID, on: sql)
            try await sql.raw("""
                UPDATE bookings SET slot_id = \(bind: newSlot), resource_id = \(bind: resource.id), starts_at = \(bind: time.start),
                updated_at = \(bind: at), reminded_at = NULL, notice = 'changed' WHERE id = \(bind: bookingID)
                """).run()
            (booking.slotID, booking.resourceID, booking.start, booking.updatedAt, booking.remindedAt) = (newSlot, resource.id, time.start, at, nil)
            return booking
        }
    }

    /// Cancels the person's booking before its slot starts, and gives its place back.
    public func cancel(_ bookingID: String, for person: String, now: Date = Date()) async throws -> BookingRecord {
        let at = Int64(now.timeIntervalSince1970)
        let policy = self.policy
        return try await store.writeTransaction { sql in
            try await Self.lock(person, on: sql)
            var booking = try await Self.active(bookingID, for: person, now: at, policy: policy, on: sql)
            try await Self.releasePlace(booking.slotID, on: sql)
            try await sql.raw("""
                UPDATE bookings SET status = 'cancelled', updated_at = \(bind: at), notice = 'cancelled' WHERE id = \(bind: bookingID)
                """).run()
            (booking.status, booking.updatedAt) = (.cancelled, at)
            return booking
        }
    }

    /// The person's bookings, upcoming first (soonest first), then past and cancelled ones.
    public func bookings(for person: String, now: Date = Date()) async throws -> [BookingRecord] {
        let at = Int64(now.timeIntervalSince1970)
        return try await store.sql.raw("SELECT * FROM bookings WHERE person = \(bind: person) ORDER BY starts_at DESC, id").all()
            .map(Self.decodeBooking)
            .sorted { lhs, rhs in
                let (left, right) = (lhs.status == .booked && lhs.start > at, rhs.status == .booked && rhs.start > at)
                return left != right ? left : left ? lhs.start < rhs.start : lhs.start > rhs.start
            }
    }

    /// One of the person's bookings; nil for anyone else's.
    public func booking(_ id: String, for person: String) async throws -> BookingRecord? {
        try await store.sql.raw("SELECT * FROM bookings WHERE id = \(bind: id) AND person = \(bind: person)").first().map(Self.decodeBooking)
    }

    /// One person's booking writes run one at a time (SQLite has one writer; on PostgreSQL an
    /// advisory lock per person), so two requests at once cannot both pass the per-service limit.
    static func lock(_ person: String, on sql: any SQLDatabase) async throws {
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(personLock)), hashtext(\(bind: person)))").run()
    }

    /// The advisory lock class for one person's bookings (the audit log uses 7254911).
    static let personLock = 7_254_914

    /// The booking, if it is the person's, still booked, and its slot has not started.
    static func active(_ id: String, for person: String, now: Int64, policy: BookingPolicy, on sql: any SQLDatabase) async throws -> BookingRecord {
        guard let booking = try await sql.raw("SELECT * FROM bookings WHERE id = \(bind: id) AND person = \(bind: person)").first().map(decodeBooking),
              booking.status == .booked else { throw BookingPolicy.Refusal.notActive }
        try policy.checkChangeable(start: booking.start, now: now)
        return booking
    }

    static func decodeBooking(_ row: any SQLRow) throws -> BookingRecord {
        BookingRecord(id: try row.decode(column: "id", as: String.self), slotID: try row.decode(column: "slot_id", as: String.self),
                      resourceID: try row.decode(column: "resource_id", as: String.self), service: try row.decode(column: "service", as: String.self),
                      person: try row.decode(column: "person", as: String.self),
                      status: BookingRecord.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .cancelled,
                      start: try row.decode(column: "starts_at", as: Int64.self), createdAt: try row.decode(column: "created_at", as: Int64.self),
                      updatedAt: try row.decode(column: "updated_at", as: Int64.self), remindedAt: try row.decode(column: "reminded_at", as: Int64?.self),
                      language: try row.decode(column: "language", as: String.self))
    }
}
