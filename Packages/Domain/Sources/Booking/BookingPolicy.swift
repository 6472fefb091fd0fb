import Identifiers

/// The rules every booking keeps, whatever the service: how far ahead and how late a slot can be
/// booked, changed or cancelled, how many upcoming bookings one person may hold for a service,
/// and when the reminder goes out.
public struct BookingPolicy: Sendable, Equatable {
    /// How many days ahead a slot can be booked (today is day 0).
    public var horizonDays: Int
    /// A slot starting sooner than this (seconds) can no longer be booked or moved to.
    public var minimumNotice: Int64
    /// Upcoming bookings one person may hold for one service (1: book, then change or cancel).
    public var upcomingPerService: Int
    /// The reminder goes out this long (seconds) before the slot starts.
    public var reminderLead: Int64

    /// A policy; the defaults are those of the pandemic test booking.
    public init(horizonDays: Int = 14, minimumNotice: Int64 = 15 * 60, upcomingPerService: Int = 1, reminderLead: Int64 = 24 * 3600) {
        self.horizonDays = horizonDays
        self.minimumNotice = minimumNotice
        self.upcomingPerService = upcomingPerService
        self.reminderLead = reminderLead
    }

    /// Why a booking, change or cancellation is refused.
    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        /// Every place in the slot is taken.
        case slotFull
        /// The slot has started, or starts too soon to be booked.
        case tooLate
        /// The slot is further ahead than bookings open.
        case tooFarAhead(days: Int)
        /// The person already holds as many upcoming bookings for the service as allowed.
        case alreadyBooked
        /// No such slot, or the resource does not take bookings now.
        case noSuchSlot
        /// The booking has been cancelled, or its time has passed.
        case notActive

        public var description: String {
            switch self {
            case .slotFull: "The slot is full. Choose another time."
            case .tooLate: "The slot starts too soon to be booked. Choose a later time."
            case .tooFarAhead(let days): "Bookings open \(days) days ahead. Choose an earlier day."
            case .alreadyBooked: "You already have a booking for this service. Change or cancel that one instead."
            case .noSuchSlot: "There is no such slot to book."
            case .notActive: "The booking has been cancelled or its time has passed."
            }
        }
    }

    /// Refuses a slot that cannot be booked (or moved to) at `now`, on `today` at the resource.
    public func checkBookable(_ slot: SlotTime, now: Int64, today: CalendarDate) throws(Refusal) {
        guard slot.start - now >= minimumNotice else { throw .tooLate }
        guard slot.date.daysSinceEpoch - today.daysSinceEpoch <= horizonDays else { throw .tooFarAhead(days: horizonDays) }
    }

    /// Refuses changing or cancelling a booking whose slot starts at `start`, once it has started.
    public func checkChangeable(start: Int64, now: Int64) throws(Refusal) {
        guard now < start else { throw .notActive }
    }

    /// Whether the reminder for a slot from `start`, booked at `bookedAt`, is due at `now`: from
    /// `reminderLead` before the start until the start. A booking made after that moment has had
    /// its confirmation just now and gets no reminder.
    public func reminderDue(start: Int64, bookedAt: Int64, now: Int64) -> Bool {
        let from = start - reminderLead
        return bookedAt < from && now >= from && now < start
    }
}
