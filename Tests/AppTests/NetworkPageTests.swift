import Arrival
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Persistence
import Reference
import SQLKit
import Testing
@testable import TverrApp

@Suite("The agencies' network: updates tied to services, shown on the service chain map, and a weekly digest over real SMTP")
struct NetworkPageTests {
    typealias H = IdentityHarness

    static func police(_ h: H) async throws -> ResultPortalTests.Worker {
        try await SettlementPageTests.staff(h, .police, at: Organisation.police.number.value, returnTo: "/staff/network")
    }

    @Test("Posting: one or two a week for an agency one has a role in, at least one service, 10 to 500 characters; on the map next to the services",
          arguments: Backend.available)
    func post(backend: Backend) async throws {
        try await H.run(backend) { h in
            let police = try await Self.police(h)
            let agency = Organisation.police.number.value
            let page = String(buffer: try await MailboxPageTests.get(h, "/staff/network?lang=en", cookie: police.cookie).body)
            #expect(page.contains("The arrival journey network") && page.contains("Agency: Politiet") && page.contains("No updates yet."))
            #expect(page.contains("name=\"service-d-number\"") && page.contains("<legend>Which services does it affect?</legend>"))

            let text = "The arrival app now scans passports; <b>D-numbers</b> come the same day."
            let short = try await ResultPortalTests.post(h, "/staff/network", police, ["agency": agency, "text": "short", "service-arrival": "yes"])
            #expect(short.status == .unprocessableContent && String(buffer: short.body).contains("href=\"#text\">Write at least 10 characters."))
            let none = try await ResultPortalTests.post(h, "/staff/network", police, ["agency": agency, "text": text])
            #expect(none.status == .unprocessableContent && String(buffer: none.body).contains("Choose at least one service it affects."))
            #expect(String(buffer: none.body).contains("The arrival app now scans passports; &lt;b&gt;"), "what was typed is kept, escaped")
            let elsewhere = try await ResultPortalTests.post(h, "/staff/network", police, ["agency": "974760746", "text": text, "service-arrival": "yes"])
            #expect(elsewhere.status == .unprocessableContent && String(buffer: elsewhere.body).contains("Choose an agency you have a role in."))
            let forged = try await StaffTemplatePageTests.post(h, "/staff/network", cookie: police.cookie,
                                                              ["agency": agency, "text": text, "service-arrival": "yes"], language: "en")
            #expect(forged.status == .forbidden, "no CSRF token, no post")
            #expect(try await AgencyNetwork(store: h.store).updates().isEmpty, "nothing refused was written")

            let posted = try await ResultPortalTests.post(h, "/staff/network", police,
                                                          ["agency": agency, "text": text, "service-arrival": "yes", "service-d-number": "yes"])
            #expect(posted.status == .seeOther && posted.headers[.location] == "/staff/network?posted=1")
            _ = try await ResultPortalTests.post(h, "/staff/network", police, ["agency": agency, "text": "Reception centres get tablets for the intake.", "service-arrival": "yes"])
            let third = try await ResultPortalTests.post(h, "/staff/network", police, ["agency": agency, "text": "A third thing this week.", "service-eid": "yes"])
            #expect(third.status == .conflict && String(buffer: third.body).contains("The network asks for one or two a week."))
            let listed = String(buffer: try await MailboxPageTests.get(h, "/staff/network?lang=en&posted=1", cookie: police.cookie).body)
            #expect(listed.contains("The update is published.") && listed.contains("Affects: Arrival, D-number"))
            #expect(listed.contains("&lt;b&gt;D-numbers&lt;/b&gt;") && !listed.contains("<b>D-numbers</b>"))

            // The journey page shows them beside the services they affect, in the map and in words.
            let imdi = try await SettlementPageTests.imdi(h)
            let journey = String(buffer: try await MailboxPageTests.get(h, "/staff/journey?lang=en", cookie: imdi.cookie).body)
            #expect(journey.contains("text-anchor=\"end\" fill=\"#1a1a1a\">Updates: 2</text>"), "the arrival box has two")
            #expect(journey.contains(">Updates: 1</text>"), "the D-number box has one")
            #expect(journey.contains("From the network in the last two weeks: Arrival, updates: 2; D-number, updates: 1"))
            #expect(journey.contains("<dt>Arrival</dt><dd><strong>Politiet</strong>: Reception centres get tablets"))

            // An agency withdraws its own update (then it has room for another this week); not another's.
            let police2 = try #require(try await AgencyNetwork(store: h.store).updates().first { $0.text.hasPrefix("Reception centres") })
            #expect(try await ResultPortalTests.post(h, "/staff/network/\(police2.id)/withdraw", imdi, [:]).status == .forbidden)
            let withdrawn = try await ResultPortalTests.post(h, "/staff/network/\(police2.id)/withdraw", police, [:])
            #expect(withdrawn.status == .seeOther && withdrawn.headers[.location] == "/staff/network?withdrawn=1")
            #expect(try await ResultPortalTests.post(h, "/staff/network/\(police2.id)/withdraw", police, [:]).status == .notFound)
            #expect(try await AgencyNetwork(store: h.store).updates().count == 1)
            #expect(try await ResultPortalTests.post(h, "/staff/network", police, ["agency": agency, "text": "A second thing after all.", "service-eid": "yes"])
                .status == .seeOther)

            // Staff with no role at all are refused; without a login, to the login.
            let nobody = try await PortalTests.portalLogin(h, pid: h.people[3].identityNumber.value, returnTo: "/staff/network", level: "high")
            #expect(try await MailboxPageTests.get(h, "/staff/network?lang=en", cookie: nobody).status == .forbidden)
            #expect(try await h.client.execute(uri: "/staff/network", method: .get).status == .seeOther)
        }
    }

    @Test("The weekly digest: subscribed on the page, sent on Monday over SMTP in the subscriber's language, once; the link unsubscribes after asking",
          arguments: Backend.available)
    func digest(backend: Backend) async throws {
        try await H.run(backend) { h in
            let police = try await Self.police(h)
            let bad = try await ResultPortalTests.post(h, "/staff/network/subscribe", police, ["email": "not an address", "language": "en"])
            #expect(bad.status == .unprocessableContent && String(buffer: bad.body).contains("Write an e-mail address"))
            let subscribed = try await ResultPortalTests.post(h, "/staff/network/subscribe", police, ["email": "Nettverk@Politiet.example", "language": "en"])
            #expect(subscribed.status == .seeOther)
            let page = String(buffer: try await MailboxPageTests.get(h, "/staff/network?lang=en", cookie: police.cookie).body)
            #expect(page.contains("You get the e-mail at nettverk@politiet.example (English)."))

            // Two updates last week (a Wednesday), one this week.
            let network = AgencyNetwork(store: h.store)
            let monday = Date(timeIntervalSince1970: 1_764_572_400) // Monday 2025-12-01 08:00 in Oslo (07:00 UTC)
            try await network.post(try NetworkPost.check(text: "The eID activation code now lasts four weeks.", services: ["eid"]),
                                   for: Organisation.police.number.value, by: "staff:test", at: monday.addingTimeInterval(-5 * 86_400))
            try await network.post(try NetworkPost.check(text: "Settlement proposals go out twice a week.", services: ["settlement", "address"]),
                                   for: Organisation.integrationDirectorate.number.value, by: "staff:test", at: monday.addingTimeInterval(-4 * 86_400))
            try await network.post(try NetworkPost.check(text: "Not in last week's digest.", services: ["decision"]),
                                   for: "974760746", by: "staff:test", at: monday.addingTimeInterval(3600))
            let sender = NetworkDigestSender(store: h.store, baseURL: "https://tverr.example")
            #expect(try await sender.send(at: monday.addingTimeInterval(-3600)) == 0, "not before Monday 08:00")
            #expect(try await sender.send(at: monday.addingTimeInterval(3600)) == 1)
            #expect(try await sender.send(at: monday.addingTimeInterval(7200)) == 0, "once a week")

            let mail = try await NotifyDeliveryTests.deliverBySMTP(h)
            let files = try FileManager.default.contentsOfDirectory(atPath: mail)
            #expect(files.count == 1)
            let raw = try String(contentsOfFile: mail + "/" + files[0], encoding: .utf8)
            #expect(raw.contains("nettverk@politiet.example"))
            #expect(raw.contains("Subject: =?UTF-8?B?" + Data("The arrival journey network: week 2025-W48".utf8).base64EncodedString() + "?="))
            let body = try #require(raw.components(separatedBy: "\r\n\r\n").last)
            let text = String(decoding: Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: ""))!, as: UTF8.self)
                .replacingOccurrences(of: "\r\n", with: "\n") // e-mail lines end in CRLF
            #expect(text.contains("eID\n- Politiet: The eID activation code now lasts four weeks."))
            #expect(text.contains("Settlement\n- Integrerings- og mangfoldsdirektoratet (IMDi): Settlement proposals go out twice a week."))
            #expect(!text.contains("Not in last week's digest."))
            let link = String(try #require(text.firstMatch(of: /https:\/\/tverr\.example(\/network\/unsubscribe\?token=[A-Za-z0-9_%-]+)/)?.1))

            // The link asks first (mail scanners follow links), then unsubscribes and deletes the address.
            let ask = try await h.client.execute(uri: link + "&lang=en", method: .get)
            #expect(ask.status == .ok && String(buffer: ask.body).contains("Yes, unsubscribe me"))
            #expect(try await network.subscriber(email: "nettverk@politiet.example") != nil)
            let token = try #require(URLComponents(string: link)?.queryItems?.first?.value)
            let done = try await h.client.execute(uri: "/network/unsubscribe?lang=en", method: .post, headers: H.formHeaders, body: H.form(["token": token]))
            #expect(done.status == .ok && String(buffer: done.body).contains("Your address has been deleted."))
            #expect(try await network.subscriber(email: "nettverk@politiet.example") == nil)
            let again = try await h.client.execute(uri: "/network/unsubscribe?lang=en", method: .post, headers: H.formHeaders, body: H.form(["token": token]))
            #expect(again.status == .notFound && String(buffer: again.body).contains("Perhaps you have unsubscribed already?"))
            for hostile in ["%3Cscript%3E", String(repeating: "a", count: 400)] {
                let response = try await h.client.execute(uri: "/network/unsubscribe?lang=en&token=\(hostile)", method: .get)
                #expect(response.status == .notFound && !String(buffer: response.body).contains("<script>"))
            }
            #expect(try await h.client.execute(uri: "/network/unsubscribe?lang=en&token=", method: .get).status == .badRequest)
            #expect(try await h.client.execute(uri: "/network/unsubscribe", method: .post, headers: H.formHeaders, body: H.form([:])).status == .badRequest)
        }
    }

    @Test("A staff member ends a subscription they made from the page; another's id does nothing", arguments: Backend.available)
    func unsubscribeOnPage(backend: Backend) async throws {
        try await H.run(backend) { h in
            let police = try await Self.police(h)
            let network = AgencyNetwork(store: h.store)
            let other = try await network.subscribe("someone@udi.example", language: "nb", by: "another-pid")
            let mine = try await network.subscribe("me@politiet.example", language: "uk", by: police.pid)
            #expect(try await ResultPortalTests.post(h, "/staff/network/unsubscribe", police, ["subscriber": other.id]).status == .seeOther)
            #expect(try await network.subscriber(email: "someone@udi.example") != nil, "not theirs to end")
            #expect(try await ResultPortalTests.post(h, "/staff/network/unsubscribe", police, ["subscriber": mine.id]).status == .seeOther)
            #expect(try await network.subscriber(email: "me@politiet.example") == nil)
        }
    }
}
