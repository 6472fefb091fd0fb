import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import SQLKit
import Testing
@testable import TverrApp
import Youth

@Suite("Anonymous questions to the expert panel: asked without login, urgent help first, read back with a private reply code")
struct YouthQuestionPageTests {
    typealias H = IdentityHarness

    /// The ask form's CSRF cookie and token.
    static func csrf(_ h: H) async throws -> (cookie: String, token: String) {
        try await EntryTests.csrf(h, path: "/ung/spor?lang=en")
    }

    static func ask(_ h: H, _ fields: [String: String], csrf: (cookie: String, token: String)) async throws -> (HTTPResponse.Status, String) {
        let response = try await h.client.execute(uri: "/ung/spor?lang=en", method: .post, headers: [
            .contentType: "application/x-www-form-urlencoded", .cookie: "\(CSRF.cookieName)=\(csrf.cookie)", .acceptLanguage: "en",
        ], body: H.form(fields.merging([CSRF.fieldName: csrf.token]) { a, _ in a }))
        return (response.status, String(buffer: response.body))
    }

    static func reply(_ h: H, _ code: String) async throws -> (HTTPResponse.Status, String) {
        let response = try await h.client.execute(uri: "/ung/svar?lang=en&kode=\(code)", method: .get)
        return (response.status, String(buffer: response.body))
    }

    static func count(_ h: H) async throws -> Int {
        try await h.store.sql.raw("SELECT COUNT(*) AS n FROM youth_questions").first()!.decode(column: "n", as: Int.self)
    }

    static let question = "How do I tell my friends that I do not want to drink at the party? <script>alert(1)</script>"

    @Test("A question is queued with a reply code; only its digest is kept; the code, typed loosely, shows the question waiting", arguments: Backend.available)
    func askAndRead(backend: Backend) async throws {
        try await H.run(backend) { h in
            let csrf = try await Self.csrf(h)
            let (status, sent) = try await Self.ask(h, ["text": Self.question, "age": "15", "gender": "girl", "county": "Vestland"], csrf: csrf)
            #expect(status == .ok && sent.contains("Your question is sent"))
            let code = String(try #require(sent.firstMatch(of: /<strong>([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})<\/strong>/)?.1))
            let row = try #require(try await h.store.sql.raw("SELECT * FROM youth_questions").all().first)
            #expect(try row.decode(column: "reply_digest", as: String.self) != code && !(try row.decode(column: "reply_digest", as: String.self).contains(code)))
            #expect(try row.decode(column: "age", as: Int?.self) == 15 && row.decode(column: "county", as: String?.self) == "Vestland")
            #expect(try row.decode(column: "status", as: String.self) == "queued" && !row.decode(column: "urgent", as: Bool.self))

            let (found, page) = try await Self.reply(h, code)
            #expect(found == .ok && page.contains("Your question is waiting for a professional."))
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>alert"), "the question is shown as text")
            let loose = code.lowercased().replacingOccurrences(of: "-", with: "%20")
            #expect(try await Self.reply(h, loose).0 == .ok, "case, spaces and hyphens do not matter")

            // A wrong code, a malformed one and a hostile one all answer the same, and show nothing.
            var wrong = Array(code)
            wrong[0] = wrong[0] == "A" ? "B" : "A"
            for typed in [String(wrong), "1234", "%3Cscript%3E", String(repeating: "A", count: 500)] {
                let (missing, text) = try await Self.reply(h, typed)
                #expect(missing == .notFound && text.contains("We found no question with this code.") && !text.contains("drink at the party"))
                #expect(!text.contains("<script>"))
            }
        }
    }

    @Test("A question about suicide or violence shows the emergency numbers before anything is queued; sent again, it is queued as urgent", arguments: Backend.available)
    func urgentHelp(backend: Backend) async throws {
        try await H.run(backend) { h in
            let csrf = try await Self.csrf(h)
            let text = "My stepfather hits me when he is drunk and I sometimes want to die. What can I do?"
            let (status, urgent) = try await Self.ask(h, ["text": text, "age": "14"], csrf: csrf)
            #expect(status == .ok && urgent.contains("Do you need help now?") && urgent.contains("href=\"tel:116111\"") && urgent.contains(">113<"))
            #expect(urgent.contains("name=\"confirmed\" value=\"yes\"") && urgent.contains("I sometimes want to die"), "the form keeps what was typed")
            #expect(try await Self.count(h) == 0, "nothing is queued before the young person has seen the numbers")

            let (sentStatus, sent) = try await Self.ask(h, ["text": text, "age": "14", "confirmed": "yes"], csrf: csrf)
            #expect(sentStatus == .ok && sent.contains("Your question is sent"))
            let row = try #require(try await h.store.sql.raw("SELECT urgent, concerns FROM youth_questions").first())
            #expect(try row.decode(column: "urgent", as: Bool.self) && row.decode(column: "concerns", as: String.self) == "suicide,violence")
        }
    }

    @Test("Empty, short, long, spam, odd and forged questions get a plain message naming the field, and nothing is stored; a sixth question in ten minutes waits",
          arguments: Backend.available)
    func badInput(backend: Backend) async throws {
        try await H.run(backend) { h in
            let csrf = try await Self.csrf(h)
            let cases: [([String: String], String)] = [
                (["text": "   "], "Write your question."),
                (["text": "Too short?"], "at least 20 characters"),
                (["text": String(repeating: "Why is everything so hard? ", count: 80)], "at most 2,000 characters"),
                (["text": "Buy cheap stuff at http://a.example and https://b.example now"], "looks like advertising"),
                (["text": "Aaaaaaaaaaaaaaaaaaaaaaaaaaa why does nobody answer me"], "looks like advertising"),
                (["text": Self.question, "age": "99"], "between 13 and 20"),
                (["text": Self.question, "gender": "<b>"], "Choose from the list"),
                (["text": "Is this a bell\u{07} character in my question?"], "cannot be shown"),
            ]
            for (fields, message) in cases {
                let (status, page) = try await Self.ask(h, fields, csrf: csrf)
                #expect(status == .unprocessableContent && page.contains(message) && page.contains("aria-invalid=\"true\""), "\(fields)")
            }
            let (forged, _) = try await Self.ask(h, ["text": Self.question], csrf: (csrf.cookie, "forged"))
            #expect(forged == .forbidden)
            #expect(try await Self.count(h) == 0)

            for _ in 0..<5 { #expect(try await Self.ask(h, ["text": Self.question], csrf: csrf).0 == .ok) }
            let (limited, page) = try await Self.ask(h, ["text": Self.question], csrf: csrf)
            #expect(limited == .tooManyRequests && page.contains("many questions in a short time"))
            #expect(try await Self.count(h) == 5)
        }
    }

    @Test("Reply codes can be tried 30 times a minute from one client, so that no one can walk through them")
    func codeLimit() async throws {
        try await H.run(.sqlite) { h in
            for _ in 0..<30 { #expect(try await Self.reply(h, "AAAA-BBBB-CCCC").0 == .notFound) }
            let (status, page) = try await Self.reply(h, "AAAA-BBBB-CCCC")
            #expect(status == .tooManyRequests && page.contains("Wait a little"))
        }
    }
}
