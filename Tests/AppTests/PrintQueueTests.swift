import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Persistence
import Testing
@testable import TverrApp

@Suite("The print queue: letters for the reserved, as PDF for the operator", .timeLimit(.minutes(2)))
struct PrintQueueTests {
    typealias H = IdentityHarness

    static func pdftotext(_ pdf: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("queue-\(UUID().uuidString).pdf")
        try pdf.write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = [path.path, "-"]
        process.standardOutput = output
        try process.run()
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    @Test("A reserved person's message becomes a letter; the admin lists it, downloads the PDF (audited) and marks it printed",
          arguments: Backend.available)
    func queue(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await NotifySendTests.setUp(h)
            let reserved = try await NotifySendTests.person(h, where: "c.is_reserved = true")
            #expect(try await NotifySendTests.send(h, token, NotifySendTests.message(to: reserved)).status == .created)
            let dispatcher = NotifyDispatcher(messages: NotifyMessages(store: h.store), settings: NotifySettings(), logger: Logger(label: "test"))
            await dispatcher.runOnce()
            await dispatcher.shutdown()

            let admin = try await AdminTests.adminToken(h)
            let auth: HTTPFields = [.authorization: "Bearer \(admin)"]
            let list = try await h.client.execute(uri: "/api/v1/admin/print-queue", method: .get, headers: auth)
            let letters = try #require(try JSONSerialization.jsonObject(with: Data(buffer: list.body)) as? [[String: Any]])
            #expect(letters.count == 1 && letters[0]["status"] as? String == "queued")
            #expect(!String(buffer: list.body).contains(reserved), "the list carries no personal data")
            let id = try #require(letters[0]["id"] as? String)

            let download = try await h.client.execute(uri: "/api/v1/admin/print-queue/\(id)/pdf", method: .get, headers: auth)
            #expect(download.status == .ok && download.headers[.contentType] == "application/pdf")
            let text = try Self.pdftotext(Data(buffer: download.body))
            let name = try await h.store.sql.raw("SELECT given_name, family_name FROM persons WHERE identity_number = \(bind: reserved)").first()!
            #expect(text.contains("\(try name.decode(column: "given_name", as: String.self)) \(try name.decode(column: "family_name", as: String.self))"))
            #expect(text.contains("Nytt svar fra Nav") && text.contains("Logg inn på Min side"))
            let actions = try await AuditLog(store: h.store).entries(about: reserved).map(\.record.action)
            #expect(actions == ["notify.contact.lookup", "notify.letter.address", "notify.letter.print"])

            #expect(try await h.client.execute(uri: "/api/v1/admin/print-queue/\(id)/printed", method: .post, headers: auth).status == .noContent)
            #expect(try await h.client.execute(uri: "/api/v1/admin/print-queue/\(id)/printed", method: .post, headers: auth).status == .notFound)
            let queued = try await h.client.execute(uri: "/api/v1/admin/print-queue", method: .get, headers: auth)
            #expect(String(buffer: queued.body) == "[]")
            let printed = try await h.client.execute(uri: "/api/v1/admin/print-queue?status=printed", method: .get, headers: auth)
            #expect((try JSONSerialization.jsonObject(with: Data(buffer: printed.body)) as? [[String: Any]])?.count == 1)
            #expect(try await h.client.execute(uri: "/api/v1/admin/print-queue?status=lost", method: .get, headers: auth).status == .badRequest)
            #expect(try await h.client.execute(uri: "/api/v1/admin/print-queue/\(UUID())/pdf", method: .get, headers: auth).status == .notFound)
            let sender = try await h.client.execute(uri: "/api/v1/admin/print-queue", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect([401, 403].contains(sender.status.code), "a machine client is not an operator")
        }
    }
}
