import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Pandemic
import Persistence
import SQLKit
import Testing
@testable import TverrApp

@Suite("The municipal dashboard: per day and municipality, counts under 5 as <5 on the page, in CSV and in the API")
struct DashboardTests {
    typealias H = IdentityHarness
    static let lab = TestResults.Submitter(actor: "client:974749025/lab", organisationNumber: "974749025", source: "laboratory")

    /// People with their current address in `municipality`.
    static func residents(_ h: H, _ municipality: String, count: Int) async throws -> [String] {
        try await h.store.sql.raw("""
            SELECT p.identity_number FROM persons p JOIN addresses a ON a.person_id = p.id AND a.valid_to IS NULL
            WHERE a.municipality_number = \(bind: municipality) ORDER BY p.identity_number LIMIT \(bind: count)
            """).all().map { try $0.decode(column: "identity_number", as: String.self) }
    }

    /// Yesterday noon (Norwegian time, near enough): 12 tests in Oslo, 6 of them positive, and 3 tests elsewhere.
    static func seed(_ h: H) async throws -> String {
        let noon = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400 - 12 * 3600)
        let oslo = try await residents(h, "0301", count: 12)
        let bergen = try await residents(h, "4601", count: 3)
        try #require(oslo.count == 12 && bergen.count == 3)
        let rows = (oslo + bergen).enumerated().map { index, pid in
            ResultSubmission(sampleID: "D-\(index)", nationalIdentityNumber: pid, testType: "pcr", sampleCollected: ISO8601DateFormatter().string(from: noon),
                             result: index < 6 || index >= 12 ? "positive" : "negative", testCentre: "Lab")
        }
        #expect(await TestResults(store: h.store).submit(rows, by: Self.lab).allSatisfy { $0.status == "accepted" })
        let day = ResultPortalController.defaultForm(now: noon).date
        for (index, country) in ["SE", "SE", "SE", "SE", "SE", "SE", "PL", "PL"].enumerated() {
            try await h.store.sql.raw("""
                INSERT INTO entry_registrations (id, reference, identity_kind, passport_number, passport_country, given_name, family_name, birth_date,
                  country_from, arrival_date, address, postcode, municipality_number, language, match, created_at)
                VALUES (\(bind: UUID().uuidString), \(bind: "R\(index)"), 'passport', \(bind: "P\(index)"), 'SE', 'A', 'B', '1990-01-01',
                  \(bind: country), \(bind: day), 'Gate 1', '0150', '0301', 'en', 'none', 0)
                """).run()
        }
        return day
    }

    static func staff(_ h: H, at organisation: String) async throws -> String {
        let pid = try #require(try await residents(h, "0301", count: 30).last)
        try await IdentityStore(store: h.store).assign(role: .municipalStaff, to: pid, at: organisation)
        return try await PortalTests.portalLogin(h, pid: pid, returnTo: "/staff/dashboard")
    }

    @Test("Oslo's staff see Oslo with small counts suppressed, and not another municipality", arguments: Backend.available)
    func municipal(backend: Backend) async throws {
        try await H.run(backend) { h in
            let day = try await Self.seed(h)
            let none = try await PortalTests.portalLogin(h, pid: h.people[0].identityNumber.value, returnTo: "/staff/dashboard")
            #expect(try await MailboxPageTests.get(h, "/staff/dashboard", cookie: none).status == .forbidden)
            let cookie = try await Self.staff(h, at: "958935420") // Oslo kommune
            let page = String(buffer: try await MailboxPageTests.get(h, "/staff/dashboard?lang=en", cookie: cookie).body)
            #expect(page.contains("<th scope=\"row\">\(day)</th><td>12</td><td>6</td><td>50.0 %</td><td>–</td>"),
                    "12 tests, 6 positive; the total arrivals would give PL's 2 away")
            #expect(page.contains("role=\"img\"") && page.contains("Tests per day"))
            #expect(page.contains("<td>SE</td><td>6</td>") && page.contains("<td>Other countries (under 5 each)</td><td>&lt;5</td>"))
            #expect(!page.contains("<td>PL</td>"))
            let forbidden = try await MailboxPageTests.get(h, "/staff/dashboard?area=4601", cookie: cookie)
            #expect(forbidden.status == .forbidden)
            let csv = try await MailboxPageTests.get(h, "/staff/dashboard.csv?from=\(day)&to=\(day)", cookie: cookie)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(String(buffer: csv.body).contains("0301,\(day),12,6,0.5000,,6,<5"), "\(String(buffer: csv.body))")
            let norwegian = String(buffer: try await MailboxPageTests.get(h, "/staff/dashboard?lang=nb", cookie: cookie).body)
            #expect(norwegian.contains("<td>50,0 %</td>"), "a decimal comma in Norwegian")
            let bad = try await MailboxPageTests.get(h, "/staff/dashboard?from=2026-13-01", cookie: cookie)
            #expect(bad.status == .badRequest)
        }
    }

    @Test("An agency's staff see the whole country and any municipality, where Bergen's 3 tests are <5", arguments: Backend.available)
    func national(backend: Backend) async throws {
        try await H.run(backend) { h in
            let day = try await Self.seed(h)
            let cookie = try await Self.staff(h, at: "983744516") // Folkehelseinstituttet
            let country = String(buffer: try await MailboxPageTests.get(h, "/staff/dashboard?lang=en&from=\(day)&to=\(day)", cookie: cookie).body)
            #expect(country.contains("<td>15</td><td>9</td><td>60.0 %</td>") && country.contains("The whole country"))
            let bergen = String(buffer: try await MailboxPageTests.get(h, "/staff/dashboard?lang=en&area=4601&from=\(day)&to=\(day)", cookie: cookie).body)
            #expect(bergen.contains("<td>&lt;5</td><td>&lt;5</td><td>–</td>"))
            #expect(try await MailboxPageTests.get(h, "/staff/dashboard?area=9999", cookie: cookie).status == .notFound)
        }
    }

    @Test("The API gives a municipality's client its own figures, suppressed, and an agency's client any", arguments: Backend.available)
    func api(backend: Backend) async throws {
        try await H.run(backend) { h in
            let day = try await Self.seed(h)
            let scope = DashboardController.statisticsScope
            let oslo = try await h.machineToken(try await h.registerMachine("oslo-stats", scopes: [scope], organisation: "958935420"), scope: scope)
            let fhi = try await h.machineToken(try await h.registerMachine("fhi-stats", scopes: [scope], organisation: "983744516"), scope: scope)
            let own = try await BookingAPITests.call(h, .get, "/api/v1/pandemic/statistics?from=\(day)&to=\(day)", token: oslo)
            let body = String(buffer: own.body)
            #expect(own.status == .ok && body.contains("\"municipality\":\"0301\"") && body.contains("\"tests\":12") && body.contains("\"other\":\"<5\""))
            #expect(try await BookingAPITests.call(h, .get, "/api/v1/pandemic/statistics?municipality=4601", token: oslo).status == .forbidden)
            let bergen = String(buffer: try await BookingAPITests.call(h, .get, "/api/v1/pandemic/statistics?municipality=4601&from=\(day)&to=\(day)",
                                                                       token: fhi).body)
            #expect(bergen.contains("\"tests\":\"<5\"") && !bergen.contains("\"tests\":3"))
            #expect(try await BookingAPITests.call(h, .get, "/api/v1/pandemic/statistics?from=2026-02-30", token: fhi).status == .badRequest)
            #expect(try await BookingAPITests.call(h, .get, "/api/v1/pandemic/statistics", token: nil).status == .unauthorized)
        }
    }
}
