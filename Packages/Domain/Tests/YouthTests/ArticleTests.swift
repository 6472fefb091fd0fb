import Identifiers
import Testing
import Youth

@Suite("Youth articles: the editor's draft is checked field by field; the body is plain text")
struct ArticleTests {
    static func check(slug: String = "mobbing-pa-skolen", language: String = "nb", topic: String = "school", ages: (String, String) = ("13", "16"),
                      title: String = "Mobbing på skolen", lead: String = "Hva du kan gjøre hvis du blir mobbet.",
                      body: String = "Første avsnitt\nfortsetter her.\n\nAndre avsnitt.") throws(Problems) -> ArticleDraft {
        try ArticleDraft.check(slug: slug, language: language, topic: topic, minimumAge: ages.0, maximumAge: ages.1, title: title, lead: lead, body: body)
    }

    @Test("A good draft is trimmed; paragraphs split on blank lines")
    func good() throws {
        let draft = try Self.check(slug: " Mobbing-PA-skolen ", title: "  Mobbing på skolen ")
        #expect(draft.slug == "mobbing-pa-skolen" && draft.title == "Mobbing på skolen" && draft.topic == .school && draft.maximumAge == 16)
        #expect(ArticleDraft.paragraphs(draft.body) == ["Første avsnitt fortsetter her.", "Andre avsnitt."])
    }

    @Test("Every problem is named by its field")
    func problems() {
        #expect(throws: Problems([.init("slug", .slug), .init("language", .language), .init("topic", .topic), .init("minimumAge", .ages),
                                  .init("title", .title), .init("lead", .lead), .init("body", .body)])) {
            try Self.check(slug: "-x", language: "sv", topic: "sport", ages: ("17", "14"), title: "Hi", lead: "Short", body: "Too short")
        }
        #expect(throws: Problems([.init("minimumAge", .ages)])) { try Self.check(ages: ("12", "16")) }
        #expect(throws: Problems([.init("minimumAge", .ages)])) { try Self.check(ages: ("13", "tjue")) }
        #expect(throws: Problems([.init("slug", .slug)])) { try Self.check(slug: "mobbing/../../etc") }
        #expect(throws: Problems([.init("title", .controlCharacters)])) { try Self.check(title: "Mobbing\u{0}på skolen") }
        #expect(throws: Problems([.init("title", .controlCharacters)])) { try Self.check(title: "Mobbing\npå skolen") }
        _ = try? Self.check(body: "<script>alert(1)</script> is kept as text, and shown as text.")
    }

    @Test("An article is due for review a year after the last")
    func review() {
        let reviewed = CalendarDate(iso8601: "2025-03-01")!
        #expect(!ArticleDraft.dueForReview(reviewed: reviewed, today: CalendarDate(iso8601: "2026-03-01")!))
        #expect(ArticleDraft.dueForReview(reviewed: reviewed, today: CalendarDate(iso8601: "2026-03-02")!))
    }
}

@Suite("Full-text queries: only words pass, so no input can break or widen the search")
struct FullTextQueryTests {
    @Test("Words, lower-cased, the last a prefix, in FTS5 and tsquery form")
    func words() throws {
        let query = try #require(FullTextQuery("Mobbing på SKOLEN"))
        #expect(query.words == ["mobbing", "på", "skolen"])
        #expect(query.fts5 == "\"mobbing\" \"på\" \"skolen\"*")
        #expect(query.tsquery == "mobbing & på & skolen:*")
        #expect(FullTextQuery("Як отримати допомогу?")?.words == ["як", "отримати", "допомогу"])
    }

    @Test("Hostile or empty input", arguments: ["\"", "  ", "NEAR(a b)", "title:secret", "a OR b", "x\" OR \"y", "*", "'; DROP TABLE x; --", "<script>"])
    func hostile(text: String) {
        guard let query = FullTextQuery(text) else { return }
        #expect(query.words.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber } }, "\(query.words)")
        #expect(!query.fts5.contains("(") && !query.fts5.contains(":") && query.fts5.filter { $0 == "\"" }.count == 2 * query.words.count)
    }

    @Test("At most eight words of at most 40 characters")
    func limits() throws {
        let query = try #require(FullTextQuery(Array(repeating: String(repeating: "a", count: 100), count: 20).joined(separator: " ")))
        #expect(query.words.count == 8 && query.words.allSatisfy { $0.count == 40 })
        #expect(FullTextQuery("--- !!! ???") == nil)
    }
}
