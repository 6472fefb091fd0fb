import Identifiers

/// Triage: the discipline a new question goes to first, from the words it uses. The panel can
/// move it to another discipline; a question with no telling words goes to the nurses, who see
/// the widest range.
public enum Triage {
    static let stems: [(Discipline, [String])] = [
        (.psychologist, ["deprim", "angst", "mobb", "bully", "цькув", "trist", "lei meg", "ensom", "panikk", "selvmord", "sjølvmord", "skade meg", "spiseforstyr", "psyk",
                         "depress", "anxi", "lonely", "sad", "panic", "suicid", "self-harm", "тривог", "депрес", "самотн", "сумн"]),
        (.lawyer, ["loven", "lovlig", "rettigheter", "rettar", "politi", "anmeld", "samvær", "foreldrerett", "barnevern", "advokat", "law", "legal", "rights",
                   "police", "court", "custody", "закон", "права", "поліц", "суд"]),
        (.careerAdviser, ["jobb", "utdanning", "studier", "studere", "linje", "yrkesfag", "lærling", "søknad", "cv", "job", "career",
                          "study", "apprentice", "school subject", "робот", "навчан", "професі"]),
        (.socialWorker, ["penger", "bolig", "hjemmefra", "flytte", "foreldre krangler", "nav-", "money", "housing", "move out", "гроші", "житл"]),
        (.doctor, ["medisin", "vondt", "smerte", "prevensjon", "p-pille", "graviditet", "gravid", "kjønnssykdom", "klamydia", "blødning", "feber",
                   "medicine", "pain", "contracepti", "pregnan", "bleeding", "fever", "ліки", "біль", "вагітн"]),
    ]

    /// The discipline that the most stems point to (the first listed wins a tie), or nurse. A
    /// one-word stem begins a word ("deprim" finds "deprimert", the stems are chosen so that none is a common word's start), a phrase must stand as words.
    public static func suggest(_ text: String) -> Discipline {
        let words = text.lowercased().split { !($0.isLetter || $0 == "-") }.map(String.init)
        let joined = " " + words.joined(separator: " ") + " "
        var best: (Discipline, Int) = (.nurse, 0)
        for (discipline, stems) in stems {
            let hits = stems.filter { stem in stem.contains(" ") ? joined.contains(" \(stem) ") : words.contains { $0.hasPrefix(stem) } }.count
            if hits > best.1 { best = (discipline, hits) }
        }
        return best.0
    }
}

/// An expert's answer, checked: 40 to 5,000 characters, without control characters.
public enum PanelAnswer {
    public static let lengths = 40...5000

    /// Why an answer (or the text a reviewer publishes) was refused.
    public enum Problem: String, Error, Sendable, Equatable { case tooShort = "too-short", tooLong = "too-long", controlCharacters = "control-characters" }

    /// The answer with line endings made plain and the ends trimmed.
    public static func check(_ text: String, lengths: ClosedRange<Int> = lengths) throws(Problem) -> String {
        let text = text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) { throw .controlCharacters }
        guard text.count >= lengths.lowerBound else { throw .tooShort }
        guard text.count <= lengths.upperBound else { throw .tooLong }
        return text
    }
}

/// The archive's notice on old answers: one answered more than a year ago may be out of date.
public enum ArchiveNotice {
    /// Whether an answer from `answered` is older than a year on `today`.
    public static func isOld(answered: CalendarDate, today: CalendarDate) -> Bool {
        answered.adding(days: 365) < today
    }
}

extension Redactor {
    /// Common first names in Norway (Statistics Norway's most frequent) and among Ukrainian
    /// arrivals, for the panel's redaction; place names come from the municipality list.
    public static let commonFirstNames: [String] = [
        "Emma", "Nora", "Sofie", "Ella", "Olivia", "Ada", "Sara", "Ingrid", "Maja", "Frida", "Leah", "Hedda", "Astrid", "Selma", "Thea",
        "Ida", "Tiril", "Vilde", "Julie", "Mathilde", "Hanna", "Amalie", "Aurora", "Tuva", "Sigrid", "Marte", "Silje", "Kari", "Anne",
        "Jakob", "Emil", "Noah", "Oliver", "Filip", "William", "Lucas", "Liam", "Henrik", "Oskar", "Aksel", "Theodor", "Elias", "Kasper",
        "Magnus", "Johannes", "Isak", "Mathias", "Tobias", "Sander", "Jonas", "Markus", "Martin", "Ola", "Per", "Lars", "Erik", "Håkon",
        "Olena", "Iryna", "Oksana", "Yuliia", "Mariia", "Anna", "Kateryna", "Sofiia", "Daryna", "Oleksandr", "Andrii", "Dmytro",
        "Maksym", "Ivan", "Bohdan", "Artem", "Олена", "Ірина", "Марія", "Софія", "Андрій", "Дмитро", "Максим", "Богдан",
    ]
}
