import Events
import Foundation
import HummingbirdTesting
import Logging
import Notify
import Persistence
import Testing
@testable import TverrApp

/// A helper process from `scripts/` (a real SMTP server or SMS gateway), stopped at the end.
final class Helper: @unchecked Sendable {
    let process = Process()
    let port: Int

    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts")

    /// Starts `scripts/<script>` with `arguments`; it prints its port on the first line.
    init(_ script: String, _ arguments: [String]) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.scripts.appendingPathComponent(script).path] + arguments
        process.standardOutput = output
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw HelperError(description: "\(script) did not start (is aiosmtpd installed? scripts/test installs it): \(text)")
        }
        self.port = port
    }

    /// Kills the helper. (Foundation's `waitUntilExit` was seen to hang here, so it is not used.)
    func stop() {
        kill(process.processIdentifier, SIGKILL)
    }

    static func freePort() throws -> Int {
        let probe = Process()
        let output = Pipe()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"]
        probe.standardOutput = output
        try probe.run()
        probe.waitUntilExit()
        return Int(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}

struct HelperError: Error, CustomStringConvertible { let description: String }

@Suite("Notify: delivery over a real SMTP server and SMS gateway, letters to the print queue, fallback and retries",
       .serialized, .timeLimit(.minutes(2)))
struct NotifyDeliveryTests {
    typealias H = IdentityHarness

    @Test("The SMTP client delivers UTF-8 mail to a real server: the subject as an encoded word, the body in base64")
    func smtpClient() async throws {
        let mail = Self.folder()
        let smtp = try Helper("smtp_sink.py", [mail, String(try Helper.freePort()), "nobody@example.no"])
        defer { smtp.stop() }
        let client = SMTPClient(settings: SMTPSettings(host: "127.0.0.1", port: smtp.port, from: "ikke-svar@tverr.example"))
        let failures = await client.send([OutgoingMail(to: "olena@example.no", subject: "Нова відповідь", body: "Вітаємо.\nРядок два.", messageID: "m1")])
        #expect(failures.count == 1 && failures[0] == nil)
        let files = try FileManager.default.contentsOfDirectory(atPath: mail)
        #expect(files.count == 1)
        let raw = try String(contentsOfFile: mail + "/" + files[0], encoding: .utf8)
        #expect(raw.contains("X-Envelope-To: olena@example.no"))
        #expect(raw.contains("Subject: =?UTF-8?B?" + Data("Нова відповідь".utf8).base64EncodedString() + "?="))
    }

    @Test("One SMTP session carries many messages; a refused recipient in the middle does not stop the rest")
    func smtpSession() async throws {
        let mail = Self.folder()
        let smtp = try Helper("smtp_sink.py", [mail, String(try Helper.freePort()), "nobody@example.no"])
        defer { smtp.stop() }
        let client = SMTPClient(settings: SMTPSettings(host: "127.0.0.1", port: smtp.port, from: "ikke-svar@tverr.example"))
        let recipients = (0..<30).map { $0 == 12 ? "nobody@example.no" : "person\($0)@example.no" }
        let failures = await client.send(recipients.enumerated().map {
            OutgoingMail(to: $0.element, subject: "Melding \($0.offset)", body: "Tekst \($0.offset).", messageID: "s\($0.offset)")
        })
        #expect(failures.count == 30)
        #expect(failures.enumerated().allSatisfy { $0.offset == 12 ? $0.element != nil : $0.element == nil })
        guard case .permanent(let reason)? = failures[12] else { Issue.record("550 is permanent: \(String(describing: failures[12]))"); return }
        #expect(reason.contains("550"))
        let files = try FileManager.default.contentsOfDirectory(atPath: mail)
        #expect(files.count == 29, "each accepted message arrived once")
        let recipientsSeen = try files.map { try String(contentsOfFile: mail + "/" + $0, encoding: .utf8).split(separator: "\r\n")[0] }
        #expect(Set(recipientsSeen).count == 29 && !recipientsSeen.contains("X-Envelope-To: nobody@example.no"))
    }

    @Test("An SMTP server that stops answering fails the unsent messages temporarily, within the timeout")
    func smtpSilent() async throws {
        // A listener that accepts the connection and never greets.
        let port = try Helper.freePort()
        let silent = try Helper("silent_server.py", [String(port)])
        defer { silent.stop() }
        var settings = SMTPSettings(host: "127.0.0.1", port: port, from: "ikke-svar@tverr.example")
        settings.timeout = .milliseconds(300)
        let started = ContinuousClock.now
        let failures = await SMTPClient(settings: settings).send([OutgoingMail(to: "a@example.no", subject: "a", body: "a", messageID: "a"),
                                                                  OutgoingMail(to: "b@example.no", subject: "b", body: "b", messageID: "b")])
        #expect(ContinuousClock.now - started < .seconds(5))
        for failure in failures {
            guard case .temporary(let reason)? = failure else { Issue.record("silence is temporary: \(String(describing: failure))"); continue }
            #expect(reason.contains("did not answer"))
        }
    }

    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tverr-notify-\(UUID().uuidString)").path
    }

    static func dispatcher(_ h: H, gateway: Int?, smtp: Int?) -> NotifyDispatcher {
        var settings = NotifySettings()
        settings.smsGatewayURL = gateway.map { "http://127.0.0.1:\($0)/sms" }
        settings.smsGatewayKey = "gateway-key"
        settings.smtp = smtp.map { SMTPSettings(host: "127.0.0.1", port: $0, from: "ikke-svar@tverr.example") }
        settings.schedule = RetrySchedule(delays: [50, 50], jitter: 0)
        settings.timeout = .seconds(2)
        return NotifyDispatcher(messages: NotifyMessages(store: h.store), settings: settings, logger: Logger(label: "test"))
    }

    /// Delivers every pending message over a real SMTP sink (no SMS gateway); returns the folder
    /// the sink wrote the e-mails to.
    static func deliverBySMTP(_ h: H) async throws -> String {
        let mail = folder()
        let smtp = try Helper("smtp_sink.py", [mail, String(try Helper.freePort())])
        defer { smtp.stop() }
        let dispatcher = dispatcher(h, gateway: nil, smtp: smtp.port)
        try await drain(dispatcher) {
            try await h.store.sql.raw("SELECT 1 AS x FROM notify_deliveries WHERE status = 'pending'").all().isEmpty
        }
        await dispatcher.shutdown()
        return mail
    }

    static func drain(_ dispatcher: NotifyDispatcher, until done: @Sendable () async throws -> Bool) async throws {
        for _ in 0..<300 {
            if try await done() { return }
            await dispatcher.runOnce()
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the notices did not settle in time")
    }

    static func status(_ h: H, _ token: String, _ response: TestResponse) async throws -> [String: Any] {
        let id = try #require(try H.json(response)["id"] as? String)
        return try H.json(try await h.client.execute(uri: "/api/v1/notify/messages/\(id)", method: .get, headers: [.authorization: "Bearer \(token)"]))
    }

    static func mobile(of pid: String, _ h: H) async throws -> String {
        try #require(try await h.store.sql.raw("""
            SELECT c.mobile FROM contact_details c JOIN persons p ON p.id = c.person_id WHERE p.identity_number = \(bind: pid)
            """).first()?.decode(column: "mobile", as: String?.self))
    }

    @Test("SMS reaches the gateway, e-mail the SMTP server, letters the print queue; a refused number falls back to e-mail",
          arguments: Backend.available)
    func channels(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await NotifySendTests.setUp(h)
            let withMobile = try await NotifySendTests.person(h, where: "c.is_reserved = false AND c.mobile IS NOT NULL AND c.email IS NOT NULL")
            let refusedPerson = try await h.store.sql.raw("""
                SELECT p.identity_number FROM persons p JOIN contact_details c ON c.person_id = p.id
                WHERE c.is_reserved = false AND c.mobile IS NOT NULL AND c.email IS NOT NULL AND p.identity_number <> \(bind: withMobile)
                ORDER BY p.identity_number LIMIT 1
                """).first()!.decode(column: "identity_number", as: String.self)
            let emailOnly = try await NotifySendTests.person(h, where: "c.is_reserved = false AND c.mobile IS NULL AND c.email IS NOT NULL")
            let reserved = try await NotifySendTests.person(h, where: "c.is_reserved = true")
            let log = Self.folder() + ".jsonl", mail = Self.folder()
            let refusedMobile = try MobileNumber(try await Self.mobile(of: refusedPerson, h)).e164
            let gateway = try Helper("sms_gateway.py", [log, "gateway-key", refusedMobile])
            let smtp = try Helper("smtp_sink.py", [mail, String(try Helper.freePort())])
            defer { gateway.stop(); smtp.stop() }
            var sent: [String: TestResponse] = [:]
            for pid in [withMobile, refusedPerson, emailOnly, reserved] {
                sent[pid] = (try await NotifySendTests.send(h, token, NotifySendTests.message(to: pid)))
            }
            let dispatcher = Self.dispatcher(h, gateway: gateway.port, smtp: smtp.port)
            try await Self.drain(dispatcher) {
                try await h.store.sql.raw("SELECT 1 AS x FROM notify_deliveries WHERE status = 'pending'").all().isEmpty
            }
            await dispatcher.shutdown()

            let smsLines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
            #expect(smsLines.count == 1, "only the accepted number is recorded")
            let sms = try #require(try JSONSerialization.jsonObject(with: Data(smsLines[0].utf8)) as? [String: String])
            #expect(sms["to"] == (try MobileNumber(try await Self.mobile(of: withMobile, h)).e164))
            #expect(sms["text"] == "Hei Olena. Du har et nytt svar fra Nav på Min side.")

            let mails = try FileManager.default.contentsOfDirectory(atPath: mail).sorted()
            #expect(mails.count == 2, "the e-mail-only person, and the fallback for the refused number")
            let raw = try mails.map { try String(contentsOfFile: mail + "/" + $0, encoding: .utf8) }
            #expect(raw.allSatisfy { $0.contains("Subject: =?UTF-8?B?" + Data("Nytt svar fra Nav".utf8).base64EncodedString() + "?=") })
            let body = try #require(raw.first?.components(separatedBy: "\r\n\r\n").last)
            let decoded = String(decoding: Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: ""))!, as: UTF8.self)
            #expect(decoded == "Hei Olena. Du har fått et nytt svar fra Nav. Logg inn på Min side for å lese det.")

            let letters = try await h.store.sql.raw("SELECT recipient_name, street, subject FROM print_queue").all()
            #expect(letters.count == 1)
            #expect(try letters.first?.decode(column: "subject", as: String.self) == "Nytt svar fra Nav")
            #expect(!(try letters.first?.decode(column: "street", as: String.self) ?? "").isEmpty)

            let fellBack = try await Self.status(h, token, sent[refusedPerson]!)
            #expect(fellBack["status"] as? String == "fell-back")
            let states = (fellBack["deliveries"] as? [[String: Any]] ?? []).map { "\($0["channel"]!)/\($0["status"]!)" }
            #expect(states == ["mailbox/delivered", "sms/failed", "email/delivered", "letter/standby"])
            #expect(try await Self.status(h, token, sent[withMobile]!)["status"] as? String == "delivered")
            #expect(try await Self.status(h, token, sent[reserved]!)["status"] as? String == "delivered")
            let audit = try await AuditLog(store: h.store).entries(about: reserved).map(\.record.action)
            #expect(audit == ["notify.contact.lookup", "notify.letter.address"])
            try await Self.checkStatusFeed(h, token, refusedID: try #require(try H.json(sent[refusedPerson]!)["id"] as? String))
        }
    }

    /// The status feed after `channels`: each delivery delivered or finally failed, in order, by
    /// cursor; other organisations see none; bad cursors are refused.
    static func checkStatusFeed(_ h: H, _ token: String, refusedID: String) async throws {
        func feed(_ query: String, _ bearer: String = token) async throws -> (items: [[String: Any]], next: Int?) {
            let response = try await h.client.execute(uri: "/api/v1/notify/status-feed\(query)", method: .get, headers: [.authorization: "Bearer \(bearer)"])
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let page = try H.json(response)
            return (page["items"] as? [[String: Any]] ?? [], page["next"] as? Int)
        }
        let all = try await feed("")
        #expect(all.items.map { "\($0["channel"]!)/\($0["status"]!)" }.sorted()
                == ["email/delivered", "email/delivered", "letter/delivered", "sms/delivered", "sms/failed"])
        let seqs = all.items.compactMap { $0["seq"] as? Int }
        #expect(seqs.count == 5 && seqs == seqs.sorted() && Set(seqs).count == 5 && all.next == seqs.last)
        #expect((all.items.first { $0["status"] as? String == "failed" }?["error"] as? String)?.contains("422") == true)
        #expect(all.items.filter { $0["messageId"] as? String == refusedID }.map { "\($0["channel"]!)/\($0["status"]!)" }
                == ["sms/failed", "email/delivered"], "the refused SMS, then its e-mail fallback")
        let first = try await feed("?limit=2")
        let second = try await feed("?limit=2&after=\(first.next ?? -1)")
        #expect(first.items.compactMap { $0["seq"] as? Int } == Array(seqs.prefix(2)))
        #expect(second.items.compactMap { $0["seq"] as? Int } == Array(seqs.dropFirst(2).prefix(2)))
        let end = try await feed("?after=\(seqs.last ?? 0)")
        #expect(end.items.isEmpty && end.next == seqs.last)
        let stranger = try await NotifyTemplateTests.token(h, "fhi-sender", scope: NotifyController.sendScope, organisation: "983744516")
        #expect(try await feed("", stranger).items.isEmpty, "another organisation sees none of it")
        for bad in ["?after=-1", "?after=x", "?limit=0", "?limit=1001"] {
            let response = try await h.client.execute(uri: "/api/v1/notify/status-feed\(bad)", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(response.status == .badRequest, "\(bad)")
        }
    }

    @Test("With the SMTP server down, e-mail is retried, then delivered when it comes back; nothing is lost", arguments: Backend.available)
    func smtpDown(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await NotifySendTests.setUp(h)
            let port = try Helper.freePort()
            var ids: [TestResponse] = []
            for index in 0..<5 {
                ids.append((try await NotifySendTests.send(h, token, [
                    "template": "new-answer", "to": ["email": "ola\(index)@example.no"], "personalisation": ["navn": "Ola", "etat": "Nav"]])))
            }
            var settings = NotifySettings()
            settings.smtp = SMTPSettings(host: "127.0.0.1", port: port, from: "ikke-svar@tverr.example")
            settings.schedule = RetrySchedule(delays: [300, 300, 300, 300, 300, 300], jitter: 0)
            let dispatcher = NotifyDispatcher(messages: NotifyMessages(store: h.store), settings: settings, logger: Logger(label: "test"))
            await dispatcher.runOnce()
            let first = try await Self.status(h, token, ids[0])
            let delivery = try #require((first["deliveries"] as? [[String: Any]])?.first)
            #expect(delivery["status"] as? String == "pending" && delivery["attempts"] as? Int == 1)
            #expect((delivery["lastError"] as? String)?.contains("No connection") == true)
            let mail = Self.folder()
            let smtp = try Helper("smtp_sink.py", [mail, String(port)])
            defer { smtp.stop() }
            try await Self.drain(dispatcher) {
                try await h.store.sql.raw("SELECT 1 AS x FROM notify_deliveries WHERE status <> 'delivered'").all().isEmpty
            }
            await dispatcher.shutdown()
            #expect(try FileManager.default.contentsOfDirectory(atPath: mail).count == 5, "every message arrived once")
            for id in ids { #expect(try await Self.status(h, token, id)["status"] as? String == "delivered") }
        }
    }
}
