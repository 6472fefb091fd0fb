import Arrival

/// The agencies' network in the OpenAPI document: the staff page with its forms, and the public
/// unsubscribe link of the weekly digest (HTML).
extension OpenAPIDocument {
    static var networkPaths: [String: Any] {
        let text: [String: Any] = ["type": "string"], html = "text/html"
        let staff = "Portal session at idporten-loa-high (otherwise 303 to the login), any staff role at an agency or municipality (403 otherwise) and the CSRF token."
        let services = JourneyStep.allCases.map { "`service-\($0.rawValue)`" }.joined(separator: ", ")
        return [
            SiteRoute.staffNetwork.openAPIPath: operation(
                "The arrival journey network: the form to post an update, the weekly e-mail subscriptions this staff member made, and the updates of the last eight weeks by week (HTML; \(staff))",
                tag: "arrival", content: html, schema: text, errors: [])
                .merging(post("Post an update for `agency` (an organisation the staff member has a role at): `text` of 10 to 500 characters and at least one affected service (\(services) = yes); 303 to the page",
                              tag: "arrival", form: ["agency": text, "text": text, "csrf_token": text], required: ["agency", "text", "csrf_token"],
                              content: html, schema: text,
                              description: "\(staff) 422 naming the field for a short, long or garbled text, no or unknown service, or an agency not one's own; 409 when the agency has posted two updates this ISO week. Nothing refused is written.")) { a, _ in a },
            SiteRoute.staffNetworkWithdraw.openAPIPath: {
                var operation = post("Withdraw (delete) an update of the staff member's own agency; 303 to the page (a digest already sent is not recalled)",
                                     tag: "arrival", form: ["csrf_token": text], required: ["csrf_token"], content: html, schema: text,
                                     description: "\(staff) 403 for another agency's update, 404 for one that is gone.")["post"] as! [String: Any]
                operation["parameters"] = [pathParameter("id", "The update", pattern: "^[0-9a-f-]{1,64}$")]
                return ["post": operation]
            }(),
            SiteRoute.staffNetworkSubscribe.openAPIPath: post("Subscribe `email` to the weekly digest in `language` (nb, nn, en, uk; sent Mondays from 08:00 Norwegian time); 303 to the page",
                                                              tag: "arrival", form: ["email": text, "language": text, "csrf_token": text], required: ["email", "csrf_token"],
                                                              content: html, schema: text, description: "\(staff) 422 for an address that is not one."),
            SiteRoute.staffNetworkUnsubscribe.openAPIPath: post("End the subscription `subscriber` that this staff member made (another's id changes nothing); 303 to the page",
                                                                tag: "arrival", form: ["subscriber": text, "csrf_token": text], required: ["subscriber", "csrf_token"],
                                                                content: html, schema: text, description: staff),
            SiteRoute.networkUnsubscribe.openAPIPath: operation(
                "The digest's unsubscribe link (no login; the `token` is the key): a page that asks first, since mail scanners follow links (HTML); 400 without a token, 404 for an unknown one",
                tag: "arrival", parameters: [["name": "token", "in": "query", "required": true, "schema": text]], content: html, schema: text, errors: [400, 404])
                .merging(post("Unsubscribe: the address and its digest history are deleted (HTML); 400 without a token, 404 for an unknown one",
                              tag: "arrival", form: ["token": text], required: ["token"], content: html, schema: text, description: "No login; the token is the key.")) { a, _ in a },
        ]
    }
}

