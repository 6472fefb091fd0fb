import Booking
import Foundation
import Hummingbird
import Identifiers
import Identity
import Persistence

/// The booking API: anyone may list resources and their free places (no personal data); an
/// organisation's machine client with `tverr:booking/resources.write` creates its own resources
/// and changes their hours. Errors are problem details naming the field.
struct BookingAPIController {
    let provider: IdentityProvider?
    let bookings: Bookings?
    static let writeScope = "tverr:booking/resources.write"

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.bookingResources.path) { request, _ in
            let bookings = try self.store()
            let service = request.uri.queryParameters.get("service") ?? "covid-test"
            guard Bookings.serviceNames.contains(service) else {
                throw Problem(.badRequest, detail: "service must be one of \(Bookings.serviceNames.sorted().joined(separator: ", ")).")
            }
            let municipality = request.uri.queryParameters.get("municipality").map { String($0.prefix(4)) }
            var items: [ResourceJSON] = []
            for resource in try await bookings.resources(service: service, municipality: municipality) {
                items.append(ResourceJSON(resource, hours: try await bookings.hours(of: resource.id)))
            }
            return try OIDCController.json(ResourceList(items: items, count: items.count))
        }
        router.post(SiteRoute.bookingResources.path) { request, _ in
            let (bookings, organisation) = try await writer(request)
            let body = try await RegistersController.body(request, as: ResourceBody.self)
            let draft = BookingResource(service: body.service, name: body.name.trimmingCharacters(in: .whitespaces), organisationNumber: organisation,
                                        municipalityNumber: body.municipalityNumber, address: body.address.trimmingCharacters(in: .whitespaces),
                                        postcode: body.postcode, latitude: body.latitude, longitude: body.longitude, slotMinutes: body.slotMinutes,
                                        capacity: body.capacity)
            let created = try await Self.refusing { try await bookings.create(draft, week: try Self.week(body.hours)) }
            var response = try OIDCController.json(ResourceJSON(created, hours: try await bookings.hours(of: created.id)))
            response.status = .created
            response.headers[.location] = "/api/v1/booking/resources/\(created.id)"
            return response
        }
        router.get(SiteRoute.bookingResource.path) { _, context in
            let bookings = try self.store()
            let resource = try await Self.resource(context.parameters.get("id"), in: bookings)
            return try OIDCController.json(ResourceJSON(resource, hours: try await bookings.hours(of: resource.id)))
        }
        router.put(SiteRoute.bookingResourceHours.path) { request, context in
            let (bookings, resource) = try await owned(request, context)
            let body = try await RegistersController.body(request, as: HoursBody.self)
            let outside = try await Self.refusing { try await bookings.setWeek(try Self.week(body.hours), of: resource.id) }
            return try OIDCController.json(HoursChanged(resource: ResourceJSON(resource, hours: try await bookings.hours(of: resource.id)),
                                                        bookingsOutsideHours: outside))
        }
        router.put(SiteRoute.bookingResourceException.path) { request, context in
            let (bookings, resource) = try await owned(request, context)
            let date = try Self.date(context.parameters.get("date"))
            let body = try await RegistersController.body(request, as: ExceptionBody.self)
            let outside = try await Self.refusing {
                let periods: [OpeningPeriod]
                do { periods = try OpeningHours.periods(body.periods) } catch { throw BookingSetupRefused("periods", String(describing: error)) }
                return try await bookings.setException(periods, on: date, note: body.note, of: resource.id)
            }
            return try OIDCController.json(HoursChanged(resource: ResourceJSON(resource, hours: try await bookings.hours(of: resource.id)),
                                                        bookingsOutsideHours: outside))
        }
        router.delete(SiteRoute.bookingResourceException.path) { request, context in
            let (bookings, resource) = try await owned(request, context)
            let outside = try await bookings.setException(nil, on: try Self.date(context.parameters.get("date")), of: resource.id)
            return try OIDCController.json(HoursChanged(resource: ResourceJSON(resource, hours: try await bookings.hours(of: resource.id)),
                                                        bookingsOutsideHours: outside))
        }
        router.get(SiteRoute.bookingResourceSlots.path) { request, context in
            let bookings = try self.store()
            let resource = try await Self.resource(context.parameters.get("id"), in: bookings)
            let today = SlotSchedule.wallClock(Int64(Date().timeIntervalSince1970), in: SlotSchedule.norway).date
            let from = try request.uri.queryParameters.get("from").map { try Self.date($0) } ?? today
            let to = try request.uri.queryParameters.get("to").map { try Self.date($0) } ?? from
            guard from <= to else { throw Problem(.badRequest, detail: "to must not be before from.") }
            let slots = try await bookings.slots(of: resource.id, from: from, through: to).map(SlotJSON.init)
            return try OIDCController.json(SlotList(items: slots, count: slots.count))
        }
    }

    func store() throws -> Bookings {
        guard let bookings else { throw Problem(.serviceUnavailable, detail: "Booking is not running in this process.") }
        return bookings
    }

    /// A machine client with the write scope: its organisation.
    func writer(_ request: Request) async throws -> (Bookings, String) {
        guard let provider else { throw Problem(.serviceUnavailable, detail: "Booking is not running in this process.") }
        let bookings = try store()
        let claims = try await BearerToken.verify(request, provider: provider)
        guard let consumer = claims.consumer else {
            throw Problem.oauth(OAuthError(.insufficientScope, "The booking API takes machine-client tokens (JWT bearer grant), not a person's login."))
        }
        guard claims.scopes.contains(Self.writeScope) else { throw Problem.oauth(OAuthError(.insufficientScope, "This needs the scope \(Self.writeScope).")) }
        return (bookings, consumer.organisationNumber)
    }

    /// The resource in the path, if the caller's organisation runs it (403 for another's).
    func owned(_ request: Request, _ context: TverrRequestContext) async throws -> (Bookings, BookingResource) {
        let (bookings, organisation) = try await writer(request)
        let resource = try await Self.resource(context.parameters.get("id"), in: bookings)
        guard resource.organisationNumber == organisation else {
            throw Problem(.forbidden, detail: "This resource is run by another organisation (\(resource.organisationNumber)).")
        }
        return (bookings, resource)
    }

    static func resource(_ id: String?, in bookings: Bookings) async throws -> BookingResource {
        guard let id, id.count <= 100, let resource = try await bookings.resource(id) else {
            throw Problem(.notFound, detail: "No bookable resource has the id \((id ?? "").prefix(40)).")
        }
        return resource
    }

    static func date(_ text: String?) throws -> CalendarDate {
        guard let text, text.count == 10, let date = CalendarDate(iso8601: text) else {
            throw Problem(.badRequest, detail: "The date must be written YYYY-MM-DD, such as 2026-12-24.")
        }
        return date
    }

    /// Reads `{"monday": "08:00-16:00", …}`; a day left out is closed.
    static func week(_ hours: [String: String]) throws -> [Weekday: [OpeningPeriod]] {
        var week: [Weekday: [OpeningPeriod]] = [:]
        for (name, text) in hours {
            guard let day = ResourceJSON.dayNames.firstIndex(of: name).flatMap({ Weekday(rawValue: $0 + 1) }) else {
                throw BookingSetupRefused("hours", "\"\(name.prefix(20))\" is not a weekday; use monday … sunday.")
            }
            do { week[day] = try OpeningHours.periods(text) } catch { throw BookingSetupRefused("hours.\(name)", error.description) }
        }
        return week
    }

    /// Runs `body`, turning a refused field into a 400 that names it.
    static func refusing<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let refused as BookingSetupRefused {
            throw Problem(.badRequest, detail: refused.description)
        }
    }
}
