import Localization
import Testing
@testable import WebUI

@Suite("Booking pages: hostile names and ids stay text, links stay inside their path, full times cannot be chosen")
struct BookingPagesTests {
    static let hostile = "\"><script>alert(1)</script>"
    static let station = StationRow(id: "a/../../admin\(hostile)", name: "Stasjon \(hostile)", address: "Gate \(hostile)")
    static let context = PageContext(language: .en, path: "/book")

    @Test("Every booking page escapes what it shows and encodes ids in its links")
    func injection() {
        let row = BookingRow(id: "id\(Self.hostile)", when: "Monday", station: Self.station, status: .bookingStatusBooked, upcoming: true)
        let model = SlotPageModel(station: Self.station, days: [BookingDay(date: "2026-12-08", label: "Tuesday \(Self.hostile)", selected: false)],
                                  dayLabel: "Tuesday", slots: [SlotOption(id: "slot\(Self.hostile)", time: "08:00", free: 1)],
                                  changing: "c\(Self.hostile)", csrfToken: "token\(Self.hostile)", error: "error \(Self.hostile)")
        let pages = [
            BookingPages.stations(municipalities: [Choice(value: "0301\(Self.hostile)", label: "Oslo \(Self.hostile)")], selected: "0301",
                                  stations: [Self.station], upcoming: row, context: Self.context),
            BookingPages.slots(model, context: Self.context),
            BookingPages.mine(upcoming: [row], earlier: [row], notice: .bookingCancelled, context: Self.context),
            BookingPages.detail(row, notice: .bookingConfirmed, error: "error \(Self.hostile)", context: Self.context),
            BookingPages.confirmCancel(row, csrfToken: "token\(Self.hostile)", context: Self.context),
        ]
        for page in pages {
            #expect(!page.contains("<script>"), "no markup from the input")
            #expect(!page.contains("href=\"/book/a/"), "a slash in an id does not leave the path segment")
        }
        #expect(pages[1].contains("href=\"/book/a%2F..%2F..%2Fadmin%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E?date=2026-12-08&change=c%22%3E%3Cscript%3E"))
    }

    @Test("A full time is shown as full, without a radio button; with no free time there is no button to press")
    func fullTimes() {
        let slots = [SlotOption(id: "s1", time: "08:00", free: 0), SlotOption(id: "s2", time: "08:10", free: 3)]
        let model = SlotPageModel(station: Self.station, days: [], dayLabel: "Tuesday", slots: slots, changing: nil, csrfToken: "t", error: nil)
        let page = BookingPages.slots(model, context: Self.context)
        #expect(page.contains("08:00 (full)") && !page.contains("value=\"s1\"") && page.contains("value=\"s2\"") && page.contains("08:10 (3 free)"))
        #expect(page.contains(">Book</button>"))
        var none = model
        none.slots = [SlotOption(id: "s1", time: "08:00", free: 0)]
        let empty = BookingPages.slots(none, context: Self.context)
        #expect(empty.contains("No free times on this day.") && !empty.contains(">Book</button>"))
    }
}
