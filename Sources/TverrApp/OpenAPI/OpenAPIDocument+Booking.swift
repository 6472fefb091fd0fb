/// The booking block in the OpenAPI document: the citizen's pages for booking a test, changing
/// and cancelling (HTML forms; portal session and its CSRF token).
extension OpenAPIDocument {
    static var bookingPaths: [String: Any] {
        let text: [String: Any] = ["type": "string"]
        let station = pathParameter("station", "The test station's id", pattern: "^[0-9a-f-]{36}$")
        let id = pathParameter("id", "The booking's id", pattern: "^[0-9a-f-]{36}$")
        let html = "text/html"
        return [
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
            SiteRoute.myBookingCancel.openAPIPath: [
                "get": (operation("Asks before cancelling one of my bookings (HTML; portal session)", tag: "booking", parameters: [id],
                                  content: html, schema: text, errors: [404])["get"]!),
                "post": (post("Cancel one of my bookings and give its place back; redirects (303) to my bookings", tag: "booking",
                              form: ["csrf_token": text], required: ["csrf_token"], content: html, schema: text,
                              description: "Needs a portal session and its CSRF token (403 without it). 404 for another person's booking; 409 when it is already cancelled or its time has passed.")["post"]!),
            ],
        ]
    }
}
