import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Testing
@testable import TverrApp

@Suite("Notify templates: versions, plain-language scores, and refusals")
struct NotifyTemplateTests {
    typealias H = IdentityHarness

    static let texts: [String: (subject: String, body: String, sms: String)] = [
        "nb": ("Nytt svar fra ((etat))", "Hei ((navn)). Du har fått et nytt svar fra ((etat)). Logg inn på Min side for å lese det.",
               "Hei ((navn)). Du har et nytt svar fra ((etat)) på Min side."),
        "nn": ("Nytt svar frå ((etat))", "Hei ((navn)). Du har fått eit nytt svar frå ((etat)). Logg inn på Mi side for å lese det.",
               "Hei ((navn)). Du har eit nytt svar frå ((etat)) på Mi side."),
        "en": ("New answer from ((etat))", "Hello ((navn)). You have a new answer from ((etat)). Log in to My page to read it.",
               "Hello ((navn)). You have a new answer from ((etat)) on My page."),
        "uk": ("Нова відповідь від ((etat))", "Вітаємо, ((navn)). Ви отримали нову відповідь від ((etat)). Увійдіть на Мою сторінку, щоб прочитати її.",
               "Вітаємо, ((navn)). Нова відповідь від ((etat)) на Моїй сторінці."),
    ]

    static func variants(channels: [String] = ["mailbox", "sms", "email", "letter"], change: (inout [[String: Any]]) -> Void = { _ in }) -> [[String: Any]] {
        var list: [[String: Any]] = []
        for channel in channels {
            for language in ["nb", "nn", "en", "uk"] {
                let text = texts[language]!
                var variant: [String: Any] = ["channel": channel, "language": language, "body": channel == "sms" ? text.sms : text.body]
                if channel != "sms" { variant["subject"] = text.subject }
                list.append(variant)
            }
        }
        change(&list)
        return list
    }

    static func put(_ h: H, _ token: String, id: String = "new-answer", name: String = "Nytt svar", variants: [[String: Any]]) async throws -> TestResponse {
        let body = try JSONSerialization.data(withJSONObject: ["name": name, "variants": variants])
        return try await h.client.execute(uri: "/api/v1/notify/templates/\(id)", method: .put,
                                          headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: ByteBuffer(bytes: body))
    }

    static func token(_ h: H, _ id: String, scope: String, organisation: String = H.agency) async throws -> String {
        try await h.machineToken(try await h.registerMachine(id, scopes: [scope], organisation: organisation), scope: scope)
    }

    @Test("Each save is a new version; senders read them; other organisations cannot", arguments: Backend.available)
    func versions(backend: Backend) async throws {
        try await H.run(backend) { h in
            let editor = try await Self.token(h, "nav-templates", scope: NotifyController.templatesScope)
            let first = try await Self.put(h, editor, variants: Self.variants())
            #expect(first.status == .created, "\(String(buffer: first.body))")
            let saved = try H.json(first)
            #expect(saved["version"] as? Int == 1)
            #expect(saved["placeholders"] as? [String] == ["etat", "navn"])
            #expect((saved["readability"] as? [[String: Any]])?.count == 16)
            #expect((saved["warnings"] as? [String])?.isEmpty == true, "plain texts get no warning")
            let second = try await Self.put(h, editor, name: "Nytt svar (endret)", variants: Self.variants(channels: ["email"]))
            #expect(second.status == .ok)
            #expect(try H.json(second)["version"] as? Int == 2)

            let sender = try await Self.token(h, "nav-sender", scope: NotifyController.sendScope)
            let latest = try H.json(try await h.client.execute(uri: "/api/v1/notify/templates/new-answer", method: .get,
                                                               headers: [.authorization: "Bearer \(sender)"]))
            #expect(latest["version"] as? Int == 2 && latest["channels"] as? [String] == ["email"])
            let old = try H.json(try await h.client.execute(uri: "/api/v1/notify/templates/new-answer?version=1", method: .get,
                                                            headers: [.authorization: "Bearer \(sender)"]))
            #expect(old["channels"] as? [String] == ["email", "letter", "mailbox", "sms"])
            let list = try await h.client.execute(uri: "/api/v1/notify/templates", method: .get, headers: [.authorization: "Bearer \(sender)"])
            #expect((try JSONSerialization.jsonObject(with: Data(buffer: list.body)) as? [[String: Any]])?.count == 1)
            let refused = try await Self.put(h, sender, variants: Self.variants())
            #expect(refused.status == .forbidden, "a sender cannot change templates")
            let stranger = try await Self.token(h, "fhi-templates", scope: NotifyController.templatesScope, organisation: "983744516")
            let foreign = try await h.client.execute(uri: "/api/v1/notify/templates/new-answer", method: .get, headers: [.authorization: "Bearer \(stranger)"])
            #expect(foreign.status == .notFound)
            let badVersion = try await h.client.execute(uri: "/api/v1/notify/templates/new-answer?version=zero", method: .get,
                                                        headers: [.authorization: "Bearer \(sender)"])
            #expect(badVersion.status == .badRequest)
        }
    }

    @Test("A hard text is saved with a LIX warning that names the variant and its longest words", arguments: Backend.available)
    func plainLanguage(backend: Backend) async throws {
        try await H.run(backend) { h in
            let editor = try await Self.token(h, "nav-templates", scope: NotifyController.templatesScope)
            let hard = """
                Saksbehandlingstiden for søknader om midlertidig kollektiv beskyttelse forlenges inntil videre grunnet \
                ekstraordinært høyt søknadsvolum og begrensede personellressurser i utlendingsforvaltningen, ((navn)), jf. ((etat)).
                """
            let response = try await Self.put(h, editor, variants: Self.variants(channels: ["email"]) { list in list[0]["body"] = hard })
            #expect(response.status == .created)
            let saved = try H.json(response)
            let warnings = try #require(saved["warnings"] as? [String])
            #expect(warnings.count == 1 && warnings[0].hasPrefix("email/nb has a LIX of"))
            #expect(warnings[0].contains("utlendingsforvaltningen"))
            let score = try #require((saved["readability"] as? [[String: Any]])?.first { $0["language"] as? String == "nb" })
            #expect((score["lix"] as? Double ?? 0) > 40)
            #expect((score["longestSentences"] as? [String])?.first?.hasPrefix("Saksbehandlingstiden") == true)
        }
    }

    @Test("Bad templates are refused with the reason, and nothing is stored", arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await H.run(backend) { h in
            let editor = try await Self.token(h, "nav-templates", scope: NotifyController.templatesScope)
            let cases: [(String, [[String: Any]], String)] = [
                ("new-answer", Self.variants(channels: ["email"]) { $0.removeLast() }, "email has no uk variant"),
                ("new-answer", Self.variants(channels: ["fax"]), "not a channel"),
                ("new-answer", Self.variants(channels: ["email"]) { $0[0]["language"] = "se" }, "not a language"),
                ("new-answer", Self.variants(channels: ["sms"]) { $0[0]["subject"] = "Hei" }, "cannot have a subject"),
                ("new-answer", Self.variants(channels: ["email"]) { $0[1].removeValue(forKey: "subject") }, "email/nn needs a subject"),
                ("new-answer", Self.variants(channels: ["email"]) { $0[2]["body"] = "Hello ((name))." }, "different placeholders"),
                ("new-answer", Self.variants(channels: ["email"]) { $0[0]["body"] = "Hei ((navn" }, "never closed"),
                ("new-answer", Self.variants(channels: ["sms"]) { $0[0]["body"] = String(repeating: "Hei ((navn)) ((etat)). ", count: 200) }, "SMS segments"),
                ("new-answer", Self.variants(channels: ["email"]) { $0.append($0[0]) }, "given twice"),
                ("New Answer!", Self.variants(channels: ["email"]), "template id"),
                ("new-answer", [], "variants"),
            ]
            for (id, variants, mention) in cases {
                let response = try await Self.put(h, editor, id: id, variants: variants)
                #expect(response.status == .badRequest, "\(mention): \(response.status)")
                #expect(String(buffer: response.body).contains(mention), "\(mention): \(String(buffer: response.body))")
            }
            let malformed = try await h.client.execute(uri: "/api/v1/notify/templates/new-answer", method: .put,
                                                       headers: [.authorization: "Bearer \(editor)", .contentType: "application/json"],
                                                       body: ByteBuffer(string: #"{"name":"x","variants":"all"}"#))
            #expect(malformed.status == .badRequest)
            #expect(try await h.count("notify_templates") == 0)
            #expect(try await h.count("notify_template_variants") == 0)
        }
    }
}
