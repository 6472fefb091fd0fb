import Booking
import Foundation
import Identifiers
import SQLKit

/// Something that can be booked: a test station's test slots, a youth clinic's consultations.
/// It is run by an organisation, at a place in a municipality.
public struct BookingResource: Sendable, Equatable, Codable {
    public var id: String
    /// The service it belongs to (`covid-test`), which limits how many bookings one person holds.
    public var service: String
    public var name: String
    public var organisationNumber: String
    public var municipalityNumber: String
    public var address: String
    public var postcode: String
    public var latitude: Double?
    public var longitude: Double?
    /// The length of each slot, in minutes.
    public var slotMinutes: Int
    /// Places in each slot.
    public var capacity: Int
    /// Whether it takes new bookings.
    public var active: Bool

    public init(id: String = UUID().uuidString.lowercased(), service: String, name: String, organisationNumber: String, municipalityNumber: String,
                address: String, postcode: String, latitude: Double? = nil, longitude: Double? = nil, slotMinutes: Int, capacity: Int,
                active: Bool = true) {
        self.id = id
        self.service = service
        self.name = name
        self.organisationNumber = organisationNumber
        self.municipalityNumber = municipalityNumber
        self.address = address
        self.postcode = postcode
        self.latitude = latitude
        self.longitude = longitude
        self.slotMinutes = slotMinutes
        self.capacity = capacity
        self.active = active
    }
}

/// Why a resource or its hours were refused, naming the field.
public struct BookingSetupRefused: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field, as the API names it.
    public let field: String
    public let reason: String
    public var description: String { "\(field): \(reason)" }

    public init(_ field: String, _ reason: String) {
        self.field = field
        self.reason = reason
    }
}

/// The booking block's store: resources and their hours, slots, and people's bookings.
public struct Bookings: Sendable {
    let store: Store
    public let policy: BookingPolicy

    public init(store: Store, policy: BookingPolicy = BookingPolicy()) {
        self.store = store
        self.policy = policy
    }

    /// Services, by the name their bookings carry, with what a person may hold of each.
    public static let serviceNames: Set<String> = ["covid-test", "youth-health"]

    /// Creates a resource with its regular week, after checking every field.
    public func create(_ resource: BookingResource, week: [Weekday: [OpeningPeriod]], now: Date = Date()) async throws -> BookingResource {
        try await check(resource)
        let hours = try Self.hours(week: week)
        let at = Int64(now.timeIntervalSince1970)
        try await store.writeTransaction { sql in
            try await sql.insert(into: "booking_resources")
                .columns("id", "service", "name", "organisation_number", "municipality_number", "address", "postcode", "latitude", "longitude",
                         "slot_minutes", "capacity", "active", "created_at", "updated_at")
                .values(resource.id, resource.service, resource.name, resource.organisationNumber, resource.municipalityNumber, resource.address,
                        resource.postcode, resource.latitude, resource.longitude, resource.slotMinutes, resource.capacity, resource.active, at, at)
                .run()
            try await Self.writeWeek(hours.week, of: resource.id, on: sql)
        }
        return resource
    }

    /// Replaces the resource's regular week. Future slots that nobody has booked are made again
    /// from the new hours; booked ones stay, and are counted in the answer so that staff can
    /// contact those people.
    @discardableResult
    public func setWeek(_ week: [Weekday: [OpeningPeriod]], of resourceID: String, now: Date = Date()) async throws -> Int {
        let hours = try Self.hours(week: week)
        return try await store.writeTransaction { sql in
            try await Self.writeWeek(hours.week, of: resourceID, on: sql)
            return try await Self.dropUnbookedSlots(of: resourceID, after: Int64(now.timeIntervalSince1970), on: sql)
        }
    }

    /// Sets the hours of one date (an empty list closes it; nil goes back to the week).
    @discardableResult
    public func setException(_ periods: [OpeningPeriod]?, on date: CalendarDate, note: String? = nil, of resourceID: String,
                             now: Date = Date()) async throws -> Int {
        let checked: [OpeningPeriod]?
        do { checked = try periods.map { periods throws(OpeningHours.Failure) in try OpeningHours.checked(periods) } } catch {
            throw BookingSetupRefused("periods", error.description)
        }
        return try await store.writeTransaction { sql in
            try await sql.raw("DELETE FROM booking_exceptions WHERE resource_id = \(bind: resourceID) AND date = \(bind: date.description)").run()
            if let checked {
                try await sql.insert(into: "booking_exceptions").columns("resource_id", "date", "periods", "note")
                    .values(resourceID, date.description, Self.text(checked), note.map { String($0.prefix(200)) }).run()
            }
            return try await Self.dropUnbookedSlots(of: resourceID, after: Int64(now.timeIntervalSince1970), on: sql)
        }
    }

    /// The active resources of a service, in a municipality if one is given, by name.
    public func resources(service: String, municipality: String? = nil) async throws -> [BookingResource] {
        var query = SQLQueryString("SELECT * FROM booking_resources WHERE service = \(bind: service) AND active = \(bind: true)")
        if let municipality { query.appendInterpolation(raw: " AND municipality_number = "); query.appendInterpolation(bind: municipality) }
        query.appendInterpolation(raw: " ORDER BY name, id")
        return try await store.sql.raw(query).all().map(Self.decodeResource)
    }

    /// The municipalities with an active resource of the service, by name: `(number, name)`.
    public func municipalities(service: String) async throws -> [(number: String, name: String)] {
        try await store.sql.raw("""
            SELECT DISTINCT m.number, m.name FROM booking_resources r JOIN municipalities m ON m.number = r.municipality_number
            WHERE r.service = \(bind: service) AND r.active = \(bind: true) ORDER BY m.name
            """).all().map { (try $0.decode(column: "number", as: String.self), try $0.decode(column: "name", as: String.self)) }
    }

    /// One resource; nil if there is none with this id.
    public func resource(_ id: String) async throws -> BookingResource? {
        try await store.sql.raw("SELECT * FROM booking_resources WHERE id = \(bind: id)").first().map(Self.decodeResource)
    }

    /// The resource's opening hours: its week and its exceptions.
    public func hours(of resourceID: String) async throws -> OpeningHours {
        try await Self.hours(of: resourceID, on: store.sql)
    }

    static func hours(of resourceID: String, on sql: any SQLDatabase) async throws -> OpeningHours {
        var week: [Weekday: [OpeningPeriod]] = [:]
        for row in try await sql.raw("SELECT weekday, periods FROM booking_hours WHERE resource_id = \(bind: resourceID)").all() {
            guard let day = Weekday(rawValue: try row.decode(column: "weekday", as: Int.self)) else { continue }
            week[day] = try OpeningHours.periods(try row.decode(column: "periods", as: String.self))
        }
        var exceptions: [CalendarDate: [OpeningPeriod]] = [:]
        for row in try await sql.raw("SELECT date, periods FROM booking_exceptions WHERE resource_id = \(bind: resourceID)").all() {
            guard let date = CalendarDate(iso8601: try row.decode(column: "date", as: String.self)) else { continue }
            exceptions[date] = try OpeningHours.periods(try row.decode(column: "periods", as: String.self))
        }
        return try OpeningHours(week: week, exceptions: exceptions)
    }

    func check(_ resource: BookingResource) async throws {
        guard Self.serviceNames.contains(resource.service) else {
            throw BookingSetupRefused("service", "must be one of \(Self.serviceNames.sorted().joined(separator: ", ")).")
        }
        for (field, value) in [("name", resource.name), ("address", resource.address)] where !(2...200).contains(value.count) || value.contains(where: \.isNewline) {
            throw BookingSetupRefused(field, "must be 2 to 200 characters on one line.")
        }
        guard resource.postcode.count == 4, resource.postcode.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw BookingSetupRefused("postcode", "must be four digits.")
        }
        guard SlotSchedule.slotLengths.contains(resource.slotMinutes) else { throw BookingSetupRefused("slotMinutes", "must be 5 to 240 minutes.") }
        guard (1...1000).contains(resource.capacity) else { throw BookingSetupRefused("capacity", "must be 1 to 1,000 places a slot.") }
        if let latitude = resource.latitude, !(-90...90).contains(latitude) { throw BookingSetupRefused("latitude", "must be -90 to 90.") }
        if let longitude = resource.longitude, !(-180...180).contains(longitude) { throw BookingSetupRefused("longitude", "must be -180 to 180.") }
        let sql = store.sql
        guard try await sql.raw("SELECT 1 AS ok FROM organisations WHERE number = \(bind: resource.organisationNumber)").first() != nil else {
            throw BookingSetupRefused("organisationNumber", "no organisation with number \(resource.organisationNumber.prefix(20)) is registered.")
        }
        guard try await sql.raw("SELECT 1 AS ok FROM municipalities WHERE number = \(bind: resource.municipalityNumber)").first() != nil else {
            throw BookingSetupRefused("municipalityNumber", "no municipality has the number \(resource.municipalityNumber.prefix(20)).")
        }
    }

    static func hours(week: [Weekday: [OpeningPeriod]]) throws -> OpeningHours {
        do { return try OpeningHours(week: week) } catch { throw BookingSetupRefused("hours", error.description) }
    }

    static func writeWeek(_ week: [Weekday: [OpeningPeriod]], of resourceID: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM booking_hours WHERE resource_id = \(bind: resourceID)").run()
        for (day, periods) in week.sorted(by: { $0.key < $1.key }) where !periods.isEmpty {
            try await sql.insert(into: "booking_hours").columns("resource_id", "weekday", "periods").values(resourceID, day.rawValue, text(periods)).run()
        }
    }

    /// After the hours change: future slots that nobody has booked go (they are made again from
    /// the new hours when asked for). Gives how many bookings now lie outside the hours.
    static func dropUnbookedSlots(of resourceID: String, after instant: Int64, on sql: any SQLDatabase) async throws -> Int {
        // A slot that only cancelled bookings point to stays: they keep their record of where they were.
        try await sql.raw("""
            DELETE FROM booking_slots WHERE resource_id = \(bind: resourceID) AND starts_at > \(bind: instant) AND booked = 0
            AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.slot_id = booking_slots.id)
            """).run()
        guard let minutes = try await sql.raw("SELECT slot_minutes FROM booking_resources WHERE id = \(bind: resourceID)").first()?
            .decode(column: "slot_minutes", as: Int.self), let schedule = SlotSchedule(hours: try await hours(of: resourceID, on: sql), slotMinutes: minutes)
        else { return 0 }
        return try await sql.raw("""
            SELECT starts_at, booked FROM booking_slots WHERE resource_id = \(bind: resourceID) AND starts_at > \(bind: instant) AND booked > 0
            """).all().reduce(0) { outside, row in
            schedule.offers(try row.decode(column: "starts_at", as: Int64.self)) ? outside : outside + (try row.decode(column: "booked", as: Int.self))
        }
    }

    static func text(_ periods: [OpeningPeriod]) -> String { periods.map(\.description).joined(separator: ",") }

    static func decodeResource(_ row: any SQLRow) throws -> BookingResource {
        BookingResource(id: try row.decode(column: "id", as: String.self), service: try row.decode(column: "service", as: String.self),
                        name: try row.decode(column: "name", as: String.self),
                        organisationNumber: try row.decode(column: "organisation_number", as: String.self),
                        municipalityNumber: try row.decode(column: "municipality_number", as: String.self),
                        address: try row.decode(column: "address", as: String.self), postcode: try row.decode(column: "postcode", as: String.self),
                        latitude: try row.decode(column: "latitude", as: Double?.self), longitude: try row.decode(column: "longitude", as: Double?.self),
                        slotMinutes: try row.decode(column: "slot_minutes", as: Int.self), capacity: try row.decode(column: "capacity", as: Int.self),
                        active: try row.decode(column: "active", as: Bool.self))
    }
}
