import Events
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identifiers
import Logging
import Persistence
import Testing
@testable import TverrApp

/// A real HTTP receiver for webhooks: it records every request and answers from a script
/// (a status, or a pause longer than Tverr's timeout), then 200.
actor WebhookReceiver {
    enum Answer: Sendable { case status(Int), hang(Duration) }
    struct Received: Sendable { let headers: HTTPFields; let body: [UInt8] }
    private(set) var received: [Received] = []
    private var script: [Answer]

    init(_ script: [Answer] = []) { self.script = script }

    func answer(_ headers: HTTPFields, _ body: [UInt8]) -> Answer {
        received.append(Received(headers: headers, body: body))
        return script.isEmpty ? .status(200) : script.removeFirst()
    }

    func setScript(_ answers: [Answer]) { script = answers }

    /// Runs the receiver on a free loopback port for the duration of `body`.
    func serve(_ body: @Sendable (Int) async throws -> Void) async throws {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let bytes = Array(buffer: try await request.body.collect(upTo: 1 << 20))
            switch await self.answer(request.headers, bytes) {
            case .status(let code): return Response(status: .init(code: code))
            case .hang(let pause):
                try? await Task.sleep(for: pause)
                return Response(status: .ok)
            }
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body(try #require(client.port)) }
    }
}

@Suite("Events: the feed, webhook subscriptions, retries and the dead-letter list", .timeLimit(.minutes(3)))
struct EventsTests {
    typealias H = IdentityHarness
    static let purpose = HTTPField.Name("Tverr-Purpose")!
    static let basis = HTTPField.Name("Tverr-Legal-Basis")!

    static func headers(_ token: String, purpose: String = "saksbehandling", basis: String = "folkeregisterloven-10-2") -> HTTPFields {
        [.authorization: "Bearer \(token)", Self.purpose: purpose, Self.basis: basis, .contentType: "application/json"]
    }

    /// Moves the person (self-service, so no agency read is audited) and returns nothing; the
    /// outbox gets an address-changed event.
    static func move(_ h: H, _ number: NationalIdentityNumber) async throws {
        let change = AddressChange(street: "Storgata 1", postcode: "0155", municipalityNumber: "0301", validFrom: "2031-01-01")
        try await RegisterExchange(store: h.store).changeAddress(number, to: change, by: nil, authorisation: nil)
    }

    /// Registered people, in number order.
    static func people(_ h: H, _ count: Int = 8) async throws -> [NationalIdentityNumber] {
        try await h.store.sql.raw("SELECT identity_number FROM persons ORDER BY identity_number LIMIT \(bind: count)").all()
            .map { try NationalIdentityNumber(try $0.decode(column: "identity_number", as: String.self)) }
    }

    static func subscribe(_ h: H, token: String, port: Int, types: [String] = ["no.tverr.registers.address-changed.v1"],
                          secret: String = "a-webhook-secret-of-32-characters!") async throws -> [String: Any] {
        let body = try JSONSerialization.data(withJSONObject: ["types": types, "callbackUrl": "http://127.0.0.1:\(port)/hook", "secret": secret])
        let response = try await h.client.execute(uri: "/api/v1/events/subscriptions", method: .post, headers: headers(token),
                                                  body: ByteBuffer(bytes: body))
        #expect(response.status == .created, "\(String(buffer: response.body))")
        return try H.json(response)
    }

    static func dispatcher(_ h: H, schedule: String, timeout: Duration = .seconds(1)) throws -> WebhookDispatcher {
        var settings = WebhookSettings()
        settings.schedule = try RetrySchedule.parse(schedule, jitter: 0)
        settings.timeout = timeout
        return WebhookDispatcher(hub: EventHub(store: h.store), settings: settings, logger: Logger(label: "test"))
    }

    /// Runs the worker until `done` holds (or gives up after about 10 s).
    static func drain(_ dispatcher: WebhookDispatcher, until done: @Sendable () async throws -> Bool) async throws {
        for _ in 0..<500 {
            if try await done() { return }
            await dispatcher.runOnce()
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the deliveries did not settle in time")
    }

    static func status(_ h: H, subscription: String) async throws -> [String] {
        try await h.store.sql.raw("SELECT status FROM event_deliveries WHERE subscription_id = \(bind: subscription) ORDER BY id")
            .all().map { try $0.decode(column: "status", as: String.self) }
    }

    @Test("A receiver that answers 500, then times out, then 200 gets the signed event; each attempt is audited",
          arguments: Backend.available)
    func retries(backend: Backend) async throws {
        try await H.run(backend) { h in
            let machine = try await h.registerMachine("nav-events", scopes: ["tverr:registers/person.read"])
            let token = try await h.machineToken(machine)
            let receiver = WebhookReceiver([.status(500), .hang(.seconds(3))])
            let pids = try await Self.people(h)
            try await receiver.serve { port in
                let subscription = try await Self.subscribe(h, token: token, port: port)
                let id = try #require(subscription["id"] as? String)
                #expect(subscription["secret"] as? String == "a-webhook-secret-of-32-characters!")
                try await Self.move(h, pids[0])
                let dispatcher = try Self.dispatcher(h, schedule: "10ms,10ms,10ms")
                try await Self.drain(dispatcher) { try await Self.status(h, subscription: id).allSatisfy { $0 == "delivered" } }
                await dispatcher.shutdown()
                let received = await receiver.received
                let pid = pids[0].value
                let forFirst = try received.filter { try Self.subject(of: $0.body) == pid }
                #expect(forFirst.count == 3 && received.count == 3, "500, timeout, 200")
                #expect(Set(forFirst.map { $0.headers[HTTPField.Name("Tverr-Event-Id")!] }).count == 1, "the same event each time")
                #expect(forFirst.map { $0.headers[HTTPField.Name("Tverr-Delivery-Attempt")!] } == ["1", "2", "3"])
                let last = try #require(forFirst.last)
                let signature = try #require(last.headers[HTTPField.Name("Tverr-Signature")!])
                #expect(WebhookSignature.verify(header: signature, secret: "a-webhook-secret-of-32-characters!", body: last.body,
                                                now: Int64(Date().timeIntervalSince1970)))
                #expect(!WebhookSignature.verify(header: signature, secret: "another-secret-another-secret!!", body: last.body,
                                                 now: Int64(Date().timeIntervalSince1970)))
                #expect(last.headers[.contentType] == "application/cloudevents+json")
                let event = try #require(try JSONSerialization.jsonObject(with: Data(last.body)) as? [String: Any])
                #expect(event["specversion"] as? String == "1.0" && event["type"] as? String == "no.tverr.registers.address-changed.v1")
                #expect((event["data"] as? [String: Any])?["municipalityNumber"] as? String == "0301")
                // Every attempt sent the person's data out, so each is in the audit log.
                let sends = try await AuditLog(store: h.store).entries(about: pid).filter { $0.record.action == "events.webhook.send" }
                #expect(sends.count == 3)
                #expect(sends.allSatisfy { $0.record.actor == "client:\(H.agency)/nav-events" && $0.record.legalBasis == "folkeregisterloven § 10-2" })
                let view = try H.json(try await h.client.execute(uri: "/api/v1/events/subscriptions/\(id)", method: .get, headers: Self.headers(token)))
                #expect((view["deliveries"] as? [String: Any])?["delivered"] as? Int == 1)
                #expect(view["secret"] == nil, "the secret is shown only once")
            }
        }
    }

    static func subject(of body: [UInt8]) throws -> String? {
        (try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["subject"] as? String
    }

    @Test("After the last retry the delivery is dead-lettered; the subscriber lists and redelivers it; a deleted subscription gets nothing",
          arguments: Backend.available)
    func deadLetters(backend: Backend) async throws {
        try await H.run(backend) { h in
            let machine = try await h.registerMachine("nav-dead", scopes: ["tverr:registers/person.read"])
            let token = try await h.machineToken(machine)
            let receiver = WebhookReceiver([.status(500), .status(503), .status(500)])
            let pids = try await Self.people(h)
            try await receiver.serve { port in
                let id = try #require(try await Self.subscribe(h, token: token, port: port)["id"] as? String)
                try await Self.move(h, pids[2])
                let dispatcher = try Self.dispatcher(h, schedule: "10ms,10ms")
                try await Self.drain(dispatcher) { try await Self.status(h, subscription: id) == ["dead"] }
                #expect(await receiver.received.count == 3, "three attempts in all, then no more")
                await dispatcher.runOnce()
                #expect(await receiver.received.count == 3)
                let listed = try await h.client.execute(uri: "/api/v1/events/subscriptions/\(id)/dead-letters", method: .get, headers: Self.headers(token))
                let letters = try #require(try JSONSerialization.jsonObject(with: Data(buffer: listed.body)) as? [[String: Any]])
                #expect(letters.count == 1 && letters[0]["attempts"] as? Int == 3)
                #expect((letters[0]["lastError"] as? String)?.contains("500") == true)
                #expect(letters[0]["subject"] == nil, "the list carries no personal data")
                // Someone else's client cannot see or redeliver it.
                let other = try await h.machineToken(try await h.registerMachine("other", scopes: ["tverr:registers/person.read"]))
                let foreign = try await h.client.execute(uri: "/api/v1/events/subscriptions/\(id)/dead-letters", method: .get, headers: Self.headers(other))
                #expect(foreign.status == .notFound)
                let bad = try await h.client.execute(uri: "/api/v1/events/subscriptions/\(id)/dead-letters/redeliver", method: .post,
                                                     headers: Self.headers(token), body: ByteBuffer(string: #"{"deliveryIds":[]}"#))
                #expect(bad.status == .badRequest)
                let redeliver = try await h.client.execute(uri: "/api/v1/events/subscriptions/\(id)/dead-letters/redeliver", method: .post,
                                                           headers: Self.headers(token))
                #expect(redeliver.status == .accepted)
                #expect(try H.json(redeliver)["requeued"] as? Int == 1)
                try await Self.drain(dispatcher) { try await Self.status(h, subscription: id) == ["delivered"] }
                #expect(await receiver.received.count == 4)
                let empty = try await h.client.execute(uri: "/api/v1/events/subscriptions/\(id)/dead-letters", method: .get, headers: Self.headers(token))
                #expect(String(buffer: empty.body) == "[]")
                // Deleted: pending deliveries are cancelled and new events make none.
                let deleted = try await h.client.execute(uri: "/api/v1/events/subscriptions/\(id)", method: .delete, headers: Self.headers(token))
                #expect(deleted.status == .noContent)
                try await Self.move(h, pids[3])
                await dispatcher.runOnce()
                #expect(await receiver.received.count == 4)
                #expect(try await Self.status(h, subscription: id) == ["delivered"])
                let gone = try await h.client.execute(uri: "/api/v1/events/subscriptions/\(id)", method: .get, headers: Self.headers(token))
                #expect(gone.status == .notFound)
                await dispatcher.shutdown()
            }
        }
    }

    @Test("The feed pages by cursor, shows only the types the scopes allow, audits every event returned, and refuses bad input",
          arguments: Backend.available)
    func feed(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await h.machineToken(try await h.registerMachine("feed", scopes: ["tverr:registers/person.read"]))
            let pids = try await Self.people(h)
            for index in 0..<5 { try await Self.move(h, pids[index]) }
            try await RegisterExchange(store: h.store).updateContact(pids[0], email: "a@example.no", mobile: nil, reserved: false)
            let before = try await h.count("audit_entries")
            var seen: [String] = []
            var next = "/api/v1/events?limit=2"
            var pages = 0
            while pages < 10 {
                let response = try await h.client.execute(uri: next, method: .get, headers: Self.headers(token))
                #expect(response.status == .ok)
                let page = try H.json(response)
                let events = try #require(page["events"] as? [[String: Any]])
                seen += events.compactMap { $0["subject"] as? String }
                #expect(events.allSatisfy { $0["type"] as? String == "no.tverr.registers.address-changed.v1" }, "contact changes need contact.read")
                pages += 1
                guard let link = response.headers[HTTPField.Name("Link")!] else { break }
                next = String(try #require(link.firstMatch(of: /<([^>]+)>/)?.1))
            }
            #expect(seen == (0..<5).map { pids[$0].value }, "every event once, in order")
            #expect(try await h.count("audit_entries") == before + 5, "one audit entry per event returned")
            let one = try H.json(try await h.client.execute(uri: "/api/v1/events?subject=\(pids[3].value)", method: .get,
                                                            headers: Self.headers(token)))
            #expect((one["events"] as? [[String: Any]])?.count == 1)
            let cursor = try #require(one["next"] as? String)
            let after = try H.json(try await h.client.execute(uri: "/api/v1/events?after=\(cursor)", method: .get, headers: Self.headers(token)))
            #expect((after["events"] as? [[String: Any]])?.count == 1, "only the fifth move comes after the fourth")

            let refusals: [(String, HTTPFields, Int)] = [
                ("/api/v1/events?type=no.tverr.registers.contact-changed.v1", Self.headers(token), 403),
                ("/api/v1/events?type=no.tverr.bogus.v1", Self.headers(token), 400),
                ("/api/v1/events?after=-1", Self.headers(token), 400),
                ("/api/v1/events?after=abc", Self.headers(token), 400),
                ("/api/v1/events?limit=0", Self.headers(token), 400),
                ("/api/v1/events?limit=1001", Self.headers(token), 400),
                ("/api/v1/events?subject=12345678901", Self.headers(token), 400),
                ("/api/v1/events", Self.headers(token, purpose: "brukerundersokelse", basis: "samtykke"), 403),
                ("/api/v1/events", Self.headers(token, purpose: "varsling", basis: "eforvaltningsforskriften-kap-8"), 403),
                ("/api/v1/events", [.authorization: "Bearer \(token)"], 400),
                ("/api/v1/events", [:], 401),
            ]
            let audited = try await h.count("audit_entries")
            for (uri, headers, status) in refusals {
                let response = try await h.client.execute(uri: uri, method: .get, headers: headers)
                #expect(response.status.code == status, "\(uri): \(response.status) \(String(buffer: response.body))")
                #expect(response.headers[.contentType] == "application/problem+json", "\(uri)")
            }
            #expect(try await h.count("audit_entries") == audited, "refusals read nothing")
        }
    }

    @Test("Bad subscriptions are refused with problem details and store nothing", arguments: Backend.available)
    func badSubscriptions(backend: Backend) async throws {
        try await H.run(backend, demoMode: false) { h in
            let token = try await h.machineToken(try await h.registerMachine("bad-subs", scopes: ["tverr:registers/person.read"]))
            let good = #""types":["no.tverr.registers.address-changed.v1"]"#
            let bodies: [(String, Int, String)] = [
                (#"{\#(good),"callbackUrl":"http://agency.example/hook"}"#, 400, "https"),
                (#"{\#(good),"callbackUrl":"ftp://agency.example/hook"}"#, 400, "https"),
                (#"{\#(good),"callbackUrl":"https://user:pw@agency.example/hook"}"#, 400, "password"),
                (#"{\#(good),"callbackUrl":"not a url"}"#, 400, "absolute"),
                (#"{\#(good),"callbackUrl":"https://agency.example/hook","secret":"short"}"#, 400, "secret"),
                (#"{\#(good),"callbackUrl":"https://agency.example/hook","subject":"123"}"#, 400, "subject"),
                (#"{"types":[],"callbackUrl":"https://agency.example/hook"}"#, 400, "types"),
                (#"{"types":["no.tverr.nope.v1"],"callbackUrl":"https://agency.example/hook"}"#, 400, "not a published"),
                (#"{"types":["no.tverr.registers.contact-changed.v1"],"callbackUrl":"https://agency.example/hook"}"#, 403, "contact-changed"),
                (#"{"types":"all"}"#, 400, "JSON"),
                ("{", 400, "JSON"),
            ]
            for (body, status, mention) in bodies {
                let response = try await h.client.execute(uri: "/api/v1/events/subscriptions", method: .post, headers: Self.headers(token),
                                                          body: ByteBuffer(string: body))
                #expect(response.status.code == status, "\(body): \(String(buffer: response.body))")
                #expect(String(buffer: response.body).contains(mention), "\(body): \(String(buffer: response.body))")
            }
            let huge = #"{\#(good),"callbackUrl":"https://agency.example/\#(String(repeating: "a", count: 70_000))"}"#
            let tooLarge = try await h.client.execute(uri: "/api/v1/events/subscriptions", method: .post, headers: Self.headers(token),
                                                      body: ByteBuffer(string: huge))
            #expect(tooLarge.status.code == 413, "\(tooLarge.status)")
            #expect(try await h.count("event_subscriptions") == 0)
            let created = try await h.client.execute(uri: "/api/v1/events/subscriptions", method: .post, headers: Self.headers(token),
                                                     body: ByteBuffer(string: #"{\#(good),"callbackUrl":"https://agency.example/hook"}"#))
            #expect(created.status == .created)
            let secret = try #require(try H.json(created)["secret"] as? String)
            #expect(secret.count >= 40, "Tverr makes a strong secret when none is given")
            let malformedID = try await h.client.execute(uri: "/api/v1/events/subscriptions/not-a-uuid", method: .get, headers: Self.headers(token))
            #expect(malformedID.status == .notFound)
        }
    }
}
