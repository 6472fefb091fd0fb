/// The youth front door in the OpenAPI document (HTML pages, no login).
extension OpenAPIDocument {
    static var youthPaths: [String: Any] {
        let text: [String: Any] = ["type": "string"], html = "text/html"
        func withParameter(_ name: String, _ description: String, _ operation: [String: Any]) -> [String: Any] {
            var get = operation["get"] as! [String: Any]
            get["parameters"] = [pathParameter(name, description, pattern: "^[a-z0-9-]{1,80}$")]
            return ["get": get]
        }
        return [
            SiteRoute.youth.openAPIPath: operation("The youth front door: the search, the topics and the articles in the page's language (HTML; no login)",
                                                   tag: "youth", content: html, schema: text, errors: []),
            SiteRoute.youthTopic.openAPIPath: withParameter("topic", "body, mind, sex, family, school, work, rights or drugs", operation(
                "A topic's articles (HTML); 404 for an unknown topic", tag: "youth", content: html, schema: text, errors: [404])),
            SiteRoute.youthArticle.openAPIPath: withParameter("slug", "The article, the same in every language", operation(
                "An article in the page's language, or in another (said on the page) when it has no version in that one yet; with the ages it is for and when it was last reviewed (HTML); 404 for an unknown article",
                tag: "youth", content: html, schema: text, errors: [404])),
            SiteRoute.youthSearch.openAPIPath: operation(
                "Full-text search of the articles in the page's language (`q`: words only, at most eight, the last as a prefix; `alder`: 13 to 20, optional) (HTML); 422 for another age",
                tag: "youth", parameters: [["name": "q", "in": "query", "required": false, "schema": text],
                                           ["name": "alder", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 13, "maximum": 20]]],
                content: html, schema: text, errors: [422]),
        ]
    }
}
