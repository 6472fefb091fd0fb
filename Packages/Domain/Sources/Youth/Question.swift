import Foundation

/// The experts' disciplines on the panel ("Spør oss"); a question goes to one of them.
public enum Discipline: String, CaseIterable, Sendable, Codable {
    case nurse, doctor, psychologist, lawyer, careerAdviser = "career-adviser", socialWorker = "social-worker"
}

/// An anonymous question as a young person sends it, checked: the text (20 to 2,000
/// characters), and optionally age (13 to 20), gender and county. No name, no login.
public struct QuestionDraft: Sendable, Equatable {
    public let text: String
    public let age: Int?
    public let gender: String?
    public let county: String?

    public static let minimumLength = 20, maximumLength = 2000
    public static let genders = ["girl", "boy", "other"]

    /// Why a question was refused.
    public enum Problem: String, Error, Sendable, Equatable {
        case empty, tooShort = "too-short", tooLong = "too-long", spam, age, gender, controlCharacters = "control-characters"
    }

    /// The checked question. `counties` are the county names a young person may choose from.
    public static func check(text: String, age: String, gender: String, county: String, counties: Set<String>) throws(Problem) -> QuestionDraft {
        let text = text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .empty }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) { throw .controlCharacters }
        guard text.count >= minimumLength else { throw .tooShort }
        guard text.count <= maximumLength else { throw .tooLong }
        if isSpam(text) { throw .spam }
        var ageValue: Int?
        if !age.isEmpty {
            guard let value = Int(age), (13...20).contains(value) else { throw .age }
            ageValue = value
        }
        guard gender.isEmpty || genders.contains(gender) else { throw .gender }
        return QuestionDraft(text: text, age: ageValue, gender: gender.isEmpty ? nil : gender, county: counties.contains(county) ? county : nil)
    }

    /// Spam: more than one link, one character repeated 15 times or more, or hardly any letters.
    static func isSpam(_ text: String) -> Bool {
        let lowered = text.lowercased()
        let links = ["http://", "https://", "www."].reduce(0) { $0 + lowered.components(separatedBy: $1).count - 1 }
        if links > 1 { return true }
        var run = 1, previous: Character?
        for character in text where !character.isWhitespace {
            run = character == previous ? run + 1 : 1
            previous = character
            if run >= 15 { return true }
        }
        let letters = text.filter(\.isLetter).count
        return Double(letters) < Double(text.filter { !$0.isWhitespace }.count) * 0.5
    }
}

/// Urgent help: a question that mentions self-harm, suicide, abuse or violence gets the emergency
/// numbers at once, before it is queued (and the experts see it first). Words and stems in nb, nn,
/// en and uk, matched in lower case.
public enum UrgentHelp {
    /// What a question touches on.
    public enum Concern: String, Sendable, CaseIterable { case selfHarm = "self-harm", suicide, abuse, violence }

    static let stems: [Concern: [String]] = [
        .suicide: ["selvmord", "sjølvmord", "ta livet av meg", "ta livet mitt", "ikke vil leve", "ikkje vil leve", "vil dø", "suicide", "kill myself",
                   "end my life", "want to die", "самогуб", "вбити себе", "покінчити з собою", "не хочу жити"],
        .selfHarm: ["skade meg selv", "skade meg sjølv", "kutter meg", "kutta meg", "kuttet meg", "selvskading", "sjølvskading", "self-harm", "self harm",
                    "cutting myself", "hurt myself", "самоушкодж", "ріжу себе", "порізала себе", "порізав себе"],
        .abuse: ["overgrep", "voldtatt", "voldtekt", "valdteken", "misbruk", "tafset", "abuse", "abused", "raped", "rape", "molest", "насильств", "зґвалт",
                 "домага"],
        .violence: ["slår meg", "slo meg", "banker meg", "vold", "vald", "truer meg", "hits me", "hit me", "beats me", "beat me", "violence", "threatens me",
                    "б'є мене", "побив", "погрожу"],
    ]

    /// The concerns the text mentions, if any: a one-word stem begins a word ("overgrep" finds
    /// "overgrepet"), a phrase stands as words ("hit me", not "white meat").
    public static func concerns(in text: String) -> [Concern] {
        let words = text.lowercased().replacingOccurrences(of: "ʼ", with: "'").replacingOccurrences(of: "’", with: "'")
            .split { !($0.isLetter || $0 == "'" || $0 == "-") }.map(String.init)
        let joined = " " + words.joined(separator: " ") + " "
        return Concern.allCases.filter { concern in
            stems[concern]!.contains { stem in stem.contains(" ") ? joined.contains(" " + stem) : words.contains { $0.hasPrefix(stem) } }
        }
    }

    /// The numbers to call, in the order shown.
    public static let numbers: [(name: String, number: String)] = [
        ("Nødnummer (ambulanse)", "113"),
        ("Politiet", "112"),
        ("Alarmtelefonen for barn og unge", "116 111"),
        ("Kors på halsen (Røde Kors)", "800 333 21"),
        ("Mental Helse Hjelpetelefonen", "116 123"),
    ]
}

/// The private code a young person gets to read the answer later: 12 characters from an alphabet
/// without look-alikes, shown as three groups. Only its digest is stored.
public enum ReplyCode {
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    /// A new code, such as `K7QM-2XRD-9HTP`.
    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let characters = (0..<12).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
        return String(characters[0..<4]) + "-" + String(characters[4..<8]) + "-" + String(characters[8..<12])
    }

    /// The code as typed, without spaces, hyphens or case; nil when it cannot be a code.
    public static func normalise(_ typed: String) -> String? {
        let code = typed.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard code.count == 12, code.allSatisfy(alphabet.contains) else { return nil }
        return code
    }
}
