import Foundation
import Identifiers

/// One slot: when it starts and ends (seconds since 1970, UTC), and its day and starting time on
/// the resource's wall clock.
public struct SlotTime: Hashable, Sendable {
    public let start: Int64
    public let end: Int64
    public let date: CalendarDate
    public let local: TimeOfDay

    public init(start: Int64, end: Int64, date: CalendarDate, local: TimeOfDay) {
        self.start = start
        self.end = end
        self.date = date
        self.local = local
    }
}

/// The slots a resource offers: its opening periods cut into slots of `slotMinutes`, on the wall
/// clock of `timeZone` (Europe/Oslo for every Norwegian resource), so that 08:00 stays 08:00 across
/// the change to and from summer time. A slot must end by closing time; a period's remainder
/// shorter than a slot is not offered. A wall-clock time that does not exist (the hour skipped
/// in spring) gives no slot.
public struct SlotSchedule: Sendable {
    public let hours: OpeningHours
    public let slotMinutes: Int
    public let timeZone: TimeZone

    /// The slot lengths a resource may use, in minutes.
    public static let slotLengths = 5...240

    /// A schedule; nil if `slotMinutes` is outside `slotLengths`.
    public init?(hours: OpeningHours, slotMinutes: Int, timeZone: TimeZone = SlotSchedule.norway) {
        guard Self.slotLengths.contains(slotMinutes) else { return nil }
        self.hours = hours
        self.slotMinutes = slotMinutes
        self.timeZone = timeZone
    }

    /// Norway's time zone.
    public static let norway = TimeZone(identifier: "Europe/Oslo")!

    /// The slots on `date`, in order.
    public func slots(on date: CalendarDate) -> [SlotTime] {
        var slots: [SlotTime] = []
        for period in hours.periods(on: date) {
            var minute = period.opens.minutes
            while minute + slotMinutes <= period.closes.minutes {
                if let start = Self.instant(date, minute: minute, in: timeZone), let local = TimeOfDay(minutes: minute) {
                    slots.append(SlotTime(start: start, end: start + Int64(slotMinutes) * 60, date: date, local: local))
                }
                minute += slotMinutes
            }
        }
        return slots
    }

    /// The slots from `first` through `last`, in order.
    public func slots(from first: CalendarDate, through last: CalendarDate) -> [SlotTime] {
        guard first <= last else { return [] }
        return (first.daysSinceEpoch...last.daysSinceEpoch).flatMap { slots(on: CalendarDate(daysSinceEpoch: $0)) }
    }

    /// Whether a slot starts at `start` under these hours and slot length.
    public func offers(_ start: Int64) -> Bool {
        slots(on: Self.wallClock(start, in: timeZone).date).contains { $0.start == start }
    }

    /// The instant of `minute` past midnight on `date` on the wall clock of `timeZone`; nil when
    /// the clock skips that time.
    public static func instant(_ date: CalendarDate, minute: Int, in timeZone: TimeZone) -> Int64? {
        let wall = Int64(date.daysSinceEpoch) * 86_400 + Int64(minute) * 60
        func offset(_ instant: Int64) -> Int64 { Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))) }
        var guess = wall - offset(wall)
        guess = wall - offset(guess)
        return guess + offset(guess) == wall ? guess : nil
    }

    /// The day and time of `instant` on the wall clock of `timeZone`.
    public static func wallClock(_ instant: Int64, in timeZone: TimeZone) -> (date: CalendarDate, time: TimeOfDay) {
        let wall = instant + Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
        let (days, seconds) = wall.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = seconds < 0 ? (days - 1, seconds + 86_400) : (days, seconds)
        return (CalendarDate(daysSinceEpoch: Int(day)), TimeOfDay(minutes: Int(second / 60))!)
    }
}
