import Identifiers
import Testing
@testable import Youth

@Suite("The expert panel: triage by discipline, answers checked, old answers marked, names redacted")
struct PanelTests {
    @Test("Triage sends a question to the discipline its words point to, and to the nurses when none does")
    func triage() {
        #expect(Triage.suggest("Jeg har vært deprimert og trist lenge, og er så ensom") == .psychologist)
        #expect(Triage.suggest("Can my parents decide custody? What are my rights in court?") == .lawyer)
        #expect(Triage.suggest("Hvilken utdanning trenger jeg for å bli lærling som elektriker?") == .careerAdviser)
        #expect(Triage.suggest("Kan jeg bli gravid hvis jeg glemmer p-pillen én dag?") == .doctor)
        #expect(Triage.suggest("Я хочу піти на роботу, яке навчання потрібне?") == .careerAdviser)
        #expect(Triage.suggest("Hva heter du, og hvor bor dere?") == .nurse, "no telling word: the nurses")
        #expect(Triage.suggest("Hva er navnet på den nye loven?") != .socialWorker, "'navnet' is not Nav")
    }

    @Test("An answer is 40 to 5,000 characters without control characters, trimmed, with plain line endings")
    func answer() throws {
        #expect(try PanelAnswer.check("  Det er helt vanlig å føle det slik.\r\nSnakk med helsesykepleieren.  ")
                == "Det er helt vanlig å føle det slik.\nSnakk med helsesykepleieren.")
        #expect(throws: PanelAnswer.Problem.tooShort) { try PanelAnswer.check("Ja.") }
        #expect(throws: PanelAnswer.Problem.tooLong) { try PanelAnswer.check(String(repeating: "a", count: 5001)) }
        #expect(throws: PanelAnswer.Problem.controlCharacters) { try PanelAnswer.check("Et svar med en skjult \u{1B}[2J escape-kode inni seg, som ikke skal stå der.") }
    }

    @Test("An answer is old after a year, not on the day a year after")
    func old() {
        let answered = CalendarDate(year: 2025, month: 12, day: 8)!
        #expect(!ArchiveNotice.isOld(answered: answered, today: CalendarDate(year: 2026, month: 12, day: 8)!))
        #expect(ArchiveNotice.isOld(answered: answered, today: CalendarDate(year: 2026, month: 12, day: 9)!))
    }

    @Test("The common first names are found, in Latin and Cyrillic script")
    func names() {
        let redactor = Redactor(names: Redactor.commonFirstNames, places: ["Tromsø"])
        let (text, removed) = redactor.redact("Kjæresten min Jonas i Tromsø og vennina mi Олена vet ikke")
        #expect(text == "Kjæresten min [navn] i [sted] og vennina mi [navn] vet ikke")
        #expect(removed.map(\.kind) == [.place, .name, .name])
    }
}

@Suite("Similar questions: the question's longest words, any of which may match")
struct SimilarQueryTests {
    @Test("Short words and repeats are dropped, at most eight words are kept, longest first, and the queries join them with OR")
    func similar() throws {
        let query = try #require(FullTextQuery.similar(to: "Hva gjør jeg når noen mobber meg på skolen? Mobber, MOBBER \"OR\" NEAR(x)"))
        #expect(query.words == ["mobber", "skolen", "gjør", "noen", "near"], "longest first, then in the order written")
        #expect(query.fts5Any == "\"mobber\" OR \"skolen\" OR \"gjør\" OR \"noen\" OR \"near\"" && query.tsqueryAny == "mobber | skolen | gjør | noen | near")
        #expect(FullTextQuery.similar(to: "Hei på deg, er du ok?") == nil)
        let long = String(repeating: "ordet ", count: 3) + "abcdefghijkl abcdefghijk abcdefghij abcdefghi abcdefgh abcdefg abcdef abcde abcd"
        #expect(FullTextQuery.similar(to: long)?.words.count == 8 && FullTextQuery.similar(to: long)?.words.first == "abcdefghijkl")
    }
}
