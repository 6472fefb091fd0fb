import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identifiers
import Identity
import Events
import Notify
import Persistence
import Testing
@testable import TverrApp

@Suite("Notify: sending, channel choice from the contact register, idempotency and refusals")
struct NotifySendTests {
    typealias H = IdentityHarness

    /// Sets up a template with every channel and a sender; returns the sender's token.
    static func setUp(_ h: H) async throws -> String {
        let editor = try await NotifyTemplateTests.token(h, "nav-templates", scope: NotifyController.templatesScope)
        let saved = try await NotifyTemplateTests.put(h, editor, variants: NotifyTemplateTests.variants())
        #expect(saved.status == .created)
        return try await NotifyTemplateTests.token(h, "nav-sender", scope: NotifyController.sendScope)
    }

    static func send(_ h: H, _ token: String, _ body: [String: Any], key: String? = nil,
                     purpose: String? = "varsling", basis: String? = "eforvaltningsforskriften-kap-8") async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        if let purpose { headers[HTTPField.Name("Tverr-Purpose")!] = purpose }
        if let basis { headers[HTTPField.Name("Tverr-Legal-Basis")!] = basis }
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        return try await h.client.execute(uri: "/api/v1/notify/messages", method: .post, headers: headers,
                                          body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
    }

    static func message(to pid: String, values: [String: String] = ["navn": "Olena", "etat": "Nav"]) -> [String: Any] {
        ["template": "new-answer", "to": ["nationalIdentityNumber": pid], "personalisation": values, "reference": "sak-1"]
    }

    /// A person whose contact row matches `condition`.
    static func person(_ h: H, where condition: String) async throws -> String {
        try #require(try await h.store.sql.raw("""
            SELECT p.identity_number FROM persons p LEFT JOIN contact_details c ON c.person_id = p.id WHERE \(unsafeRaw: condition)
            ORDER BY p.identity_number LIMIT 1
            """).first()?.decode(column: "identity_number", as: String.self))
    }

    static func deliveries(_ response: TestResponse) throws -> [String] {
        let status = try H.json(response)
        return (status["deliveries"] as? [[String: Any]] ?? []).map { "\($0["channel"]!)/\($0["role"]!)/\($0["status"]!)" }
    }

    @Test("The contact register picks the channel: mailbox and an SMS pointer, e-mail, or paper for the reserved; each look-up audited",
          arguments: Backend.available)
    func channels(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await Self.setUp(h)
            let digital = try await Self.person(h, where: "c.is_reserved = false AND c.mobile IS NOT NULL AND c.email IS NOT NULL")
            let sent = try await Self.send(h, token, Self.message(to: digital))
            #expect(sent.status == .created, "\(String(buffer: sent.body))")
            #expect(try Self.deliveries(sent) == ["mailbox/notice/delivered", "sms/pointer/pending", "email/fallback/standby", "letter/fallback/standby"])
            #expect(try H.json(sent)["status"] as? String == "created")
            #expect(!String(buffer: sent.body).contains("+47"), "the sender never sees the contact details")
            let mailbox = try await h.store.sql.raw("SELECT subject, body FROM mailbox_messages WHERE pid = \(bind: digital)").all()
            #expect(mailbox.count == 1)
            #expect(try mailbox.first?.decode(column: "body", as: String.self) == "Hei Olena. Du har fått et nytt svar fra Nav. Logg inn på Min side for å lese det.")
            let audited = try await AuditLog(store: h.store).entries(about: digital).filter { $0.record.action == "notify.contact.lookup" }
            #expect(audited.count == 1 && audited[0].record.purpose == "varsling" && audited[0].record.legalBasis == "eForvaltningsforskriften kapittel 8")

            let emailOnly = try await Self.person(h, where: "c.is_reserved = false AND c.mobile IS NULL AND c.email IS NOT NULL")
            #expect(try Self.deliveries(try await Self.send(h, token, Self.message(to: emailOnly))) == ["mailbox/notice/delivered", "email/pointer/pending", "letter/fallback/standby"])
            let reserved = try await Self.person(h, where: "c.is_reserved = true")
            #expect(try Self.deliveries(try await Self.send(h, token, Self.message(to: reserved))) == ["letter/notice/pending"])
            #expect(try await h.store.sql.raw("SELECT 1 AS x FROM mailbox_messages WHERE pid = \(bind: reserved)").all().isEmpty, "no mailbox for the reserved")
            let unreachable = try await Self.person(h, where: "c.person_id IS NULL OR (c.mobile IS NULL AND c.email IS NULL AND c.is_reserved = false)")
            #expect(try Self.deliveries(try await Self.send(h, token, Self.message(to: unreachable))) == ["letter/notice/pending"])

            let direct = try await Self.send(h, token, ["template": "new-answer", "to": ["email": "ola@example.no"],
                                                        "personalisation": ["navn": "Ola", "etat": "Nav"]], purpose: nil, basis: nil)
            #expect(direct.status == .created)
            #expect(try Self.deliveries(direct) == ["email/direct/pending"])
            let id = try #require(try H.json(direct)["id"] as? String)
            let read = try await h.client.execute(uri: "/api/v1/notify/messages/\(id)", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(read.status == .ok)
            #expect(try H.json(read)["id"] as? String == id)
        }
    }

    @Test("An idempotency key returns the first message on a replay and refuses a different message", arguments: Backend.available)
    func idempotency(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await Self.setUp(h)
            let pid = try await Self.person(h, where: "c.is_reserved = false AND c.mobile IS NOT NULL")
            let first = try await Self.send(h, token, Self.message(to: pid), key: "order-1")
            let again = try await Self.send(h, token, Self.message(to: pid), key: "order-1")
            #expect(first.status == .created && again.status == .ok)
            #expect(try H.json(first)["id"] as? String == (try H.json(again)["id"] as? String))
            let other = try await Self.send(h, token, Self.message(to: pid, values: ["navn": "Ola", "etat": "Nav"]), key: "order-1")
            #expect(other.status == .conflict)
            #expect(try await h.count("notify_messages") == 1)
            #expect(try await h.count("mailbox_messages") == 1)
            // Ten at once with one key: one message.
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 { group.addTask { try await Self.send(h, token, Self.message(to: pid), key: "order-2").status.code } }
                var codes: [Int] = []
                for try await code in group { codes.append(code) }
                #expect(codes.filter { $0 == 201 }.count == 1 && codes.filter { $0 == 200 }.count == 9, "\(codes)")
            }
            #expect(try await h.count("notify_messages") == 2)
        }
    }

    @Test("Bad placeholders, recipients and requests get problem details naming the fault, and write nothing", arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await Self.setUp(h)
            let pid = try await Self.person(h, where: "c.is_reserved = false AND c.mobile IS NOT NULL")
            let audited = try await h.count("audit_entries")
            let missing = try await Self.send(h, token, Self.message(to: pid, values: ["navn": "Olena"]))
            #expect(missing.status == .badRequest)
            #expect(try H.json(missing)["title"] as? String == "Placeholder: etat")
            let unknown = try await Self.send(h, token, Self.message(to: pid, values: ["navn": "O", "etat": "N", "sak": "1"]))
            #expect(unknown.status == .badRequest)
            #expect(try H.json(unknown)["title"] as? String == "Placeholder: sak")
            let cases: [([String: Any], Int, String)] = [
                (["template": "new-answer", "to": ["mobile": "123"], "personalisation": ["navn": "O", "etat": "N"]], 400, "mobile"),
                (["template": "new-answer", "to": ["email": "not-an-address"], "personalisation": ["navn": "O", "etat": "N"]], 400, "e-mail"),
                (["template": "new-answer", "to": ["email": "a@b.no", "mobile": "+4791234567"], "personalisation": [:]], 400, "exactly one"),
                (["template": "new-answer", "to": ["nationalIdentityNumber": "12345678901"], "personalisation": [:]], 400, "national identity"),
                (["template": "no-such", "to": ["email": "a@b.no"], "personalisation": [:]], 404, "no template"),
                (["template": "new-answer", "to": ["email": "a@b.no"], "personalisation": ["navn": "O", "etat": "N"], "language": "de"], 400, "language"),
                (["template": "new-answer", "to": ["email": "a@b.no"], "personalisation": ["navn": String(repeating: "x", count: 2001), "etat": "N"]], 400, "personalisation"),
                (["template": "new-answer", "to": ["mobile": "+4791234567"], "personalisation": ["navn": String(repeating: "ж", count: 1100), "etat": "N"]], 400, "segments"),
                (["to": ["email": "a@b.no"]], 400, "JSON"),
            ]
            for (body, status, mention) in cases {
                let response = try await Self.send(h, token, body)
                #expect(response.status.code == status, "\(mention): \(String(buffer: response.body))")
                #expect(String(buffer: response.body).contains(mention), "\(mention): \(String(buffer: response.body))")
            }
            let noPurpose = try await Self.send(h, token, Self.message(to: pid), purpose: nil, basis: nil)
            #expect(noPurpose.status == .badRequest)
            let wrongPurpose = try await Self.send(h, token, Self.message(to: pid), purpose: "saksbehandling", basis: "folkeregisterloven-10-2")
            #expect(wrongPurpose.status == .forbidden)
            let editor = try await NotifyTemplateTests.token(h, "nav-editor-2", scope: NotifyController.templatesScope)
            #expect(try await Self.send(h, editor, Self.message(to: pid)).status == .forbidden, "templates.write cannot send")
            #expect(try await h.count("notify_messages") == 0)
            #expect(try await h.count("notify_deliveries") == 0)
            #expect(try await h.count("audit_entries") == audited, "a refused message looks nothing up")
        }
    }

    @Test("A batch reports every message by index: created, duplicate or rejected with the reason; bad ones never stop good ones",
          arguments: Backend.available)
    func batch(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await Self.setUp(h)
            let pid = try await Self.person(h, where: "c.is_reserved = false AND c.mobile IS NOT NULL")
            var first = Self.message(to: pid)
            first["idempotencyKey"] = "batch-1"
            let items: [[String: Any]] = [
                first,
                ["template": "new-answer", "to": ["email": "kari@example.no"], "personalisation": ["navn": "Kari", "etat": "Nav"]],
                Self.message(to: pid, values: ["navn": "Kari"]),
                ["template": "new-answer", "to": ["mobile": "12"], "personalisation": ["navn": "Kari", "etat": "Nav"]],
                first,
                ["template": "nope", "to": ["email": "kari@example.no"]],
            ]
            let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json",
                                       HTTPField.Name("Tverr-Purpose")!: "varsling", HTTPField.Name("Tverr-Legal-Basis")!: "eforvaltningsforskriften-kap-8"]
            let response = try await h.client.execute(uri: "/api/v1/notify/messages/batch", method: .post, headers: headers,
                                                      body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["messages": items])))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let answer = try H.json(response)
            let results = try #require(answer["results"] as? [[String: Any]])
            #expect(results.map { $0["status"] as? String ?? "" } == ["created", "created", "rejected", "rejected", "duplicate", "rejected"])
            #expect(results.map { $0["httpStatus"] as? Int ?? 0 } == [0, 0, 400, 400, 0, 404])
            #expect((results[2]["error"] as? String)?.contains("((etat))") == true)
            #expect(results[4]["id"] as? String == results[0]["id"] as? String, "the duplicate names the first message")
            #expect(answer["created"] as? Int == 2 && answer["rejected"] as? Int == 3 && answer["duplicates"] as? Int == 1)
            #expect(try await h.count("notify_messages") == 2)

            let many = (0..<1000).map { ["template": "new-answer", "to": ["email": "person\($0)@example.no"],
                                         "personalisation": ["navn": "P\($0)", "etat": "Nav"]] as [String: Any] }
            let big = try await h.client.execute(uri: "/api/v1/notify/messages/batch", method: .post, headers: headers,
                                                 body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["messages": many])))
            #expect(try H.json(big)["created"] as? Int == 1000)
            #expect(try await h.count("notify_messages") == 1002)
            let empty = try await h.client.execute(uri: "/api/v1/notify/messages/batch", method: .post, headers: headers,
                                                   body: ByteBuffer(string: #"{"messages":[]}"#))
            #expect(empty.status == .badRequest)
            let tooMany = try await h.client.execute(uri: "/api/v1/notify/messages/batch", method: .post, headers: headers,
                                                     body: ByteBuffer(string: #"{"messages":["# + Array(repeating: #"{"template":"x","to":{}}"#, count: 10_001).joined(separator: ",") + "]}"))
            #expect(tooMany.status == .badRequest)
            #expect(try await h.count("notify_messages") == 1002)
        }
    }

    @Test("A batch to many people is written in chunks: one audited look-up per person in an unbroken chain, the same rows as one by one",
          arguments: Backend.available)
    func batchChunks(backend: Backend) async throws {
        try await H.run(backend) { h in
            _ = try await Self.setUp(h)
            let numbers = try await h.store.sql.raw("SELECT identity_number FROM persons ORDER BY identity_number").all()
                .map { try $0.decode(column: "identity_number", as: String.self) }
            try #require(numbers.count > 100)
            let messages = NotifyMessages(store: h.store)
            let caller = ExchangeCaller(clientID: "nav-sender", organisationNumber: H.agency)
            let authorisation = try ExchangeCatalogue.authorise(grantedScopes: [NotifyController.sendScope], purpose: "varsling",
                                                                legalBasis: "eforvaltningsforskriften-kap-8", needing: .contact, write: true)
            let audited = try await h.count("audit_entries")
            // 700 messages: more than one chunk, some people twice.
            var requests = (0..<700).map { (MessageRequest(template: "new-answer", to: .init(nationalIdentityNumber: numbers[$0 % numbers.count]),
                                                           personalisation: ["navn": "Ola", "etat": "Nav"]), key: Optional("k-\($0)")) }
            // A bad one in the middle of the first chunk, and one for a number no one has.
            requests[100].0.personalisation = ["navn": "Ola"]
            requests[600].0.to = .init(nationalIdentityNumber: Self.unknownNumber)
            let results = await messages.sendBatch(requests, caller: caller, authorisation: authorisation)
            #expect(results.filter { $0.status == "created" }.count == 698)
            #expect(results[100].status == "rejected" && results[100].httpStatus == 400)
            #expect(results[600].status == "rejected" && results[600].httpStatus == 404)
            #expect(try await h.count("notify_messages") == 698)
            #expect(try await h.count("audit_entries") == audited + 698, "one look-up entry per message to a person")
            try await AuditLog(store: h.store).verify()
            // The rows are those a single send makes: the plan per person, the mailbox when digital.
            let created = try #require(results[0].id)
            let one = try await messages.status(created, organisation: H.agency)
            let contact = try await h.store.sql.raw("""
                SELECT c.email, c.mobile, c.is_reserved FROM persons p LEFT JOIN contact_details c ON c.person_id = p.id
                WHERE p.identity_number = \(bind: numbers[0])
                """).first()
            let expected = ChannelPlan.plan(for: ContactFacts(email: try contact?.decode(column: "email", as: String?.self),
                                                               mobile: try contact?.decode(column: "mobile", as: String?.self),
                                                               reserved: try contact?.decode(column: "is_reserved", as: Bool?.self) ?? false))
            #expect(one.deliveries.first?.channel == expected.notice.rawValue)
            let mailboxRows = try await h.count("mailbox_messages")
            let digital = try await h.store.sql.raw("""
                SELECT COUNT(*) AS n FROM notify_deliveries WHERE channel = 'mailbox' AND role = 'notice'
                """).first()?.decode(column: "n", as: Int.self)
            #expect(mailboxRows == digital && mailboxRows > 0)

            // The same batch again: every message is a duplicate of the first, and nothing new is looked up.
            let again = await messages.sendBatch(requests, caller: caller, authorisation: authorisation)
            #expect(again.filter { $0.status == "duplicate" }.count == 698)
            #expect(zip(results, again).allSatisfy { $0.0.status != "created" || $0.0.id == $0.1.id })
            #expect(try await h.count("audit_entries") == audited + 698)
        }
    }

    @Test("Paging the status feed while deliveries settle concurrently skips and repeats nothing", arguments: Backend.available)
    func statusFeedUnderConcurrency(backend: Backend) async throws {
        try await H.run(backend) { h in
            _ = try await Self.setUp(h)
            let messages = NotifyMessages(store: h.store)
            let (caller, requests) = (Self.sender, Self.emails(200, keyPrefix: nil))
            #expect(await messages.sendBatch(requests, caller: caller, authorisation: nil).allSatisfy { $0.status == "created" })
            let claims = try await messages.claim(limit: 200, lease: 60_000)
            #expect(claims.count == 200)
            let schedule = RetrySchedule(delays: [], jitter: 0)
            // Eight writers settle one delivery at a time while a reader follows the cursor.
            let reader = Task {
                var seen: [Int64] = [], cursor: Int64 = 0
                for _ in 0..<2000 where seen.count < 200 {
                    let page = try await messages.statusFeed(organisation: H.agency, after: cursor, limit: 7)
                    seen += page.items.map(\.seq)
                    cursor = page.next
                    if page.items.isEmpty { try await Task.sleep(for: .milliseconds(2)) }
                }
                return seen
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for claim in stride(from: writer, to: claims.count, by: 8).map({ claims[$0] }) {
                            try await messages.settle(claim, claim.id % 5 == 0 ? .permanent("refused") : .delivered, schedule: schedule)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let seen = try await reader.value
            let all = try await messages.statusFeed(organisation: H.agency, after: 0, limit: 1000).items.map(\.seq)
            #expect(all.count == 200)
            #expect(seen == all, "the reader saw every entry once, in order")
        }
    }

    /// The sending client that `setUp` registers, as the batch path sees it.
    static let sender = ExchangeCaller(clientID: "nav-sender", organisationNumber: H.agency)

    /// `count` messages to e-mail addresses, keyed `keyPrefix` + index when a prefix is given.
    static func emails(_ count: Int, keyPrefix: String?) -> [(MessageRequest, key: String?)] {
        (0..<count).map { index in
            (MessageRequest(template: "new-answer", to: .init(email: "p\(index)@example.no"), personalisation: ["navn": "P", "etat": "Nav"]),
             key: keyPrefix.map { "\($0)\(index)" })
        }
    }

    /// A valid synthetic number that the seeded register does not hold (born in 1890; the
    /// synthetic population is younger).
    static let unknownNumber = NationalIdentityNumber.generate(birthDate: CalendarDate(year: 1890, month: 1, day: 1)!, synthetic: true,
                                                               next: { _ in 0 })!.value

    @Test("Two batches with the same keys at once make each message once; the other batch reports duplicates",
          arguments: Backend.available)
    func batchRace(backend: Backend) async throws {
        try await H.run(backend) { h in
            _ = try await Self.setUp(h)
            let messages = NotifyMessages(store: h.store)
            let (caller, requests) = (Self.sender, Self.emails(600, keyPrefix: "race-"))
            async let a = messages.sendBatch(requests, caller: caller, authorisation: nil)
            async let b = messages.sendBatch(requests, caller: caller, authorisation: nil)
            let (first, second) = await (a, b)
            #expect(try await h.count("notify_messages") == 600)
            for (x, y) in zip(first, second) {
                #expect(Set([x.status, y.status]).isSubset(of: ["created", "duplicate"]) && x.id == y.id && x.id != nil)
            }
            #expect(first.filter { $0.status == "created" }.count + second.filter { $0.status == "created" }.count == 600)
        }
    }

    @Test("The per-client limit allows the burst, then refuses with the wait")
    func rateLimit() async {
        let limiter = SendingLimiter(capacity: 3, rate: 1)
        for _ in 0..<3 { #expect(await limiter.take("a") == nil) }
        let wait = await limiter.take("a")
        #expect(wait != nil && wait! > 0 && wait! <= 1)
        #expect(await limiter.take("b") == nil, "each client has its own bucket")
    }
}
