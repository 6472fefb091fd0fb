/// Name and street lists for the synthetic population. Ukrainian names carry the official
/// Ukrainian–Latin transliteration (Cabinet of Ministers resolution 55, 2010).
enum Names {
    static let norwegianFemale = [
        "Nora", "Emma", "Ella", "Olivia", "Sofie", "Ingrid", "Maja", "Sara", "Hanna", "Anne",
        "Kari", "Inger", "Marit", "Ingeborg", "Liv", "Eva", "Astrid", "Solveig", "Ida", "Thea",
        "Åse", "Bjørg", "Grete", "Silje", "Marte", "Frida", "Tuva", "Sigrid", "Randi", "Hilde",
    ]
    static let norwegianMale = [
        "Jakob", "Emil", "Noah", "Oliver", "Filip", "William", "Lucas", "Olav", "Ole", "Lars",
        "Per", "Jan", "Bjørn", "Knut", "Arne", "Kjell", "Hans", "Erik", "Magnus", "Henrik",
        "Sindre", "Øystein", "Håkon", "Tor", "Even", "Aksel", "Sverre", "Geir", "Trond", "Odd",
    ]
    static let norwegianFamily = [
        "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
        "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
        "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen",
        "Lund", "Sørensen", "Strand", "Solberg", "Moen", "Bakken", "Kristoffersen", "Lie",
        "Aasen", "Rønning", "Nygård", "Økland", "Vik", "Myhre", "Brekke", "Tveit", "Sæther",
    ]
    static let ukrainianFemale: [(latin: String, cyrillic: String)] = [
        ("Olena", "Олена"), ("Nataliia", "Наталія"), ("Iryna", "Ірина"), ("Oksana", "Оксана"),
        ("Tetiana", "Тетяна"), ("Yuliia", "Юлія"), ("Mariia", "Марія"), ("Anna", "Анна"),
        ("Kateryna", "Катерина"), ("Sofiia", "Софія"), ("Viktoriia", "Вікторія"), ("Daryna", "Дарина"),
        ("Halyna", "Галина"), ("Svitlana", "Світлана"), ("Liudmyla", "Людмила"), ("Zlata", "Злата"),
    ]
    static let ukrainianMale: [(latin: String, cyrillic: String)] = [
        ("Oleksandr", "Олександр"), ("Andrii", "Андрій"), ("Dmytro", "Дмитро"), ("Maksym", "Максим"),
        ("Ivan", "Іван"), ("Serhii", "Сергій"), ("Mykhailo", "Михайло"), ("Bohdan", "Богдан"),
        ("Taras", "Тарас"), ("Yurii", "Юрій"), ("Volodymyr", "Володимир"), ("Artem", "Артем"),
        ("Vasyl", "Василь"), ("Mykola", "Микола"), ("Denys", "Денис"), ("Yevhen", "Євген"),
    ]
    static let ukrainianFamily: [(latin: String, cyrillic: String)] = [
        ("Shevchenko", "Шевченко"), ("Kovalenko", "Коваленко"), ("Bondarenko", "Бондаренко"),
        ("Tkachenko", "Ткаченко"), ("Kravchenko", "Кравченко"), ("Oliinyk", "Олійник"),
        ("Melnyk", "Мельник"), ("Shevchuk", "Шевчук"), ("Polishchuk", "Поліщук"), ("Boiko", "Бойко"),
        ("Kovalchuk", "Ковальчук"), ("Savchenko", "Савченко"), ("Rudenko", "Руденко"),
        ("Lysenko", "Лисенко"), ("Marchenko", "Марченко"), ("Moroz", "Мороз"), ("Tkachuk", "Ткачук"),
    ]
    static let streets = [
        "Storgata", "Kirkeveien", "Skolegata", "Parkveien", "Strandveien", "Bakkeveien",
        "Industriveien", "Solveien", "Granveien", "Bjørkeveien", "Fjordgata", "Kongens gate",
        "Dronningens gate", "Elvegata", "Havnegata", "Løkkeveien", "Haugveien", "Lindeveien",
        "Furuveien", "Rosenborggata", "Sjøgata", "Nordre gate", "Søndre gate", "Myrveien",
    ]

    /// A lowercase ASCII form for synthetic e-mail addresses.
    static func asciiFold(_ text: String) -> String {
        var out = ""
        for ch in text.lowercased() {
            switch ch {
            case "æ": out += "ae"
            case "ø": out += "o"
            case "å": out += "a"
            case "a"..."z", "0"..."9": out.append(ch)
            default: break
            }
        }
        return out
    }
}
