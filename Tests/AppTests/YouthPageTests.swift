import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Testing
@testable import TverrApp
import Youth

@Suite("The youth front door: articles by topic in four languages, full-text search, without login")
struct YouthPageTests {
    typealias H = IdentityHarness

    static func get(_ h: H, _ path: String) async throws -> (HTTPResponse.Status, String) {
        let response = try await h.client.execute(uri: path, method: .get)
        return (response.status, String(buffer: response.body))
    }

    @Test("Front page, topic, article with its review date, and the page language's version or another", arguments: Backend.available)
    func reading(backend: Backend) async throws {
        try await H.run(backend) { h in
            try await DemoYouthArticles.seed(store: h.store, today: TverrServer.today())
            let (status, front) = try await Self.get(h, "/ung?lang=en")
            #expect(status == .ok && front.contains("Young: for you between 13 and 20") && front.contains("href=\"/ung/tema/mind\">Mental health</a>"))
            #expect(front.contains("href=\"/ung/artikler/bullying\">Bullying at school</a>") && front.contains("For you who are 13–18 years old"))
            #expect(front.contains("role=\"search\"") && front.contains("<option value=\"16\">16</option>"))
            let (_, topic) = try await Self.get(h, "/ung/tema/school?lang=nn")
            #expect(topic.contains("<h1>Skule og utdanning</h1>") && topic.contains("Mobbing på skulen") && !topic.contains("Den første jobben din"))
            let (_, article) = try await Self.get(h, "/ung/artikler/doctor-without-parents?lang=uk")
            #expect(article.contains("<article lang=\"uk\"><h1>До лікаря без батьків</h1>") && article.contains("Востаннє перевірено:"))
            #expect(article.contains("href=\"/ung/tema/rights\">Ваші права</a>") && !article.contains("не перекладена"))

            // An article only in bokmål is shown in bokmål on an English page, marked as such.
            let draft = try ArticleDraft.check(slug: "russetid", language: "nb", topic: "drugs", minimumAge: "17", maximumAge: "20", title: "Russetiden",
                                               lead: "Fest, alkohol og grenser: det du bør vite.", body: "Si nei når du vil. <script>alert(1)</script>")
            try await YouthArticles(store: h.store).save(draft, by: "staff:test/editor", reviewedOn: TverrServer.today())
            let (_, fallback) = try await Self.get(h, "/ung/artikler/russetid?lang=en")
            #expect(fallback.contains("This article is not in English yet.") && fallback.contains("<article lang=\"nb\"><h1>Russetiden</h1>"))
            #expect(fallback.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !fallback.contains("<script>alert"), "an article's text is text")

            let (missing, missingText) = try await Self.get(h, "/ung/artikler/nosuch?lang=en")
            #expect(missing == .notFound && missingText.contains("We cannot find this article."))
            #expect(try await Self.get(h, "/ung/tema/%3Cscript%3E?lang=en").0 == .notFound)
            #expect(try await Self.get(h, "/ung/artikler/" + String(repeating: "x", count: 300)).0 == .notFound)
        }
    }

    @Test("Search in the page's language, by prefix and age; empty, hostile and out-of-range input get plain answers", arguments: Backend.available)
    func search(backend: Backend) async throws {
        try await H.run(backend) { h in
            try await DemoYouthArticles.seed(store: h.store, today: TverrServer.today())
            let (status, found) = try await Self.get(h, "/ung/sok?lang=nb&q=mobbe")
            #expect(status == .ok && found.contains("Treff for «mobbe»") && found.contains("href=\"/ung/artikler/bullying\""))
            let (_, spaced) = try await Self.get(h, "/ung/sok?lang=en&q=first+jo")
            #expect(spaced.contains("Results for «first jo»") && spaced.contains("href=\"/ung/artikler/first-job\""), "a GET form's + is a space")
            #expect(try await Self.get(h, "/ung/sok?lang=en&q=%E0%A4").0 == .badRequest, "broken percent-encoding")
            let (_, job) = try await Self.get(h, "/ung/sok?lang=en&q=job&alder=15")
            #expect(job.contains("href=\"/ung/artikler/first-job\"") && job.contains("<option value=\"15\" selected=\"selected\">15</option>"))
            #expect(try await Self.get(h, "/ung/sok?lang=en&q=doctor&alder=14").1.contains("We found no articles."), "the doctor article is for 16 and over")
            let (_, empty) = try await Self.get(h, "/ung/sok?lang=en&q=%20%22%22")
            #expect(empty.contains("Write what you wonder about, and we will search."))
            let (bad, badText) = try await Self.get(h, "/ung/sok?lang=en&q=job&alder=9")
            #expect(bad == .unprocessableContent && badText.contains("Choose an age between 13 and 20."))
            let (hostile, hostileText) = try await Self.get(h, "/ung/sok?lang=en&q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E%20NEAR(a%20b)")
            #expect(hostile == .ok && !hostileText.contains("<script>alert") && hostileText.contains("&lt;script&gt;"))
            let (long, _) = try await Self.get(h, "/ung/sok?lang=en&q=" + String(repeating: "ab%20", count: 2_000))
            #expect(long == .ok)
        }
    }
}
