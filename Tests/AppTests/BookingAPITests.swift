import Booking
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identifiers
import Persistence
import Testing
@testable import TverrApp

@Suite("The booking API: public resources and free places; an organisation's client creates its stations and sets their hours")
struct BookingAPITests {
    typealias H = IdentityHarness
    static let oslo = "958935420"
    static let scope = "tverr:booking/resources.write"

    static let stationJSON = #"""
        {"service": "covid-test", "name": "Teststasjon Grønland", "municipalityNumber": "0301", "address": "Tøyengata 2", "postcode": "0190",
         "latitude": 59.913, "longitude": 10.760, "slotMinutes": 20, "capacity": 4,
         "hours": {"monday": "08:00-12:00, 13:00-16:00", "wednesday": "10:00-18:00", "saturday": "10:00-14:00"}}
        """#

    static func call(_ h: H, _ method: HTTPRequest.Method, _ path: String, token: String?, body: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await h.client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    static func writer(_ h: H, id: String = "oslo-booking", organisation: String = oslo) async throws -> String {
        let machine = try await h.registerMachine(id, scopes: [scope], organisation: organisation)
        return try await h.machineToken(machine, scope: scope)
    }

    @Test("Creating a station needs a machine client with the scope; it is the caller's organisation's, and anyone can read it",
          arguments: Backend.available)
    func create(backend: Backend) async throws {
        try await H.run(backend) { h in
            #expect(try await Self.call(h, .post, "/api/v1/booking/resources", token: nil, body: Self.stationJSON).status == .unauthorized)
            let reader = try await h.registerMachine("reader", scopes: ["tverr:registers/person.read"], organisation: Self.oslo)
            let wrong = try await h.machineToken(reader)
            #expect(try await Self.call(h, .post, "/api/v1/booking/resources", token: wrong, body: Self.stationJSON).status == .forbidden)

            let token = try await Self.writer(h)
            let created = try await Self.call(h, .post, "/api/v1/booking/resources", token: token, body: Self.stationJSON)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let json = try H.json(created)
            let id = try #require(json["id"] as? String)
            #expect(created.headers[.location] == "/api/v1/booking/resources/\(id)")
            #expect(json["organisationNumber"] as? String == Self.oslo && json["capacity"] as? Int == 4)
            #expect((json["hours"] as? [String: String]) == ["monday": "08:00-12:00,13:00-16:00", "wednesday": "10:00-18:00", "saturday": "10:00-14:00"])

            let listed = try H.json(try await Self.call(h, .get, "/api/v1/booking/resources?municipality=0301", token: nil))
            #expect((listed["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
            let one = try await Self.call(h, .get, "/api/v1/booking/resources/\(id)", token: nil)
            let oneName = try H.json(one)["name"] as? String
            #expect(one.status == .ok && oneName == "Teststasjon Grønland")
            #expect(try await Self.call(h, .get, "/api/v1/booking/resources/nobody", token: nil).status == .notFound)
            #expect(try await Self.call(h, .get, "/api/v1/booking/resources?service=haircut", token: nil).status == .badRequest)
        }
    }

    @Test("Each bad field is a 400 that names it, and nothing is created", arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await Self.writer(h)
            let cases: [(String, String)] = [
                (Self.stationJSON.replacingOccurrences(of: "\"08:00-12:00, 13:00-16:00\"", with: "\"8-16\""), "hours.monday"),
                (Self.stationJSON.replacingOccurrences(of: "\"monday\"", with: "\"funday\""), "funday"),
                (Self.stationJSON.replacingOccurrences(of: "\"0301\"", with: "\"9999\""), "municipalityNumber"),
                (Self.stationJSON.replacingOccurrences(of: "\"capacity\": 4", with: "\"capacity\": 0"), "capacity"),
                (Self.stationJSON.replacingOccurrences(of: "\"slotMinutes\": 20", with: "\"slotMinutes\": 1"), "slotMinutes"),
                (Self.stationJSON.replacingOccurrences(of: "Teststasjon Grønland", with: "<script>alert(1)</script>\\nX"), "name"),
                (Self.stationJSON.replacingOccurrences(of: "\"wednesday\": \"10:00-18:00\"", with: "\"wednesday\": \"10:00-18:00,17:00-19:00\""), "overlap"),
                ("{not json", "not the JSON"),
                (#"{"service": "covid-test"}"#, "missing"),
            ]
            for (body, named) in cases {
                let response = try await Self.call(h, .post, "/api/v1/booking/resources", token: token, body: body)
                let text = String(buffer: response.body)
                #expect(response.status == .badRequest && text.contains(named), "\(named): \(response.status) \(text)")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            #expect(try await Bookings(store: h.store).resources(service: "covid-test").isEmpty)
        }
    }

    @Test("The owner changes the week and a date; another organisation's client cannot; the slots follow", arguments: Backend.available)
    func hours(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await Self.writer(h)
            let id = try #require(try H.json(try await Self.call(h, .post, "/api/v1/booking/resources", token: token, body: Self.stationJSON))["id"] as? String)
            let bergen = try await Self.writer(h, id: "bergen-booking", organisation: "964338531")
            let week = #"{"hours": {"monday": "09:00-10:00"}}"#
            #expect(try await Self.call(h, .put, "/api/v1/booking/resources/\(id)/hours", token: bergen, body: week).status == .forbidden)

            let today = SlotSchedule.wallClock(Int64(Date().timeIntervalSince1970), in: SlotSchedule.norway).date
            let monday = (1...7).map { today.adding(days: $0) }.first { Weekday($0) == .monday }!
            let booking = try await Bookings(store: h.store).book(slot: BookableSlot.id(resource: id, start: SlotSchedule.instant(monday, minute: 14 * 60, in: SlotSchedule.norway)!),
                                                                  for: h.people[0].identityNumber.value)
            let changed = try await Self.call(h, .put, "/api/v1/booking/resources/\(id)/hours", token: token, body: week)
            #expect(changed.status == .ok)
            #expect(try H.json(changed)["bookingsOutsideHours"] as? Int == 1, "the 14:00 booking is outside the new hours")
            let slots = try H.json(try await Self.call(h, .get, "/api/v1/booking/resources/\(id)/slots?from=\(monday)&to=\(monday)", token: nil))
            #expect((slots["items"] as? [[String: Any]])?.compactMap { $0["time"] as? String } == ["09:00", "09:20", "09:40"])
            #expect(!String(buffer: try await Self.call(h, .get, "/api/v1/booking/resources/\(id)/slots?from=\(monday)", token: nil).body)
                .contains(booking.person), "slots name no one")

            let closed = try await Self.call(h, .put, "/api/v1/booking/resources/\(id)/exceptions/\(monday)", token: token,
                                             body: #"{"periods": "", "note": "Stengt"}"#)
            let exceptions = (try H.json(closed)["resource"] as? [String: Any])?["exceptions"] as? [String: String]
            #expect(closed.status == .ok && exceptions == [monday.description: ""])
            let none = try H.json(try await Self.call(h, .get, "/api/v1/booking/resources/\(id)/slots?from=\(monday)", token: nil))
            #expect(none["count"] as? Int == 0)
            #expect(try await Self.call(h, .put, "/api/v1/booking/resources/\(id)/exceptions/2026-13-01", token: token, body: #"{"periods": ""}"#).status == .badRequest)
            #expect(try await Self.call(h, .put, "/api/v1/booking/resources/\(id)/exceptions/\(monday)", token: token, body: #"{"periods": "9-10"}"#).status == .badRequest)
            #expect(try await Self.call(h, .delete, "/api/v1/booking/resources/\(id)/exceptions/\(monday)", token: token).status == .ok)
            let back = try H.json(try await Self.call(h, .get, "/api/v1/booking/resources/\(id)/slots?from=\(monday)", token: nil))
            #expect(back["count"] as? Int == 3)
            #expect(try await Self.call(h, .get, "/api/v1/booking/resources/\(id)/slots?from=2026-12-10&to=2026-12-01", token: nil).status == .badRequest)
        }
    }
}
