import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Pandemic
import Persistence
import SQLKit
import Testing
@testable import TverrApp

@Suite("Entry registration: a public form without login, matched with the register; the municipality sees its own arrivals")
struct EntryTests {
    typealias H = IdentityHarness

    /// A public form's CSRF cookie and token (the entry form's unless another path is given).
    static func csrf(_ h: H, path: String = "/entry") async throws -> (cookie: String, token: String) {
        let page = try await h.client.execute(uri: path, method: .get)
        #expect(page.status == .ok)
        let cookie = try #require(H.cookie(CSRF.cookieName, in: page))
        let token = String(try #require(String(buffer: page.body).firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1))
        return (cookie, token)
    }

    static func post(_ h: H, _ fields: [String: String], csrf: (cookie: String, token: String)) async throws -> TestResponse {
        try await h.client.execute(uri: "/entry?lang=en", method: .post, headers: [
            .contentType: "application/x-www-form-urlencoded", .cookie: "\(CSRF.cookieName)=\(csrf.cookie)", .acceptLanguage: "en",
        ], body: H.form(fields.merging([CSRF.fieldName: csrf.token]) { a, _ in a }))
    }

    static func count(_ h: H, _ condition: String = "1 = 1") async throws -> Int {
        try await h.store.sql.raw("SELECT COUNT(*) AS n FROM entry_registrations WHERE \(unsafeRaw: condition)").first()!.decode(column: "n", as: Int.self)
    }

    static func fields(_ change: [String: String] = [:]) -> [String: String] {
        ["identity_kind": "passport", "passport_number": "PA1234567", "passport_country": "SE", "given_name": "Anna", "family_name": "Berg",
         "birth_date": "1990-05-01", "country_from": "SE", "arrival_date": EntryController.today().description, "address": "Storgata 1",
         "postcode": "0155", "municipality": "0301"].merging(change) { _, b in b }
    }

    @Test("A traveller registers with a number or a passport, is matched where possible, and bad input is named", arguments: Backend.available)
    func register(backend: Backend) async throws {
        try await H.run(backend) { h in
            let csrf = try await Self.csrf(h)
            let forged = try await Self.post(h, Self.fields(), csrf: (csrf.cookie, "wrong"))
            #expect(forged.status == .forbidden)
            let person = h.people[1]
            let byNumber = try await Self.post(h, Self.fields(["identity_kind": "number", "identity_number": person.identityNumber.value]), csrf: csrf)
            #expect(byNumber.status == .seeOther)
            let location = try #require(byNumber.headers[.location])
            #expect(location.hasPrefix("/entry/registered?reference=INN-"))
            let receipt = String(buffer: try await h.client.execute(uri: location + "&lang=en", method: .get).body)
            #expect(receipt.contains("Your reference number is") && receipt.contains(String(location.suffix(14))))
            #expect(try await Self.count(h, "person = '\(person.identityNumber.value)' AND match = 'number' AND identity_kind = '\(person.identityNumber.kind.rawValue)'") == 1)
            #expect(try await h.store.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'pandemic.entry.match'").first()!
                .decode(column: "n", as: Int.self) == 1)
            let byName = try await Self.post(h, Self.fields(["given_name": person.givenName.uppercased(), "family_name": person.familyName,
                                                             "birth_date": person.birthDate.description]), csrf: csrf)
            #expect(byName.status == .seeOther)
            #expect(try await Self.count(h, "match = 'name-and-birth-date' AND person = '\(person.identityNumber.value)'") == 1)
            #expect(try await Self.post(h, Self.fields(), csrf: csrf).status == .seeOther)
            #expect(try await Self.count(h, "match = 'none' AND person IS NULL") == 1)

            let before = try await Self.count(h)
            let bad: [([String: String], String)] = [
                (["arrival_date": "2020-01-01"], "between 14 days ago and 3 days ahead"), (["municipality": "9999"], "Choose a municipality"),
                (["given_name": "<script>alert(1)</script>"], "Given name: Check what you wrote"), (["country_from": "ZZ"], "Choose a country"),
                (["identity_kind": "number", "identity_number": "12345678901"], "National identity number or D-number (11 digits): Check"),
                (["postcode": "12"], "Postcode (4 digits): Check"), (["birth_date": "2999-01-01"], "cannot be in the future"),
            ]
            for (change, message) in bad {
                let response = try await Self.post(h, Self.fields(change), csrf: csrf)
                let page = String(buffer: response.body)
                #expect(response.status == .unprocessableContent && page.contains(message), "\(change)")
                #expect(!page.contains("<script>alert"))
            }
            #expect(try await Self.count(h) == before, "nothing stored from a refused form")
        }
    }

    @Test("Oslo's staff see the arrivals to Oslo with the latest test, not Bergen's; each shown arrival is audited", arguments: Backend.available)
    func arrivals(backend: Backend) async throws {
        try await H.run(backend) { h in
            let csrf = try await Self.csrf(h)
            let person = h.people[1]
            #expect(try await Self.post(h, Self.fields(["identity_kind": "number", "identity_number": person.identityNumber.value]), csrf: csrf).status == .seeOther)
            #expect(try await Self.post(h, Self.fields(["given_name": "Bergen", "municipality": "4601"]), csrf: csrf).status == .seeOther)
            let test = ResultSubmission(sampleID: "E-1", nationalIdentityNumber: person.identityNumber.value, testType: "pcr",
                                        sampleCollected: ISO8601DateFormatter().string(from: Date().addingTimeInterval(-60)), result: "negative", testCentre: "Lab")
            #expect(await TestResults(store: h.store).submit([test], by: DashboardTests.lab).first?.status == "accepted")
            let cookie = try await DashboardTests.staff(h, at: "958935420")
            let page = String(buffer: try await MailboxPageTests.get(h, "/staff/arrivals?lang=en", cookie: cookie).body)
            #expect(page.contains("<h2>\(person.givenName) \(person.familyName)</h2>"), "a matched traveller's name is the register's, not the typed one")
            #expect(page.contains("Negative") && page.contains("Sweden") && !page.contains("Anna Berg"))
            #expect(!page.contains("<h2>Bergen Berg</h2>"))
            #expect(try await MailboxPageTests.get(h, "/staff/arrivals?area=4601", cookie: cookie).status == .forbidden)
            let audited = try await h.store.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'pandemic.arrivals.read'").first()!
                .decode(column: "n", as: Int.self)
            #expect(audited == 1)
            let ukrainian = String(buffer: try await MailboxPageTests.get(h, "/staff/arrivals?lang=uk", cookie: cookie).body)
            #expect(ukrainian.contains("Швеція"), "country names in Ukrainian")
            let dashboard = String(buffer: try await MailboxPageTests.get(h, "/staff/dashboard?lang=en", cookie: cookie).body)
            #expect(dashboard.contains("<td>Other countries (under 5 each)</td><td>&lt;5</td>"), "the arrival counts on the dashboard, suppressed")
        }
    }
}
