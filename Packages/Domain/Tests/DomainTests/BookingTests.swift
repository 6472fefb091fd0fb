import Booking
import Foundation
import Identifiers
import Testing

@Suite("Booking: opening hours, slots on the Norwegian wall clock, and the booking rules")
struct BookingTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }

    @Test("Times of day read HH:MM and nothing else", arguments: [
        ("08:00", 480), ("00:00", 0), ("24:00", 1440), ("23:59", 1439), ("8:00", nil), ("24:01", nil), ("12:60", nil),
        ("-1:00", nil), ("aa:bb", nil), ("", nil), ("08:00:00", nil), ("+8:00", nil), ("٠٨:٠٠", nil),
    ] as [(String, Int?)])
    func timeOfDay(text: String, minutes: Int?) {
        #expect(TimeOfDay(text)?.minutes == minutes)
        if let minutes { #expect(TimeOfDay(minutes: minutes)?.description == text) }
    }

    @Test("A day's periods are read, sorted and checked; each kind of bad text gets its own reason")
    func periods() throws {
        let periods = try OpeningHours.periods(" 12:00-15:00, 08:00-11:30 ")
        #expect(periods.map(\.description) == ["08:00-11:30", "12:00-15:00"])
        #expect(try OpeningHours.periods("").isEmpty, "empty text is a closed day")
        #expect(throws: OpeningHours.Failure.badPeriod("15:00-08:00")) { try OpeningHours.periods("15:00-08:00") }
        #expect(throws: OpeningHours.Failure.badPeriod("08:00-08:00")) { try OpeningHours.periods("08:00-08:00") }
        #expect(throws: OpeningHours.Failure.badPeriod("08:00")) { try OpeningHours.periods("08:00") }
        #expect(throws: OpeningHours.Failure.badPeriod("8-16")) { try OpeningHours.periods("8-16") }
        let overlap = try #require(OpeningPeriod(opens: TimeOfDay("08:00")!, closes: TimeOfDay("12:00")!))
        let second = try #require(OpeningPeriod(opens: TimeOfDay("11:00")!, closes: TimeOfDay("13:00")!))
        #expect(throws: OpeningHours.Failure.overlap(overlap, second)) { try OpeningHours.periods("11:00-13:00,08:00-12:00") }
        let many = (0..<9).map { "\(10 + $0):00-\(10 + $0):30" }.joined(separator: ",")
        #expect(throws: OpeningHours.Failure.tooManyPeriods(9)) { try OpeningHours.periods(many) }
        #expect(OpeningHours.Failure.overlap(overlap, second).description == "The periods 08:00-12:00 and 11:00-13:00 overlap.")
    }

    @Test("Weekdays follow ISO 8601, Monday first")
    func weekdays() {
        #expect(Weekday(Self.date("1970-01-01")) == .thursday)
        #expect(Weekday(Self.date("2026-12-04")) == .friday)
        #expect(Weekday(Self.date("2026-12-07")) == .monday)
        #expect(Weekday(Self.date("1969-12-28")) == .sunday)
    }

    static func weekdaysOnly(_ text: String) throws -> OpeningHours {
        let periods = try OpeningHours.periods(text)
        return try OpeningHours(week: Dictionary(uniqueKeysWithValues: [Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map { ($0, periods) }))
    }

    @Test("Slots fill each period and end by closing time; exceptions replace the day, closed or open")
    func slots() throws {
        var hours = try Self.weekdaysOnly("08:00-10:00, 12:00-13:10")
        let schedule = try #require(SlotSchedule(hours: hours, slotMinutes: 20))
        let friday = schedule.slots(on: Self.date("2026-12-04"))
        #expect(friday.map(\.local.description) == ["08:00", "08:20", "08:40", "09:00", "09:20", "09:40", "12:00", "12:20", "12:40"],
                "the last 10 minutes before 13:10 are too short for a slot")
        #expect(friday.first.map { $0.end - $0.start } == 1200)
        #expect(friday.first?.start == 1_796_367_600, "08:00 in Oslo in winter is 07:00 UTC")
        #expect(schedule.slots(on: Self.date("2026-12-05")).isEmpty, "closed on Saturdays")

        try hours.setException([], on: Self.date("2026-12-24"))
        try hours.setException(try OpeningHours.periods("10:00-11:00"), on: Self.date("2026-12-05"))
        let special = try #require(SlotSchedule(hours: hours, slotMinutes: 30))
        #expect(special.slots(on: Self.date("2026-12-24")).isEmpty, "Christmas Eve is closed")
        #expect(special.slots(on: Self.date("2026-12-05")).map(\.local.description) == ["10:00", "10:30"], "an extra Saturday")
        #expect(special.slots(from: Self.date("2026-12-04"), through: Self.date("2026-12-06")).count == 6 + 2)
        try hours.setException(nil, on: Self.date("2026-12-24"))
        #expect(hours.periods(on: Self.date("2026-12-24")).count == 2, "removing the exception brings back the week")
        #expect(SlotSchedule(hours: hours, slotMinutes: 4) == nil && SlotSchedule(hours: hours, slotMinutes: 241) == nil)
    }

    @Test("Across the change to summer time, 08:00 stays 08:00, and the skipped hour gives no slot")
    func summerTime() throws {
        let allDay = try OpeningHours(week: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, try! OpeningHours.periods("01:00-04:00")) }))
        let schedule = try #require(SlotSchedule(hours: allDay, slotMinutes: 60))
        // 2027-03-28: Oslo's clocks go from 02:00 to 03:00.
        let change = schedule.slots(on: Self.date("2027-03-28"))
        #expect(change.map(\.local.description) == ["01:00", "03:00"], "02:00 does not exist that night")
        #expect(change.map(\.start) == [1_806_192_000, 1_806_195_600], "01:00 CET and 03:00 CEST are an hour apart")
        let before = try #require(SlotSchedule.instant(Self.date("2027-03-27"), minute: 480, in: SlotSchedule.norway))
        let after = try #require(SlotSchedule.instant(Self.date("2027-03-29"), minute: 480, in: SlotSchedule.norway))
        #expect(after - before == 2 * 86_400 - 3600)
        let wall = SlotSchedule.wallClock(after, in: SlotSchedule.norway)
        #expect(wall.date == Self.date("2027-03-29") && wall.time.description == "08:00")
        let early = SlotSchedule.wallClock(-1, in: TimeZone(identifier: "UTC")!)
        #expect(early.date == Self.date("1969-12-31") && early.time.description == "23:59")
    }

    @Test("Booking needs notice and opens a fixed number of days ahead; changes stop at the start")
    func policy() throws {
        let policy = BookingPolicy()
        let today = Self.date("2026-12-04")
        let now: Int64 = 1_796_367_600  // 08:00 on 2026-12-04
        func slot(_ start: Int64, _ date: CalendarDate = today) -> SlotTime { SlotTime(start: start, end: start + 900, date: date, local: TimeOfDay("09:00")!) }
        #expect(throws: BookingPolicy.Refusal.tooLate) { try policy.checkBookable(slot(now + 600), now: now, today: today) }
        #expect(throws: BookingPolicy.Refusal.tooLate) { try policy.checkBookable(slot(now - 3600), now: now, today: today) }
        try policy.checkBookable(slot(now + 900), now: now, today: today)
        try policy.checkBookable(slot(now + 14 * 86_400, today.adding(days: 14)), now: now, today: today)
        #expect(throws: BookingPolicy.Refusal.tooFarAhead(days: 14)) {
            try policy.checkBookable(slot(now + 15 * 86_400, today.adding(days: 15)), now: now, today: today)
        }
        try policy.checkChangeable(start: now + 1, now: now)
        #expect(throws: BookingPolicy.Refusal.notActive) { try policy.checkChangeable(start: now, now: now) }
    }

    @Test("The reminder is due from a day before until the start, and not for bookings made inside that day")
    func reminders() {
        let policy = BookingPolicy()
        let start: Int64 = 2_000_000_000
        #expect(!policy.reminderDue(start: start, bookedAt: start - 3 * 86_400, now: start - 86_401))
        #expect(policy.reminderDue(start: start, bookedAt: start - 3 * 86_400, now: start - 86_400))
        #expect(policy.reminderDue(start: start, bookedAt: start - 3 * 86_400, now: start - 1))
        #expect(!policy.reminderDue(start: start, bookedAt: start - 3 * 86_400, now: start))
        #expect(!policy.reminderDue(start: start, bookedAt: start - 3600, now: start - 1800))
    }

    @Test("Opening periods travel as HH:MM-HH:MM in JSON, and bad ones are refused")
    func codable() throws {
        let period = try #require(try OpeningHours.periods("08:00-15:30").first)
        #expect(String(decoding: try JSONEncoder().encode([period]), as: UTF8.self) == #"["08:00-15:30"]"#)
        #expect(try JSONDecoder().decode([OpeningPeriod].self, from: Data(#"["07:30-09:00"]"#.utf8)).first?.opens.minutes == 450)
        for bad in [#"["9:00-10:00"]"#, #"["10:00-09:00"]"#, #"[" 08:00-09:00"]"#, "[1]"] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode([OpeningPeriod].self, from: Data(bad.utf8)) }
        }
    }
}
