/// The languages every page and message comes in.
public enum Language: String, CaseIterable, Sendable, Codable {
    /// Norwegian Bokmål.
    case nb
    /// Norwegian Nynorsk.
    case nn
    /// English.
    case en
    /// Ukrainian.
    case uk

    /// The default when nothing else is known.
    public static let fallback: Language = .nb

    /// The language's name in itself, for the language switcher.
    public var endonym: String {
        switch self {
        case .nb: "Norsk bokmål"
        case .nn: "Norsk nynorsk"
        case .en: "English"
        case .uk: "Українська"
        }
    }

    /// The BCP 47 tag for the HTML `lang` attribute.
    public var tag: String { rawValue }

    /// Parses a language tag such as "nb-NO", "no", "uk-UA" or "en-GB".
    public init?(tag: some StringProtocol) {
        let primary = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
        switch primary {
        case "nb", "no": self = .nb
        case "nn": self = .nn
        case "en": self = .en
        case "uk": self = .uk
        default: return nil
        }
    }

    /// The best language for an HTTP `Accept-Language` header (RFC 9110 §12.5.4), by quality.
    public static func negotiate(acceptLanguage header: String?) -> Language {
        guard let header else { return fallback }
        var best: (Language, Double)?
        for item in header.split(separator: ",").prefix(20) {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters() }
            guard let tag = parts.first, let language = Language(tag: tag) else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            if quality > 0, quality > (best?.1 ?? -1) { best = (language, quality) }
        }
        return best?.0 ?? fallback
    }
}

extension StringProtocol {
    func trimmingCharacters() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
