import Booking
import Foundation
import Persistence

/// A new resource, as `POST /api/v1/booking/resources` takes it; the organisation is the caller's.
struct ResourceBody: Decodable {
    let service: String
    let name: String
    let municipalityNumber: String
    let address: String
    let postcode: String
    let latitude: Double?
    let longitude: Double?
    let slotMinutes: Int
    let capacity: Int
    /// `{"monday": "08:00-11:30,12:00-15:00", …}`; a day left out is closed.
    let hours: [String: String]
}

/// New regular hours.
struct HoursBody: Decodable { let hours: [String: String] }

/// The hours of one date: `periods` as `08:00-12:00` (empty: closed), with a note.
struct ExceptionBody: Decodable {
    let periods: String
    let note: String?
}

/// A resource with its hours.
struct ResourceJSON: Encodable {
    let id, service, name, organisationNumber, municipalityNumber, address, postcode: String
    let latitude, longitude: Double?
    let slotMinutes, capacity: Int
    let active: Bool
    /// By weekday name, for the open days.
    let hours: [String: String]
    /// By date, `""` for a closed day.
    let exceptions: [String: String]

    static let dayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    init(_ resource: BookingResource, hours: OpeningHours) {
        (id, service, name, organisationNumber, municipalityNumber) =
            (resource.id, resource.service, resource.name, resource.organisationNumber, resource.municipalityNumber)
        (address, postcode, latitude, longitude) = (resource.address, resource.postcode, resource.latitude, resource.longitude)
        (slotMinutes, capacity, active) = (resource.slotMinutes, resource.capacity, resource.active)
        var week: [String: String] = [:]
        for (day, periods) in hours.week where !periods.isEmpty { week[Self.dayNames[day.rawValue - 1]] = periods.map(\.description).joined(separator: ",") }
        self.hours = week
        exceptions = Dictionary(uniqueKeysWithValues: hours.exceptions.map { ($0.key.description, $0.value.map(\.description).joined(separator: ",")) })
    }
}

struct ResourceList: Encodable {
    let items: [ResourceJSON]
    let count: Int
}

struct HoursChanged: Encodable {
    let resource: ResourceJSON
    /// Bookings whose time is no longer inside the hours: the staff should contact those people.
    let bookingsOutsideHours: Int
}

/// A slot with its places; no one's name.
struct SlotJSON: Encodable {
    let id, start, end, date, time: String
    let capacity, booked, free: Int

    init(_ slot: BookableSlot) {
        let format = ISO8601DateFormatter()
        (id, date, time) = (slot.id, slot.time.date.description, slot.time.local.description)
        start = format.string(from: Date(timeIntervalSince1970: Double(slot.time.start)))
        end = format.string(from: Date(timeIntervalSince1970: Double(slot.time.end)))
        (capacity, booked, free) = (slot.capacity, slot.booked, slot.free)
    }
}

struct SlotList: Encodable {
    let items: [SlotJSON]
    let count: Int
}
