import Foundation

/// The machine-readable form of names that travel documents use (ICAO Doc 9303 part 3, §6)
/// and that the DCC's `fnt` and `gnt` fields require: A–Z, with `<` for spaces and hyphens.
///
/// Norwegian letters follow the ICAO recommendations (Æ → AE, Ø → OE, Å → AA). Cyrillic follows
/// the ICAO table, or for Ukrainian names the Ukrainian national system (Cabinet of Ministers
/// resolution 55 of 2010), which Ukrainian passports use and which differs in Г → H, И → Y, and
/// the word-initial Є, Ї, Й, Ю, Я (YE, YI, Y, YU, YA).
public enum Transliteration {
    /// Which rules to use for Cyrillic letters.
    public enum Convention: Sendable, Equatable {
        /// Ukrainian if the name has a letter only Ukrainian uses (Ґ, Є, І, Ї), otherwise ICAO.
        case automatic
        /// The ICAO 9303 table.
        case icao
        /// The Ukrainian national system.
        case ukrainian
    }

    /// The most characters `fnt` and `gnt` hold.
    public static let maximumLength = 80

    /// `name` in the machine-readable form: upper case A–Z, `<` for each space or hyphen,
    /// punctuation dropped, cut at 80 characters.
    public static func icao(_ name: String, convention: Convention = .automatic) -> String {
        let upper = name.uppercased()
        let ukrainian = switch convention {
        case .automatic: upper.contains { "ҐЄІЇ".contains($0) }
        case .icao: false
        case .ukrainian: true
        }
        var out = ""
        var previous: Character? = nil
        let characters = Array(upper)
        for (index, character) in characters.enumerated() {
            let wordStart = previous.map { !$0.isLetter } ?? true
            out += transliterate(character, ukrainian: ukrainian, wordStart: wordStart, next: index + 1 < characters.count ? characters[index + 1] : nil, previous: previous)
            previous = character
        }
        return String(out.prefix(maximumLength))
    }

    private static func transliterate(_ character: Character, ukrainian: Bool, wordStart: Bool, next: Character?, previous: Character?) -> String {
        if character.isASCII {
            if ("A"..."Z").contains(character) { return String(character) }
            return character == " " || character == "-" ? "<" : ""
        }
        if let latin = latinSpecial[character] { return latin }
        if ukrainian, let special = ukrainianRule(character, wordStart: wordStart, previous: previous) { return special }
        if let cyrillic = cyrillicICAO[character] { return cyrillic }
        // Other Latin letters with diacritics: the base letter (É → E, Ł → L after the table).
        let base = String(character).decomposedStringWithCanonicalMapping.unicodeScalars.first.map(Character.init)
        if let base, base.isASCII, ("A"..."Z").contains(base) { return String(base) }
        return ""
    }

    private static func ukrainianRule(_ character: Character, wordStart: Bool, previous: Character?) -> String? {
        switch character {
        case "Г": previous == "З" ? "GH" : "H"
        case "И": "Y"
        case "Є": wordStart ? "YE" : "IE"
        case "Ї": wordStart ? "YI" : "I"
        case "Й": wordStart ? "Y" : "I"
        case "Ю": wordStart ? "YU" : "IU"
        case "Я": wordStart ? "YA" : "IA"
        case "Ь", "'", "’", "ʼ": ""
        default: nil
        }
    }

    /// Latin letters ICAO spells out rather than stripping a mark from.
    private static let latinSpecial: [Character: String] = [
        "Æ": "AE", "Ø": "OE", "Å": "AA", "Ä": "AE", "Ö": "OE", "Ü": "UE", "ẞ": "SS", "Þ": "TH",
        "Ð": "D", "Œ": "OE", "Ĳ": "IJ", "Ł": "L", "Đ": "D", "Ħ": "H", "Ŧ": "T", "Ŋ": "N",
    ]

    /// ICAO 9303 part 3's Cyrillic table.
    private static let cyrillicICAO: [Character: String] = [
        "А": "A", "Б": "B", "В": "V", "Г": "G", "Ґ": "G", "Д": "D", "Ѓ": "G", "Ђ": "D", "Е": "E", "Ё": "E", "Є": "IE",
        "Ж": "ZH", "З": "Z", "Ѕ": "DZ", "И": "I", "І": "I", "Ї": "I", "Й": "I", "Ј": "J", "К": "K", "Л": "L", "Љ": "LJ",
        "М": "M", "Н": "N", "Њ": "NJ", "О": "O", "П": "P", "Р": "R", "С": "S", "Т": "T", "Ћ": "C", "Ќ": "K", "У": "U",
        "Ў": "U", "Ф": "F", "Х": "KH", "Ц": "TS", "Ч": "CH", "Џ": "DZ", "Ш": "SH", "Щ": "SHCH", "Ъ": "IE", "Ы": "Y",
        "Ь": "", "Э": "E", "Ю": "IU", "Я": "IA",
    ]
}
