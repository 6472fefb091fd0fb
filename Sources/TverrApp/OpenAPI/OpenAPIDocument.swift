import Foundation
import Identity

/// The OpenAPI 3.1 description of every route, served at `/openapi.json`. A test checks that
/// it lists exactly the routes the router serves.
public enum OpenAPIDocument {
    /// The document as JSON bytes.
    public static let json: Data = {
        // JSONSerialization of literal dictionaries: the structure is static and small.
        try! JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }()

    static var problem: [String: Any] { ["$ref": "#/components/responses/Problem"] }

    static func operation(_ summary: String, tag: String, parameters: [[String: Any]] = [],
                          content: String = "application/json", schema: [String: Any],
                          errors: [Int] = []) -> [String: Any] {
        var responses: [String: Any] = ["200": ["description": "OK", "content": [content: ["schema": schema]]]]
        for code in errors { responses[String(code)] = problem }
        return ["get": ["summary": summary, "tags": [tag], "parameters": parameters, "responses": responses]]
    }

    static func pathParameter(_ name: String, _ description: String, pattern: String) -> [String: Any] {
        ["name": name, "in": "path", "required": true, "description": description,
         "schema": ["type": "string", "pattern": pattern]]
    }

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    static func list(_ name: String) -> [String: Any] {
        ["type": "object", "required": ["items", "count"],
         "properties": ["items": ["type": "array", "items": ref(name)], "count": ["type": "integer"]]]
    }

    static func post(_ summary: String, tag: String, form: [String: Any], required: [String], content: String = "application/json",
                     schema: [String: Any], description: String) -> [String: Any] {
        ["post": ["summary": summary, "tags": [tag], "description": description,
                  "requestBody": ["required": true, "content": ["application/x-www-form-urlencoded": ["schema": [
                      "type": "object", "required": required, "properties": form]]]],
                  "responses": ["200": ["description": "OK", "content": [content: ["schema": schema]]],
                                "400": ["description": "RFC 6749 error", "content": ["application/json": ["schema": ref("OAuthError")]]]]]]
    }

    static var exchangeHeaders: [[String: Any]] {
        [pathParameter("number", "National identity number or D-number (11 digits)", pattern: "^[0-9]{11}$"),
         ["name": "Tverr-Purpose", "in": "header", "required": true, "description": "A declared purpose, for example smittesporing",
          "schema": ["type": "string", "enum": ExchangeCatalogue.purposes.map(\.id)]],
         ["name": "Tverr-Legal-Basis", "in": "header", "required": true, "description": "A declared legal basis, for example smittevernloven-3-6",
          "schema": ["type": "string", "enum": ExchangeCatalogue.legalBases.map(\.id)]]]
    }

    static func exchange(_ summary: String) -> [String: Any] {
        var op = operation(summary, tag: "exchange", parameters: exchangeHeaders, schema: ref("Person"), errors: [400, 401, 403, 404])
        if var get = op["get"] as? [String: Any] {
            get["security"] = [["bearer": []]]
            op["get"] = get
        }
        return op
    }

    static func formPage(_ summary: String, form: [String: Any]) -> [String: Any] {
        var fields = form
        fields["csrf_token"] = ["type": "string"]
        return ["get": (operation(summary + " (HTML; needs a portal session)", tag: "portal", content: "text/html", schema: ["type": "string"])["get"]!),
                "post": (post(summary, tag: "portal", form: fields, required: ["csrf_token"], content: "text/html", schema: ["type": "string"],
                              description: "Needs a portal session and its CSRF token.")["post"]!)]
    }

    static func write(_ summary: String, schema: String, created: Bool) -> [String: Any] {
        var parameters = exchangeHeaders
        if created { parameters.removeFirst() } // POST /api/v1/persons has no {number}
        return ["post": ["summary": summary, "tags": ["exchange"], "security": [["bearer": []]], "parameters": parameters,
                         "requestBody": ["required": true, "content": ["application/json": ["schema": ref(schema)]]],
                         "responses": [created ? "201" : "204": ["description": created ? "Created" : "Changed"],
                                       "400": problem, "401": problem, "403": problem, "404": problem]] as [String: Any]]
    }

    static var paths: [String: Any] {
        let status: [String: Any] = ["type": "object", "properties": ["status": ["type": "string"]]]
        let text: [String: Any] = ["type": "string"]
        return [
            SiteRoute.discovery.openAPIPath: operation("OpenID Connect discovery document", tag: "identity", schema: ["type": "object"]),
            SiteRoute.jwks.openAPIPath: operation("The provider's public signing keys (JWK Set)", tag: "identity", schema: ["type": "object"]),
            SiteRoute.authorize.openAPIPath: operation(
                "Authorization endpoint: code flow with PKCE S256; shows the login page", tag: "identity",
                parameters: ["client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge",
                             "code_challenge_method", "acr_values", "prompt", "ui_locales"].map { ["name": $0, "in": "query", "schema": text] },
                content: "text/html", schema: text, errors: [400]),
            SiteRoute.authorizeLogin.openAPIPath: post(
                "The login form (test ID in demo mode)", tag: "identity",
                form: ["pid": text, "csrf_token": text, "client_id": text, "redirect_uri": text], required: ["pid", "csrf_token"],
                content: "text/html", schema: text, description: "Redirects (303) to the client with code, state and iss."),
            SiteRoute.authorizeEID.openAPIPath: post(
                "The eID login form: number, password and one-time code (idporten-loa-substantial)", tag: "identity",
                form: ["pid": text, "password": text, "otp": text, "csrf_token": text], required: ["pid", "password", "otp", "csrf_token"],
                content: "text/html", schema: text, description: "Redirects (303) to the client with code, state and iss."),
            SiteRoute.eidActivate.openAPIPath: [
                "get": (operation("eID activation: the activation code page", tag: "identity", content: "text/html", schema: text)["get"]!),
                "post": (post("eID activation: number and activation code", tag: "identity",
                              form: ["pid": text, "activation_code": text, "csrf_token": text], required: ["pid", "activation_code", "csrf_token"],
                              content: "text/html", schema: text, description: "Shows the password page and sets the enrolment cookie.")["post"]!),
            ],
            SiteRoute.eidPassword.openAPIPath: post(
                "eID activation: choose a password", tag: "identity", form: ["password": text, "repeat": text, "csrf_token": text],
                required: ["password", "repeat", "csrf_token"], content: "text/html", schema: text,
                description: "At least 10 characters, not common, not the number. Shows the authenticator page."),
            SiteRoute.eidConfirm.openAPIPath: post(
                "eID activation: confirm the authenticator with a code", tag: "identity", form: ["otp": text, "csrf_token": text],
                required: ["otp", "csrf_token"], content: "text/html", schema: text, description: "Activates the eID."),
            SiteRoute.identityVerification.openAPIPath: [
                "post": ["summary": "The police record a verified identity; returns the activation code for the person's eID (audited)",
                         "tags": ["identity"], "security": [["bearer": []]], "parameters": exchangeHeaders,
                         "requestBody": ["required": true, "content": ["application/json": ["schema": [
                             "type": "object", "required": ["documentType"],
                             "properties": ["documentType": ["type": "string", "enum": ["passport", "national-id-card", "travel-document", "other"]]]]]]],
                         "responses": ["201": ["description": "Created", "content": ["application/json": ["schema": [
                             "type": "object", "properties": ["identityNumber": text, "activationCode": text, "validDays": text]]]]],
                                       "400": problem, "401": problem, "403": problem, "404": problem]] as [String: Any],
            ],
            SiteRoute.token.openAPIPath: post(
                "Token endpoint: authorization_code (client_secret_basic or _post) or the JWT bearer grant (RFC 7523)", tag: "identity",
                form: ["grant_type": text, "code": text, "redirect_uri": text, "code_verifier": text, "assertion": text,
                       "client_id": text, "client_secret": text],
                required: ["grant_type"], schema: ref("TokenResponse"), description: "Errors are RFC 6749 §5.2 JSON."),
            SiteRoute.userinfo.openAPIPath: operation("Claims about the logged-in person", tag: "identity", schema: ["type": "object"], errors: [401]),
            SiteRoute.logout.openAPIPath: operation(
                "RP-initiated logout", tag: "identity",
                parameters: ["id_token_hint", "post_logout_redirect_uri", "state"].map { ["name": $0, "in": "query", "schema": text] },
                content: "text/html", schema: text, errors: [400]),
            SiteRoute.portalLogin.openAPIPath: operation(
                "Start the portal's login (redirects to /authorize)", tag: "portal",
                parameters: [["name": "return_to", "in": "query", "schema": text]], content: "text/html", schema: text),
            SiteRoute.portalCallback.openAPIPath: operation(
                "The portal's redirect URI: checks state, iss and the ID token, then starts a portal session", tag: "portal",
                parameters: ["code", "state", "iss", "error", "error_description"].map { ["name": $0, "in": "query", "schema": text] },
                content: "text/html", schema: text, errors: [400]),
            SiteRoute.myPage.openAPIPath: operation("My page (HTML; needs a portal session)", tag: "portal", content: "text/html", schema: text),
            SiteRoute.myMessages.openAPIPath: operation("The digital mailbox, unread first (HTML; needs a portal session)", tag: "portal",
                                                        content: "text/html", schema: text),
            SiteRoute.myMessage.openAPIPath: operation("One message, marked read on opening (HTML; needs a portal session)", tag: "portal",
                                                       parameters: [pathParameter("id", "The message id", pattern: "^[0-9a-f-]{36}$")],
                                                       content: "text/html", schema: text, errors: [404]),
            SiteRoute.myMessageAttachment.openAPIPath: operation(
                "A file of one of my messages, for download (needs a portal session)", tag: "portal",
                parameters: [pathParameter("id", "The message id", pattern: "^[0-9a-f-]{36}$"),
                             pathParameter("position", "The file's position, from 0", pattern: "^[0-9]{1,2}$")],
                content: "application/octet-stream", schema: ["type": "string", "format": "binary"], errors: [404]),
            SiteRoute.myDataUse.openAPIPath: operation("Who has used my information (HTML; needs a portal session)", tag: "portal",
                                                       content: "text/html", schema: text),
            SiteRoute.myLogout.openAPIPath: post("Log out of the portal and the provider", tag: "portal", form: ["csrf_token": text],
                                                 required: ["csrf_token"], content: "text/html", schema: text,
                                                 description: "Redirects (303) to the provider's logout."),
            SiteRoute.apiMyDataUse.openAPIPath: {
                var op = operation("Every access to the caller's own data: organisation, purpose, legal basis, time", tag: "exchange",
                                   schema: ["type": "object", "properties": ["items": ["type": "array"], "count": ["type": "integer"]]],
                                   errors: [401])
                if var get = op["get"] as? [String: Any] { get["security"] = [["bearer": []]]; op["get"] = get }
                return op
            }(),
            SiteRoute.myContact.openAPIPath: formPage("My contact details and reservation", form: ["email": text, "mobile": text, "reserved": text]),
            SiteRoute.myAddress.openAPIPath: formPage("Report a move", form: ["street": text, "postcode": text, "municipality": text, "valid_from": text]),
            SiteRoute.myConsents.openAPIPath: formPage("My consents: list and give", form: ["purpose": text, "organisation": text]),
            SiteRoute.staffTemplates.openAPIPath: {
                var both = formPage("Message templates of the editor's organisation; the POST makes a new one (editor role)",
                                    form: ["id": text, "name": text, "{channel}-{language}-subject": text, "{channel}-{language}-body": text])
                both["get"] = (operation("Message templates of the editor's organisation (HTML; portal session and editor role)", tag: "notify",
                                         content: "text/html", schema: text, errors: [403])["get"]!)
                return both
            }(),
            SiteRoute.staffTemplateNew.openAPIPath: operation("The form for a new template (HTML; portal session and editor role)", tag: "notify",
                                                              content: "text/html", schema: text, errors: [403]),
            SiteRoute.staffTemplate.openAPIPath: {
                var both = formPage("One template: its latest version with LIX scores and warnings; the POST saves a new version (editor role)",
                                    form: ["name": text, "{channel}-{language}-subject": text, "{channel}-{language}-body": text])
                both["get"] = (operation("One template with its LIX scores and warnings (HTML; portal session and editor role)", tag: "notify",
                                         parameters: [pathParameter("id", "The template id", pattern: "^[a-z0-9-]{3,64}$"),
                                                      ["name": "saved", "in": "query", "required": false, "schema": ["type": "integer"]]],
                                         content: "text/html", schema: text, errors: [403, 404])["get"]!)
                return both
            }(),
            SiteRoute.myConsentWithdraw.openAPIPath: post("Withdraw a consent", tag: "portal", form: ["purpose": text, "organisation": text, "csrf_token": text],
                                                          required: ["purpose", "organisation", "csrf_token"], content: "text/html", schema: text,
                                                          description: "Needs a portal session."),
            SiteRoute.persons.openAPIPath: write("Register a person with a new D-number (audited; an outbox event)", schema: "NewPerson", created: true),
            SiteRoute.personAddress.openAPIPath: write("Register a change of address (audited; an outbox event)", schema: "AddressChange", created: false),
            SiteRoute.adminClients.openAPIPath: [
                "get": ["summary": "Registered clients (admin role, idporten-loa-high)", "tags": ["identity"], "security": [["bearer": []]],
                        "responses": ["200": ["description": "OK", "content": ["application/json": ["schema": ["type": "object"]]]],
                                      "401": problem, "403": problem]] as [String: Any],
                "post": ["summary": "Register a relying party (kind web) or a machine client (kind machine)", "tags": ["identity"],
                         "security": [["bearer": []]],
                         "requestBody": ["required": true, "content": ["application/json": ["schema": [
                             "type": "object", "required": ["kind", "name", "organisationNumber"],
                             "properties": ["kind": ["type": "string", "enum": ["web", "machine"]], "name": text, "organisationNumber": text,
                                            "redirectURIs": ["type": "array"], "postLogoutRedirectURIs": ["type": "array"],
                                            "scopes": ["type": "array"], "publicJWK": ["type": "object"], "clientID": text]]]]],
                         "responses": ["201": ["description": "Created; a web client's secret is shown once"], "400": problem,
                                       "401": problem, "403": problem]] as [String: Any],
            ],
            SiteRoute.adminClientDisable.openAPIPath: [
                "post": ["summary": "Stop issuing tokens to a client (admin role, idporten-loa-high)", "tags": ["identity"],
                         "security": [["bearer": []]],
                         "parameters": [pathParameter("id", "The client id", pattern: "^[a-z0-9._-]{3,100}$")],
                         "responses": ["204": ["description": "Disabled"], "401": problem, "403": problem, "404": problem]] as [String: Any],
            ],
            SiteRoute.person.openAPIPath: exchange("A person, cut to the fields the token's scopes allow (audited)"),
            SiteRoute.personAddresses.openAPIPath: exchange("A person's address history (audited)"),
            SiteRoute.personFamily.openAPIPath: exchange("A person's family relations (audited)"),
            SiteRoute.personContact.openAPIPath: exchange("Contact details and reservation (audited)"),
            SiteRoute.personHealthPersonnel.openAPIPath: exchange("Health personnel register entries (audited)"),
            SiteRoute.home.openAPIPath: operation("The front page (HTML)", tag: "portal", content: "text/html", schema: ["type": "string"]),
            SiteRoute.stylesheet.openAPIPath: operation("The stylesheet", tag: "portal", content: "text/css", schema: ["type": "string"]),
            SiteRoute.health.openAPIPath: operation("Liveness: the process is up", tag: "operations", schema: status),
            SiteRoute.readiness.openAPIPath: operation("Readiness: the database answers", tag: "operations", schema: status, errors: [503]),
            SiteRoute.metrics.openAPIPath: operation("Prometheus metrics", tag: "operations", content: "text/plain", schema: ["type": "string"]),
            SiteRoute.openAPI.openAPIPath: operation("This document", tag: "operations", schema: ["type": "object"]),
            SiteRoute.municipalities.openAPIPath: operation("All municipalities", tag: "registers", schema: list("Municipality")),
            SiteRoute.municipality.openAPIPath: operation(
                "One municipality by its official number", tag: "registers",
                parameters: [pathParameter("number", "Four-digit municipality number, for example 0301", pattern: "^[0-9]{4}$")],
                schema: ref("Municipality"), errors: [400, 404]),
            SiteRoute.organisations.openAPIPath: operation(
                "All organisations, optionally of one kind", tag: "registers",
                parameters: [["name": "kind", "in": "query", "required": false,
                              "schema": ["type": "string", "enum": ["agency", "municipality", "health_service"]]]],
                schema: list("Organisation"), errors: [400]),
            SiteRoute.organisation.openAPIPath: operation(
                "One organisation by organisation number", tag: "registers",
                parameters: [pathParameter("number", "Nine-digit organisation number with a valid mod-11 control digit", pattern: "^[0-9 ]{9,11}$")],
                schema: ref("Organisation"), errors: [400, 404]),
        ]
    }

    static var schemas: [String: Any] {
        [
            "Municipality": ["type": "object",
                             "required": ["number", "name", "county", "countyNumber", "centrePostcode", "latitude", "longitude", "population"],
                             "properties": ["number": ["type": "string"], "name": ["type": "string"], "county": ["type": "string"],
                                            "countyNumber": ["type": "string"], "centrePostcode": ["type": "string"],
                                            "latitude": ["type": "number"], "longitude": ["type": "number"],
                                            "population": ["type": "integer"]]],
            "Organisation": ["type": "object", "required": ["number", "name", "kind"],
                             "properties": ["number": ["type": "string"], "name": ["type": "string"],
                                            "kind": ["type": "string", "enum": ["agency", "municipality", "health_service"]],
                                            "municipalityNumber": ["type": ["string", "null"]]]],
            "Person": ["type": "object", "description": "Only the fields the scopes allow are present.",
                       "properties": ["identityNumber": ["type": "string"], "numberKind": ["type": "string", "enum": ["fnr", "dnr"]],
                                      "givenName": ["type": "string"], "familyName": ["type": "string"],
                                      "givenNameNative": ["type": "string"], "familyNameNative": ["type": "string"],
                                      "birthDate": ["type": "string", "format": "date"], "address": ["type": "object"],
                                      "addressHistory": ["type": "array"], "family": ["type": "array"], "contact": ["type": "object"],
                                      "reserved": ["type": "boolean"], "healthPersonnel": ["type": "array"]]],
            "AddressChange": ["type": "object", "required": ["street", "postcode", "municipalityNumber", "validFrom"],
                              "properties": ["street": ["type": "string"], "postcode": ["type": "string", "pattern": "^[0-9]{4}$"],
                                             "municipalityNumber": ["type": "string"], "validFrom": ["type": "string", "format": "date"]]],
            "NewPerson": ["type": "object", "required": ["givenName", "familyName", "birthDate", "sex", "citizenship"],
                          "properties": ["givenName": ["type": "string"], "familyName": ["type": "string"],
                                         "givenNameNative": ["type": "string"], "familyNameNative": ["type": "string"],
                                         "birthDate": ["type": "string", "format": "date"], "sex": ["type": "string", "enum": ["female", "male"]],
                                         "citizenship": ["type": "string", "pattern": "^[A-Z]{3}$"], "address": ref("AddressChange")]],
            "TokenResponse": ["type": "object", "required": ["access_token", "token_type", "expires_in"],
                              "properties": ["access_token": ["type": "string"], "id_token": ["type": "string"],
                                             "token_type": ["type": "string"], "expires_in": ["type": "integer"], "scope": ["type": "string"]]],
            "OAuthError": ["type": "object", "required": ["error"],
                           "properties": ["error": ["type": "string"], "error_description": ["type": "string"]]],
            "Problem": ["type": "object", "description": "RFC 9457 problem details", "required": ["type", "title", "status", "detail"],
                        "properties": ["type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"],
                                       "detail": ["type": "string"], "instance": ["type": "string"]]],
        ]
    }

    static var document: [String: Any] {
        [
            "openapi": "3.1.0",
            "info": ["title": "Tverr", "version": "0.1.0",
                     "description": "Shared building blocks for joined-up public services. Errors are RFC 9457 problem details."],
            "paths": paths.merging(eventPaths) { a, _ in a }.merging(notifyPaths) { a, _ in a }.merging(credentialPaths) { a, _ in a }
                .merging(bookingPaths) { a, _ in a }.merging(pandemicPaths) { a, _ in a }.merging(settlementPaths) { a, _ in a }.merging(networkPaths) { a, _ in a }.merging(youthPaths) { a, _ in a },
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT (ES256, typ at+jwt)"]],
                "schemas": schemas.merging(eventSchemas) { a, _ in a }.merging(notifySchemas) { a, _ in a }.merging(credentialSchemas) { a, _ in a }
                    .merging(bookingSchemas) { a, _ in a }.merging(pandemicSchemas) { a, _ in a },
                "responses": ["Problem": ["description": "Problem details (RFC 9457)",
                                          "content": ["application/problem+json": ["schema": ref("Problem")]]]],
            ],
        ]
    }
}
