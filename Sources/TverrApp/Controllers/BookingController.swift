import Booking
import Foundation
import Hummingbird
import Identifiers
import Localization
import Persistence
import WebUI

/// Booking a COVID-19 test on "my page": a station in the person's municipality (from the
/// population register, so it is not asked for), a day and a time, then "my bookings" to change
/// or cancel. Every page needs the portal session; every POST its CSRF token.
struct BookingController {
    let portal: PortalController
    static let service = "covid-test"

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.book.path) { request, _ in try await stations(request) }
        router.get(SiteRoute.bookStation.path) { request, context in try await slots(request, station: context.parameters.get("station") ?? "", form: nil) }
        router.post(SiteRoute.bookStation.path) { request, context in
            try await slots(request, station: context.parameters.get("station") ?? "", form: try? await FormBody.read(request))
        }
        router.get(SiteRoute.myBookings.path) { request, _ in try await mine(request) }
        router.get(SiteRoute.myBooking.path) { request, context in try await detail(request, id: context.parameters.get("id") ?? "", cancel: false, form: nil) }
        router.get(SiteRoute.myBookingCancel.path) { request, context in
            try await detail(request, id: context.parameters.get("id") ?? "", cancel: true, form: nil)
        }
        router.post(SiteRoute.myBookingCancel.path) { request, context in
            try await detail(request, id: context.parameters.get("id") ?? "", cancel: true, form: try? await FormBody.read(request))
        }
    }

    func stations(_ request: Request) async throws -> Response {
        try await portal.selfService(request, form: nil) { _, parts, number, _, _ in
            let bookings = Bookings(store: parts.store)
            let municipalities = try await bookings.municipalities(service: Self.service)
            let home = try await portal.repository.person(number)?.currentMunicipalityNumber
            let asked = request.uri.queryParameters.get("municipality")
            let selected = [asked, home].compactMap { $0 }.first { code in municipalities.contains { $0.number == code } } ?? municipalities.first?.number ?? ""
            let stations = try await bookings.resources(service: Self.service, municipality: selected).map(Self.row)
            let upcoming = try await upcomingRow(bookings, person: number.value, language: parts.context.language)
            return PortalController.page(BookingPages.stations(municipalities: municipalities.map { Choice(value: $0.number, label: $0.name) },
                                                               selected: selected, stations: stations, upcoming: upcoming, context: parts.context),
                                         request: request)
        }
    }

    /// The day picker and times; a POST books (or, with `change`, moves a booking) and goes to it.
    func slots(_ request: Request, station id: String, form: FormBody?) async throws -> Response {
        try await portal.selfService(request, form: form) { session, parts, number, posted, csrfFailed in
            let bookings = Bookings(store: parts.store)
            guard let resource = try await bookings.resource(String(id.prefix(100))), resource.active, resource.service == Self.service else {
                throw HTTPError(.notFound)
            }
            let changing = (posted?["change"] ?? request.uri.queryParameters.get("change")).map { String($0.prefix(100)) }
            var error: String? = csrfFailed ? parts.context.t(.formExpired) : nil
            var status: HTTPResponse.Status = csrfFailed ? .forbidden : .ok
            if let posted {
                do {
                    guard let slot = posted["slot"], !slot.isEmpty else { throw Choose() }
                    let booking: BookingRecord
                    if let changing {
                        booking = try await bookings.change(changing, for: number.value, to: String(slot.prefix(200)))
                    } else {
                        booking = try await bookings.book(slot: String(slot.prefix(200)), for: number.value, language: parts.context.language.rawValue)
                    }
                    return OIDCController.redirect("/my/bookings/\(booking.id)?done=\(changing == nil ? "booked" : "changed")", [:])
                } catch let refusal as BookingPolicy.Refusal {
                    (error, status) = (parts.context.t(Self.key(refusal)), refusal == .slotFull || refusal == .alreadyBooked ? .conflict : .unprocessableContent)
                } catch is Choose {
                    (error, status) = (parts.context.t(.bookingPickTime), .unprocessableContent)
                }
            }
            let language = parts.context.language
            let today = SlotSchedule.wallClock(Int64(Date().timeIntervalSince1970), in: SlotSchedule.norway).date
            let days = (0...bookings.policy.horizonDays).map { today.adding(days: $0) }
            // After a refused form, the day of the time that was chosen; else the day asked for.
            let chosen = posted?["slot"].flatMap(BookableSlot.parse).map { SlotSchedule.wallClock($0.start, in: SlotSchedule.norway).date }
            let asked = chosen ?? request.uri.queryParameters.get("date").flatMap { CalendarDate(iso8601: String($0.prefix(10))) }
            let day = asked.flatMap { days.contains($0) ? $0 : nil } ?? today
            let slots = try await bookings.slots(of: resource.id, from: day, through: day)
            let label = { (date: CalendarDate) in language.format(Self.noon(date), date: .full, time: .none) }
            let model = SlotPageModel(
                station: Self.row(resource),
                days: days.map { BookingDay(date: $0.description, label: language.format(Self.noon($0), template: "EEEdMMM"), selected: $0 == day) },
                dayLabel: label(day), slots: slots.map { SlotOption(id: $0.id, time: $0.time.local.description, free: $0.free) },
                changing: changing, csrfToken: session.csrfToken, error: error)
            var response = PortalController.page(BookingPages.slots(model, context: parts.context), request: request)
            response.status = status
            return response
        }
    }

    func mine(_ request: Request) async throws -> Response {
        try await portal.selfService(request, form: nil) { _, parts, number, _, _ in
            let bookings = Bookings(store: parts.store)
            let now = Int64(Date().timeIntervalSince1970)
            let rows = try await rows(bookings, try await bookings.bookings(for: number.value), now: now, language: parts.context.language)
            let notice = request.uri.queryParameters.get("done") == "cancelled" ? MessageKey.bookingCancelled : nil
            return PortalController.page(BookingPages.mine(upcoming: rows.filter(\.upcoming), earlier: rows.filter { !$0.upcoming }, notice: notice,
                                                           context: parts.context), request: request)
        }
    }

    /// One booking; with `cancel`, the question before cancelling, and on POST the cancellation.
    func detail(_ request: Request, id: String, cancel: Bool, form: FormBody?) async throws -> Response {
        try await portal.selfService(request, form: form) { session, parts, number, posted, csrfFailed in
            let bookings = Bookings(store: parts.store)
            guard let booking = try await bookings.booking(String(id.prefix(100)), for: number.value) else { throw HTTPError(.notFound) }
            let now = Int64(Date().timeIntervalSince1970)
            guard let row = try await rows(bookings, [booking], now: now, language: parts.context.language).first else { throw HTTPError(.notFound) }
            var error: String? = csrfFailed ? parts.context.t(.formExpired) : nil
            if posted != nil {
                do {
                    _ = try await bookings.cancel(booking.id, for: number.value)
                    return OIDCController.redirect("/my/bookings?done=cancelled", [:])
                } catch let refusal as BookingPolicy.Refusal { error = parts.context.t(Self.key(refusal)) }
            }
            if cancel, row.upcoming, error == nil {
                return PortalController.page(BookingPages.confirmCancel(row, csrfToken: session.csrfToken, context: parts.context), request: request)
            }
            let done: MessageKey? = switch request.uri.queryParameters.get("done") {
            case "booked": .bookingConfirmed
            case "changed": .bookingChanged
            default: nil
            }
            var response = PortalController.page(BookingPages.detail(row, notice: done, error: error, context: parts.context), request: request)
            if error != nil { response.status = csrfFailed ? .forbidden : .conflict }
            return response
        }
    }

    struct Choose: Error {}

    func upcomingRow(_ bookings: Bookings, person: String, language: Language) async throws -> BookingRow? {
        let now = Int64(Date().timeIntervalSince1970)
        return try await rows(bookings, try await bookings.bookings(for: person), now: now, language: language).first { $0.upcoming }
    }

    func rows(_ bookings: Bookings, _ records: [BookingRecord], now: Int64, language: Language) async throws -> [BookingRow] {
        var stations: [String: StationRow] = [:]
        var rows: [BookingRow] = []
        for record in records {
            if stations[record.resourceID] == nil, let resource = try await bookings.resource(record.resourceID) { stations[record.resourceID] = Self.row(resource) }
            let upcoming = record.status == .booked && record.start > now
            let status: MessageKey = record.status == .cancelled ? .bookingStatusCancelled : upcoming ? .bookingStatusBooked : .bookingStatusPast
            rows.append(BookingRow(id: record.id, when: language.format(Date(timeIntervalSince1970: Double(record.start)), date: .full, time: .short),
                                   station: stations[record.resourceID] ?? StationRow(id: record.resourceID, name: "–", address: ""),
                                   status: status, upcoming: upcoming))
        }
        return rows
    }

    static func row(_ resource: BookingResource) -> StationRow {
        StationRow(id: resource.id, name: resource.name, address: "\(resource.address), \(resource.postcode)")
    }

    /// Noon on `date` in Norway, for naming the day (never near a change of day or clock).
    static func noon(_ date: CalendarDate) -> Date {
        Date(timeIntervalSince1970: Double(SlotSchedule.instant(date, minute: 720, in: SlotSchedule.norway) ?? Int64(date.daysSinceEpoch) * 86_400))
    }

    static func key(_ refusal: BookingPolicy.Refusal) -> MessageKey {
        switch refusal {
        case .slotFull: .bookingRefusedFull
        case .tooLate: .bookingRefusedTooLate
        case .tooFarAhead: .bookingRefusedTooFar
        case .alreadyBooked: .bookingRefusedAlready
        case .noSuchSlot: .bookingRefusedNoSlot
        case .notActive: .bookingRefusedNotActive
        }
    }
}
