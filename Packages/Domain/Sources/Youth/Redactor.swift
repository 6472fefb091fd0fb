import Foundation

/// Removes identifying details from a question and its answer before they are published: e-mail
/// addresses, national identity numbers (any 11 digits), phone numbers, schools, place names
/// from the municipality list and first names from a list. Each removal is kept, so that the
/// reviewer sees what went and can put right what should not have.
public struct Redactor: Sendable {
    /// What was removed.
    public enum Kind: String, Sendable, Codable, CaseIterable { case email, identityNumber = "identity-number", phone, school, place, name }

    public struct Removal: Sendable, Equatable, Codable {
        public let kind: Kind
        public let original: String
        public init(kind: Kind, original: String) { (self.kind, self.original) = (kind, original) }
    }

    /// The names and places to look for (place names as written, such as "Bergen").
    let names: Set<String>
    let places: Set<String>

    public init(names: some Sequence<String>, places: some Sequence<String>) {
        self.names = Set(names.map { $0.lowercased() })
        self.places = Set(places.map { $0.lowercased() })
    }

    /// The placeholders, as the archive shows them.
    public static func placeholder(_ kind: Kind) -> String {
        switch kind {
        case .email: "[e-post]"
        case .identityNumber: "[fødselsnummer]"
        case .phone: "[telefon]"
        case .school: "[skole]"
        case .place: "[sted]"
        case .name: "[navn]"
        }
    }

    static let sources: [(Kind, String)] = [
        (.email, #"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+"#),
        (.identityNumber, #"(?<!\d)\d{6}\s?\d{5}(?!\d)"#),
        (.phone, #"(?<![\d+])(\+|00)?(47\s?)?\d{2}\s?\d{2}\s?\d{2}\s?\d{2}(?!\d)|(?<![\d+])\d{3}\s\d{2}\s\d{3}(?!\d)"#),
        // "Hauketo skole", "Nordahl Grieg videregående", "Fjellskolen", "Bergen katedralskole"
        (.school, #"\b(\p{Lu}[\p{L}-]*\s)+(ungdoms|barne)?(sk[uo]len?|videregående(\sskole)?|vgs|gymnas)\b|\b\p{Lu}[\p{L}-]*sk[uo]len?\b"#),
    ]

    /// The compiled patterns (NSRegularExpression is immutable and safe to share between threads).
    nonisolated(unsafe) static let patterns: [(Kind, NSRegularExpression)] = sources.map { ($0.0, try! NSRegularExpression(pattern: $0.1)) }

    /// The text with identifying details replaced, and what was removed, in order of kind.
    public func redact(_ text: String) -> (text: String, removed: [Removal]) {
        var text = text, removed: [Removal] = []
        for (kind, pattern) in Self.patterns {
            let range = NSRange(text.startIndex..., in: text)
            for match in pattern.matches(in: text, range: range).reversed() {
                guard let found = Range(match.range, in: text) else { continue }
                removed.append(Removal(kind: kind, original: String(text[found])))
                text.replaceSubrange(found, with: Self.placeholder(kind))
            }
        }
        // Places and names: capitalised words found in the lists (whole words only).
        var out = "", word = ""
        func flush() {
            guard !word.isEmpty else { return }
            let lowered = word.lowercased()
            if word.first?.isUppercase == true, places.contains(lowered) {
                removed.append(Removal(kind: .place, original: word)); out += Self.placeholder(.place)
            } else if word.first?.isUppercase == true, names.contains(lowered) {
                removed.append(Removal(kind: .name, original: word)); out += Self.placeholder(.name)
            } else {
                out += word
            }
            word = ""
        }
        for character in text {
            if character.isLetter || character == "-" { word.append(character) } else { flush(); out.append(character) }
        }
        flush()
        return (out, removed.sorted { Kind.allCases.firstIndex(of: $0.kind)! < Kind.allCases.firstIndex(of: $1.kind)! })
    }
}
