import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Reference
import SQLKit
import Testing
@testable import TverrApp
import Youth

@Suite("The expert panel: an expert answers, a second person reviews the redactions and publishes; the archive finds it; others are refused")
struct YouthPanelPageTests {
    typealias H = IdentityHarness
    typealias Worker = ResultPortalTests.Worker

    /// The two demo experts at Bufdir (a psychologist and a school nurse), logged in at high.
    static func experts(_ h: H) async throws -> [Worker] {
        try await DemoStaff.seed(store: h.store, today: TverrServer.today())
        var workers: [Worker] = []
        for member in try await DemoStaff.staff(store: h.store) where member.role == .expert {
            let cookie = try await PortalTests.portalLogin(h, pid: member.pid, returnTo: "/staff/panel", level: "high")
            let my = try await MailboxPageTests.get(h, "/my", cookie: cookie)
            let csrf = String(try #require(String(buffer: my.body).firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1))
            workers.append(Worker(pid: member.pid, cookie: cookie, csrf: csrf))
        }
        #expect(workers.count == 2)
        return workers
    }

    static func page(_ h: H, _ path: String, _ worker: Worker) async throws -> (HTTPResponse.Status, String) {
        let response = try await MailboxPageTests.get(h, path + (path.contains("?") ? "&" : "?") + "lang=en", cookie: worker.cookie)
        return (response.status, String(buffer: response.body))
    }

    static func post(_ h: H, _ path: String, _ worker: Worker, _ fields: [String: String]) async throws -> (HTTPResponse.Status, String) {
        let response = try await ResultPortalTests.post(h, path, worker, fields)
        return (response.status, String(buffer: response.body))
    }

    static func status(_ h: H, _ id: String) async throws -> String {
        try await h.store.sql.raw("SELECT status FROM youth_questions WHERE id = \(bind: id)").first()!.decode(column: "status", as: String.self)
    }

    static let text = "Jeg heter Emma og bor i Bergen, ring meg på 912 34 567. Hvordan sier jeg nei til alkohol på fest uten å bli mobbet?"
    static let answer = "Det er helt greit å si nei. Si det enkelt og tydelig, og finn en venn som også vil være edru på festen."

    /// A question asked through the store, with its id and reply code.
    static func ask(_ h: H, _ text: String = text) async throws -> (id: String, code: String) {
        let draft = try QuestionDraft.check(text: text, age: "15", gender: "", county: "", counties: [])
        let code = try await YouthQuestions(store: h.store).ask(draft, language: "nb")
        let id = try await h.store.sql.raw("SELECT id FROM youth_questions ORDER BY asked_at DESC LIMIT 1").first()!.decode(column: "id", as: String.self)
        return (id, code)
    }

    @Test("Answer, refused self-review, review with the redactions, publish; the reply code shows the answer, the archive finds it without the name, and marks it when old",
          arguments: Backend.available)
    func answerReviewPublish(backend: Backend) async throws {
        try await H.run(backend) { h in
            let experts = try await Self.experts(h)
            let (id, code) = try await Self.ask(h)
            let (listed, list) = try await Self.page(h, "/staff/panel", experts[0])
            #expect(listed == .ok && list.contains("Waiting for an answer") && list.contains("/staff/panel/question?id=\(id)") && list.contains("Psychologist"),
                    "triage sent the bullying and alcohol question to a psychologist")
            func section(_ page: String) -> String? {
                guard let at = page.range(of: "/staff/panel/question?id=\(id)")?.lowerBound,
                      let others = page.range(of: "in other disciplines")?.lowerBound else { return nil }
                return at < others ? "mine" : "others"
            }
            #expect(section(list) == "mine", "the psychologist finds it among their own discipline's questions")
            #expect(section(try await Self.page(h, "/staff/panel", experts[1]).1) == "others", "the school nurse finds it among the others")
            let (_, question) = try await Self.page(h, "/staff/panel/question?id=\(id)", experts[0])
            #expect(question.contains("action=\"/staff/panel/answer\"") && question.contains("Hvordan sier jeg nei til alkohol"))
            let reads = try await h.store.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'youth.question.read' AND subject = \(bind: "youth-question:" + id)")
                .first()!.decode(column: "n", as: Int.self)
            #expect(reads == 1, "opening a question is audited")

            let (short, shortPage) = try await Self.post(h, "/staff/panel/answer", experts[0], ["id": id, "answer": "Si nei."])
            #expect(short == .unprocessableContent && shortPage.contains("at least 40 characters") && shortPage.contains("Si nei."))
            #expect(try await Self.status(h, id) == "queued")
            let (answered, _) = try await Self.post(h, "/staff/panel/answer", experts[0], ["id": id, "answer": Self.answer])
            #expect(answered == .seeOther)
            #expect(try await Self.status(h, id) == "answered")
            #expect(try await Self.post(h, "/staff/panel/answer", experts[0], ["id": id, "answer": Self.answer]).0 == .conflict, "answered once")
            #expect(try await Self.reply(h, code).contains("waiting for a professional"), "not shown before review")

            let (_, own) = try await Self.page(h, "/staff/panel/question?id=\(id)", experts[0])
            #expect(own.contains("You wrote this answer.") && !own.contains("action=\"/staff/panel/publish\""))
            let (ownPublish, _) = try await Self.post(h, "/staff/panel/publish", experts[0], ["id": id, "question": Self.text, "answer": Self.answer])
            #expect(ownPublish == .conflict, "review takes a second person")
            #expect(try await Self.status(h, id) == "answered")

            let (_, review) = try await Self.page(h, "/staff/panel/question?id=\(id)", experts[1])
            #expect(review.contains("<del>Emma</del>") && review.contains("<del>Bergen</del>") && review.contains("<del>912 34 567</del>"))
            let redacted = "Jeg heter [navn] og bor i [sted], ring meg på [telefon]. Hvordan sier jeg nei til alkohol på fest uten å bli mobbet?"
            #expect(review.contains(redacted), "the reviewer gets the redacted text to publish")
            let (published, _) = try await Self.post(h, "/staff/panel/publish", experts[1], ["id": id, "question": redacted, "answer": Self.answer])
            #expect(published == .seeOther)
            #expect(try await Self.status(h, id) == "published")
            #expect(try await Self.post(h, "/staff/panel/publish", experts[1], ["id": id, "question": redacted, "answer": Self.answer]).0 == .conflict)

            #expect(try await Self.reply(h, code).contains("finn en venn som også vil være edru"), "the reply code shows the reviewed answer")
            let archive = String(buffer: try await h.client.execute(uri: "/ung/svar-fra-fagfolk?lang=en&q=alkohol+fest", method: .get).body)
            #expect(archive.contains("/ung/svar-fra-fagfolk/\(id)") && archive.contains("[navn]") && !archive.contains("Emma"))
            let none = String(buffer: try await h.client.execute(uri: "/ung/svar-fra-fagfolk?lang=en&q=Emma", method: .get).body)
            #expect(none.contains("We found no answers."), "a removed name is not in the archive")
            let item = String(buffer: try await h.client.execute(uri: "/ung/svar-fra-fagfolk/\(id)?lang=en", method: .get).body)
            #expect(item.contains("Answered by: Psychologist") && !item.contains("more than a year old"))
            let yearAgo = Int64((Date().timeIntervalSince1970 - 400 * 86_400) * 1000)
            try await h.store.sql.raw("UPDATE youth_questions SET answered_at = \(bind: yearAgo) WHERE id = \(bind: id)").run()
            let old = String(buffer: try await h.client.execute(uri: "/ung/svar-fra-fagfolk/\(id)?lang=en", method: .get).body)
            #expect(old.contains("This answer is more than a year old."))
            #expect(try await h.client.execute(uri: "/ung/svar-fra-fagfolk/nosuch", method: .get).status == .notFound)

            // Asking something similar: the form offers the published answer, and sends nothing.
            let csrf = try await YouthQuestionPageTests.csrf(h)
            let asked = try await YouthQuestionPageTests.count(h)
            let (similarStatus, similar) = try await YouthQuestionPageTests.ask(h, ["text": "Noen på festen presser meg til å drikke alkohol", "similar": "1"], csrf: csrf)
            #expect(similarStatus == .ok && similar.contains("Answers to similar questions") && similar.contains("/ung/svar-fra-fagfolk/\(id)"))
            #expect(similar.contains("Noen på festen presser meg"), "what was typed stays in the form")
            let (_, nothing) = try await YouthQuestionPageTests.ask(h, ["text": "Hei, er du ok? Er det bra?", "similar": "1"], csrf: csrf)
            #expect(nothing.contains("We found no similar answers."))
            #expect(try await YouthQuestionPageTests.count(h) == asked, "looking for similar answers sends no question")
        }
    }

    static func reply(_ h: H, _ code: String) async throws -> String {
        String(buffer: try await h.client.execute(uri: "/ung/svar?lang=en&kode=\(code)", method: .get).body)
    }

    @Test("The editor sends an answer back with a note (none refused); the expert sees the note and the draft; a question moves to another discipline",
          arguments: Backend.available)
    func sendBackAndMove(backend: Backend) async throws {
        try await H.run(backend) { h in
            let experts = try await Self.experts(h)
            let editor = try await SettlementPageTests.staff(h, .editor, at: Organisation.youthDirectorate.number.value, returnTo: "/staff/panel")
            let (id, _) = try await Self.ask(h)
            #expect(try await Self.post(h, "/staff/panel/answer", editor, ["id": id, "answer": Self.answer]).0 == .forbidden, "an editor reviews, not answers")
            #expect(try await Self.post(h, "/staff/panel/answer", experts[0], ["id": id, "answer": Self.answer]).0 == .seeOther)
            let (noNote, noNotePage) = try await Self.post(h, "/staff/panel/return", editor, ["id": id, "note": "Nei."])
            #expect(noNote == .unprocessableContent && noNotePage.contains("at least 10 characters"))
            #expect(try await Self.post(h, "/staff/panel/return", editor, ["id": id, "note": "Nevn Alarmtelefonen <b>116 111</b> også."]).0 == .seeOther)
            #expect(try await Self.status(h, id) == "queued")
            let (_, back) = try await Self.page(h, "/staff/panel/question?id=\(id)", experts[0])
            #expect(back.contains("Note from the reviewer") && back.contains("Nevn Alarmtelefonen &lt;b&gt;116 111&lt;/b&gt; også.") && back.contains("finn en venn"))

            let (bad, badPage) = try await Self.post(h, "/staff/panel/move", experts[0], ["id": id, "discipline": "astrologer"])
            #expect(bad == .unprocessableContent && badPage.contains("Choose a discipline from the list."))
            #expect(try await Self.post(h, "/staff/panel/move", experts[0], ["id": id, "discipline": "lawyer"]).0 == .seeOther)
            let discipline = try await h.store.sql.raw("SELECT discipline FROM youth_questions WHERE id = \(bind: id)").first()!.decode(column: "discipline", as: String.self)
            #expect(discipline == "lawyer")
            #expect(try await Self.post(h, "/staff/panel/answer", experts[0], ["id": "nosuch", "answer": Self.answer]).0 == .notFound)
        }
    }

    @Test("Without the expert or editor role at Bufdir or the Directorate of Health the panel is refused, and nothing is read")
    func refused() async throws {
        try await H.run(.sqlite) { h in
            let (id, _) = try await Self.ask(h)
            let citizen = try await PortalTests.portalLogin(h, pid: h.people[0].identityNumber.value, returnTo: "/staff/panel", level: "high")
            #expect(try await MailboxPageTests.get(h, "/staff/panel", cookie: citizen).status == .forbidden)
            let nav = try await SettlementPageTests.staff(h, .editor, at: "889640782", returnTo: "/staff/panel") // the templates editor at Nav
            #expect(try await MailboxPageTests.get(h, "/staff/panel/question?id=\(id)", cookie: nav.cookie).status == .forbidden)
            let reads = try await h.store.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'youth.question.read'").first()!.decode(column: "n", as: Int.self)
            #expect(reads == 0)
        }
    }
}

@Suite("tverr bench youth: the archive benchmark seeds published answers and searches them both ways")
struct YouthArchiveBenchmarkTests {
    @Test("600 synthetic answers: every query finds answers through Tverr, as many as the bare match, and the archive page shows them", arguments: Backend.available)
    func benchmark(backend: Backend) async throws {
        try await IdentityHarness.run(backend) { h in
            let result = try await YouthArchiveBenchmark(answers: 600, queries: 40).run(store: h.store, say: { _ in })
            #expect(result.tverr.sorted.count == 40 && result.direct.sorted.count == 40)
            #expect(result.hitsPerQuery > 1, "the query mix finds answers")
            let query = try #require(FullTextQuery("mobbing"))
            let found = try await YouthQuestions(store: h.store).search(query)
            #expect(found.count >= 5 && found.allSatisfy { $0.question.lowercased().contains("mobbing") })
            #expect(try await YouthArchiveBenchmark(answers: 0, queries: 0).direct(query, h.store) == found.count, "the baseline matches the same answers")
            let page = String(buffer: try await h.client.execute(uri: "/ung/svar-fra-fagfolk?lang=nb&q=mobbing", method: .get).body)
            #expect(page.contains("/ung/svar-fra-fagfolk/bench-"))
        }
    }
}
