import Persistence

/// The pandemic service in the OpenAPI document: the laboratory API and the result portal's pages.
extension OpenAPIDocument {
    static var pandemicPaths: [String: Any] {
        let text: [String: Any] = ["type": "string"], html = "text/html"
        let fields: [String: Any] = ["sample_id": text, "test_type": ["type": "string", "enum": ["rapid", "naat"]], "device": text, "test_name": text,
                                     "sample_date": text, "sample_time": text, "result": ["type": "string", "enum": ["positive", "negative"]],
                                     "centre": text, "csrf_token": text]
        let who = "Needs a portal session at idporten-loa-high (otherwise 303 to the login at high), the health-personnel role and a valid authorisation in the health personnel register (403 with a page saying which is missing), and the CSRF token."
        let id = pathParameter("id", "The result's id", pattern: "^[0-9a-f-]{36}$")
        return [
            SiteRoute.staffResults.openAPIPath: [
                "get": (operation("The result portal: find a person by `person` (national identity number or D-number; name and address from the register, audited), their results and the form for a new one (HTML)",
                                  tag: "pandemic", parameters: [["name": "person", "in": "query", "required": false, "schema": text]],
                                  content: html, schema: text, errors: [400, 403, 404])["get"]!),
                "post": (post("Register one result for `person`; 303 back to the person", tag: "pandemic",
                              form: fields.merging(["person": text]) { a, _ in a }, required: ["person", "sample_date", "sample_time", "result", "centre", "csrf_token"],
                              content: html, schema: text, description: who + " 422 with the page and the field named when a check fails.")["post"]!),
            ],
            SiteRoute.entry.openAPIPath: [
                "get": (operation("Entry registration for travellers arriving in Norway (HTML; public, no login; sets the CSRF cookie)", tag: "pandemic",
                                  content: html, schema: text)["get"]!),
                "post": (post("Register an arrival; 303 to the receipt", tag: "pandemic",
                              form: ["identity_kind": ["type": "string", "enum": ["number", "passport"]], "identity_number": text, "passport_number": text,
                                     "passport_country": text, "given_name": text, "family_name": text, "birth_date": text, "country_from": text,
                                     "arrival_date": text, "address": text, "postcode": text, "municipality": text, "csrf_token": text],
                              required: ["identity_kind", "given_name", "family_name", "birth_date", "country_from", "arrival_date", "address",
                                         "postcode", "municipality", "csrf_token"], content: html, schema: text,
                              description: "Public. Needs the CSRF cookie and token (403 without), and is limited per client address (429). 422 with the form and the field named when a check fails; nothing is stored then. Matched with the population register by number, or by name and date of birth (audited).")["post"]!),
            ],
            SiteRoute.entryRegistered.openAPIPath: operation("The receipt: the reference and what to do next (HTML; public; no personal data)", tag: "pandemic",
                                                             parameters: [["name": "reference", "in": "query", "required": true, "schema": text]],
                                                             content: html, schema: text, errors: [400]),
            SiteRoute.staffArrivals.openAPIPath: operation(
                "Arrivals to a municipality (`area`, `from`, `to`; default the last 14 days) with each one's latest test since arrival; every arrival shown is audited. Portal session and the municipal-staff role: its own municipality, or at an agency any (HTML)",
                tag: "pandemic", parameters: ["area", "from", "to"].map { ["name": $0, "in": "query", "required": false, "schema": text] },
                content: html, schema: text, errors: [400, 403, 404]),
            SiteRoute.staffProtection.openAPIPath: operation("The caseworker's queue: protection applications the rules sent to a person, and appeals, oldest first, with the reasons. Portal session at idporten-loa-high and the caseworker role at UDI (HTML)",
                                                             tag: "cases", content: html, schema: text, errors: [403]),
            SiteRoute.staffProtectionCase.openAPIPath: operation("One protection case: the applicant, the reasons, the trace (rule version, each rule with its legal reference and result, the facts) and the decision form; audited (HTML)",
                                                                 tag: "cases", parameters: [pathParameter("reference", "The application's reference", pattern: "^UDI-[A-Z2-9]{8}$")],
                                                                 content: html, schema: text, errors: [403, 404]),
            SiteRoute.staffProtectionDecision.openAPIPath: post("Grant or refuse (`outcome`) with a written `reason` of at least 20 characters; 303 to the case",
                                                                tag: "cases", form: ["outcome": text, "reason": text, "csrf_token": text], required: ["outcome", "reason", "csrf_token"],
                                                                content: html, schema: text,
                                                                description: "Caseworker role at UDI at high and CSRF token. 422 without a reason or outcome, 409 when already decided, 404 for no such case. Audited; raises no.tverr.protection.decided.v1."),
            SiteRoute.myProtection.openAPIPath: operation("My applications for protection: the outcome, why, what the rules checked in plain words, the rules used, and the appeal form while the deadline runs (HTML; portal session)",
                                                          tag: "cases", content: html, schema: text, errors: []),
            SiteRoute.myProtectionAppeal.openAPIPath: post("Appeal a decision with a `reason`; the case goes back to a caseworker; 303 to my applications",
                                                           tag: "cases", form: ["reason": text, "csrf_token": text], required: ["reason", "csrf_token"], content: html, schema: text,
                                                           description: "Portal session and CSRF token; the applicant's own applications only (404 otherwise). 422 without a reason, 409 after the deadline, before a decision, or when already appealed. Audited."),
            SiteRoute.rules.openAPIPath: operation("The rule sets the platform decides with, published (HTML; public)", tag: "cases",
                                                   content: html, schema: text, errors: []),
            SiteRoute.ruleSet.openAPIPath: operation("One rule set in readable form in the page's language: the facts it reads, each version with its period, each rule with its legal reference, condition or decision table, and when it grants or sends to a caseworker (HTML; public)",
                                                     tag: "cases", parameters: [pathParameter("id", "The rule set's name, such as collective-protection", pattern: "^[a-z0-9-]{1,64}$")],
                                                     content: html, schema: text, errors: [404]),
            SiteRoute.verifyDecision.openAPIPath: operation("Check a signed decision letter: `code` is the letter's code (`TVD1:…`) or the link from its QR code. The signature is checked against the trust list; a valid code shows the decision's facts and whether it is in force, appealed or replaced (HTML; public; the look-up of a verified code is audited)",
                                                            tag: "cases", parameters: [["name": "code", "in": "query", "required": false, "schema": text]],
                                                            content: html, schema: text, errors: [400, 422]),
            SiteRoute.staffArrival.openAPIPath: [
                "get": operation("The police intake form at the first meeting: the person, the journey, the reception centre and the family arriving together (`members`: how many family rows, 3 to 15). Portal session at idporten-loa-high and the police role (HTML)",
                                 tag: "arrival", parameters: [["name": "members", "in": "query", "required": false, "schema": text]],
                                 content: html, schema: text, errors: [403])["get"]!,
                "post": post("Register the person and the family: new D-numbers (or links with `existingNumber`), the reception centre's address, the eID identity flag, and each person's protection application decided by the rules; 201 with the receipt (D-numbers, applications, eID activation codes; no-store)",
                             tag: "arrival", form: ["documentType": text, "documentNumber": text, "documentCountry": text, "nationality": text,
                                                    "givenName": text, "familyName": text, "givenNameNative": text, "familyNameNative": text,
                                                    "birthDate": text, "sex": text, "mobile": text, "language": text, "receptionCentre": text,
                                                    "livedInUkraine": text, "leftUkraineOn": text, "shortStayAbroad": text, "protectionInUkraine": text,
                                                    "lawfullyInNorway": text, "existingNumber": text, "members.N.relationship": text, "csrf_token": text],
                             required: ["csrf_token"], content: html, schema: text,
                             description: "Police role at high and CSRF token. 422 with every field named when a check fails, 409 with the existing registration for a document or person already registered; nothing is stored then.")["post"]!,
            ],
            SiteRoute.staffTracing.openAPIPath: operation(
                "The tracing queue: open cases of the tracer's municipality, oldest first (`area`: at an agency any municipality, empty for the national queue); each case shown is audited. Portal session and the tracer role (HTML)",
                tag: "pandemic", parameters: [["name": "area", "in": "query", "required": false, "schema": text]], content: html, schema: text, errors: [403]),
            SiteRoute.staffTracingCase.openAPIPath: operation(
                "One case: the person's name, mobile number and sample day (no test details), the close contacts, and the forms to add one and to close the case (HTML; audited)",
                tag: "pandemic", parameters: [pathParameter("id", "The case's id", pattern: "^[0-9a-f-]{36}$")], content: html, schema: text, errors: [403, 404]),
            SiteRoute.staffTracingContacts.openAPIPath: post(
                "Record a close contact by `number`, or by `name` and `phone`, with `last_contact` (within 14 days); the contact is told what to do through the notify block, never who the case is; 303 to the case",
                tag: "pandemic", form: ["number": text, "name": text, "phone": text, "last_contact": text, "csrf_token": text],
                required: ["last_contact", "csrf_token"], content: html, schema: text,
                description: "Tracer role and CSRF token. 404 for no such case, 403 for another municipality's, 409 when closed, 422 with the field named."),
            SiteRoute.staffTracingClose.openAPIPath: post(
                "Close the case with an `outcome` (contacts-traced, no-contacts, not-reachable, moved) and an optional `note`; 303 to the case",
                tag: "pandemic", form: ["outcome": text, "note": text, "csrf_token": text], required: ["outcome", "csrf_token"], content: html, schema: text,
                description: "Tracer role and CSRF token. 409 when already closed, 422 for an unknown outcome."),
            SiteRoute.staffDashboard.openAPIPath: operation(
                "The municipal dashboard: per day tests, positives, share positive and arrivals, as two SVG charts and a table; `area` (a municipality, or empty for the whole country), `from`, `to` (YYYY-MM-DD, default the last 28 days). Counts under 5 are <5. Portal session and the municipal-staff role: at a municipality its own, at an agency every one (HTML)",
                tag: "pandemic", parameters: ["area", "from", "to"].map { ["name": $0, "in": "query", "required": false, "schema": text] },
                content: html, schema: text, errors: [400, 403, 404]),
            SiteRoute.staffDashboardCSV.openAPIPath: operation(
                "The dashboard's figures as CSV (RFC 4180), suppressed as on the page; the same parameters and access", tag: "pandemic",
                parameters: ["area", "from", "to"].map { ["name": $0, "in": "query", "required": false, "schema": text] },
                content: "text/csv", schema: text, errors: [400, 403, 404]),
            SiteRoute.pandemicStatistics.openAPIPath: secured(
                "get", tag: "pandemic", "The dashboard's figures as JSON (scope tverr:pandemic/statistics.read): a municipality's client gets its own, an agency's any `municipality` or the whole country; counts under 5 are the string \"<5\"",
                parameters: ["municipality", "from", "to"].map { ["name": $0, "in": "query", "required": false, "schema": text] },
                success: "200", schema: ["type": "object"], errors: [400, 401, 403, 404]),
            SiteRoute.staffResultsBatch.openAPIPath: [
                "get": (operation("The form for a test session's results at once (HTML)", tag: "pandemic", content: html, schema: text, errors: [403])["get"]!),
                "post": (post("Register up to 500 lines (number, result, and time and sample id if given) with the shared fields; each line answered (HTML)",
                              tag: "pandemic", form: fields.merging(["lines": text]) { a, _ in a }, required: ["lines", "sample_date", "centre", "csrf_token"],
                              content: html, schema: text, description: who + " 422 when any line was refused.")["post"]!),
            ],
            SiteRoute.staffResult.openAPIPath: [
                "get": (operation("Correct one result: the form with its values and its earlier corrections (HTML)", tag: "pandemic", parameters: [id],
                                  content: html, schema: text, errors: [403, 404])["get"]!),
                "post": (post("Save a correction with its reason (audited; the person is told; a tracing case opens or closes); 303 to the person",
                              tag: "pandemic", form: fields.merging(["reason": text, "expected": text]) { a, _ in a },
                              required: ["reason", "sample_date", "sample_time", "result", "centre", "csrf_token"], content: html, schema: text,
                              description: who + " 404 for an unknown result; 422 when it changes nothing, has no reason, or the result changed meanwhile.")["post"]!),
            ],
            SiteRoute.pandemicResults.openAPIPath: secured(
                "post", tag: "pandemic",
                "Submit 1 to 10,000 COVID-19 test results (a laboratory's client, tverr:pandemic/results.write). Each row is answered by its index: accepted, duplicate (the same sample and content sent before) or rejected with the field and reason; a bad row never blocks the others. The person gets a \"new test result\" notice; a positive result opens a tracing case",
                body: "ResultBatch", success: "200", schema: ref("ResultBatchAnswer"), errors: [400, 401, 403, 413]),
        ]
    }

    static var pandemicSchemas: [String: Any] {
        let text: [String: Any] = ["type": "string"], integer: [String: Any] = ["type": "integer"]
        return [
            "ResultBatch": ["type": "object", "required": ["results"],
                            "properties": ["results": ["type": "array", "minItems": 1, "maxItems": TestResults.maximumBatch, "items": ref("ResultSubmission")]]],
            "ResultSubmission": [
                "type": "object", "required": ["sampleId", "nationalIdentityNumber", "testType", "sampleCollected", "result", "testCentre"],
                "properties": [
                    "sampleId": ["type": "string", "pattern": "^[A-Za-z0-9._:/-]{1,64}$", "description": "The laboratory's id for the sample; the idempotency key"],
                    "nationalIdentityNumber": ["type": "string", "pattern": "^[0-9]{11}$"],
                    "testType": ["type": "string", "description": "LP6464-4 (NAAT, such as PCR) or LP217198-3 (rapid antigen); pcr and rapid are accepted too"],
                    "device": ["type": "string", "description": "Rapid tests only: the device's id in the EU list (/credentials/value-sets)"],
                    "testName": ["type": "string", "maxLength": 80, "description": "NAAT only: the test's name"],
                    "sampleCollected": ["type": "string", "format": "date-time", "description": "When the sample was taken, with its zone; not in the future, not before 2020"],
                    "result": ["type": "string", "description": "positive or negative (or the SNOMED CT codes 260373001 and 260415000)"],
                    "testCentre": ["type": "string", "maxLength": 50],
                ]],
            "ResultBatchAnswer": ["type": "object", "required": ["accepted", "duplicates", "rejected", "results"],
                                  "properties": ["accepted": integer, "duplicates": integer, "rejected": integer,
                                                 "results": ["type": "array", "items": ref("ResultOutcome")]]],
            "ResultOutcome": ["type": "object", "required": ["index", "status"],
                              "properties": ["index": integer, "sampleId": text, "status": ["type": "string", "enum": ["accepted", "duplicate", "rejected"]],
                                             "id": text, "field": text, "error": text,
                                             "reason": ["type": "string", "description": "missing, malformed, unknownPerson, unknownTestType, unknownDevice, deviceNotForNAAT, future, tooOld, unknownResult, sampleIDConflict or storage"]]],
        ]
    }
}
