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
