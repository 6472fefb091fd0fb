import Audit
import CertLogic
import Credentials
import DCC
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Testing
import Trust
@testable import TverrApp

@Suite("My COVID certificates: issuing from health records, the QR code, the PDF, the words, revoking")
struct CertificatePageTests {
    typealias H = IdentityHarness

    /// A signed-in person with a fresh negative PCR test, an old one, a positive one 30 days ago and two doses.
    typealias Holder = PortalTests.Session

    static func holder(_ h: H, index: Int = 0) async throws -> Holder {
        let pid = h.people[index].identityNumber.value
        let records = HealthRecords(store: h.store)
        let now = Date().timeIntervalSince1970
        try await records.add(TestResultRecord(id: "\(pid)-fresh", type: ValueSets.TestType.naat, testName: "cobas", sampleCollected: now - 3600,
                                               detected: false, centre: "Teststasjon Oslo S"), sampleID: "S-\(pid)-1", for: pid, by: "test")
        try await records.add(TestResultRecord(id: "\(pid)-stale", type: ValueSets.TestType.naat, sampleCollected: now - 80 * 3600,
                                               detected: false, centre: "Teststasjon Oslo S"), sampleID: "S-\(pid)-2", for: pid, by: "test")
        try await records.add(TestResultRecord(id: "\(pid)-positive", type: ValueSets.TestType.naat, sampleCollected: now - 30 * 86_400,
                                               detected: true, centre: "Ahus"), sampleID: "S-\(pid)-3", for: pid, by: "test")
        for dose in 1...2 {
            try await records.add(VaccinationRecord(id: "\(pid)-v\(dose)", vaccine: "1119349007", product: "EU/1/20/1528", manufacturer: "ORG-100030215",
                                                    doseNumber: dose, seriesDoses: 2, date: dose == 1 ? "2021-05-03" : "2021-06-14"), for: pid, by: "test")
        }
        return try await PortalTests.session(h, index: index)
    }

    static func get(_ h: H, _ holder: Holder, record: String, csrf: String? = nil) async throws -> TestResponse {
        var headers = holder.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await h.client.execute(uri: "/my/certificates", method: .post, headers: headers,
                                          body: H.form(["csrf_token": csrf ?? holder.csrf, "record": record]))
    }

    static func issuedEntries(_ h: H, _ pid: String) async throws -> [SealedAuditEntry] {
        try await AuditLog(store: h.store).entries(about: pid).filter { $0.record.action == "credentials.dcc.issue" }
    }

    @Test("The list shows what the records give; getting one redirects to it; asking again gives the same one, audited once",
          arguments: Backend.available)
    func issue(backend: Backend) async throws {
        try await H.run(backend) { h in
            let holder = try await Self.holder(h)
            let list = String(buffer: try await h.client.execute(uri: "/my/certificates?lang=en", method: .get, headers: holder.headers).body)
            #expect(list.contains("Certificates you can get") && list.contains("You have not got a certificate yet."))
            for record in ["fresh", "positive", "v2"] { #expect(list.contains("value=\"\(holder.pid)-\(record)\""), "offers \(record)") }
            for record in ["stale", "v1"] { #expect(!list.contains("value=\"\(holder.pid)-\(record)\""), "does not offer \(record)") }

            let first = try await Self.get(h, holder, record: "\(holder.pid)-fresh")
            #expect(first.status == .seeOther)
            let location = try #require(first.headers[.location])
            #expect(location.hasPrefix("/my/certificates/"))
            let again = try await Self.get(h, holder, record: "\(holder.pid)-fresh")
            #expect(again.headers[.location] == location, "the current certificate is returned, not a second one")
            let entries = try await Self.issuedEntries(h, holder.pid)
            #expect(entries.count == 1)
            #expect(entries.first?.record.purpose == "koronasertifikat" && entries.first?.record.legalBasis == "forordning (EU) 2021/953 artikkel 3")
            let dataUse = String(buffer: try await h.client.execute(uri: "/my/data-use?lang=en", method: .get, headers: holder.headers).body)
            #expect(dataUse.contains("Issued a COVID certificate to you") && dataUse.contains("Folkehelseinstituttet"))
            let listed = String(buffer: try await h.client.execute(uri: "/my/certificates?lang=en", method: .get, headers: holder.headers).body)
            #expect(listed.contains("href=\"\(location)\"") && listed.contains("Valid"))
        }
    }

    @Test("The certificate page has the QR code with its name, the words, and text that verifies against the published trust list",
          arguments: Backend.available)
    func page(backend: Backend) async throws {
        try await H.run(backend) { h in
            let holder = try await Self.holder(h)
            let location = try #require(try await Self.get(h, holder, record: "\(holder.pid)-fresh").headers[.location])
            let page = String(buffer: try await h.client.execute(uri: location + "?lang=en", method: .get, headers: holder.headers).body)
            let person = h.people[0]
            #expect(page.contains("<h1>EU Digital COVID Certificate: test</h1>"))
            #expect(page.contains("<svg") && page.contains("aria-label=\"QR code for the COVID certificate. The text below says what it contains.\""))
            #expect(page.contains("<dd>\(person.givenName) \(person.familyName)</dd>") && page.contains("<dd>negative (not detected)</dd>"))
            #expect(page.contains("<dd>Teststasjon Oslo S</dd>") && page.contains("URN:UVCI:01:NO:TV/"))
            let hc1 = String(try #require(page.firstMatch(of: /<pre class="hc1">(HC1:[^<]+)<\/pre>/)?.1))
            let list = try JSONDecoder().decode(TrustList.self, from: Data(buffer: try await h.client.execute(uri: "/credentials/trust-list", method: .get).body))
            let verdict = Verifier(trust: TrustStore(list), revocations: RevocationList(generated: "")).verify(hc1, at: Date())
            #expect(verdict.isValid, "\(String(describing: verdict.reason))")
            #expect(verdict.certificate?.name.standardisedFamilyName == Transliteration.icao(person.familyName))
            #expect(verdict.certificate?.dateOfBirth == person.birthDate.description)
            let ukrainian = String(buffer: try await h.client.execute(uri: location + "?lang=uk", method: .get, headers: holder.headers).body)
            #expect(ukrainian.contains("Цифровий COVID-сертифікат ЄС: тест") && ukrainian.contains("негативний (не виявлено)"))
        }
    }

    @Test("The PDF prints the facts as text, the PNG is a PNG, and both are the owner's only", arguments: Backend.available)
    func downloads(backend: Backend) async throws {
        try await H.run(backend) { h in
            let holder = try await Self.holder(h)
            let location = try #require(try await Self.get(h, holder, record: "\(holder.pid)-v2").headers[.location])
            let pdf = try await h.client.execute(uri: location + "/pdf?lang=nb", method: .get, headers: holder.headers)
            #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf" && pdf.headers[.cacheControl] == "no-store")
            let text = try PrintQueueTests.pdftotext(Data(buffer: pdf.body))
            #expect(text.contains("EUs digitale koronasertifikat: vaksinasjon") && text.contains("Vaksine: Comirnaty") && text.contains("Dose: 2 av 2"))
            let png = try await h.client.execute(uri: location + "/qr.png", method: .get, headers: holder.headers)
            #expect(png.status == .ok && png.headers[.contentType] == "image/png")
            #expect(Array(Data(buffer: png.body).prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])

            let other = try await Self.holder(h, index: 1)
            for suffix in ["", "/pdf", "/qr.png"] {
                let response = try await h.client.execute(uri: location + suffix, method: .get, headers: other.headers)
                #expect(response.status == .notFound, "someone else's certificate\(suffix) is not found")
            }
            let anonymous = try await h.client.execute(uri: location, method: .get)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location]?.hasPrefix("/login") == true)
        }
    }

    @Test("Eight requests for the same record at once issue one certificate, audited once, and all get it", arguments: Backend.available)
    func concurrentIssues(backend: Backend) async throws {
        try await H.run(backend) { h in
            let holder = try await Self.holder(h)
            let person = try #require(try await h.store.sql.raw("SELECT family_name, given_name, birth_date FROM persons WHERE identity_number = \(bind: holder.pid)").first())
            let issuer = try await CredentialSigners(store: h.store).currentIssuer(dataDirectory: h.provider.dataDirectory)
            let certificates = IssuedCertificates(store: h.store)
            let familyName = try person.decode(column: "family_name", as: String.self)
            let givenName = try person.decode(column: "given_name", as: String?.self)
            let birthDate = try person.decode(column: "birth_date", as: String.self)
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await certificates.issue(recordID: "\(holder.pid)-fresh", for: holder.pid, familyName: familyName, givenName: givenName,
                                                     dateOfBirth: birthDate, issuer: issuer).id
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            let stored = try await certificates.list(for: holder.pid)
            #expect(stored.count == 1, "one certificate, not \(stored.count)")
            #expect(Set(ids) == Set(stored.map(\.id)), "every request got the one certificate")
            #expect(try await Self.issuedEntries(h, holder.pid).count == 1, "the requests that lost the race left no audit entry")
            let pages = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<4 { group.addTask { try await Self.get(h, holder, record: "\(holder.pid)-v2").headers[.location] } }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(Set(pages).count == 1 && pages.first! != nil, "the form posted four times at once gives one certificate: \(pages)")
            #expect(try await certificates.list(for: holder.pid).count == 2)
        }
    }

    @Test("A form without its token, an old test, an unknown or hostile record: a plain message, and nothing issued", arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await H.run(backend) { h in
            let holder = try await Self.holder(h)
            let forged = try await Self.get(h, holder, record: "\(holder.pid)-fresh", csrf: "not-the-token")
            #expect(forged.status == .forbidden)
            for record in ["\(holder.pid)-stale", "\(holder.pid)-v1", "nobody", "' OR 1=1 --", String(repeating: "x", count: 10_000), "<script>alert(1)</script>"] {
                let response = try await Self.get(h, holder, record: record)
                let body = String(buffer: response.body)
                #expect(response.status == .conflict && body.contains("Vi fant ikke dette sertifikatet"), "\(record.prefix(20)): \(response.status)")
                #expect(!body.contains("<script>alert(1)"))
            }
            let other = try await Self.holder(h, index: 1)
            #expect(try await Self.get(h, other, record: "\(holder.pid)-fresh").status == .conflict, "another person's record gives nothing")
            let entries = try await Self.issuedEntries(h, holder.pid)
            let issued = try await IssuedCertificates(store: h.store).list(for: holder.pid)
            #expect(entries.isEmpty && issued.isEmpty)
        }
    }

    @Test("A name too long for a certificate gets a plain message and 422, and nothing is issued", arguments: Backend.available)
    func refusedBySigner(backend: Backend) async throws {
        try await H.run(backend) { h in
            let holder = try await Self.holder(h)
            let long = String(repeating: "Langnavn", count: 12)
            try await h.store.sql.raw("UPDATE persons SET family_name = \(bind: long) WHERE identity_number = \(bind: holder.pid)").run()
            let response = try await Self.get(h, holder, record: "\(holder.pid)-fresh")
            #expect(response.status == .unprocessableContent && String(buffer: response.body).contains("Vi kunne ikke lage sertifikatet."))
            let issued = try await IssuedCertificates(store: h.store).list(for: holder.pid)
            let entries = try await Self.issuedEntries(h, holder.pid)
            #expect(issued.isEmpty && entries.isEmpty)
        }
    }

    @Test("An admin revokes by UVCI: the list carries its hashes, the checker refuses it, the holder sees it withdrawn",
          arguments: Backend.available)
    func revoke(backend: Backend) async throws {
        try await H.run(backend) { h in
            let holder = try await Self.holder(h)
            let location = try #require(try await Self.get(h, holder, record: "\(holder.pid)-fresh").headers[.location])
            let issued = try #require(try await IssuedCertificates(store: h.store).list(for: holder.pid).first)
            let token = try await AdminTests.adminToken(h)
            func revoke(_ body: String, token: String? = token) async throws -> TestResponse {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let token { headers[.authorization] = "Bearer \(token)" }
                return try await h.client.execute(uri: "/api/v1/admin/certificates/revocations", method: .post, headers: headers, body: ByteBuffer(string: body))
            }
            #expect(try await revoke(#"{"uvci": "URN:UVCI:01:NO:TV/X#A", "reason": "bad check"}"#).status == .badRequest)
            #expect(try await revoke(#"{"uvci": "\#(issued.uvci)", "reason": ""}"#).status == .badRequest)
            #expect(try await revoke(#"{"uvci": "\#(try UVCI(country: "NO", opaque: "TV/NOBODY").value)", "reason": "wrong"}"#).status == .notFound)
            #expect(try await revoke("{not json").status == .badRequest)
            #expect(try await revoke(#"{"uvci": "\#(issued.uvci)", "reason": "issued in error"}"#, token: nil).status == .unauthorized)
            let done = try await revoke(#"{"uvci": "\#(issued.uvci)", "reason": "issued in error"}"#)
            #expect(done.status == .ok)
            let twice = try await revoke(#"{"uvci": "\#(issued.uvci)", "reason": "again"}"#)
            #expect(twice.status == .ok && String(buffer: twice.body).contains("issued in error"), "revoking again changes nothing")

            let list = try JSONDecoder().decode(RevocationList.self, from: Data(buffer: try await h.client.execute(uri: "/credentials/revocations", method: .get).body))
            let decoded = try HC1.decode(issued.hc1)
            let certificate = try HealthCertificate(cbor: decoded.claims.certificate)
            #expect(list.contains(RevocationList.hashes(of: certificate, message: decoded.message)) && list.uci.count == 1)
            let encoded = String(buffer: try await h.client.execute(uri: "/credentials/revocations", method: .get).body)
            #expect(!encoded.contains(issued.uvci) && !encoded.contains(holder.pid), "the list names no one")

            let checked = String(buffer: try await CredentialsPageTests.post(h.client, issued.hc1).body)
            #expect(checked.contains("The certificate is not valid.") && checked.contains("The certificate has been withdrawn."))
            let page = String(buffer: try await h.client.execute(uri: location + "?lang=en", method: .get, headers: holder.headers).body)
            #expect(page.contains("This certificate has been withdrawn"))
            let entries = try await AuditLog(store: h.store).entries(about: holder.pid).filter { $0.record.action == "credentials.dcc.revoke" }
            #expect(entries.count == 1 && entries.first?.record.actor.hasPrefix("staff:") == true)
            let fresh = try await Self.get(h, holder, record: "\(holder.pid)-fresh")
            #expect(fresh.headers[.location] != location, "after revoking, the record gives a new certificate")
        }
    }
}
