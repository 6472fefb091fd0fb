import Events
import Identity

/// The events and notify blocks in the OpenAPI document.
extension OpenAPIDocument {
    static var eventHeaders: [[String: Any]] { Array(exchangeHeaders.dropFirst()) }

    static func secured(_ method: String, tag: String = "events", _ summary: String, parameters: [[String: Any]] = [], body: String? = nil,
                        success: String, schema: [String: Any]?, errors: [Int]) -> [String: Any] {
        var responses: [String: Any] = [:]
        var ok: [String: Any] = ["description": "OK"]
        if let schema { ok["content"] = ["application/json": ["schema": schema]] }
        responses[success] = ok
        for code in errors { responses[String(code)] = problem }
        var operation: [String: Any] = ["summary": summary, "tags": [tag], "security": [["bearer": []]],
                                        "parameters": parameters, "responses": responses]
        if let body { operation["requestBody"] = ["required": body != "RedeliverRequest", "content": ["application/json": ["schema": ref(body)]]] }
        return [method: operation]
    }

    static var eventPaths: [String: Any] {
        let id = pathParameter("id", "The subscription id (a UUID)", pattern: "^[0-9a-fA-F-]{36}$")
        let feedQuery: [[String: Any]] = [
            ["name": "after", "in": "query", "required": false, "description": "The cursor from the previous page (`next`); 0 or none for the start",
             "schema": ["type": "string", "pattern": "^[0-9]+$"]],
            ["name": "type", "in": "query", "required": false, "description": "Event types, comma-separated or repeated; default all the token may see",
             "schema": ["type": "string"]],
            ["name": "subject", "in": "query", "required": false, "description": "Only events about this national identity number or D-number",
             "schema": ["type": "string", "pattern": "^[0-9]{11}$"]],
            ["name": "limit", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1, "maximum": 1000, "default": 100]],
        ]
        var subscriptions = secured("get", "The client's webhook subscriptions", success: "200",
                                    schema: ["type": "array", "items": ref("EventSubscription")], errors: [401, 403])
        subscriptions.merge(secured("post", "Subscribe a callback URL to event types (the secret is shown once)", parameters: eventHeaders,
                                    body: "EventSubscriptionRequest", success: "201", schema: ref("EventSubscription"),
                                    errors: [400, 401, 403, 413])) { a, _ in a }
        var one = secured("get", "One subscription, with delivery counts", parameters: [id], success: "200",
                          schema: ref("EventSubscription"), errors: [401, 403, 404])
        one.merge(secured("delete", "End a subscription; deliveries not yet made are cancelled", parameters: [id], success: "204",
                          schema: nil, errors: [401, 403, 404])) { a, _ in a }
        return [
            SiteRoute.eventTypes.openAPIPath: operation("The published event types and the scopes that receive them", tag: "events",
                                                        schema: ["type": "array", "items": ["type": "object"]]),
            SiteRoute.events.openAPIPath: secured("get", "CloudEvents after a cursor, oldest first (each event returned is audited)",
                                                  parameters: eventHeaders + feedQuery, success: "200", schema: ref("EventPage"),
                                                  errors: [400, 401, 403]),
            SiteRoute.eventSubscriptions.openAPIPath: subscriptions,
            SiteRoute.eventSubscription.openAPIPath: one,
            SiteRoute.eventDeadLetters.openAPIPath: secured("get", "Deliveries that ran out of retries", parameters: [id], success: "200",
                                                            schema: ["type": "array", "items": ref("DeadLetter")], errors: [401, 403, 404]),
            SiteRoute.eventRedeliver.openAPIPath: secured("post", "Put dead letters back in the queue (the listed ones, or all)", parameters: [id],
                                                          body: "RedeliverRequest", success: "202",
                                                          schema: ["type": "object", "properties": ["requeued": ["type": "integer"]]],
                                                          errors: [400, 401, 403, 404, 413]),
        ]
    }

    static var notifyPaths: [String: Any] {
        let id = pathParameter("id", "The template id", pattern: "^[a-z0-9-]{3,64}$")
        let version: [String: Any] = ["name": "version", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1]]
        var one = secured("get", tag: "notify", "A template: the latest version, or the one asked for", parameters: [id, version], success: "200",
                          schema: ref("Template"), errors: [400, 401, 403, 404])
        one.merge(secured("put", tag: "notify", "Save a new version of a template (201 for the first); LIX warnings above 40", parameters: [id],
                          body: "TemplateRequest", success: "200", schema: ref("Template"), errors: [400, 401, 403, 413])) { a, _ in a }
        return [
            SiteRoute.notifyTemplates.openAPIPath: secured("get", tag: "notify", "The organisation's templates, latest versions", success: "200",
                                                           schema: ["type": "array", "items": ref("Template")], errors: [401, 403]),
            SiteRoute.notifyTemplate.openAPIPath: one,
            SiteRoute.adminPrintQueue.openAPIPath: secured("get", tag: "notify", "Letters in the print queue (admin role, idporten-loa-high)",
                                                           parameters: [["name": "status", "in": "query", "required": false,
                                                                         "schema": ["type": "string", "enum": ["queued", "printed"]]]],
                                                           success: "200", schema: ["type": "array", "items": ["type": "object"]], errors: [400, 401, 403]),
            SiteRoute.adminPrintQueueLetter.openAPIPath: [
                "get": ["summary": "A letter as PDF for printing (admin role; audited)", "tags": ["notify"], "security": [["bearer": []]],
                        "parameters": [pathParameter("id", "The letter id", pattern: "^[0-9a-f-]{36}$")],
                        "responses": ["200": ["description": "The PDF", "content": ["application/pdf": ["schema": ["type": "string", "format": "binary"]]]],
                                      "401": problem, "403": problem, "404": problem, "503": problem]] as [String: Any],
            ],
            SiteRoute.adminPrintQueueAttachment.openAPIPath: [
                "get": ["summary": "A file to enclose with a letter (admin role; audited)", "tags": ["notify"], "security": [["bearer": []]],
                        "parameters": [pathParameter("id", "The letter id", pattern: "^[0-9a-f-]{36}$"),
                                       pathParameter("position", "The file's position in the message, from 0", pattern: "^[0-9]{1,2}$")],
                        "responses": ["200": ["description": "The file, as its content type",
                                              "content": ["application/octet-stream": ["schema": ["type": "string", "format": "binary"]]]],
                                      "401": problem, "403": problem, "404": problem, "503": problem]] as [String: Any],
            ],
            SiteRoute.adminPrintQueuePrinted.openAPIPath: secured("post", tag: "notify", "Mark a letter printed (admin role)",
                                                                  parameters: [pathParameter("id", "The letter id", pattern: "^[0-9a-f-]{36}$")],
                                                                  success: "204", schema: nil, errors: [401, 403, 404]),
            SiteRoute.notifyMessages.openAPIPath: secured(
                "post", tag: "notify",
                "Send a message to a person (channel from the contact register; needs Tverr-Purpose and Tverr-Legal-Basis) or to an address",
                parameters: eventHeaders.map { var p = $0; p["required"] = false; return p }
                    + [["name": "Idempotency-Key", "in": "header", "required": false, "schema": ["type": "string", "maxLength": 200]]],
                body: "MessageRequest", success: "201", schema: ref("MessageStatus"), errors: [400, 401, 403, 404, 409, 413, 429]),
            SiteRoute.notifyBatch.openAPIPath: secured(
                "post", tag: "notify", "Send up to 10,000 messages; each is reported by index as created, duplicate or rejected",
                parameters: eventHeaders.map { var p = $0; p["required"] = false; return p },
                body: "MessageBatch", success: "200", schema: ["type": "object"], errors: [400, 401, 403, 413, 429]),
            SiteRoute.notifyStatusFeed.openAPIPath: secured(
                "get", tag: "notify", "The organisation's status feed: each delivery delivered or finally failed, in order; read on with after=seq",
                parameters: [["name": "after", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 0]],
                             ["name": "limit", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1, "maximum": 1000]]],
                success: "200", schema: ref("StatusFeedPage"), errors: [400, 401, 403]),
            SiteRoute.notifyMessage.openAPIPath: secured("get", tag: "notify", "A message's status, per channel",
                                                         parameters: [pathParameter("id", "The message id", pattern: "^[0-9a-f-]{36}$")],
                                                         success: "200", schema: ref("MessageStatus"), errors: [401, 403, 404]),
        ]
    }

    static var notifySchemas: [String: Any] {
        let variant: [String: Any] = ["type": "object", "required": ["channel", "language", "body"],
                                      "properties": ["channel": ["type": "string", "enum": ["mailbox", "sms", "email", "letter"]],
                                                     "language": ["type": "string", "enum": ["nb", "nn", "en", "uk"]],
                                                     "subject": ["type": "string"], "body": ["type": "string"]]]
        let entry: [String: Any] = ["type": "object", "required": ["seq", "messageId", "channel", "role", "status", "time"],
                                    "properties": ["seq": ["type": "integer"], "messageId": ["type": "string"],
                                                   "channel": ["type": "string", "enum": ["sms", "email", "letter", "mailbox"]],
                                                   "role": ["type": "string"], "status": ["type": "string", "enum": ["delivered", "failed"]],
                                                   "error": ["type": "string"], "time": ["type": "string", "format": "date-time"]]]
        return [
            "StatusFeedPage": ["type": "object", "required": ["items", "next"],
                               "properties": ["items": ["type": "array", "items": entry], "next": ["type": "integer"]]],
            "TemplateRequest": ["type": "object", "required": ["name", "variants"],
                                "properties": ["name": ["type": "string"], "variants": ["type": "array", "items": variant, "maxItems": 16]]],
            "MessageRequest": ["type": "object", "required": ["template", "to"],
                               "properties": ["template": ["type": "string"], "templateVersion": ["type": "integer"],
                                              "to": ["type": "object", "description": "Exactly one of the three",
                                                     "properties": ["nationalIdentityNumber": ["type": "string"], "email": ["type": "string"],
                                                                    "mobile": ["type": "string"]]],
                                              "personalisation": ["type": "object", "additionalProperties": ["type": "string"]],
                                              "language": ["type": "string", "enum": ["nb", "nn", "en", "uk"]], "reference": ["type": "string"],
                                              "attachments": ["type": "array", "maxItems": 10, "items": ["type": "object",
                                                  "required": ["filename", "contentType", "content"],
                                                  "properties": ["filename": ["type": "string", "maxLength": 100],
                                                                 "contentType": ["type": "string", "enum": ["application/pdf", "image/png", "image/jpeg", "text/plain"]],
                                                                 "content": ["type": "string", "contentEncoding": "base64"]]]]]],
            "MessageBatch": ["type": "object", "required": ["messages"],
                             "properties": ["messages": ["type": "array", "minItems": 1, "maxItems": 10_000, "items": [
                                 "allOf": [ref("MessageRequest"), ["type": "object", "properties": ["idempotencyKey": ["type": "string"]]]]]]]],
            "MessageStatus": ["type": "object", "required": ["id", "status", "template", "templateVersion", "language", "deliveries"],
                              "properties": ["id": ["type": "string"],
                                             "status": ["type": "string", "enum": ["created", "sending", "delivered", "failed", "fell-back"]],
                                             "reference": ["type": "string"], "template": ["type": "string"], "templateVersion": ["type": "integer"],
                                             "language": ["type": "string"], "createdAt": ["type": "string"], "updatedAt": ["type": "string"],
                                             "deliveries": ["type": "array", "items": ["type": "object", "properties": [
                                                 "channel": ["type": "string"], "role": ["type": "string"], "status": ["type": "string"],
                                                 "attempts": ["type": "integer"], "lastError": ["type": "string"]]]],
                                             "attachments": ["type": "array", "items": ["type": "object", "properties": [
                                                 "position": ["type": "integer"], "filename": ["type": "string"], "contentType": ["type": "string"],
                                                 "size": ["type": "integer"], "sha256": ["type": "string"]]]]]],
            "Template": ["type": "object", "required": ["id", "version", "name", "placeholders", "channels", "variants", "readability", "warnings"],
                         "properties": ["id": ["type": "string"], "version": ["type": "integer"], "name": ["type": "string"],
                                        "placeholders": ["type": "array", "items": ["type": "string"]],
                                        "channels": ["type": "array", "items": ["type": "string"]],
                                        "variants": ["type": "array", "items": variant],
                                        "readability": ["type": "array", "items": ["type": "object"]],
                                        "warnings": ["type": "array", "items": ["type": "string"]],
                                        "createdAt": ["type": "string", "format": "date-time"]]],
        ]
    }

    static var eventSchemas: [String: Any] {
        [
            "CloudEvent": ["type": "object", "description": "CloudEvents 1.0, structured JSON",
                           "required": ["specversion", "id", "source", "type", "subject", "time", "datacontenttype", "data"],
                           "properties": ["specversion": ["const": "1.0"], "id": ["type": "string"], "source": ["type": "string"],
                                          "type": ["type": "string", "enum": EventCatalogue.types.map(\.name)],
                                          "subject": ["type": "string"], "time": ["type": "string", "format": "date-time"],
                                          "sequence": ["type": "string"], "datacontenttype": ["const": "application/json"],
                                          "data": ["type": "object"]]],
            "EventPage": ["type": "object", "required": ["events", "next"],
                          "properties": ["events": ["type": "array", "items": ref("CloudEvent")], "next": ["type": "string"]]],
            "EventSubscriptionRequest": ["type": "object", "required": ["types", "callbackUrl"],
                                         "properties": ["types": ["type": "array", "items": ["type": "string"], "minItems": 1, "maxItems": 50],
                                                        "callbackUrl": ["type": "string", "format": "uri"],
                                                        "subject": ["type": "string", "pattern": "^[0-9]{11}$"],
                                                        "secret": ["type": "string", "minLength": 24, "maxLength": 200]]],
            "EventSubscription": ["type": "object", "required": ["id", "types", "callbackUrl", "purpose", "legalBasis", "createdAt"],
                                  "properties": ["id": ["type": "string"], "types": ["type": "array", "items": ["type": "string"]],
                                                 "callbackUrl": ["type": "string"], "subject": ["type": "string"],
                                                 "purpose": ["type": "string"], "legalBasis": ["type": "string"],
                                                 "createdAt": ["type": "string", "format": "date-time"],
                                                 "secret": ["type": "string", "description": "Only in the answer to the POST"],
                                                 "deliveries": ["type": "object", "properties": ["pending": ["type": "integer"],
                                                                                                 "delivered": ["type": "integer"],
                                                                                                 "dead": ["type": "integer"]]]]],
            "DeadLetter": ["type": "object", "required": ["deliveryId", "eventId", "type", "time", "attempts"],
                           "properties": ["deliveryId": ["type": "integer"], "eventId": ["type": "string"], "type": ["type": "string"],
                                          "time": ["type": "string", "format": "date-time"], "attempts": ["type": "integer"],
                                          "lastError": ["type": "string"]]],
            "RedeliverRequest": ["type": "object", "properties": ["deliveryIds": ["type": "array", "items": ["type": "integer"],
                                                                                  "minItems": 1, "maxItems": 1000]]],
        ]
    }
}
