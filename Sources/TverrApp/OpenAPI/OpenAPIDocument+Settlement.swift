/// Settlement in the OpenAPI document: IMDi's page and the municipality's (HTML forms).
extension OpenAPIDocument {
    static var settlementPaths: [String: Any] {
        let text: [String: Any] = ["type": "string"], html = "text/html"
        let group = pathParameter("group", "The family, as registered at the intake", pattern: "^[0-9a-f-]{1,64}$")
        let imdi = "Portal session at idporten-loa-high (otherwise 303 to the login), the caseworker role at IMDi (403 otherwise) and the CSRF token. Audited."
        let municipal = "Portal session at idporten-loa-high, the municipal-staff role at a municipality (403 otherwise) and the CSRF token. Audited."
        func withGroup(_ operation: [String: Any]) -> [String: Any] {
            var post = operation["post"] as! [String: Any]
            post["parameters"] = [group]
            return ["post": post]
        }
        return [
            SiteRoute.staffJourney.openAPIPath: operation("The arrival journey for the agencies on it: the service chain map drawn from the events (SVG), the median and 90th-percentile wait at each hand-off, people stuck longer than two weeks by step, and the bottleneck per week; the longest wait per agency, and the network's updates beside the services; counts only, no names (HTML; portal session at high, any staff role at an agency or municipality). With `person` (a D-number or national identity number; caseworker role at UDI or IMDi only, 403 otherwise): that person's timeline, step by step with the waits; audited; 422 for a malformed number, 404 for one not on the journey",
                                                          tag: "arrival", parameters: [["name": "person", "in": "query", "required": false, "schema": text]],
                                                          content: html, schema: text, errors: [403, 404, 422]),
            SiteRoute.staffSettlement.openAPIPath: operation("IMDi's settlement page: each municipality's places this year, and the families granted protection who wait for a municipality, each with a choice of municipality (HTML)",
                                                             tag: "arrival", content: html, schema: text, errors: []),
            SiteRoute.staffSettlementProposal.openAPIPath: withGroup(post("Propose a `municipality` for the family; 303 to the page",
                                                                          tag: "arrival", form: ["municipality": text, "csrf_token": text], required: ["municipality", "csrf_token"],
                                                                          content: html, schema: text, description: "\(imdi) 422 without a municipality, 409 when it has too few places left for the whole family or the family no longer waits.")),
            SiteRoute.staffMunicipalSettlement.openAPIPath: operation("The municipality's settlement page: its places this year, the families IMDi proposed, and the move-in form for those accepted (HTML)",
                                                                      tag: "arrival", content: html, schema: text, errors: []),
            SiteRoute.staffMunicipalSettlementPlaces.openAPIPath: post("State the municipality's `places` this year (0 to 10,000); 303 to the page",
                                                                       tag: "arrival", form: ["places": text, "csrf_token": text], required: ["places", "csrf_token"],
                                                                       content: html, schema: text, description: "\(municipal) 422 for anything but a whole number from 0 to 10,000."),
            SiteRoute.staffMunicipalSettlementAnswer.openAPIPath: withGroup(post("Accept the family (`decision=accept`) or decline it with a `reason`; 303 to the page",
                                                                                 tag: "arrival", form: ["decision": ["type": "string", "enum": ["accept", "decline"]], "reason": text, "csrf_token": text],
                                                                                 required: ["decision", "csrf_token"], content: html, schema: text,
                                                                                 description: "\(municipal) 422 for a decline without a reason, 409 when the family is not proposed to this municipality.")),
            SiteRoute.staffMunicipalSettlementMoveIn.openAPIPath: withGroup(post("Register the family's move-in: the `street`, `postcode` and `movedIn` date go into the population register for each person (no.tverr.registers.address-changed.v1); 303 to the page",
                                                                                 tag: "arrival", form: ["street": text, "postcode": text, "movedIn": text, "csrf_token": text],
                                                                                 required: ["street", "postcode", "movedIn", "csrf_token"], content: html, schema: text,
                                                                                 description: "\(municipal) 422 with the register's reason for a bad address or date (nothing is written), 409 when the family is not accepted here.")),
        ]
    }
}
