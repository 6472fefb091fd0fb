import Reference

/// The countries a traveller can name on the entry form: ISO 3166-1 alpha-2 codes with their
/// names in English, Norwegian and Ukrainian. A curated list of the countries travellers to Norway came
/// from, not all 249; a code not here is refused with a clear message.
public enum TravelCountries {
    /// The name of `code` in a language (`nb` and `nn` share the Norwegian names); nil for a code not in the list.
    public static func name(_ code: String, language: String) -> String? {
        names[code].map { language == "uk" ? $0.uk : language == "en" ? $0.en : $0.nb }
    }

    /// By code: the English, the Norwegian and the Ukrainian name.
    public static let names: [String: (en: String, nb: String, uk: String)] = Dictionary(
        uniqueKeysWithValues: Countries.all.map { ($0.alpha2, (en: $0.en, nb: $0.nb, uk: $0.uk)) }
    )
}
