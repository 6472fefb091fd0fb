import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Testing
@testable import TverrApp

@Suite("The editors' template pages: write a template in four languages, see its LIX warnings, save new versions")
struct StaffTemplatePageTests {
    typealias H = IdentityHarness

    /// The demo editor (Nav) logged in to the portal: the cookie and the page's CSRF token.
    static func editor(_ h: H) async throws -> (cookie: String, csrf: String) {
        try await DemoStaff.seed(store: h.store, today: TverrServer.today())
        let editor = try #require(try await DemoStaff.staff(store: h.store).first { $0.role == .editor && $0.organisation == H.agency })
        let cookie = try await PortalTests.portalLogin(h, pid: editor.pid)
        let page = try await MailboxPageTests.get(h, "/staff/templates/new", cookie: cookie)
        #expect(page.status == .ok)
        let csrf = String(try #require(String(buffer: page.body).firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1))
        return (cookie, csrf)
    }

    static func post(_ h: H, _ path: String, cookie: String, _ fields: [String: String], language: String = "nb") async throws -> TestResponse {
        try await h.client.execute(uri: path, method: .post, headers: [
            .cookie: "\(PortalController.cookie)=\(cookie)", .contentType: "application/x-www-form-urlencoded", .acceptLanguage: language,
        ], body: H.form(fields))
    }

    /// SMS texts in all four languages; the bokmål one is long-winded on purpose.
    static func sms(_ csrf: String, nb: String = "Prøvesvaret ditt er klart. Logg inn på Min side for å se det, ((navn)).") -> [String: String] {
        ["csrf_token": csrf, "name": "Prøvesvar klart", "sms-nb-body": nb,
         "sms-nn-body": "Prøvesvaret ditt er klart. Logg inn på Mi side for å sjå det, ((navn)).",
         "sms-en-body": "Your test result is ready. Log in to My page to see it, ((navn)).",
         "sms-uk-body": "Результат вашого тесту готовий. Увійдіть на Мою сторінку, ((navn))."]
    }

    static let hard = "Helsemyndighetenes smittesporingsvirksomhet innebærer omfattende databehandlingsoperasjoner, hvorav prøvesvarregistreringen "
        + "utgjør hovedkomponenten i ((navn)) sin folkehelseinformasjonsforvaltningsprosess, jamfør gjeldende smittevernlovgivning og forskriftsbestemmelser."

    @Test("An editor makes a template, sees the LIX warning with the longest words, and saves a second version the API then serves",
          arguments: Backend.available)
    func create(backend: Backend) async throws {
        try await H.run(backend) { h in
            let (cookie, csrf) = try await Self.editor(h)
            let empty = String(buffer: try await MailboxPageTests.get(h, "/staff/templates", cookie: cookie).body)
            #expect(empty.contains("Virksomheten har ingen maler ennå.") && empty.contains("Nav"))

            var fields = Self.sms(csrf, nb: Self.hard)
            fields["id"] = "provesvar-klart"
            let created = try await Self.post(h, "/staff/templates", cookie: cookie, fields)
            #expect(created.status == .seeOther)
            #expect(created.headers[.location] == "/staff/templates/provesvar-klart?saved=1")
            let page = String(buffer: try await MailboxPageTests.get(h, "/staff/templates/provesvar-klart?saved=1", cookie: cookie).body)
            #expect(page.contains("Lagret som versjon 1."))
            #expect(page.contains("<h2 id=\"readability\">Klarspråk (LIX)</h2>"))
            #expect(page.contains("<h3>SMS, Norsk bokmål</h3>"), "the warned variant is named")
            #expect(page.contains("Advarsel: teksten er tung å lese."))
            #expect(page.contains("folkehelseinformasjonsforvaltningsprosess"), "the longest word is shown")
            #expect(page.components(separatedBy: "Advarsel:").count == 2, "only the hard variant is warned about")
            #expect(page.contains(">Prøvesvaret ditt er klart. Logg inn på Mi side for å sjå det, ((navn)).</textarea>"), "the form holds the saved texts")
            let list = String(buffer: try await MailboxPageTests.get(h, "/staff/templates", cookie: cookie).body)
            #expect(list.contains("href=\"/staff/templates/provesvar-klart\"") && list.contains("<td>SMS</td>"))

            let plain = try await Self.post(h, "/staff/templates/provesvar-klart", cookie: cookie, Self.sms(csrf))
            #expect(plain.status == .seeOther && plain.headers[.location] == "/staff/templates/provesvar-klart?saved=2")
            let second = String(buffer: try await MailboxPageTests.get(h, "/staff/templates/provesvar-klart?saved=2", cookie: cookie, language: "en").body)
            #expect(second.contains("Saved as version 2.") && !second.contains("Warning:"))

            let token = try await NotifyTemplateTests.token(h, "nav-reader", scope: NotifyController.sendScope)
            let api = try H.json(try await h.client.execute(uri: "/api/v1/notify/templates/provesvar-klart", method: .get,
                                                            headers: [.authorization: "Bearer \(token)"]))
            #expect(api["version"] as? Int == 2 && api["name"] as? String == "Prøvesvar klart")
            #expect((api["warnings"] as? [String])?.isEmpty == true)
            let first = try H.json(try await h.client.execute(uri: "/api/v1/notify/templates/provesvar-klart?version=1", method: .get,
                                                              headers: [.authorization: "Bearer \(token)"]))
            #expect((first["warnings"] as? [String])?.count == 1, "the page and the API agree on the warning")
            #expect(try await MailboxPageTests.get(h, "/staff/templates/no-such-template", cookie: cookie).status == .notFound)
        }
    }

    @Test("Refused forms say what is wrong next to the field, in the page's language, and save nothing", arguments: Backend.available)
    func refused(backend: Backend) async throws {
        try await H.run(backend) { h in
            let (cookie, csrf) = try await Self.editor(h)
            var missing = Self.sms(csrf)
            missing["id"] = "mangler-uk"
            missing["sms-uk-body"] = ""
            let noUkrainian = try await Self.post(h, "/staff/templates", cookie: cookie, missing)
            #expect(noUkrainian.status == .badRequest)
            let page = String(buffer: noUkrainian.body)
            #expect(page.contains("<h2>Malen ble ikke lagret</h2>"))
            #expect(page.contains("href=\"#sms-uk-body\">SMS, Українська: Teksten mangler."))
            #expect(page.contains("id=\"sms-uk-body\" name=\"sms-uk-body\" lang=\"uk\" rows=\"3\" aria-invalid=\"true\" aria-describedby=\"error-summary\""))
            #expect(page.contains(">Prøvesvaret ditt er klart. Logg inn på Min side for å se det, ((navn)).</textarea>"), "what was typed is kept")

            var unclosed = Self.sms(csrf)
            unclosed["id"] = "apen-parentes"
            unclosed["sms-en-body"] = "Your result is ready, ((navn."
            let english = String(buffer: try await Self.post(h, "/staff/templates", cookie: cookie, unclosed, language: "en").body)
            #expect(english.contains("SMS, English: A field is opened with (( but not closed with ))."))

            var differing = Self.sms(csrf)
            differing["id"] = "ulike-felt"
            differing["sms-nn-body"] = "Hei ((fornamn)), svaret er klart."
            let fields = String(buffer: try await Self.post(h, "/staff/templates", cookie: cookie, differing).body)
            #expect(fields.contains("SMS, Norsk nynorsk: Teksten bruker andre felt enn de andre tekstene."))

            var badID = Self.sms(csrf)
            badID["id"] = "Ikke Gyldig!"
            #expect(String(buffer: try await Self.post(h, "/staff/templates", cookie: cookie, badID).body).contains("href=\"#id\">Skriv en ID"))
            let nothing = try await Self.post(h, "/staff/templates", cookie: cookie, ["csrf_token": csrf, "id": "tom-mal", "name": "Tom"])
            #expect(String(buffer: nothing.body).contains("Fyll ut minst én kanal"))

            var forged = Self.sms("not-the-token")
            forged["id"] = "forfalsket"
            #expect(try await Self.post(h, "/staff/templates", cookie: cookie, forged).status == .forbidden)
            var noToken = Self.sms(csrf)
            noToken["csrf_token"] = nil
            noToken["id"] = "uten-token"
            #expect(try await Self.post(h, "/staff/templates", cookie: cookie, noToken).status == .forbidden)
            let count = try await h.store.sql.raw("SELECT COUNT(*) AS n FROM notify_templates").first()!.decode(column: "n", as: Int.self)
            #expect(count == 0, "nothing was saved")

            var taken = Self.sms(csrf)
            taken["id"] = "provesvar"
            #expect(try await Self.post(h, "/staff/templates", cookie: cookie, taken).status == .seeOther)
            #expect(String(buffer: try await Self.post(h, "/staff/templates", cookie: cookie, taken).body).contains("har allerede en mal med denne ID-en"))
        }
    }

    @Test("Only an editor may use the pages: a citizen gets a plain 403 page, no session goes to the login", arguments: Backend.available)
    func access(backend: Backend) async throws {
        try await H.run(backend) { h in
            try await DemoStaff.seed(store: h.store, today: TverrServer.today())
            let staff = Set(try await DemoStaff.staff(store: h.store).map(\.pid))
            let citizen = try #require(h.people.first { !staff.contains($0.identityNumber.value) }).identityNumber.value
            let cookie = try await PortalTests.portalLogin(h, pid: citizen)
            let refused = try await MailboxPageTests.get(h, "/staff/templates", cookie: cookie)
            #expect(refused.status == .forbidden)
            #expect(String(buffer: refused.body).contains("Du har ikke rollen redaktør"))
            let post = try await Self.post(h, "/staff/templates", cookie: cookie, ["csrf_token": "x", "id": "noe", "name": "Noe", "sms-nb-body": "Hei."])
            #expect(post.status == .forbidden)
            let anonymous = try await MailboxPageTests.get(h, "/staff/templates/new", cookie: nil)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location]?.hasPrefix("/login?") == true)
        }
    }
}
