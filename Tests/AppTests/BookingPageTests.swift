import Booking
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identifiers
import Persistence
import Testing
@testable import TverrApp

@Suite("Booking a test on \"my page\": stations, a day and a time, then change and cancel, without JavaScript")
struct BookingPageTests {
    typealias H = IdentityHarness

    typealias Citizen = PortalTests.Session

    static func citizen(_ h: H, index: Int = 0) async throws -> Citizen { try await PortalTests.session(h, index: index) }

    /// A station in the citizen's home municipality, open every day around the clock, two places an hour.
    static func station(_ h: H, for citizen: Citizen, name: String = "Teststasjon Heime") async throws -> BookingResource {
        let home = try #require(try await SQLRegisterRepository(store: h.store).person(try NationalIdentityNumber(citizen.pid))?.currentMunicipalityNumber)
        let organisation = try #require(try await h.store.sql.raw("SELECT number FROM organisations WHERE municipality_number = \(bind: home)").first())
            .decode(column: "number", as: String.self)
        let allDay = try OpeningHours.periods("00:00-24:00")
        return try await Bookings(store: h.store).create(
            BookingResource(service: "covid-test", name: name, organisationNumber: organisation, municipalityNumber: home, address: "Torget 1",
                            postcode: "0150", slotMinutes: 60, capacity: 2),
            week: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, allDay) }))
    }

    static var tomorrow: CalendarDate { SlotSchedule.wallClock(Int64(Date().timeIntervalSince1970), in: SlotSchedule.norway).date.adding(days: 1) }

    static func slot(_ station: BookingResource, _ hour: Int, on date: CalendarDate = tomorrow) -> String {
        BookableSlot.id(resource: station.id, start: SlotSchedule.instant(date, minute: hour * 60, in: SlotSchedule.norway)!)
    }

    static func post(_ h: H, _ citizen: Citizen, _ path: String, _ fields: [String: String]) async throws -> TestResponse {
        var headers = citizen.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await h.client.execute(uri: path, method: .post, headers: headers, body: H.form(fields))
    }

    static func page(_ h: H, _ citizen: Citizen, _ path: String) async throws -> (HTTPResponse.Status, String) {
        let response = try await h.client.execute(uri: path, method: .get, headers: citizen.headers)
        return (response.status, String(buffer: response.body))
    }

    @Test("Every booking page sends a visitor without a session to the login", arguments: ["/book", "/book/x", "/my/bookings", "/my/bookings/x", "/my/bookings/x/cancel"])
    func needsLogin(path: String) async throws {
        try await H.run(.sqlite) { h in
            let response = try await h.client.execute(uri: path, method: .get)
            #expect(response.status == .seeOther && response.headers[.location]?.hasPrefix("/login") == true, "\(path): \(response.status)")
        }
    }

    @Test("The stations of the person's own municipality come first; another municipality can be chosen", arguments: Backend.available)
    func stations(backend: Backend) async throws {
        try await H.run(backend) { h in
            let citizen = try await Self.citizen(h)
            try await DemoTestStations.seed(store: h.store)
            let station = try await Self.station(h, for: citizen)
            let (status, html) = try await Self.page(h, citizen, "/book?lang=en")
            #expect(status == .ok && html.contains("Book a COVID-19 test") && html.contains("Teststasjon Heime"))
            #expect(html.contains("href=\"/book/\(station.id)\""))
            let (_, bergen) = try await Self.page(h, citizen, "/book?municipality=4601&lang=nn")
            #expect(bergen.contains("Teststasjon Bergen sentrum") && !bergen.contains("Teststasjon Heime") && bergen.contains("Vis teststasjonar"))
            let (_, ukrainian) = try await Self.page(h, citizen, "/book?lang=uk")
            #expect(ukrainian.contains("Записатися на тест на COVID-19"))
            let (_, hostile) = try await Self.page(h, citizen, "/book?municipality=%3Cscript%3E")
            #expect(!hostile.contains("<script>") && hostile.contains("Teststasjon Heime"), "an unknown municipality falls back to the home one")
        }
    }

    @Test("Book a time, see it confirmed and listed; a second booking is refused; the form needs its token and a time", arguments: Backend.available)
    func book(backend: Backend) async throws {
        try await H.run(backend) { h in
            let citizen = try await Self.citizen(h)
            let station = try await Self.station(h, for: citizen)
            let (_, day) = try await Self.page(h, citizen, "/book/\(station.id)?date=\(Self.tomorrow)&lang=en")
            #expect(day.contains("value=\"\(Self.slot(station, 10))\"") && day.contains("10:00 (2 free)") && day.contains("aria-current=\"date\""))
            #expect(day.contains("<legend>Free times, ") && day.contains("type=\"radio\""))
            let (_, page) = try await Self.page(h, citizen, "/book?lang=en")
            #expect(page.contains("href=\"/book/\(station.id)\""), "the station's link is /book/{id}")

            let forged = try await Self.post(h, citizen, "/book/\(station.id)", ["csrf_token": "forged", "slot": Self.slot(station, 10)])
            #expect(forged.status == .forbidden)
            let none = try await Self.post(h, citizen, "/book/\(station.id)?lang=en", ["csrf_token": citizen.csrf])
            #expect(none.status == .unprocessableContent && String(buffer: none.body).contains("Choose a time before you press"))
            for bad in ["<script>alert(1)</script>", "\(station.id)@12", String(repeating: "9", count: 500)] {
                let response = try await Self.post(h, citizen, "/book/\(station.id)?lang=en", ["csrf_token": citizen.csrf, "slot": bad])
                #expect(response.status == .unprocessableContent && String(buffer: response.body).contains("We could not find that time"))
                #expect(!String(buffer: response.body).contains("<script>alert"))
            }
            #expect(try await Bookings(store: h.store).bookings(for: citizen.pid).isEmpty, "nothing was booked by the refused forms")

            let booked = try await Self.post(h, citizen, "/book/\(station.id)", ["csrf_token": citizen.csrf, "slot": Self.slot(station, 10)])
            #expect(booked.status == .seeOther)
            let location = try #require(booked.headers[.location])
            #expect(location.hasPrefix("/my/bookings/") && location.hasSuffix("?done=booked"))
            let (_, confirmed) = try await Self.page(h, citizen, location + "&lang=en")
            #expect(confirmed.contains("Your time is booked.") && confirmed.contains("Teststasjon Heime") && confirmed.contains("Booked"))
            let (_, list) = try await Self.page(h, citizen, "/my/bookings?lang=en")
            #expect(list.contains("Upcoming") && list.contains("Teststasjon Heime"))
            let again = try await Self.post(h, citizen, "/book/\(station.id)?lang=en", ["csrf_token": citizen.csrf, "slot": Self.slot(station, 11)])
            #expect(again.status == .conflict && String(buffer: again.body).contains("You already have a booking."))
            let (_, front) = try await Self.page(h, citizen, "/book?lang=en")
            #expect(front.contains("You already have a booking. You can change or cancel it."))
        }
    }

    @Test("Change to a full time is refused and keeps the booking; to a free one moves it; cancel asks first, then frees the place",
          arguments: Backend.available)
    func changeAndCancel(backend: Backend) async throws {
        try await H.run(backend) { h in
            let citizen = try await Self.citizen(h)
            let station = try await Self.station(h, for: citizen)
            let bookings = Bookings(store: h.store)
            let mine = try await bookings.book(slot: Self.slot(station, 9), for: citizen.pid)
            for other in ["a", "b"] { _ = try await bookings.book(slot: Self.slot(station, 12), for: other) }
            let (_, changePage) = try await Self.page(h, citizen, "/book/\(station.id)?date=\(Self.tomorrow)&change=\(mine.id)&lang=en")
            #expect(changePage.contains("name=\"change\" value=\"\(mine.id)\"") && changePage.contains("Move my booking here"))
            #expect(changePage.contains("12:00 (full)") && !changePage.contains("value=\"\(Self.slot(station, 12))\""), "a full time cannot be chosen")
            let full = try await Self.post(h, citizen, "/book/\(station.id)?lang=en", ["csrf_token": citizen.csrf, "slot": Self.slot(station, 12), "change": mine.id])
            #expect(full.status == .conflict && String(buffer: full.body).contains("That time filled up"))
            #expect(String(buffer: full.body).contains("<strong aria-current=\"date\">"), "the refused page shows a day")
            #expect(String(buffer: full.body).contains("value=\"\(Self.slot(station, 14))\""), "the day of the chosen time, with its other times")
            #expect(try await bookings.booking(mine.id, for: citizen.pid)?.slotID == Self.slot(station, 9))
            let moved = try await Self.post(h, citizen, "/book/\(station.id)", ["csrf_token": citizen.csrf, "slot": Self.slot(station, 14), "change": mine.id])
            #expect(moved.status == .seeOther && moved.headers[.location] == "/my/bookings/\(mine.id)?done=changed")
            #expect(try await bookings.booking(mine.id, for: citizen.pid)?.slotID == Self.slot(station, 14))

            let (_, question) = try await Self.page(h, citizen, "/my/bookings/\(mine.id)/cancel?lang=en")
            #expect(question.contains("Do you want to cancel the booking?") && question.contains("No, keep it"))
            #expect(try await bookings.booking(mine.id, for: citizen.pid)?.status == .booked, "asking cancels nothing")
            let forged = try await Self.post(h, citizen, "/my/bookings/\(mine.id)/cancel", ["csrf_token": "forged"])
            let afterForged = try await bookings.booking(mine.id, for: citizen.pid)?.status
            #expect(forged.status == .forbidden && afterForged == .booked)
            let cancelled = try await Self.post(h, citizen, "/my/bookings/\(mine.id)/cancel", ["csrf_token": citizen.csrf])
            #expect(cancelled.status == .seeOther && cancelled.headers[.location] == "/my/bookings?done=cancelled")
            let (_, list) = try await Self.page(h, citizen, "/my/bookings?done=cancelled&lang=en")
            #expect(list.contains("Your booking has been cancelled.") && list.contains("Earlier and cancelled") && list.contains("Cancelled"))
            let slots = try await bookings.slots(of: station.id, from: Self.tomorrow, through: Self.tomorrow)
            #expect(slots.first { $0.id == Self.slot(station, 14) }?.free == 2, "the place is free again")
            let twice = try await Self.post(h, citizen, "/my/bookings/\(mine.id)/cancel?lang=en", ["csrf_token": citizen.csrf])
            #expect(twice.status == .conflict && String(buffer: twice.body).contains("has been cancelled"))

            let other = try await Self.citizen(h, index: 1)
            #expect(try await Self.page(h, other, "/my/bookings/\(mine.id)").0 == .notFound, "another person's booking is not found")
            #expect(try await Self.post(h, other, "/my/bookings/\(mine.id)/cancel", ["csrf_token": other.csrf]).status == .notFound)
        }
    }
}
