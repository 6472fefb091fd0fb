import Foundation

/// LIX, the Scandinavian readability index (Björnsson): words per sentence plus the percentage
/// of long words (more than six letters). Under 30 is very easy, 30-40 easy (plain language),
/// 40-50 middling, over 50 hard.
public struct Readability: Equatable, Sendable {
    public let score: Double
    public let words: Int
    public let sentences: Int
    public let longWords: Int
    /// The longest sentences by word count, longest first (at most three).
    public let longestSentences: [String]
    /// The longest words, longest first (at most five, each once).
    public let longestWords: [String]

    /// Above this, a template gets a warning.
    public static let warningThreshold = 40.0

    public var isPlain: Bool { score <= Self.warningThreshold }

    public init(_ text: String) {
        let sentences = Self.sentences(in: text)
        var words = 0, long = 0
        var allWords: [String] = []
        for sentence in sentences {
            for word in Self.words(in: sentence) {
                words += 1
                if word.count > 6 { long += 1 }
                allWords.append(word)
            }
        }
        self.words = words
        self.sentences = max(sentences.count, words > 0 ? 1 : 0)
        self.longWords = long
        self.score = words == 0 ? 0 : (Double(words) / Double(self.sentences) + Double(long) * 100 / Double(words))
        self.longestSentences = Array(sentences.sorted { Self.words(in: $0).count > Self.words(in: $1).count }.prefix(3))
        var seen = Set<String>()
        self.longestWords = Array(allWords.filter { $0.count > 6 }.sorted { $0.count > $1.count || ($0.count == $1.count && $0 < $1) }
            .filter { seen.insert($0.lowercased()).inserted }.prefix(5))
    }

    /// Sentences end at `.`, `!`, `?` or `:`, or at a blank line (a heading or list item).
    static func sentences(in text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        for line in text.components(separatedBy: "\n") {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                flush(&current, into: &sentences)
                continue
            }
            // A list item or heading is a sentence of its own, whatever its punctuation.
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let isItem = trimmed.hasPrefix("-") || trimmed.hasPrefix("*") || trimmed.hasPrefix("#")
            if isItem { flush(&current, into: &sentences) }
            for character in line + " " {
                current.append(character)
                if ".!?:".contains(character) { flush(&current, into: &sentences) }
            }
            if isItem { flush(&current, into: &sentences) }
        }
        flush(&current, into: &sentences)
        return sentences
    }

    private static func flush(_ current: inout String, into sentences: inout [String]) {
        let sentence = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !words(in: sentence).isEmpty { sentences.append(sentence) }
        current = ""
    }

    /// Words: runs of letters and digits (placeholders count as one word each).
    static func words(in text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "'") }
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "-'")) }
            .filter { $0.contains(where: \.isLetter) }
    }
}

