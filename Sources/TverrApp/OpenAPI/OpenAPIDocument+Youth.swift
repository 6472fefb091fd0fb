/// The youth front door in the OpenAPI document: the public pages (no login) and the editor's (HTML).
extension OpenAPIDocument {
    static var youthPaths: [String: Any] {
        let text: [String: Any] = ["type": "string"], html = "text/html"
        let editor = "Portal session at idporten-loa-high (otherwise 303 to the login), the editor role at Bufdir or the Directorate of Health (403 otherwise), and the CSRF token on forms"
        func withParameter(_ name: String, _ description: String, _ operation: [String: Any]) -> [String: Any] {
            var get = operation["get"] as! [String: Any]
            get["parameters"] = [pathParameter(name, description, pattern: "^[a-z0-9-]{1,80}$")]
            return ["get": get]
        }
        let panel = "Portal session at idporten-loa-high (otherwise 303 to the login), the expert role (or the editor role, to review) at Bufdir or the Directorate of Health (403 otherwise), and the CSRF token on forms"
        func panelStep(_ summary: String, _ fields: [String: Any], _ errors: String) -> [String: Any] {
            post(summary, tag: "youth", form: fields.merging(["id": text, "csrf_token": text]) { a, _ in a }, required: ["id", "csrf_token"], content: html, schema: text,
                 description: "\(panel). 303 to the panel; \(errors) 404 for an unknown question; 409 when it has moved on meanwhile. Audited.")
        }
        return [
            SiteRoute.youthArchive.openAPIPath: operation("The archive of published answers: the newest, or the best matches for `q` (words only) (HTML; no login)",
                                                          tag: "youth", parameters: [["name": "q", "in": "query", "required": false, "schema": text]],
                                                          content: html, schema: text, errors: []),
            SiteRoute.youthArchiveAnswer.openAPIPath: withParameter("id", "The question's id", operation(
                "A published question and answer, with when it was answered, by which discipline, and a notice when it is more than a year old (HTML); 404 otherwise",
                tag: "youth", content: html, schema: text, errors: [404])),
            SiteRoute.staffPanel.openAPIPath: operation("The panel's questions waiting for an answer and answers waiting for review, urgent first (HTML; \(panel))",
                                                        tag: "youth", content: html, schema: text, errors: []),
            SiteRoute.staffPanelQuestion.openAPIPath: operation(
                "One question (read audited): the answer form while it waits, or the review with the redacted texts and what was removed (HTML; \(panel)); 404 for an unknown question",
                tag: "youth", parameters: [["name": "id", "in": "query", "required": true, "schema": text]], content: html, schema: text, errors: [404]),
            SiteRoute.staffPanelAnswer.openAPIPath: panelStep("An expert answers a waiting question (40 to 5,000 characters); it then waits for review", ["answer": text],
                                                              "422 for a short, long or odd answer; 403 for an editor (who reviews);"),
            SiteRoute.staffPanelMove.openAPIPath: panelStep("Move a waiting question to another discipline (nurse, doctor, psychologist, lawyer, career-adviser, social-worker)",
                                                            ["discipline": text], "422 for an unknown discipline;"),
            SiteRoute.staffPanelPublish.openAPIPath: panelStep(
                "A second expert or an editor publishes the answer: the question and answer as approved, identifying details removed (the removals are kept)",
                ["question": text, "answer": text], "422 for a text too short or long; 409 for the one who wrote the answer;"),
            SiteRoute.staffPanelReturn.openAPIPath: panelStep("Send an answer back to the panel with a note (10 to 2,000 characters); the draft is kept",
                                                              ["note": text], "422 without a note;"),
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
            SiteRoute.youthAsk.openAPIPath: operation("The anonymous question form (HTML; no login; sets the CSRF cookie)", tag: "youth", content: html, schema: text, errors: [])
                .merging(post("Ask the expert panel anonymously: `text` (20 to 2,000 characters), optional `age` (13–20), `gender` (girl, boy, other) and `county`. A question that mentions self-harm, suicide, abuse or violence first gets the emergency numbers and is queued only when sent again with `confirmed=yes`. With `similar=1` nothing is sent: the form comes back with up to five published answers to similar questions. Answers with the private reply code (HTML)",
                              tag: "youth", form: ["text": text, "age": text, "gender": text, "county": text, "confirmed": text, "similar": text, "csrf_token": text],
                              required: ["text", "csrf_token"], content: html, schema: text,
                              description: "No login; the CSRF cookie. 422 naming the field for empty, short, long, spam or odd input; 403 without the CSRF token; 429 after five questions in ten minutes from one client.")) { a, _ in a },
            SiteRoute.youthReply.openAPIPath: operation("Read the answer with the reply code `kode` (HTML); 404 for any code that opens nothing (a wrong code reveals nothing), 429 after 30 tries a minute",
                                                        tag: "youth", parameters: [["name": "kode", "in": "query", "required": false, "schema": text]],
                                                        content: html, schema: text, errors: [404, 429]),
            SiteRoute.staffYouth.openAPIPath: operation("The youth editor's list: every language version with its topic and review date, those due for review marked (HTML; \(editor))",
                                                        tag: "youth", content: html, schema: text, errors: []),
            SiteRoute.staffYouthArticle.openAPIPath: operation(
                "The article form: empty for a new one, or the version given by `slug` and `language` (HTML; \(editor)); 404 for an unknown version",
                tag: "youth", parameters: [["name": "slug", "in": "query", "required": false, "schema": text],
                                           ["name": "language", "in": "query", "required": false, "schema": text]],
                content: html, schema: text, errors: [404])
                .merging(post("Save a language version (new, or changes to the one with the same slug and language); `reviewed=yes` also marks it reviewed today; 303 to the list",
                              tag: "youth", form: ["slug": text, "language": text, "topic": text, "minimumAge": text, "maximumAge": text, "title": text,
                                                   "lead": text, "body": text, "reviewed": text, "csrf_token": text],
                              required: ["slug", "language", "topic", "minimumAge", "maximumAge", "title", "lead", "body", "csrf_token"], content: html, schema: text,
                              description: "\(editor) 422 naming every field that is wrong (nothing is saved).")) { a, _ in a },
            SiteRoute.staffYouthReview.openAPIPath: post("Mark a language version as reviewed today; 303 to the list", tag: "youth",
                                                         form: ["slug": text, "language": text, "csrf_token": text], required: ["slug", "language", "csrf_token"],
                                                         content: html, schema: text, description: "\(editor) 404 for an unknown version."),
        ]
    }
}
