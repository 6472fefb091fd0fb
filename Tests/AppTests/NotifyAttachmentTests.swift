import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Notify
import Persistence
import Testing
@testable import TverrApp

@Suite("Notify: attachments in the mailbox, with the letter and on a direct e-mail", .serialized, .timeLimit(.minutes(2)))
struct NotifyAttachmentTests {
    typealias H = IdentityHarness

    static let pdf = Data("%PDF-1.4\n% Vedtak om bostøtte\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".utf8)
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: UInt8(7), count: 3000))

    static func file(_ name: String, _ type: String, _ data: Data) -> [String: String] {
        ["filename": name, "contentType": type, "content": data.base64EncodedString()]
    }

    static func message(to recipient: [String: String], _ files: [[String: String]]) -> [String: Any] {
        ["template": "new-answer", "to": recipient, "personalisation": ["navn": "Olena", "etat": "Nav"], "attachments": files]
    }

    static func count(_ h: H, _ table: String) async throws -> Int {
        try await h.store.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
    }

    @Test("Files reach the person's mailbox, are stored once however many carry them, and only the person can download them",
          arguments: Backend.available)
    func mailbox(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await NotifySendTests.setUp(h)
            let digital = try await NotifySendTests.person(h, where: "c.is_reserved = false AND c.mobile IS NOT NULL")
            let files = [Self.file("Vedtak om bostøtte.pdf", "application/pdf", Self.pdf), Self.file("kart.png", "image/png", Self.png)]
            let sent = try await NotifySendTests.send(h, token, Self.message(to: ["nationalIdentityNumber": digital], files))
            #expect(sent.status == .created, "\(String(buffer: sent.body))")
            let attachments = try #require(try H.json(sent)["attachments"] as? [[String: Any]])
            #expect(attachments.map { $0["filename"] as? String } == ["Vedtak om bostøtte.pdf", "kart.png"])
            #expect(attachments.map { $0["size"] as? Int } == [Self.pdf.count, Self.png.count])
            #expect(attachments[0]["sha256"] as? String == SHA256.hash(data: Self.pdf).map { String(format: "%02x", $0) }.joined())
            // The same leaflet again, to someone else: one more message, no more stored files.
            let other = try await NotifySendTests.person(h, where: "c.is_reserved = false AND c.mobile IS NOT NULL AND p.identity_number <> '\(digital)'")
            #expect(try await NotifySendTests.send(h, token, Self.message(to: ["nationalIdentityNumber": other], [files[0]])).status == .created)
            #expect(try await Self.count(h, "notify_files") == 2)
            #expect(try await Self.count(h, "notify_attachments") == 3)

            let cookie = try await PortalTests.portalLogin(h, pid: digital)
            let list = String(buffer: try await MailboxPageTests.get(h, "/my/messages", cookie: cookie).body)
            #expect(list.contains("Vedlegg: 2"))
            let id = try #require(list.matches(of: /href="\/my\/messages\/([0-9a-f-]{36})"/).map { String($0.1) }.first)
            let page = String(buffer: try await MailboxPageTests.get(h, "/my/messages/\(id)", cookie: cookie).body)
            #expect(page.contains("<h2>Vedlegg</h2>"))
            #expect(page.contains("href=\"/my/messages/\(id)/attachments/0\""))
            #expect(page.contains("Vedtak om bostøtte.pdf</a> (PDF, \(Self.pdf.count) B)"))
            #expect(page.contains("kart.png</a> (PNG, 3 kB)"))
            let english = String(buffer: try await MailboxPageTests.get(h, "/my/messages/\(id)", cookie: cookie, language: "en").body)
            #expect(english.contains("<h2>Attachments</h2>"))

            let download = try await MailboxPageTests.get(h, "/my/messages/\(id)/attachments/0", cookie: cookie)
            #expect(download.status == .ok)
            #expect(Data(buffer: download.body) == Self.pdf)
            #expect(download.headers[.contentType] == "application/pdf")
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"Vedtak om bost_tte.pdf\"; filename*=UTF-8''Vedtak%20om%20bost%C3%B8tte.pdf")
            #expect(download.headers[.contentSecurityPolicy]?.hasPrefix("sandbox") == true)
            #expect(download.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(Data(buffer: try await MailboxPageTests.get(h, "/my/messages/\(id)/attachments/1", cookie: cookie).body) == Self.png)

            #expect(try await MailboxPageTests.get(h, "/my/messages/\(id)/attachments/2", cookie: cookie).status == .notFound)
            #expect(try await MailboxPageTests.get(h, "/my/messages/\(id)/attachments/-1", cookie: cookie).status == .notFound)
            #expect(try await MailboxPageTests.get(h, "/my/messages/\(id)/attachments/x", cookie: cookie).status == .notFound)
            let stranger = try await PortalTests.portalLogin(h, pid: other)
            #expect(try await MailboxPageTests.get(h, "/my/messages/\(id)/attachments/0", cookie: stranger).status == .notFound)
            let anonymous = try await MailboxPageTests.get(h, "/my/messages/\(id)/attachments/0", cookie: nil)
            #expect(anonymous.status.code == 303, "no session: to the login")
        }
    }

    @Test("Bad files get problem details naming the file and the reason, and nothing is written", arguments: Backend.available)
    func refused(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await NotifySendTests.setUp(h)
            let person = try await NotifySendTests.person(h, where: "c.is_reserved = false")
            let to = ["nationalIdentityNumber": person]
            let pdf = Self.file("a.pdf", "application/pdf", Self.pdf)
            var large = Self.pdf
            large.append(Data(count: Attachment.maximumSize))
            let cases: [([String: Any], String)] = [
                (Self.message(to: to, [Self.file("side.html", "application/pdf", Data("<html><script>alert(1)</script>".utf8))]),
                 "attachments[0] is not application/pdf"),
                (Self.message(to: to, [pdf, Self.file("x.html", "text/html", Data("<p>".utf8))]), "attachments[1].contentType \"text/html\" is not taken"),
                (Self.message(to: to, [["filename": "../../etc/passwd", "contentType": "text/plain", "content": "aGVp"]]), "attachments[0].filename"),
                (Self.message(to: to, [["filename": "a.pdf", "contentType": "application/pdf", "content": "not base64!"]]), "attachments[0].content is not base64"),
                (Self.message(to: to, [Self.file("stor.pdf", "application/pdf", large)]), "attachments[0] is larger than 5 MiB"),
                (Self.message(to: to, Array(repeating: pdf, count: 11)), "at most 10 attachments"),
                (Self.message(to: ["mobile": "+4791234567"], [pdf]), "An SMS cannot carry attachments"),
            ]
            for (body, detail) in cases {
                let response = try await NotifySendTests.send(h, token, body)
                #expect(response.status == .badRequest, "\(detail)")
                #expect((try H.json(response)["detail"] as? String ?? "").contains(detail), "\(String(buffer: response.body).prefix(300))")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            let huge: [String: Any] = ["template": "new-answer", "to": to, "attachments": [["filename": "a.pdf", "contentType": "application/pdf",
                                                                                         "content": String(repeating: "A", count: 16 * 1024 * 1024)]]]
            let tooLarge = try await NotifySendTests.send(h, token, huge)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(try H.json(tooLarge)["detail"] as? String == "The body is larger than 16 MiB.")
            for table in ["notify_messages", "notify_files", "notify_attachments", "mailbox_messages"] {
                #expect(try await Self.count(h, table) == 0, "\(table) is untouched")
            }
            // The same key with other files is another message: a conflict, not a replay.
            #expect(try await NotifySendTests.send(h, token, Self.message(to: to, [pdf]), key: "vedtak-1").status == .created)
            #expect(try await NotifySendTests.send(h, token, Self.message(to: to, [pdf]), key: "vedtak-1").status == .ok)
            let other = Self.file("b.png", "image/png", Self.png)
            #expect(try await NotifySendTests.send(h, token, Self.message(to: to, [other]), key: "vedtak-1").status == .conflict)
        }
    }

    @Test("A reserved person's letter lists its enclosures, which the operator downloads (audited); a direct e-mail carries the files as MIME parts",
          arguments: Backend.available)
    func letterAndEmail(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await NotifySendTests.setUp(h)
            let reserved = try await NotifySendTests.person(h, where: "c.is_reserved = true")
            let files = [Self.file("Vedtak om bostøtte.pdf", "application/pdf", Self.pdf), Self.file("kart.png", "image/png", Self.png)]
            #expect(try await NotifySendTests.send(h, token, Self.message(to: ["nationalIdentityNumber": reserved], files)).status == .created)
            #expect(try await NotifySendTests.send(h, token, Self.message(to: ["email": "olena@example.no"], files)).status == .created)
            let mail = try await NotifyDeliveryTests.deliverBySMTP(h)

            let admin = try await AdminTests.adminToken(h)
            let auth: HTTPFields = [.authorization: "Bearer \(admin)"]
            let list = try await h.client.execute(uri: "/api/v1/admin/print-queue", method: .get, headers: auth)
            let letters = try #require(try JSONSerialization.jsonObject(with: Data(buffer: list.body)) as? [[String: Any]])
            #expect(letters.count == 1)
            let enclosures = try #require(letters.first?["attachments"] as? [[String: Any]])
            #expect(enclosures.map { $0["filename"] as? String } == ["Vedtak om bostøtte.pdf", "kart.png"])
            let id = try #require(letters[0]["id"] as? String)
            let text = try PrintQueueTests.pdftotext(Data(buffer: try await h.client.execute(uri: "/api/v1/admin/print-queue/\(id)/pdf", method: .get, headers: auth).body))
            #expect(text.contains("Vedlegg:") && text.contains("1. Vedtak om bostøtte.pdf") && text.contains("2. kart.png (3 kB)"), "\(text)")
            let enclosure = try await h.client.execute(uri: "/api/v1/admin/print-queue/\(id)/attachments/1", method: .get, headers: auth)
            #expect(enclosure.status == .ok && Data(buffer: enclosure.body) == Self.png && enclosure.headers[.contentType] == "image/png")
            #expect(try await h.client.execute(uri: "/api/v1/admin/print-queue/\(id)/attachments/7", method: .get, headers: auth).status == .notFound)
            let sender = try await h.client.execute(uri: "/api/v1/admin/print-queue/\(id)/attachments/0", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect([401, 403].contains(sender.status.code), "a machine client is not an operator")
            let actions = try await AuditLog(store: h.store).entries(about: reserved).map(\.record.action)
            #expect(actions == ["notify.contact.lookup", "notify.letter.address", "notify.letter.print", "notify.letter.attachment"])

            let raw = try FileManager.default.contentsOfDirectory(atPath: mail).map { try String(contentsOfFile: mail + "/" + $0, encoding: .utf8) }
            #expect(raw.count == 1)
            let message = try #require(raw.first)
            let boundary = try #require(message.firstMatch(of: /boundary="([^"]+)"/).map { String($0.1) })
            let parts = message.components(separatedBy: "--\(boundary)")
            #expect(parts.count == 5, "preamble, text, two files, and the end")
            #expect(parts[2].contains("Content-Type: application/pdf") && parts[2].contains("filename*=UTF-8''Vedtak%20om%20bost%C3%B8tte.pdf"))
            let decoded: [Data] = parts.map { part in
                Data(base64Encoded: part.components(separatedBy: "\r\n\r\n").last!.replacingOccurrences(of: "\r\n", with: "")) ?? Data()
            }
            #expect(decoded[2] == Self.pdf)
            #expect(decoded[3] == Self.png)
            let mailText = String(decoding: decoded[1], as: UTF8.self)
            #expect(mailText.contains("Hei Olena"))
        }
    }
}
