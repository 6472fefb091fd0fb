import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Reference
import Testing
@testable import TverrApp

@Suite("The youth editor: writes and changes language versions, marks them reviewed; others are refused")
struct YouthEditorPageTests {
    typealias H = IdentityHarness

    static func editor(_ h: H) async throws -> ResultPortalTests.Worker {
        try await SettlementPageTests.staff(h, .editor, at: Organisation.youthDirectorate.number.value, returnTo: "/staff/youth")
    }

    @Test("Refused drafts name each field and save nothing; a saved article is public; an edit keeps the review date; a review sets it",
          arguments: Backend.available)
    func editing(backend: Backend) async throws {
        try await H.run(backend) { h in
            try await DemoYouthArticles.seed(store: h.store, today: TverrServer.today())
            let editor = try await Self.editor(h)
            let list = String(buffer: try await MailboxPageTests.get(h, "/staff/youth?lang=en", cookie: editor.cookie).body)
            #expect(list.contains("Articles for young people") && list.contains("Your first job") && list.contains("Due for review (over a year ago)"))
            #expect(list.components(separatedBy: "Due for review").count - 1 == 4, "the first-job article, reviewed 500 days ago, in four languages")

            let bad = try await ResultPortalTests.post(h, "/staff/youth/article", editor, ["slug": "Bad Slug!", "language": "sv", "topic": "",
                                                                                           "minimumAge": "18", "maximumAge": "14", "title": "x", "lead": "", "body": ""])
            let badText = String(buffer: bad.body)
            #expect(bad.status == .unprocessableContent)
            for anchor in ["#slug", "#language", "#topic", "#minimumAge", "#title", "#lead", "#body"] { #expect(badText.contains("href=\"\(anchor)\""), "\(anchor)") }
            #expect(badText.contains("value=\"Bad Slug!\""), "what was typed is kept")

            let fields = ["slug": "sleep", "language": "en", "topic": "body", "minimumAge": "13", "maximumAge": "20", "title": "Sleep <b>well</b>",
                          "lead": "Young people need eight to ten hours a night.", "body": "Screens keep you awake.\n\nPut the phone away an hour before bed."]
            let saved = try await ResultPortalTests.post(h, "/staff/youth/article", editor, fields.merging(["reviewed": "yes"]) { a, _ in a })
            #expect(saved.status == .seeOther && saved.headers[.location] == "/staff/youth?saved=1")
            let article = String(buffer: try await h.client.execute(uri: "/ung/artikler/sleep?lang=en", method: .get).body)
            #expect(article.contains("<h1>Sleep &lt;b&gt;well&lt;/b&gt;</h1>") && article.contains("<p>Put the phone away an hour before bed.</p>"))
            let reviewed = try #require(try await YouthArticles(store: h.store).article("sleep", language: "en")).reviewedOn
            #expect(reviewed == TverrServer.today().description)

            // An old article changed without ticking the review keeps its date; the review button sets it.
            let form = String(buffer: try await MailboxPageTests.get(h, "/staff/youth/article?slug=first-job&language=en&lang=en", cookie: editor.cookie).body)
            #expect(form.contains("Edit the article") && form.contains("readonly=\"readonly\"") && form.contains("Your first job"))
            let old = try #require(try await YouthArticles(store: h.store).article("first-job", language: "en"))
            _ = try await ResultPortalTests.post(h, "/staff/youth/article", editor, ["slug": "first-job", "language": "en", "topic": "work", "minimumAge": "15",
                                                                                    "maximumAge": "20", "title": old.title, "lead": old.lead, "body": old.body + "\n\nNew paragraph."])
            #expect(try await YouthArticles(store: h.store).article("first-job", language: "en")?.reviewedOn == old.reviewedOn)
            #expect(try await ResultPortalTests.post(h, "/staff/youth/review", editor, ["slug": "first-job", "language": "en"]).status == .seeOther)
            #expect(try await YouthArticles(store: h.store).article("first-job", language: "en")?.reviewedOn == TverrServer.today().description)
            #expect(try await ResultPortalTests.post(h, "/staff/youth/review", editor, ["slug": "nosuch", "language": "en"]).status == .notFound)
            #expect(try await MailboxPageTests.get(h, "/staff/youth/article?slug=nosuch&language=en", cookie: editor.cookie).status == .notFound)

            // The templates editor at Nav is not a youth editor; a post without the CSRF token is refused.
            let nav = try await SettlementPageTests.staff(h, .editor, at: "889640782", returnTo: "/staff/youth")
            #expect(try await MailboxPageTests.get(h, "/staff/youth?lang=en", cookie: nav.cookie).status == .forbidden)
            let forged = try await StaffTemplatePageTests.post(h, "/staff/youth/article", cookie: editor.cookie, fields, language: "en")
            #expect(forged.status == .forbidden)
        }
    }
}
