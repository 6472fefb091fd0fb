import Persistence

/// The booking block in the OpenAPI document: the resources API, and the citizen's pages for
/// booking a test, changing and cancelling (HTML forms; portal session and its CSRF token).
extension OpenAPIDocument {
    static var bookingPaths: [String: Any] {
        let text: [String: Any] = ["type": "string"]
        let station = pathParameter("station", "The test station's id", pattern: "^[0-9a-f-]{36}$")
        let id = pathParameter("id", "The booking's id", pattern: "^[0-9a-f-]{36}$")
        let html = "text/html"
        let resource = pathParameter("id", "The resource's id", pattern: "^[0-9a-f-]{36}$")
        let date = pathParameter("date", "A date, YYYY-MM-DD", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
        func query(_ name: String, _ description: String) -> [String: Any] {
            ["name": name, "in": "query", "required": false, "description": description, "schema": ["type": "string"]]
        }
        return [
            SiteRoute.myResults.openAPIPath: operation("My COVID-19 test results in words, with what to do next (HTML; portal session)",
                                                       tag: "pandemic", content: html, schema: text),
            SiteRoute.book.openAPIPath: operation("Book a test: the stations of my municipality, or of `municipality` (HTML; portal session)",
                                                  tag: "booking", content: html, schema: text),
            SiteRoute.bookStation.openAPIPath: [
                "get": (operation("The days bookings are open and the free times of `date` at one station; with `change`, to move that booking (HTML)",
                                  tag: "booking", parameters: [station], content: html, schema: text, errors: [404])["get"]!),
                "post": (post("Book the chosen slot, or with `change` move that booking there; redirects (303) to the booking", tag: "booking",
                              form: ["slot": text, "change": text, "csrf_token": text], required: ["slot", "csrf_token"], content: html, schema: text,
                              description: "Needs a portal session and its CSRF token (403 without it). 409 with the page when the slot is full or the person already has a booking; 422 when no time was chosen, the time is too soon, too far ahead or not offered.")["post"]!),
            ],
            SiteRoute.myBookings.openAPIPath: operation("My bookings: upcoming first, then earlier and cancelled ones (HTML; portal session)",
                                                        tag: "booking", content: html, schema: text),
            SiteRoute.myBooking.openAPIPath: operation("One of my bookings, with links to change or cancel it (HTML; portal session)",
                                                       tag: "booking", parameters: [id], content: html, schema: text, errors: [404]),
            SiteRoute.bookingResources.openAPIPath: [
                "get": (operation("Bookable resources of a service (default covid-test), optionally in one `municipality`, with their hours (public; no personal data)",
                                  tag: "booking", parameters: [query("service", "covid-test or youth-health"), query("municipality", "A municipality number, such as 0301")],
                                  schema: list("BookingResource"), errors: [400])["get"]!),
                "post": (secured("post", tag: "booking", "Create a resource run by the caller's organisation (scope tverr:booking/resources.write); 201 with Location",
                                 body: "BookingResourceRequest", success: "201", schema: ref("BookingResource"), errors: [400, 401, 403])["post"]!),
            ],
            SiteRoute.bookingResource.openAPIPath: operation("One resource with its hours and exceptions (public)", tag: "booking", parameters: [resource],
                                                             schema: ref("BookingResource"), errors: [404]),
            SiteRoute.bookingResourceHours.openAPIPath: secured(
                "put", tag: "booking", "Replace the resource's week (the owner's client, tverr:booking/resources.write). Free future slots are made again; the answer counts the bookings left outside the new hours",
                parameters: [resource], body: "BookingHours", success: "200", schema: ref("BookingHoursChanged"), errors: [400, 401, 403, 404]),
            SiteRoute.bookingResourceException.openAPIPath: secured(
                "put", tag: "booking", "Set the hours of one date (empty periods: closed), with a note (the owner's client)",
                parameters: [resource, date], body: "BookingException", success: "200", schema: ref("BookingHoursChanged"), errors: [400, 401, 403, 404])
                .merging(secured("delete", tag: "booking", "Remove the date's exception: the week applies again (the owner's client)",
                                 parameters: [resource, date], success: "200", schema: ref("BookingHoursChanged"), errors: [400, 401, 403, 404])) { a, _ in a },
            SiteRoute.bookingResourceSlots.openAPIPath: operation(
                "The slots from `from` to `to` (YYYY-MM-DD, at most 31 days, within the days bookings are open) with capacity and places left (public; no one's name)",
                tag: "booking", parameters: [resource, query("from", "YYYY-MM-DD, default today"), query("to", "YYYY-MM-DD, default `from`")],
                schema: list("BookingSlot"), errors: [400, 404]),
            SiteRoute.myBookingCancel.openAPIPath: [
                "get": (operation("Asks before cancelling one of my bookings (HTML; portal session)", tag: "booking", parameters: [id],
                                  content: html, schema: text, errors: [404])["get"]!),
                "post": (post("Cancel one of my bookings and give its place back; redirects (303) to my bookings", tag: "booking",
                              form: ["csrf_token": text], required: ["csrf_token"], content: html, schema: text,
                              description: "Needs a portal session and its CSRF token (403 without it). 404 for another person's booking; 409 when it is already cancelled or its time has passed.")["post"]!),
            ],
        ]
    }

    static var bookingSchemas: [String: Any] {
        let text: [String: Any] = ["type": "string"], integer: [String: Any] = ["type": "integer"], number: [String: Any] = ["type": "number"]
        let week: [String: Any] = ["type": "object", "description": "Periods by weekday (monday … sunday), such as 08:00-11:30,12:00-15:00; a day left out is closed",
                                   "additionalProperties": ["type": "string"]]
        return [
            "BookingResourceRequest": ["type": "object", "required": ["service", "name", "municipalityNumber", "address", "postcode", "slotMinutes", "capacity", "hours"],
                                       "properties": ["service": ["type": "string", "enum": Bookings.serviceNames.sorted()], "name": text, "municipalityNumber": text,
                                                      "address": text, "postcode": text, "latitude": number, "longitude": number,
                                                      "slotMinutes": ["type": "integer", "minimum": 5, "maximum": 240],
                                                      "capacity": ["type": "integer", "minimum": 1, "maximum": 1000], "hours": week]],
            "BookingResource": ["type": "object", "required": ["id", "service", "name", "organisationNumber", "municipalityNumber", "hours", "exceptions"],
                                "properties": ["id": text, "service": text, "name": text, "organisationNumber": text, "municipalityNumber": text, "address": text,
                                               "postcode": text, "latitude": number, "longitude": number, "slotMinutes": integer, "capacity": integer,
                                               "active": ["type": "boolean"], "hours": week,
                                               "exceptions": ["type": "object", "additionalProperties": ["type": "string"]]]],
            "BookingHours": ["type": "object", "required": ["hours"], "properties": ["hours": week]],
            "BookingException": ["type": "object", "required": ["periods"], "properties": ["periods": text, "note": text]],
            "BookingHoursChanged": ["type": "object", "required": ["resource", "bookingsOutsideHours"],
                                    "properties": ["resource": ref("BookingResource"), "bookingsOutsideHours": integer]],
            "BookingSlot": ["type": "object", "required": ["id", "start", "end", "date", "time", "capacity", "booked", "free"],
                            "properties": ["id": text, "start": text, "end": text, "date": text, "time": text, "capacity": integer, "booked": integer, "free": integer]],
        ]
    }
}
