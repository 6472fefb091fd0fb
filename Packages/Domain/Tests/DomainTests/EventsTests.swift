import Crypto
import Events
import Foundation
import Testing

@Suite("Events: CloudEvents envelope, catalogue, webhook signatures, retry schedule, callback URLs")
struct EventsTests {
    @Test("The envelope is CloudEvents 1.0 JSON with data embedded, and escapes what it must")
    func envelope() throws {
        let event = CloudEvent(id: "e1", source: "/tverr/registers", type: "no.tverr.registers.address-changed.v1",
                               subject: "01848269413", timeMilliseconds: 1_790_000_000_123,
                               data: #"{"municipalityNumber":"0301"}"#, sequence: 42)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(event.json().utf8)) as? [String: Any])
        #expect(object["specversion"] as? String == "1.0")
        #expect(object["time"] as? String == "2026-09-21T14:13:20.123Z")
        #expect(object["sequence"] as? String == "42")
        #expect((object["data"] as? [String: Any])?["municipalityNumber"] as? String == "0301")
        #expect(CloudEvent(id: "x", source: "s", type: "t", subject: "s", timeMilliseconds: 5, data: "{}").time == "1970-01-01T00:00:00.005Z")
        let hostile = CloudEvent(id: "a\"b\\c\n\u{01}", source: "s", type: "t", subject: "ж", timeMilliseconds: 0, data: "{}")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(hostile.json().utf8)) as? [String: Any])
        #expect(parsed["id"] as? String == "a\"b\\c\n\u{01}")
        #expect(parsed["subject"] as? String == "ж")
    }

    @Test("A client sees only the types its scopes allow for the declared purpose, never on consent")
    func catalogue() {
        let person = EventCatalogue.visibleTypes(grantedScopes: ["tverr:registers/person.read"], purpose: "saksbehandling",
                                                 legalBasis: "folkeregisterloven-10-2").map(\.name)
        #expect(person == ["no.tverr.registers.d-number-assigned.v1", "no.tverr.registers.address-changed.v1"])
        let contact = EventCatalogue.visibleTypes(grantedScopes: ["tverr:registers/contact.read"], purpose: "varsling",
                                                  legalBasis: "eforvaltningsforskriften-kap-8").map(\.name)
        #expect(contact == ["no.tverr.registers.contact-changed.v1"])
        #expect(EventCatalogue.visibleTypes(grantedScopes: ["tverr:hpr.read"], purpose: "autorisasjonskontroll",
                                            legalBasis: "helsepersonelloven-49").isEmpty)
        #expect(EventCatalogue.scopes.contains("tverr:registers/contact.read") && !EventCatalogue.scopes.contains("tverr:hpr.read"))
        #expect(EventCatalogue.visibleTypes(grantedScopes: ["tverr:registers/person.read"], purpose: "brukerundersokelse",
                                            legalBasis: "samtykke").isEmpty)
        #expect(EventCatalogue.visibleTypes(grantedScopes: ["tverr:registers/person.read"], purpose: "varsling",
                                            legalBasis: "eforvaltningsforskriften-kap-8").isEmpty)
        #expect(EventCatalogue.visibleTypes(grantedScopes: [], purpose: "saksbehandling", legalBasis: "folkeregisterloven-10-2").isEmpty)
        #expect(EventCatalogue.type(named: "no.tverr.exchange.consent-granted.v1") == nil, "consent events are not published")
    }

    @Test("A signature verifies with the right secret, body and time, and fails on any change")
    func signature() {
        let body = Array(#"{"id":"e1"}"#.utf8)
        let header = WebhookSignature.header(secret: "s3cret-s3cret-s3cret", timestamp: 1_790_000_000, body: body)
        #expect(header.hasPrefix("t=1790000000,v1="))
        // The MAC is HMAC-SHA256 over "<t>.<body>", as a receiver in any language computes it.
        let expected = HMAC<SHA256>.authenticationCode(for: Data("1790000000.".utf8) + Data(body),
                                                       using: SymmetricKey(data: Data("s3cret-s3cret-s3cret".utf8)))
        #expect(header.hasSuffix(expected.map { String(format: "%02x", $0) }.joined()))
        #expect(WebhookSignature.verify(header: header, secret: "s3cret-s3cret-s3cret", body: body, now: 1_790_000_100))
        #expect(!WebhookSignature.verify(header: header, secret: "other-secret", body: body, now: 1_790_000_100))
        #expect(!WebhookSignature.verify(header: header, secret: "s3cret-s3cret-s3cret", body: body + [32], now: 1_790_000_100))
        #expect(!WebhookSignature.verify(header: header, secret: "s3cret-s3cret-s3cret", body: body, now: 1_790_001_000), "too old")
        #expect(!WebhookSignature.verify(header: "t=1790000000,v1=zz", secret: "s3cret-s3cret-s3cret", body: body, now: 1_790_000_000))
        #expect(!WebhookSignature.verify(header: "garbage", secret: "s3cret-s3cret-s3cret", body: body, now: 1_790_000_000))
    }

    @Test("Retries follow the schedule within the jitter, then stop; schedules parse or are refused")
    func retries() throws {
        let altinn = RetrySchedule.altinn
        #expect(altinn.attempts == 12)
        #expect(altinn.delay(afterAttempt: 1, random: { 0.5 }) == 10_000)
        #expect(altinn.delay(afterAttempt: 1, random: { 0 }) == 8_000)
        #expect(altinn.delay(afterAttempt: 1, random: { 0.999999 }) == 12_000)
        #expect(altinn.delay(afterAttempt: 4, random: { 0.5 }) == 300_000)
        #expect(altinn.delay(afterAttempt: 11, random: { 0.5 }) == 43_200_000)
        #expect(altinn.delay(afterAttempt: 12, random: { 0.5 }) == nil, "the twelfth failure dead-letters")
        var seen = Set<Int64>()
        for _ in 0..<200 { seen.insert(altinn.delay(afterAttempt: 2, random: { Double.random(in: 0..<1) })!) }
        #expect(seen.allSatisfy { (24_000...36_000).contains($0) } && seen.count > 50)
        #expect(try RetrySchedule.parse("50ms, 2s,1m,1h").delays == [50, 2_000, 60_000, 3_600_000])
        for bad in ["", "10", "10x", "-5s", "0s", "1s,,2s", "9999h", String(repeating: "1s,", count: 31) + "1s"] {
            #expect(throws: RetrySchedule.ScheduleError.self) { try RetrySchedule.parse(bad) }
        }
    }

    @Test("Callback URLs: https, or http where allowed; no credentials, fragments or other schemes")
    func callbacks() throws {
        #expect(try CallbackURL("https://nav.example/events", allowInsecure: false).url.host == "nav.example")
        #expect(try CallbackURL("http://127.0.0.1:8080/hook", allowInsecure: true).url.port == 8080)
        let refused: [(String, CallbackURL.Refusal)] = [
            ("http://nav.example/e", .insecure), ("ftp://nav.example/e", .scheme), ("nav.example/e", .notAURL),
            ("https://user:pw@nav.example/e", .userInfo), ("https://nav.example/e#x", .fragment),
            ("https://nav.example/" + String(repeating: "a", count: 2000), .tooLong), ("file:///etc/passwd", .notAURL),
        ]
        for (text, refusal) in refused {
            #expect(throws: refusal) { try CallbackURL(text, allowInsecure: false) }
        }
    }
}
