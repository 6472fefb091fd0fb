import FluentKit
import SQLKit

/// 0018: the booking block.
/// - `booking_resources`: what can be booked (a test station, a youth health clinic's
///   consultations), run by an organisation at a place, with a slot length and places per slot;
/// - `booking_hours` and `booking_exceptions`: its regular week and the dates that differ, each
///   day as text such as `08:00-11:30,12:00-15:00` (empty: closed);
/// - `booking_slots`: slots made from the hours when first asked for, each with its capacity and
///   the places taken; `booked <= capacity` is kept by a conditional update, so concurrent
///   requests for the last place cannot overfill it;
/// - `bookings`: a person's place in a slot, booked or cancelled, with the notice still to send
///   (its confirmation, change or cancellation) and the time its reminder went.
struct CreateBooking: AsyncMigration {
    var name: String { "0018_CreateBooking" }

    func prepare(on database: any Database) async throws {
        try await database.schema("booking_resources")
            .field("id", .string, .identifier(auto: false))
            .field("service", .string, .required)
            .field("name", .string, .required)
            .field("organisation_number", .string, .required, .references("organisations", "number"))
            .field("municipality_number", .string, .required, .references("municipalities", "number"))
            .field("address", .string, .required)
            .field("postcode", .string, .required)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("slot_minutes", .int, .required)
            .field("capacity", .int, .required)
            .field("active", .bool, .required)
            .field("created_at", .int64, .required)
            .field("updated_at", .int64, .required)
            .create()
        try await database.schema("booking_hours")
            .field("resource_id", .string, .required, .references("booking_resources", "id", onDelete: .cascade))
            .field("weekday", .int, .required)        // 1 Monday … 7 Sunday
            .field("periods", .string, .required)
            .unique(on: "resource_id", "weekday")
            .create()
        try await database.schema("booking_exceptions")
            .field("resource_id", .string, .required, .references("booking_resources", "id", onDelete: .cascade))
            .field("date", .string, .required)        // YYYY-MM-DD on the resource's wall clock
            .field("periods", .string, .required)
            .field("note", .string)
            .unique(on: "resource_id", "date")
            .create()
        try await database.schema("booking_slots")
            .field("id", .string, .identifier(auto: false))
            .field("resource_id", .string, .required, .references("booking_resources", "id", onDelete: .cascade))
            .field("starts_at", .int64, .required)    // seconds since 1970
            .field("ends_at", .int64, .required)
            .field("capacity", .int, .required)
            .field("booked", .int, .required)
            .unique(on: "resource_id", "starts_at")
            .create()
        try await database.schema("bookings")
            .field("id", .string, .identifier(auto: false))
            .field("slot_id", .string, .required, .references("booking_slots", "id"))
            .field("resource_id", .string, .required, .references("booking_resources", "id"))
            .field("service", .string, .required)
            .field("person", .string, .required)
            .field("status", .string, .required)      // booked | cancelled
            .field("starts_at", .int64, .required)
            .field("created_at", .int64, .required)
            .field("updated_at", .int64, .required)
            .field("reminded_at", .int64)
            .field("notice", .string)                 // the notice still to send: booked | changed | cancelled
            .field("language", .string, .required)    // nb | nn | en | uk: the notices' language, the one the person booked in
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX booking_resources_service ON booking_resources (service, municipality_number)").run()
        try await sql.raw("CREATE INDEX bookings_person ON bookings (person, status, starts_at)").run()
        try await sql.raw("CREATE INDEX bookings_slot ON bookings (slot_id, status)").run()
        try await sql.raw("CREATE INDEX bookings_reminders ON bookings (starts_at) WHERE status = 'booked' AND reminded_at IS NULL").run()
        try await sql.raw("CREATE INDEX bookings_notices ON bookings (updated_at) WHERE notice IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["bookings", "booking_slots", "booking_exceptions", "booking_hours", "booking_resources"] {
            try await database.schema(table).delete()
        }
    }
}
