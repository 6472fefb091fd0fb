import Foundation

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

    static var paths: [String: Any] {
        let status: [String: Any] = ["type": "object", "properties": ["status": ["type": "string"]]]
        return [
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
            "paths": paths,
            "components": [
                "schemas": schemas,
                "responses": ["Problem": ["description": "Problem details (RFC 9457)",
                                          "content": ["application/problem+json": ["schema": ref("Problem")]]]],
            ],
        ]
    }
}
