import Foundation
import Identifiers
@testable import Persistence
import SQLKit
import Testing
import TestSupport
import Youth

@Suite("Youth articles: saved by language version, reviewed, listed by topic and age, and found by full-text search on both backends")
struct YouthArticleStoreTests {
    static let today = CalendarDate(iso8601: "2026-12-01")!

    @Test("The demo articles: four topics in four languages, searchable in each language, by word and by prefix", arguments: Backend.available)
    func search(backend: Backend) async throws {
        try await withStore(backend) { store in
            #expect(try await DemoYouthArticles.seed(store: store, today: Self.today) == 16)
            #expect(try await DemoYouthArticles.seed(store: store, today: Self.today) == 0, "seeded once")
            let articles = YouthArticles(store: store)
            #expect(try await articles.languages(of: "bullying") == ["en", "nb", "nn", "uk"])
            let hits = try await articles.search(try #require(FullTextQuery("mobbet skole")), language: "nb")
            #expect(hits.map(\.slug) == ["bullying"], "both words, the last as a prefix (skole → skolen)")
            #expect(try await articles.search(try #require(FullTextQuery("helsesykepleieren")), language: "nb").map(\.slug).sorted() == ["bullying", "feeling-low"])
            #expect(try await articles.search(try #require(FullTextQuery("лікар")), language: "uk").map(\.slug) == ["doctor-without-parents"])
            #expect(try await articles.search(try #require(FullTextQuery("bullying")), language: "nb").isEmpty, "one language at a time")
            // The title weighs most: "job" is in the title of one and the body of none other.
            #expect(try await articles.search(try #require(FullTextQuery("job")), language: "en").first?.slug == "first-job")
            // Age: the doctor article is for 16 and over.
            #expect(try await articles.search(try #require(FullTextQuery("doctor")), language: "en", age: 14).isEmpty)
            #expect(try await articles.search(try #require(FullTextQuery("doctor")), language: "en", age: 17).count == 1)
            for hostile in ["\" OR 1=1 --", "NEAR(skole mobbing)", "title:mobbing", "*", "skole AND NOT", "a\u{0}b"] {
                if let query = FullTextQuery(hostile) { _ = try await articles.search(query, language: "nb") }
            }
        }
    }

    @Test("Saving again changes the text and the index; a review date is kept unless given", arguments: Backend.available)
    func update(backend: Backend) async throws {
        try await withStore(backend) { store in
            let articles = YouthArticles(store: store)
            let draft = try ArticleDraft.check(slug: "sleep", language: "en", topic: "body", minimumAge: "13", maximumAge: "20",
                                               title: "Sleep well", lead: "Young people need eight to ten hours.", body: "Screens keep you awake. Put the phone away.")
            let first = try await articles.save(draft, by: "staff:test/1", reviewedOn: CalendarDate(iso8601: "2025-01-10")!)
            #expect(first.reviewedOn == "2025-01-10")
            let changed = try ArticleDraft.check(slug: "sleep", language: "en", topic: "body", minimumAge: "13", maximumAge: "20",
                                                 title: "Sleep well", lead: "Young people need eight to ten hours.", body: "Caffeine keeps you awake too.")
            let second = try await articles.save(changed, by: "staff:test/2", reviewedOn: nil)
            #expect(second.id == first.id && second.reviewedOn == "2025-01-10", "an edit is not a review")
            #expect(try await articles.search(try #require(FullTextQuery("screens")), language: "en").isEmpty, "the old text is gone from the index")
            #expect(try await articles.search(try #require(FullTextQuery("caffeine")), language: "en").count == 1)
            #expect(try await articles.markReviewed("sleep", language: "en", by: "staff:test/3", on: Self.today))
            #expect(try await articles.article("sleep", language: "en")?.reviewedOn == "2026-12-01")
            #expect(try await !articles.markReviewed("nosuch", language: "en", by: "staff:test/3", on: Self.today))
            #expect(try await articles.list(language: "en", topic: "body").count == 1)
            #expect(try await articles.list(language: "en", topic: "mind").isEmpty)
            #expect(try await articles.article(String(repeating: "x", count: 500), language: "en") == nil)
        }
    }
}
