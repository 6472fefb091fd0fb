import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Testing
@testable import TverrApp

@Suite("The digital mailbox on my page")
struct MailboxPageTests {
    typealias H = IdentityHarness

    static func get(_ h: H, _ path: String, cookie: String?, language: String = "nb") async throws -> TestResponse {
        var headers: HTTPFields = [.acceptLanguage: language]
        if let cookie { headers[.cookie] = "\(PortalController.cookie)=\(cookie)" }
        return try await h.client.execute(uri: path, method: .get, headers: headers)
    }

    @Test("Messages arrive in the mailbox, unread first; opening one marks it read; nobody else can open it", arguments: Backend.available)
    func mailbox(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await NotifySendTests.setUp(h)
            let digital = try await NotifySendTests.person(h, where: "c.is_reserved = false AND (c.mobile IS NOT NULL OR c.email IS NOT NULL)")
            #expect(try await NotifySendTests.send(h, token, NotifySendTests.message(to: digital, values: ["navn": "Kari", "etat": "Nav"])).status == .created)
            try await Task.sleep(for: .milliseconds(5))
            #expect(try await NotifySendTests.send(h, token, NotifySendTests.message(to: digital, values: ["navn": "Kari", "etat": "Skatteetaten"])).status == .created)
            let cookie = try await PortalTests.portalLogin(h, pid: digital)

            let my = String(buffer: try await Self.get(h, "/my", cookie: cookie).body)
            #expect(my.contains("Meldinger (2 uleste)"))
            let list = String(buffer: try await Self.get(h, "/my/messages", cookie: cookie).body)
            #expect(list.components(separatedBy: "Ulest: ").count == 3, "both unread, said in words")
            #expect(list.contains("Nytt svar fra Skatteetaten") && list.contains("Nytt svar fra Nav"))
            #expect(list.range(of: "Skatteetaten")!.lowerBound < list.range(of: "fra Nav")!.lowerBound, "newest first")
            let ids = list.matches(of: /href="\/my\/messages\/([0-9a-f-]{36})"/).map { String($0.1) }
            #expect(ids.count == 2)

            let opened = try await Self.get(h, "/my/messages/\(ids[1])", cookie: cookie)
            #expect(opened.status == .ok)
            #expect(String(buffer: opened.body).contains("Hei Kari. Du har fått et nytt svar fra Nav."))
            let after = String(buffer: try await Self.get(h, "/my/messages", cookie: cookie).body)
            #expect(after.components(separatedBy: "Ulest: ").count == 2, "one left unread")
            #expect(after.range(of: "Skatteetaten")!.lowerBound < after.range(of: "fra Nav")!.lowerBound, "unread before read")
            #expect(String(buffer: try await Self.get(h, "/my", cookie: cookie).body).contains("Meldinger (1 uleste)"))
            #expect(String(buffer: try await Self.get(h, "/my/messages", cookie: cookie, language: "uk").body).contains("<h1>Повідомлення</h1>"))

            let other = try #require(h.people.first { $0.identityNumber.value != digital }).identityNumber.value
            let stranger = try await PortalTests.portalLogin(h, pid: other)
            #expect(try await Self.get(h, "/my/messages/\(ids[0])", cookie: stranger).status == .notFound)
            let theirs = String(buffer: try await Self.get(h, "/my/messages", cookie: stranger).body)
            #expect(theirs.contains("Du har ingen meldinger.") || !theirs.contains(ids[0]))
            #expect(try await Self.get(h, "/my/messages", cookie: nil).status == .seeOther, "no session: to the login")
        }
    }
}
