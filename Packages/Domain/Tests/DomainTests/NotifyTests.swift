import Notify
import Testing

@Suite("Notify: templates, plain-language score, channel choice, addresses, SMS length")
struct NotifyTests {
    @Test("Placeholders are found once each, filled, and a missing or unknown one is named")
    func placeholders() throws {
        let template = try TemplateText("Hei ((navn))! Du har fått et nytt svar fra ((Etat)). Logg inn, ((navn)).")
        #expect(template.placeholders == ["navn", "Etat"])
        #expect(try template.render(["navn": "Olena", "etat": "FHI"]) == "Hei Olena! Du har fått et nytt svar fra FHI. Logg inn, Olena.")
        #expect(throws: TemplateText.RenderProblem.missing("Etat")) { try template.render(["navn": "Olena"]) }
        #expect(throws: TemplateText.RenderProblem.unknown("nmae")) { try template.render(["navn": "O", "etat": "F", "nmae": "x"]) }
        #expect(try TemplateText("Ingen felt her.").render([:]) == "Ingen felt her.")
        // Values are inserted as they are: a value that looks like a placeholder is not expanded.
        #expect(try TemplateText("((a))").render(["a": "((b))"]) == "((b))")
    }

    @Test("Malformed templates are refused with the reason")
    func malformed() {
        #expect(throws: TemplateText.Problem.unclosed(at: 4)) { try TemplateText("Hei ((navn, velkommen") }
        #expect(throws: TemplateText.Problem.badName("")) { try TemplateText("Hei (()) du") }
        #expect(throws: TemplateText.Problem.badName("a<b>")) { try TemplateText("((a<b>))") }
        #expect(throws: TemplateText.Problem.empty) { try TemplateText("  \n ") }
        #expect(throws: TemplateText.Problem.tooLong(20_000)) { try TemplateText(String(repeating: "a", count: 20_001)) }
    }

    @Test("LIX: short plain sentences score low, long words and sentences score high, and the worst are named")
    func lix() {
        let plain = Readability("Du har fått svar på testen. Svaret er klart. Logg inn for å se det.")
        // 15 words, 3 sentences, 0 words over six letters: 15/3 + 0 = 5.
        #expect(plain.words == 15 && plain.sentences == 3 && plain.longWords == 0)
        #expect(plain.score == 5 && plain.isPlain)
        let hard = Readability("""
            Saksbehandlingstiden for søknader om midlertidig kollektiv beskyttelse forlenges inntil videre \
            grunnet ekstraordinært høyt søknadsvolum og begrensede personellressurser i utlendingsforvaltningen.
            """)
        #expect(hard.sentences == 1 && hard.words == 19)
        #expect(hard.score > 50 && !hard.isPlain)
        #expect(hard.longestWords.first == "utlendingsforvaltningen")
        #expect(hard.longestSentences.count == 1)
        // Ukrainian counts letters the same way.
        #expect(Readability("Ваш результат готовий. Увійдіть, щоб побачити його.").sentences == 2)
        #expect(Readability("").score == 0)
        // Headings and list items end a sentence.
        #expect(Readability("Hva skjer nå\n- Du får svar\n- Vi ringer deg").sentences == 3, "a line before a list ends there")
        #expect(Readability("# Hva skjer nå\n- Du får svar\n- Vi ringer deg").sentences == 3)
    }

    @Test("Channel choice: reserved or no digital contact gets paper; otherwise mailbox with SMS, then e-mail, then a letter")
    func channels() {
        #expect(ChannelPlan.plan(for: ContactFacts(email: "a@b.no", mobile: "+4791234567", reserved: true)) == ChannelPlan(notice: .letter, pointers: []))
        #expect(ChannelPlan.plan(for: ContactFacts(email: nil, mobile: nil, reserved: false)).notice == .letter)
        let both = ChannelPlan.plan(for: ContactFacts(email: "a@b.no", mobile: "+4791234567", reserved: false))
        #expect(both == ChannelPlan(notice: .mailbox, pointers: [.sms, .email]))
        #expect(both.next(after: .sms) == .email)
        #expect(both.next(after: .email) == .letter)
        #expect(both.next(after: .letter) == nil)
        let mailOnly = ChannelPlan.plan(for: ContactFacts(email: "a@b.no", mobile: nil, reserved: false))
        #expect(mailOnly.pointers == [.email] && mailOnly.next(after: .email) == .letter)
    }

    @Test("Mobile numbers and e-mail addresses are checked and normalised")
    func addresses() throws {
        #expect(try MobileNumber("912 34 567").e164 == "+4791234567")
        #expect(try MobileNumber("+47 41234567").e164 == "+4741234567")
        #expect(try MobileNumber("0038050123456").e164 == "+38050123456")
        #expect(throws: MobileNumber.Problem.notMobile) { try MobileNumber("22334455") }
        for bad in ["", "123", "+47 912", "phone", "+0123456789", "9123456a"] {
            #expect(throws: MobileNumber.Problem.self) { try MobileNumber(bad) }
        }
        #expect(try EmailAddress(" ola.nordmann@example.no ").value == "ola.nordmann@example.no")
        for bad in ["", "ola", "ola@", "@example.no", "ola@example", "ola..n@example.no", "ola@exa mple.no", "a@b.no\r\nRCPT TO:<x@y.no>",
                    "ola@-example.no", String(repeating: "a", count: 65) + "@example.no"] {
            #expect(throws: EmailAddress.Problem.self) { try EmailAddress(bad) }
        }
    }

    @Test("SMS segments: 160 GSM characters in one, 153 each when split, 70 and 67 for Cyrillic")
    func sms() {
        #expect(SMSLength.segments(String(repeating: "a", count: 160)) == 1)
        #expect(SMSLength.segments(String(repeating: "a", count: 161)) == 2)
        #expect(SMSLength.segments(String(repeating: "a", count: 306)) == 2)
        #expect(SMSLength.segments(String(repeating: "a", count: 307)) == 3)
        #expect(SMSLength.segments(String(repeating: "€", count: 80)) == 1, "extension characters take two septets")
        #expect(SMSLength.segments(String(repeating: "ж", count: 70)) == 1)
        #expect(SMSLength.segments(String(repeating: "ж", count: 71)) == 2)
        #expect(SMSLength.isGSM("Hei Åse, svaret er klart.") && !SMSLength.isGSM("Привіт"))
        #expect(SMSLength.segments(String(repeating: "a", count: 153 * 16)) == 16)
        #expect(SMSLength.segments(String(repeating: "a", count: 153 * 16 + 1)) == 17)
    }
}

@Suite("Notify: rate limits")
struct TokenBucketTests {
    @Test("A bucket allows its burst, then the refill rate, and says how long to wait")
    func bucket() {
        var bucket = TokenBucket(capacity: 10, rate: 5, now: 0)
        for _ in 0..<10 { #expect(bucket.take(now: 0) == nil) }
        #expect(bucket.take(now: 0) == 0.2, "one token comes back every 0.2 s")
        #expect(bucket.take(now: 0.2) == nil)
        #expect(bucket.take(3, now: 0.2) == 0.6)
        #expect(bucket.take(3, now: 1.0) == nil, "0.8 s refilled four tokens")
        #expect(bucket.take(20, now: 100) == 2, "never more than the capacity")
    }
}
