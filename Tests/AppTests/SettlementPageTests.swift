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

@Suite("Settlement pages: IMDi proposes within the places, the municipality answers and registers the move-in")
struct SettlementPageTests {
    typealias H = IdentityHarness

    /// A demo staff member with `role` at `organisation`, logged in at high, with the form token.
    static func staff(_ h: H, _ role: StaffRole, at organisation: String, returnTo: String) async throws -> ResultPortalTests.Worker {
        try await DemoStaff.seed(store: h.store, today: TverrServer.today())
        let member = try #require(try await DemoStaff.staff(store: h.store).first { $0.role == role && $0.organisation == organisation })
        let cookie = try await PortalTests.portalLogin(h, pid: member.pid, returnTo: returnTo, level: "high")
        let my = try await MailboxPageTests.get(h, "/my", cookie: cookie)
        let csrf = String(try #require(String(buffer: my.body).firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1))
        return ResultPortalTests.Worker(pid: member.pid, cookie: cookie, csrf: csrf)
    }

    /// The demo caseworker at the integration directorate.
    static func imdi(_ h: H) async throws -> ResultPortalTests.Worker {
        try await staff(h, .caseworker, at: Organisation.integrationDirectorate.number.value, returnTo: "/staff/settlement")
    }

    @Test("Places, a proposal refused over capacity, then accepted; a bad postcode is refused and the move-in registers the address", arguments: Backend.available)
    func settle(backend: Backend) async throws {
        try await H.run(backend) { h in
            let child = try await IntakePageTests.registerFamily(h)
            let udi = try await CaseworkerPageTests.caseworker(h)
            #expect(try await ResultPortalTests.post(h, "/staff/protection/\(child)/decision", udi,
                                                     ["outcome": "grant", "reason": "The birth certificate was seen at the interview."]).status == .seeOther)
            let refused = try await MailboxPageTests.get(h, "/staff/settlement?lang=en", cookie: udi.cookie)
            #expect(refused.status == .forbidden && String(buffer: refused.body).contains("caseworker role at IMDi"))
            let national = try await Self.staff(h, .municipalStaff, at: "983744516", returnTo: "/staff/municipality/settlement")
            #expect(try await MailboxPageTests.get(h, "/staff/municipality/settlement?lang=en", cookie: national.cookie).status == .forbidden,
                    "the national dashboard role is at no municipality")

            let oslo = try await Self.staff(h, .municipalStaff, at: "958935420", returnTo: "/staff/municipality/settlement")
            let bad = try await ResultPortalTests.post(h, "/staff/municipality/settlement/places", oslo, ["places": "many"])
            #expect(bad.status == .unprocessableContent && String(buffer: bad.body).contains("Write a number from 0 to 10,000."))
            #expect(try await ResultPortalTests.post(h, "/staff/municipality/settlement/places", oslo, ["places": "1"]).status == .seeOther)

            let imdi = try await Self.imdi(h)
            let page = String(buffer: try await MailboxPageTests.get(h, "/staff/settlement?lang=en", cookie: imdi.cookie).body)
            let group = String(try #require(page.firstMatch(of: /\/staff\/settlement\/([0-9a-f-]+)\/proposal/)?.1))
            #expect(page.contains("Olena Kovalenko, Taras Kovalenko") && page.contains("Oslo (1 left)"))
            let none = try await ResultPortalTests.post(h, "/staff/settlement/\(group)/proposal", imdi, ["municipality": ""])
            #expect(none.status == .unprocessableContent && String(buffer: none.body).contains("Choose a municipality."))
            let full = try await ResultPortalTests.post(h, "/staff/settlement/\(group)/proposal", imdi, ["municipality": "0301"])
            #expect(full.status == .conflict && String(buffer: full.body).contains("does not have places for the whole family. Places left: 1."))
            #expect(try await ResultPortalTests.post(h, "/staff/municipality/settlement/places", oslo, ["places": "3"]).status == .seeOther)
            #expect(try await ResultPortalTests.post(h, "/staff/settlement/\(group)/proposal", imdi, ["municipality": "0301"]).status == .seeOther)
            #expect(String(buffer: try await MailboxPageTests.get(h, "/staff/settlement?lang=en", cookie: imdi.cookie).body).contains("No families are waiting."))

            let proposed = String(buffer: try await MailboxPageTests.get(h, "/staff/municipality/settlement?lang=en", cookie: oslo.cookie).body)
            #expect(proposed.contains("Proposed by IMDi") && proposed.contains("Olena Kovalenko, Taras Kovalenko") && proposed.contains("taken: 2"))
            let noReason = try await ResultPortalTests.post(h, "/staff/municipality/settlement/\(group)/answer", oslo, ["decision": "decline", "reason": ""])
            #expect(noReason.status == .unprocessableContent && String(buffer: noReason.body).contains("Write why you decline"))
            #expect(try await ResultPortalTests.post(h, "/staff/municipality/settlement/\(group)/answer", oslo, ["decision": "accept"]).status == .seeOther)

            let movedIn = TverrServer.today().adding(days: 1).description
            let postcode = try await ResultPortalTests.post(h, "/staff/municipality/settlement/\(group)/move-in", oslo,
                                                            ["street": "Tøyengata 12", "postcode": "06", "movedIn": movedIn])
            #expect(postcode.status == .unprocessableContent && String(buffer: postcode.body).contains("href=\"#postcode-\(group)\""))
            let done = try await ResultPortalTests.post(h, "/staff/municipality/settlement/\(group)/move-in", oslo,
                                                        ["street": "Tøyengata 12", "postcode": "0578", "movedIn": movedIn])
            #expect(done.status == .seeOther)
            let settled = String(buffer: try await MailboxPageTests.get(h, "/staff/municipality/settlement?moved=1&lang=en", cookie: oslo.cookie).body)
            #expect(settled.contains("The address is registered in the population register.") && settled.contains("Moved in \(movedIn)"))
            let streets = try await h.store.sql.raw("""
                SELECT d.street FROM arrival_intakes i JOIN persons p ON p.identity_number = i.identity_number
                JOIN addresses d ON d.person_id = p.id AND d.valid_to IS NULL WHERE i.group_id = \(bind: group)
                """).all().map { try $0.decode(column: "street", as: String.self) }
            #expect(streets == ["Tøyengata 12", "Tøyengata 12"])
            #expect(try await h.store.sql.raw("SELECT COUNT(*) AS n FROM outbox_events WHERE type = 'no.tverr.registers.address-changed.v1'").first()!
                .decode(column: "n", as: Int.self) == 2)
        }
    }
}
