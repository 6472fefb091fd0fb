import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identifiers
import Identity
import Persistence
import SQLKit
import Testing
import Trust
@testable import TverrApp

@Suite("The signed decision letter: in the applicant's language, to the mailbox with an SMS pointer or on paper, checkable by anyone")
struct DecisionLetterTests {
    typealias H = IdentityHarness

    static func count(_ h: H, _ sql: SQLQueryString) async throws -> Int {
        try await h.store.sql.raw(sql).first()!.decode(column: "n", as: Int.self)
    }

    static func check(_ h: H, _ code: String, language: String = "nb") async throws -> TestResponse {
        try await MailboxPageTests.get(h, "/verify/decision?code=\(code)", cookie: nil, language: language)
    }

    @Test("The rules' grant sends a signed letter to the mother's mailbox with an SMS pointer; the code checks out, once only", arguments: Backend.available)
    func automatedGrant(backend: Backend) async throws {
        try await H.run(backend) { h in
            let officer = try await IntakePageTests.officer(h)
            #expect(try await ResultPortalTests.post(h, "/staff/arrival", officer, IntakePageTests.family).status == .created)
            let row = try #require(try await h.store.sql.raw("""
                SELECT a.reference, a.identity_number, a.letter_code, a.letter_message_id FROM protection_applications a
                JOIN arrival_intakes i ON i.id = a.intake_id WHERE i.role = 'principal'
                """).first())
            let reference = try row.decode(column: "reference", as: String.self), pid = try row.decode(column: "identity_number", as: String.self)
            let code = try #require(try row.decode(column: "letter_code", as: String?.self))
            let messageID = try #require(try row.decode(column: "letter_message_id", as: String?.self))
            #expect(code.hasPrefix("TVD1:"))

            // In her language, in the mailbox, with the signed PDF attached and an SMS pointing to it.
            let mail = try #require(try await h.store.sql.raw("SELECT subject, body FROM mailbox_messages WHERE message_id = \(bind: messageID) AND pid = \(bind: pid)").first())
            #expect(try mail.decode(column: "subject", as: String.self) == "Вам надано захист у Норвегії")
            #expect(try mail.decode(column: "body", as: String.self).contains("№ \(reference) задоволено"))
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM notify_deliveries WHERE message_id = \(bind: messageID) AND channel = 'sms'") == 1)
            let files = try await NotifyMessages(store: h.store).attachments(of: [messageID])[messageID] ?? []
            #expect(files.map(\.filename) == ["vedtak.pdf"] && files.first?.contentType == "application/pdf")
            let pdf = try #require(try await NotifyMessages(store: h.store).attachment(of: messageID, position: files[0].position))
            #expect(pdf.data.starts(with: Data("%PDF-".utf8)) && (2000..<60_000).contains(pdf.data.count), "\(pdf.data.count) bytes: the font is a subset")
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'protection.letter.seal'") == 1)
            // The routed child has no decision yet, so no letter.
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM protection_applications WHERE letter_code IS NOT NULL") == 1)

            // Anyone can check it: signature, the facts, and that it is in force; the look-up is audited.
            let checked = try await Self.check(h, code)
            let page = String(buffer: checked.body)
            #expect(checked.status == .ok && page.contains("Vedtaket er ekte") && page.contains("Dette er vedtaket som gjelder nå."))
            #expect(page.contains("Olena Kovalenko") && page.contains(reference) && page.contains("utlendingsloven § 34"))
            #expect(page.contains("Automatisk, med de publiserte reglene"))
            let url = try await Self.check(h, "http%3A%2F%2Flocalhost%2Fverify%2Fdecision%3Fcode%3D\(code)", language: "uk")
            #expect(url.status == .ok && String(buffer: url.body).contains("Рішення справжнє"), "a pasted link works as well as the code")
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'protection.letter.check' AND subject = \(bind: pid)") == 2)

            // Once only: the service finds nothing owed; a retry after a crash between the message
            // and its record sends the same message again, not a second one.
            let sender = DecisionLetterSender(store: h.store, rules: .shared, dataDirectory: h.provider.dataDirectory,
                                              fontPath: NotifySettings().letterFont, baseURL: h.provider.issuer)
            #expect(try await sender.send() == 0)
            try await h.store.sql.raw("UPDATE protection_applications SET letter_message_id = NULL WHERE reference = \(bind: reference)").run()
            #expect(try await ProtectionLetters(store: h.store).owed() == [reference])
            #expect(try await sender.send() == 1)
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM notify_messages WHERE template_id = 'protection-granted'") == 1)
            #expect(try await h.store.sql.raw("SELECT letter_message_id FROM protection_applications WHERE reference = \(bind: reference)").first()!
                .decode(column: "letter_message_id", as: String.self) == messageID)
        }
    }

    @Test("A changed, foreign or damaged code is refused with a specific reason and shows no facts", arguments: Backend.available)
    func refusedCodes(backend: Backend) async throws {
        try await H.run(backend) { h in
            let officer = try await IntakePageTests.officer(h)
            #expect(try await ResultPortalTests.post(h, "/staff/arrival", officer, IntakePageTests.family).status == .created)
            let code = try #require(try await h.store.sql.raw("SELECT letter_code FROM protection_applications WHERE letter_code IS NOT NULL").first())
                .decode(column: "letter_code", as: String.self)
            // Change one character inside the signature. (The last character can carry unused bits:
            // another spelling of the same bytes verifies, and counts as the same code.)
            var characters = Array(code)
            characters[characters.count - 10] = characters[characters.count - 10] == "A" ? "B" : "A"
            let tampered = String(characters)
            let respelled = String(code.dropLast()) + (code.last == "A" ? "B" : "A")
            let sameBytes = Base64URL.decode(respelled.dropFirst(5)) == Base64URL.decode(code.dropFirst(5))
            if sameBytes {
                #expect(String(buffer: try await Self.check(h, respelled).body).contains("Dette er vedtaket som gjelder nå."))
            }
            let bad = try await Self.check(h, tampered, language: "en")
            #expect(bad.status == .unprocessableContent && String(buffer: bad.body).contains("The signature does not match"))
            #expect(!String(buffer: bad.body).contains("Olena"))
            let foreign = try TrustTestsPKI.sealed()
            let unknown = try await Self.check(h, foreign, language: "en")
            #expect(unknown.status == .unprocessableContent && String(buffer: unknown.body).contains("not signed with a key on the trust list"))
            let garbage = try await Self.check(h, "TVD1:%3Cscript%3E", language: "en")
            #expect(garbage.status == .unprocessableContent && String(buffer: garbage.body).contains("not a code from a decision letter"))
            #expect(!String(buffer: garbage.body).contains("<script>"))
            let empty = try await Self.check(h, "%20", language: "en")
            #expect(empty.status == .badRequest && String(buffer: empty.body).contains("Paste the code or the link from the letter."))
            let form = try await MailboxPageTests.get(h, "/verify/decision", cookie: nil, language: "en")
            #expect(form.status == .ok && String(buffer: form.body).contains("Check a decision on protection"))
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'protection.letter.check'") == (sameBytes ? 1 : 0),
                    "nothing is looked up for a code that does not verify (only the respelled one, if it is the same bytes)")
            // Past 30 checks a minute from one address the page asks to wait, and looks nothing up.
            var last = try await Self.check(h, code, language: "en")
            for _ in 0..<30 where last.status != .tooManyRequests { last = try await Self.check(h, code, language: "en") }
            #expect(last.status == .tooManyRequests && String(buffer: last.body).contains("Too many checks have been made from here."))
            // 30 checks counted: the three refused codes above (and the respelled one), then valid ones up to 30.
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'protection.letter.check'") == 27)
        }
    }

    @Test("A caseworker's decision sends a letter on paper to a person without digital contact; after an appeal the old letter shows as replaced", arguments: Backend.available)
    func manualDecision(backend: Backend) async throws {
        try await H.run(backend) { h in
            let child = try await IntakePageTests.registerFamily(h)
            let worker = try await CaseworkerPageTests.caseworker(h)
            let reason = "The birth certificate was checked at the interview; the child arrived with the mother."
            #expect(try await ResultPortalTests.post(h, "/staff/protection/\(child)/decision", worker, ["outcome": "grant", "reason": reason]).status == .seeOther)
            let row = try #require(try await h.store.sql.raw("SELECT letter_code, letter_message_id FROM protection_applications WHERE reference = \(bind: child)").first())
            let first = try #require(try row.decode(column: "letter_code", as: String?.self))
            let messageID = try #require(try row.decode(column: "letter_message_id", as: String?.self))
            // The child has no mobile or e-mail: the letter goes to the print queue, with the decision to enclose.
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM notify_deliveries WHERE message_id = \(bind: messageID) AND channel = 'letter'") == 1)
            let dispatcher = NotifyDeliveryTests.dispatcher(h, gateway: nil, smtp: nil)
            try await NotifyDeliveryTests.drain(dispatcher) {
                try await h.store.sql.raw("SELECT 1 AS x FROM notify_deliveries WHERE status = 'pending' AND message_id = \(bind: messageID)").all().isEmpty
            }
            await dispatcher.shutdown()
            let queued = try await PrintQueue(store: h.store).letters(status: "queued").filter { $0.messageId == messageID }
            #expect(queued.count == 1 && queued.first?.attachments?.map(\.filename) == ["vedtak.pdf"])
            let page = String(buffer: try await Self.check(h, first, language: "en").body)
            #expect(page.contains("By a caseworker at UDI") && page.contains("This is the decision in force now."))

            // The caseworker decides again after an appeal: a new letter; the first shows as replaced.
            try await h.store.sql.raw("UPDATE protection_applications SET status = 'appealed' WHERE reference = \(bind: child)").run()
            #expect(String(buffer: try await Self.check(h, first, language: "en").body).contains("The decision has been appealed."))
            #expect(try await ResultPortalTests.post(h, "/staff/protection/\(child)/decision", worker, ["outcome": "refuse", "reason": reason]).status == .seeOther)
            let second = try #require(try await h.store.sql.raw("SELECT letter_code FROM protection_applications WHERE reference = \(bind: child)").first()!
                .decode(column: "letter_code", as: String?.self))
            #expect(second != first)
            #expect(String(buffer: try await Self.check(h, first, language: "en").body).contains("A later decision has replaced this one."))
            let now = String(buffer: try await Self.check(h, second, language: "en").body)
            #expect(now.contains("Refused.") && now.contains("This is the decision in force now."))
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM notify_messages WHERE template_id = 'protection-refused'") == 1)
        }
    }
}

/// A decision sealed by a signer that is not on this installation's trust list.
enum TrustTestsPKI {
    static func sealed() throws -> String {
        let cscaKey = P256.Signing.PrivateKey(), dscKey = P256.Signing.PrivateKey()
        let now = Date()
        let csca = try CertificateAuthority.makeCSCA(country: "NO", organisation: "Elsewhere", key: cscaKey, notBefore: now - 3600, notAfter: now + 86_400)
        let dsc = try CertificateAuthority.makeDSC(commonName: "Elsewhere DSC", key: dscKey.publicKey, kinds: [.test], authority: csca,
                                                   authorityKey: cscaKey, notBefore: now - 3600, notAfter: now + 86_400)
        return try Issuer(signer: dsc, key: dscKey).seal(SealedDecision(reference: "UDI-FOREIGN1", name: "Olena Kovalenko", birthDate: "1986-03-14",
                                                                      outcome: "grant", legalBasis: "utlendingsloven § 34", decidedOn: "2026-12-01",
                                                                      authority: "974760746", method: "automated"), at: now)
    }
}
