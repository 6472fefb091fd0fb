import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Persistence
import Reference
import SQLKit
import Testing
@testable import TverrApp

@Suite("The police intake page: police at high, a phone form without JavaScript, a receipt with D-numbers, decisions and eID codes")
struct IntakePageTests {
    typealias H = IdentityHarness

    /// The demo police officer, logged in to the portal at idporten-loa-high.
    static func officer(_ h: H) async throws -> ResultPortalTests.Worker {
        try await DemoStaff.seed(store: h.store, today: TverrServer.today())
        let member = try #require(try await DemoStaff.staff(store: h.store).first { $0.role == .police })
        let cookie = try await PortalTests.portalLogin(h, pid: member.pid, returnTo: "/staff/arrival", level: "high")
        let page = try await MailboxPageTests.get(h, "/staff/arrival", cookie: cookie)
        #expect(page.status == .ok)
        #expect(String(buffer: page.body).contains("<option value selected=\"selected\">"),
                "an empty choice has value=\"\", or a browser sends its label")
        let csrf = String(try #require(String(buffer: page.body).firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1))
        return ResultPortalTests.Worker(pid: member.pid, cookie: cookie, csrf: csrf)
    }

    /// A mother with a passport, arriving with her son.
    static let family: [String: String] = [
        "documentType": "passport", "documentNumber": "FX 482 113", "documentCountry": "UKR", "nationality": "UKR",
        "givenNameNative": "Олена", "familyNameNative": "Коваленко", "birthDate": "1986-03-14", "sex": "female",
        "livedInUkraine": "yes", "leftUkraineOn": "2026-11-20", "mobile": "+380 67 555 0101", "language": "uk", "receptionCentre": "oslo-sentrum",
        "members.1.relationship": "child", "members.1.givenNameNative": "Тарас", "members.1.familyNameNative": "Коваленко",
        "members.1.birthDate": "2016-09-01", "members.1.sex": "male",
    ]

    /// The police register `family`; returns the routed child's application reference.
    static func registerFamily(_ h: H) async throws -> String {
        let officer = try await officer(h)
        #expect(try await ResultPortalTests.post(h, "/staff/arrival", officer, family).status == .created)
        return try #require(try await h.store.sql.raw("""
            SELECT a.reference FROM protection_applications a JOIN arrival_intakes i ON i.id = a.intake_id WHERE i.role = 'child'
            """).first()).decode(column: "reference", as: String.self)
    }

    static func count(_ h: H, _ table: String) async throws -> Int {
        try await h.store.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
    }

    @Test("Without a login at high or the police role, the page says why", arguments: Backend.available)
    func access(backend: Backend) async throws {
        try await H.run(backend) { h in
            let anonymous = try await h.client.execute(uri: "/staff/arrival", method: .get)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location]?.contains("level=high") == true)
            let citizen = try await PortalTests.portalLogin(h, pid: h.people[0].identityNumber.value, returnTo: "/staff/arrival", level: "high")
            let refused = try await MailboxPageTests.get(h, "/staff/arrival?lang=en", cookie: citizen)
            #expect(refused.status == .forbidden && String(buffer: refused.body).contains("You need the police role"))
            let officer = try await Self.officer(h)
            let forged = try await StaffTemplatePageTests.post(h, "/staff/arrival", cookie: officer.cookie, Self.family.merging(["csrf_token": "forged"]) { _, b in b })
            #expect(forged.status == .forbidden)
            #expect(try await Self.count(h, "arrival_intakes") == 0)
        }
    }

    @Test("A complete form registers the family and the receipt shows what each person got", arguments: Backend.available)
    func register(backend: Backend) async throws {
        try await H.run(backend) { h in
            let officer = try await Self.officer(h)
            let response = try await ResultPortalTests.post(h, "/staff/arrival", officer, Self.family)
            let html = String(buffer: response.body)
            #expect(response.status == .created, "\(html.prefix(2000))")
            #expect(response.headers[.cacheControl] == "no-store", "the receipt holds activation codes")
            #expect(html.contains("Olena Kovalenko") && html.contains("Taras Kovalenko"))
            #expect(html.contains("Granted by the rules") && html.contains("Sent to a caseworker"))
            #expect(html.firstMatch(of: /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/) != nil, "the mother's eID activation code")
            #expect(html.contains("No code: the identity is not documented"))
            let numbers = try await h.store.sql.raw("SELECT identity_number, role, organisation_number FROM arrival_intakes ORDER BY role").all()
            #expect(numbers.count == 2)
            #expect(try numbers.allSatisfy { try $0.decode(column: "organisation_number", as: String.self) == Organisation.police.number.value })
            for row in numbers { #expect(html.contains(try row.decode(column: "identity_number", as: String.self))) }
            // The mother is told in Ukrainian, in the mailbox and by SMS, with her application number and never her D-number.
            let mother = try #require(try await h.store.sql.raw("SELECT identity_number FROM arrival_intakes WHERE role = 'principal'").first()).decode(column: "identity_number", as: String.self)
            let sent = try await h.store.sql.raw("""
                SELECT id, template_id, language FROM notify_messages WHERE recipient_pid = \(bind: mother) ORDER BY template_id
                """).all()
            #expect(try sent.map { try $0.decode(column: "template_id", as: String.self) } == [ArrivalIntakes.noticeTemplate, ProtectionLetters.grantedTemplate],
                    "the registration notice, and the letter with the rules' grant")
            #expect(try sent.first?.decode(column: "language", as: String.self) == "uk")
            let channels = try await h.store.sql.raw("""
                SELECT channel FROM notify_deliveries WHERE message_id = \(bind: try sent[0].decode(column: "id", as: String.self)) AND status <> 'standby' ORDER BY id
                """).all().map { try $0.decode(column: "channel", as: String.self) }
            #expect(channels == ["mailbox", "sms"])
            let body = try #require(try await h.store.sql.raw("SELECT body FROM mailbox_messages WHERE pid = \(bind: mother)").first()).decode(column: "body", as: String.self)
            let application = try await h.store.sql.raw("SELECT reference FROM protection_applications WHERE identity_number = \(bind: mother)").first()!.decode(column: "reference", as: String.self)
            #expect(body.contains("Поліція зареєструвала вас") && body.contains(application) && !body.contains(mother))

            // The same passport again is caught, with the registration that holds it; nothing more is stored.
            let again = try await ResultPortalTests.post(h, "/staff/arrival", officer, Self.family)
            let reference = try await h.store.sql.raw("SELECT reference FROM arrival_intakes WHERE role = 'principal'").first()!.decode(column: "reference", as: String.self)
            #expect(again.status == .conflict && String(buffer: again.body).contains("This document is already registered") && String(buffer: again.body).contains(reference))
            #expect(try await Self.count(h, "arrival_intakes") == 2)
        }
    }

    @Test("Impossible dates, unknown countries and script in names are named on the page, and nothing is stored", arguments: Backend.available)
    func badInput(backend: Backend) async throws {
        try await H.run(backend) { h in
            let officer = try await Self.officer(h)
            let persons = try await Self.count(h, "persons")
            let bad = Self.family.merging(["birthDate": "2031-02-30", "nationality": "ZZZ", "members.1.birthDate": "1850-01-01",
                                           "members.1.givenNameNative": "<script>alert(1)</script>"]) { _, b in b }
            let response = try await ResultPortalTests.post(h, "/staff/arrival", officer, bad)
            let html = String(buffer: response.body)
            #expect(response.status == .unprocessableContent)
            #expect(html.contains("href=\"#birthDate\"") && html.contains("Write the date of birth as yyyy-mm-dd."))
            #expect(html.contains("href=\"#nationality\"") && html.contains("We do not know this country code"))
            #expect(html.contains("href=\"#members.1.birthDate\"") && html.contains("Family member 1: This date of birth cannot be right"))
            #expect(html.contains("Family member 1: Cyrillic names may only have"))
            #expect(!html.contains("<script>alert(1)</script>") && html.contains("&lt;script&gt;"), "the typed value is kept, escaped")
            #expect(try await Self.count(h, "persons") == persons)
            #expect(try await Self.count(h, "arrival_intakes") == 0)
        }
    }
}
