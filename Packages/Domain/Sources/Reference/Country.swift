/// A country as ISO 3166-1 codes and its name in English, Norwegian and Ukrainian.
public struct Country: Sendable, Hashable {
    /// ISO 3166-1 alpha-2, as the EU DCC uses (`UA`).
    public let alpha2: String
    /// ISO 3166-1 alpha-3, as travel documents and the population register use (`UKR`).
    public let alpha3: String
    public let en: String
    public let nb: String
    public let uk: String

    /// The name in a language code (`nb` and `nn` share the Norwegian names).
    public func name(language: String) -> String {
        language == "uk" ? uk : language == "en" ? en : nb
    }
}

/// The countries Tverr's forms offer: a curated list of the countries people coming to Norway
/// came from, not all 249. A code not here is refused with a clear message. Kosovo, which has no
/// ISO code, uses the user-assigned `XK`/`XKX` the EU uses.
public enum Countries {
    /// A country by its alpha-2 or alpha-3 code; nil for a code not in the list.
    public static func lookup(_ code: String) -> Country? {
        code.count == 3 ? byAlpha3[code] : byAlpha2[code]
    }

    /// Every country, in the order of their English names.
    public static let all: [Country] = [
        Country(alpha2: "AF", alpha3: "AFG", en: "Afghanistan", nb: "Afghanistan", uk: "Афганістан"),
        Country(alpha2: "AL", alpha3: "ALB", en: "Albania", nb: "Albania", uk: "Албанія"),
        Country(alpha2: "DZ", alpha3: "DZA", en: "Algeria", nb: "Algerie", uk: "Алжир"),
        Country(alpha2: "AR", alpha3: "ARG", en: "Argentina", nb: "Argentina", uk: "Аргентина"),
        Country(alpha2: "AU", alpha3: "AUS", en: "Australia", nb: "Australia", uk: "Австралія"),
        Country(alpha2: "AT", alpha3: "AUT", en: "Austria", nb: "Østerrike", uk: "Австрія"),
        Country(alpha2: "BY", alpha3: "BLR", en: "Belarus", nb: "Belarus", uk: "Білорусь"),
        Country(alpha2: "BE", alpha3: "BEL", en: "Belgium", nb: "Belgia", uk: "Бельгія"),
        Country(alpha2: "BA", alpha3: "BIH", en: "Bosnia and Herzegovina", nb: "Bosnia-Hercegovina", uk: "Боснія і Герцеговина"),
        Country(alpha2: "BR", alpha3: "BRA", en: "Brazil", nb: "Brasil", uk: "Бразилія"),
        Country(alpha2: "BG", alpha3: "BGR", en: "Bulgaria", nb: "Bulgaria", uk: "Болгарія"),
        Country(alpha2: "CA", alpha3: "CAN", en: "Canada", nb: "Canada", uk: "Канада"),
        Country(alpha2: "CL", alpha3: "CHL", en: "Chile", nb: "Chile", uk: "Чилі"),
        Country(alpha2: "CN", alpha3: "CHN", en: "China", nb: "Kina", uk: "Китай"),
        Country(alpha2: "CO", alpha3: "COL", en: "Colombia", nb: "Colombia", uk: "Колумбія"),
        Country(alpha2: "HR", alpha3: "HRV", en: "Croatia", nb: "Kroatia", uk: "Хорватія"),
        Country(alpha2: "CY", alpha3: "CYP", en: "Cyprus", nb: "Kypros", uk: "Кіпр"),
        Country(alpha2: "CZ", alpha3: "CZE", en: "Czechia", nb: "Tsjekkia", uk: "Чехія"),
        Country(alpha2: "DK", alpha3: "DNK", en: "Denmark", nb: "Danmark", uk: "Данія"),
        Country(alpha2: "EG", alpha3: "EGY", en: "Egypt", nb: "Egypt", uk: "Єгипет"),
        Country(alpha2: "ER", alpha3: "ERI", en: "Eritrea", nb: "Eritrea", uk: "Еритрея"),
        Country(alpha2: "EE", alpha3: "EST", en: "Estonia", nb: "Estland", uk: "Естонія"),
        Country(alpha2: "ET", alpha3: "ETH", en: "Ethiopia", nb: "Etiopia", uk: "Ефіопія"),
        Country(alpha2: "FI", alpha3: "FIN", en: "Finland", nb: "Finland", uk: "Фінляндія"),
        Country(alpha2: "FR", alpha3: "FRA", en: "France", nb: "Frankrike", uk: "Франція"),
        Country(alpha2: "GE", alpha3: "GEO", en: "Georgia", nb: "Georgia", uk: "Грузія"),
        Country(alpha2: "DE", alpha3: "DEU", en: "Germany", nb: "Tyskland", uk: "Німеччина"),
        Country(alpha2: "GR", alpha3: "GRC", en: "Greece", nb: "Hellas", uk: "Греція"),
        Country(alpha2: "HU", alpha3: "HUN", en: "Hungary", nb: "Ungarn", uk: "Угорщина"),
        Country(alpha2: "IS", alpha3: "ISL", en: "Iceland", nb: "Island", uk: "Ісландія"),
        Country(alpha2: "IN", alpha3: "IND", en: "India", nb: "India", uk: "Індія"),
        Country(alpha2: "ID", alpha3: "IDN", en: "Indonesia", nb: "Indonesia", uk: "Індонезія"),
        Country(alpha2: "IR", alpha3: "IRN", en: "Iran", nb: "Iran", uk: "Іран"),
        Country(alpha2: "IQ", alpha3: "IRQ", en: "Iraq", nb: "Irak", uk: "Ірак"),
        Country(alpha2: "IE", alpha3: "IRL", en: "Ireland", nb: "Irland", uk: "Ірландія"),
        Country(alpha2: "IL", alpha3: "ISR", en: "Israel", nb: "Israel", uk: "Ізраїль"),
        Country(alpha2: "IT", alpha3: "ITA", en: "Italy", nb: "Italia", uk: "Італія"),
        Country(alpha2: "JP", alpha3: "JPN", en: "Japan", nb: "Japan", uk: "Японія"),
        Country(alpha2: "KE", alpha3: "KEN", en: "Kenya", nb: "Kenya", uk: "Кенія"),
        Country(alpha2: "XK", alpha3: "XKX", en: "Kosovo", nb: "Kosovo", uk: "Косово"),
        Country(alpha2: "LV", alpha3: "LVA", en: "Latvia", nb: "Latvia", uk: "Латвія"),
        Country(alpha2: "LB", alpha3: "LBN", en: "Lebanon", nb: "Libanon", uk: "Ліван"),
        Country(alpha2: "LI", alpha3: "LIE", en: "Liechtenstein", nb: "Liechtenstein", uk: "Ліхтенштейн"),
        Country(alpha2: "LT", alpha3: "LTU", en: "Lithuania", nb: "Litauen", uk: "Литва"),
        Country(alpha2: "LU", alpha3: "LUX", en: "Luxembourg", nb: "Luxembourg", uk: "Люксембург"),
        Country(alpha2: "MT", alpha3: "MLT", en: "Malta", nb: "Malta", uk: "Мальта"),
        Country(alpha2: "MX", alpha3: "MEX", en: "Mexico", nb: "Mexico", uk: "Мексика"),
        Country(alpha2: "MD", alpha3: "MDA", en: "Moldova", nb: "Moldova", uk: "Молдова"),
        Country(alpha2: "ME", alpha3: "MNE", en: "Montenegro", nb: "Montenegro", uk: "Чорногорія"),
        Country(alpha2: "MA", alpha3: "MAR", en: "Morocco", nb: "Marokko", uk: "Марокко"),
        Country(alpha2: "NL", alpha3: "NLD", en: "Netherlands", nb: "Nederland", uk: "Нідерланди"),
        Country(alpha2: "NZ", alpha3: "NZL", en: "New Zealand", nb: "New Zealand", uk: "Нова Зеландія"),
        Country(alpha2: "NG", alpha3: "NGA", en: "Nigeria", nb: "Nigeria", uk: "Нігерія"),
        Country(alpha2: "MK", alpha3: "MKD", en: "North Macedonia", nb: "Nord-Makedonia", uk: "Північна Македонія"),
        Country(alpha2: "NO", alpha3: "NOR", en: "Norway", nb: "Norge", uk: "Норвегія"),
        Country(alpha2: "PK", alpha3: "PAK", en: "Pakistan", nb: "Pakistan", uk: "Пакистан"),
        Country(alpha2: "PH", alpha3: "PHL", en: "Philippines", nb: "Filippinene", uk: "Філіппіни"),
        Country(alpha2: "PL", alpha3: "POL", en: "Poland", nb: "Polen", uk: "Польща"),
        Country(alpha2: "PT", alpha3: "PRT", en: "Portugal", nb: "Portugal", uk: "Португалія"),
        Country(alpha2: "QA", alpha3: "QAT", en: "Qatar", nb: "Qatar", uk: "Катар"),
        Country(alpha2: "RO", alpha3: "ROU", en: "Romania", nb: "Romania", uk: "Румунія"),
        Country(alpha2: "RU", alpha3: "RUS", en: "Russia", nb: "Russland", uk: "Росія"),
        Country(alpha2: "SA", alpha3: "SAU", en: "Saudi Arabia", nb: "Saudi-Arabia", uk: "Саудівська Аравія"),
        Country(alpha2: "RS", alpha3: "SRB", en: "Serbia", nb: "Serbia", uk: "Сербія"),
        Country(alpha2: "SK", alpha3: "SVK", en: "Slovakia", nb: "Slovakia", uk: "Словаччина"),
        Country(alpha2: "SI", alpha3: "SVN", en: "Slovenia", nb: "Slovenia", uk: "Словенія"),
        Country(alpha2: "SO", alpha3: "SOM", en: "Somalia", nb: "Somalia", uk: "Сомалі"),
        Country(alpha2: "ZA", alpha3: "ZAF", en: "South Africa", nb: "Sør-Afrika", uk: "Південна Африка"),
        Country(alpha2: "KR", alpha3: "KOR", en: "South Korea", nb: "Sør-Korea", uk: "Південна Корея"),
        Country(alpha2: "ES", alpha3: "ESP", en: "Spain", nb: "Spania", uk: "Іспанія"),
        Country(alpha2: "LK", alpha3: "LKA", en: "Sri Lanka", nb: "Sri Lanka", uk: "Шрі-Ланка"),
        Country(alpha2: "SE", alpha3: "SWE", en: "Sweden", nb: "Sverige", uk: "Швеція"),
        Country(alpha2: "CH", alpha3: "CHE", en: "Switzerland", nb: "Sveits", uk: "Швейцарія"),
        Country(alpha2: "SY", alpha3: "SYR", en: "Syria", nb: "Syria", uk: "Сирія"),
        Country(alpha2: "TH", alpha3: "THA", en: "Thailand", nb: "Thailand", uk: "Таїланд"),
        Country(alpha2: "TR", alpha3: "TUR", en: "Türkiye", nb: "Tyrkia", uk: "Туреччина"),
        Country(alpha2: "UA", alpha3: "UKR", en: "Ukraine", nb: "Ukraina", uk: "Україна"),
        Country(alpha2: "AE", alpha3: "ARE", en: "United Arab Emirates", nb: "De forente arabiske emirater", uk: "Об’єднані Арабські Емірати"),
        Country(alpha2: "GB", alpha3: "GBR", en: "United Kingdom", nb: "Storbritannia", uk: "Велика Британія"),
        Country(alpha2: "US", alpha3: "USA", en: "United States", nb: "USA", uk: "США"),
        Country(alpha2: "VN", alpha3: "VNM", en: "Vietnam", nb: "Vietnam", uk: "В’єтнам"),
    ]

    static let byAlpha2 = Dictionary(uniqueKeysWithValues: all.map { ($0.alpha2, $0) })
    static let byAlpha3 = Dictionary(uniqueKeysWithValues: all.map { ($0.alpha3, $0) })
}
