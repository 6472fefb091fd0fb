import Foundation
import Localization
import Testing

@Suite("Message catalogues")
struct LocalizationTests {
    @Test("Every catalogue has a non-empty text for every key", arguments: Language.allCases)
    func complete(language: Language) {
        let messages = Catalogue.messages(for: language)
        for key in MessageKey.allCases {
            let text = messages[key]
            #expect(text != nil && !text!.isEmpty, "\(language.rawValue) lacks \(key.rawValue)")
        }
    }

    @Test("Accept-Language picks the best supported language by quality",
          arguments: [
              ("nb-NO,nb;q=0.9,en;q=0.8", Language.nb),
              ("no", .nb),
              ("uk-UA,uk;q=0.9,en;q=0.5", .uk),
              ("de-DE,en-GB;q=0.7,nn;q=0.8", .nn),
              ("fr,de", .nb),
              ("en;q=0,uk;q=0.1", .uk),
              ("", .nb),
              (";;;,,q=,", .nb),
          ])
    func negotiation(header: String, expected: Language) {
        #expect(Language.negotiate(acceptLanguage: header) == expected)
    }
}

@Suite("Dates in each language")
struct LanguageDateTests {
    @Test("Each language writes dates with its own month names, in Norwegian time")
    func dates() {
        let date = Date(timeIntervalSince1970: 1_796_216_700) // 2026-12-02T13:05:00Z
        #expect(Language.allCases.map(\.localeIdentifier) == ["nb_NO", "nn_NO", "en_GB", "uk_UA"])
        #expect(Language.en.format(date, time: .none) == "2 December 2026")
        #expect(Language.en.format(date).contains("14:05"), "13:05 UTC is 14:05 in Oslo in winter")
        #expect(Language.nb.format(date, time: .none).contains("desember"))
        #expect(Language.uk.format(date, time: .none).contains("грудня"))
        #expect(Language.nn.format(date, time: .none).contains("desember"))
    }
}
