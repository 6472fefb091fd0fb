import Booking
import Foundation
import Identity
import Localization
import NIOConcurrencyHelpers
import SQLKit

/// Sends what bookings owe people through the notify block: the confirmation, change and
/// cancellation notices (left in `bookings.notice` by the same transaction as the change, so
/// none is lost when the process stops), and the reminder when it falls due. Each message has an
/// idempotency key made from the booking and its version, so a run repeated after a crash
/// sends nothing twice. The notify block picks the channel, paper included.
public struct BookingNotices: Sendable {
    let store: Store
    let policy: BookingPolicy
    /// The organisations whose notice templates are known to exist, so each is checked once per process.
    let prepared = NIOLockedValueBox<Set<String>>([])

    public init(store: Store, policy: BookingPolicy = BookingPolicy()) {
        self.store = store
        self.policy = policy
    }

    /// The template id of a notice (`booking-booked`, `booking-reminder`, …).
    public static func templateID(_ notice: String) -> String { "booking-\(notice)" }

    /// Sends up to `limit` pending notices and `limit` due reminders; gives how many it sent.
    public func runOnce(now: Date = Date(), limit: Int = 100) async throws -> Int {
        let at = Int64(now.timeIntervalSince1970)
        var sent = 0
        for row in try await store.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM bookings b JOIN booking_resources r ON r.id = b.resource_id
            WHERE b.notice IS NOT NULL ORDER BY b.updated_at, b.id LIMIT \(bind: limit)
            """).all() {
            let due = try Due(row)
            // A confirmation or change whose time has passed (the workers were stopped) helps nobody.
            if due.notice == "cancelled" || due.start > at,
               try await send(due.notice, for: due, key: "booking:\(due.id):\(due.notice):\(due.updatedAt)") {
                sent += 1
            }
            try await store.writing {
                try await store.sql.raw("UPDATE bookings SET notice = NULL WHERE id = \(bind: due.id) AND updated_at = \(bind: due.updatedAt)").run()
            }
        }
        for row in try await store.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM bookings b JOIN booking_resources r ON r.id = b.resource_id
            WHERE b.status = 'booked' AND b.reminded_at IS NULL AND b.starts_at > \(bind: at) AND b.starts_at <= \(bind: at + policy.reminderLead)
              AND b.updated_at < b.starts_at - \(bind: policy.reminderLead)
            ORDER BY b.starts_at, b.id LIMIT \(bind: limit)
            """).all() {
            let due = try Due(row)
            guard policy.reminderDue(start: due.start, bookedAt: due.updatedAt, now: at) else { continue }
            if try await send("reminder", for: due, key: "booking:\(due.id):reminder:\(due.start)") { sent += 1 }
            try await store.writing {
                try await store.sql.raw("UPDATE bookings SET reminded_at = \(bind: at) WHERE id = \(bind: due.id) AND starts_at = \(bind: due.start)").run()
            }
        }
        return sent
    }

    /// A booking with what its notice needs.
    struct Due {
        let id: String, person: String, notice: String, start: Int64, updatedAt: Int64, language: Language
        let organisation: String, place: String

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: String.self)
            person = try row.decode(column: "person", as: String.self)
            notice = try row.decode(column: "notice", as: String?.self) ?? "reminder"
            start = try row.decode(column: "starts_at", as: Int64.self)
            updatedAt = try row.decode(column: "updated_at", as: Int64.self)
            language = Language(rawValue: try row.decode(column: "language", as: String.self)) ?? .fallback
            organisation = try row.decode(column: "organisation_number", as: String.self)
            place = "\(try row.decode(column: "name", as: String.self)), \(try row.decode(column: "address", as: String.self)), "
                + (try row.decode(column: "postcode", as: String.self))
        }
    }

    static let columns = "b.id, b.person, b.notice, b.starts_at, b.updated_at, b.language, r.organisation_number, r.name, r.address, r.postcode"

    /// Sends one notice; false when the notify block refused it for good (for example a person no
    /// longer in the register), so that it does not hold up the others. Other errors are thrown,
    /// and the notice is tried again at the next run.
    func send(_ notice: String, for due: Due, key: String) async throws -> Bool {
        try await prepare(due.organisation)
        let when = due.language.format(Date(timeIntervalSince1970: Double(due.start)), date: .full, time: .short)
        let request = MessageRequest(template: Self.templateID(notice), to: .init(nationalIdentityNumber: due.person),
                                     personalisation: ["tid": when, "sted": due.place], language: due.language.rawValue, reference: "booking:\(due.id)")
        let authorisation = try ExchangeCatalogue.authorise(grantedScopes: ["tverr:notify/messages.send"], purpose: "varsling",
                                                            legalBasis: "eforvaltningsforskriften-kap-8", needing: .contact, write: true)
        do {
            _ = try await NotifyMessages(store: store).send(request, caller: ExchangeCaller(clientID: Self.clientID, organisationNumber: due.organisation),
                                                            authorisation: authorisation, idempotencyKey: key)
            return true
        } catch is MessageRefusal {
            return false
        }
    }

    /// Who sends, in the notify block's records and the audit log.
    public static let clientID = "tverr-booking"

    /// Saves the notice templates for the organisation unless it has them.
    func prepare(_ organisation: String) async throws {
        guard !prepared.withLockedValue({ $0.contains(organisation) }) else { return }
        let templates = Dictionary(uniqueKeysWithValues: BookingNoticeTexts.templates.map { (Self.templateID($0.key), $0.value) })
        try await NotifyTemplates(store: store).ensure(templates, organisation: organisation, by: Self.clientID)
        prepared.withLockedValue { _ = $0.insert(organisation) }
    }
}
