import Foundation
import Population
import Testing
import Youth

@Suite("Anonymous questions: checked, urgent help spotted, private reply codes, identifying details removed")
struct QuestionTests {
    static let counties: Set<String> = ["Oslo", "Vestland"]

    static func check(_ text: String, age: String = "", gender: String = "", county: String = "") throws(QuestionDraft.Problem) -> QuestionDraft {
        try QuestionDraft.check(text: text, age: age, gender: gender, county: county, counties: Self.counties)
    }

    @Test("A question: 20 to 2,000 characters, with age, gender and county if given; empty, short, long, spam and odd input refused")
    func draft() throws {
        let question = try Self.check("  Hvordan sier jeg fra om mobbing uten at alle vet det?  ", age: "15", gender: "girl", county: "Oslo")
        #expect(question.text.hasPrefix("Hvordan") && question.age == 15 && question.gender == "girl" && question.county == "Oslo")
        #expect(try Self.check("Hvordan sier jeg fra om mobbing?", county: "Atlantis").county == nil, "an unknown county is not kept")
        #expect(throws: QuestionDraft.Problem.empty) { try Self.check("   \n ") }
        #expect(throws: QuestionDraft.Problem.tooShort) { try Self.check("Hjelp meg") }
        #expect(throws: QuestionDraft.Problem.tooLong) { try Self.check(String(repeating: "Jeg lurer på noe. ", count: 120)) }
        #expect(throws: QuestionDraft.Problem.spam) { try Self.check("Kjøp billig her https://a.example og https://b.example nå") }
        #expect(throws: QuestionDraft.Problem.spam) { try Self.check("Hjelp!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!") }
        #expect(throws: QuestionDraft.Problem.spam) { try Self.check("1234 5678 9012 3456 7890 1234 !!!") }
        #expect(throws: QuestionDraft.Problem.age) { try Self.check("Hvordan sier jeg fra om mobbing?", age: "9") }
        #expect(throws: QuestionDraft.Problem.age) { try Self.check("Hvordan sier jeg fra om mobbing?", age: "femten") }
        #expect(throws: QuestionDraft.Problem.gender) { try Self.check("Hvordan sier jeg fra om mobbing?", gender: "<script>") }
        #expect(throws: QuestionDraft.Problem.controlCharacters) { try Self.check("Hvordan sier jeg\u{0008} fra om mobbing?") }
        _ = try Self.check("<script>alert('x')</script> hvordan sier jeg fra om dette?")
    }

    @Test("Urgent help: self-harm, suicide, abuse and violence in four languages, as whole words")
    func urgent() {
        #expect(UrgentHelp.concerns(in: "Jeg har tenkt på selvmord i det siste") == [.suicide])
        #expect(UrgentHelp.concerns(in: "Eg har byrja å skade meg sjølv") == [.selfHarm])
        #expect(UrgentHelp.concerns(in: "My stepdad hits me when he drinks") == [.violence])
        #expect(UrgentHelp.concerns(in: "Мене зґвалтували, і я не знаю, що робити") == [.abuse])
        #expect(UrgentHelp.concerns(in: "Вітчим б'є мене") == [.violence])
        #expect(UrgentHelp.concerns(in: "I want to die and I keep cutting myself").sorted { $0.rawValue < $1.rawValue } == [.selfHarm, .suicide])
        #expect(UrgentHelp.concerns(in: "Hva er vanlig høyde for en 15-åring?").isEmpty)
        #expect(UrgentHelp.concerns(in: "I like white meat and grapes").isEmpty, "no 'hit me' in 'white meat', no 'rape' in 'grapes'")
        #expect(UrgentHelp.numbers.map(\.number).contains("116 111") && UrgentHelp.numbers.first?.number == "113")
    }

    @Test("Reply codes: 12 characters without look-alikes; typed codes normalised, anything else refused")
    func replyCode() {
        var random = SeededGenerator(seed: 1)
        let code = ReplyCode.generate(using: &random)
        #expect(code.count == 14 && code.split(separator: "-").count == 3 && !code.contains("O") && !code.contains("0") && !code.contains("I"))
        #expect(ReplyCode.normalise(code.lowercased().replacingOccurrences(of: "-", with: " ")) == code.replacingOccurrences(of: "-", with: ""))
        for bad in ["", "K7QM-2XRD", "K7QM-2XRD-9HT0", "'; DROP TABLE--", String(repeating: "A", count: 400)] { #expect(ReplyCode.normalise(bad) == nil) }
        var other = SeededGenerator(seed: 2)
        #expect(ReplyCode.generate(using: &other) != code)
    }

    @Test("Redaction: e-mail, identity number, phone, school, place and name, each kept for the reviewer")
    func redaction() {
        let redactor = Redactor(names: ["Emma", "Ola"], places: ["Bergen", "Lillestrøm"])
        let (text, removed) = redactor.redact("""
            Jeg heter Emma og går på Hauketo skole i Bergen. Ring meg på 912 34 567 eller +47 41234567, \
            e-post emma.h@example.no, fødselsnummer 01010112345. Ola på Fjellskolen vet det.
            """)
        #expect(text == "Jeg heter [navn] og går på [skole] i [sted]. Ring meg på [telefon] eller [telefon], e-post [e-post], fødselsnummer [fødselsnummer]. [navn] på [skole] vet det.")
        #expect(removed.map(\.kind) == [.email, .identityNumber, .phone, .phone, .school, .school, .place, .name, .name])
        #expect(removed.contains(Redactor.Removal(kind: .school, original: "Hauketo skole")))
        #expect(redactor.redact("Jeg er emma i bergen, og jeg er 15 år.").text == "Jeg er emma i bergen, og jeg er 15 år.", "lower-case words are ordinary words")
        #expect(redactor.redact("Det skjedde på Lillestrøm videregående skole").text == "Det skjedde på [skole]")
    }
}
