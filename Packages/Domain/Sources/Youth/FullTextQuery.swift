/// What a young person types into a search box, made safe for the database's full-text search:
/// only words (letters and digits, in any script) survive, lower-cased, at most eight; the last
/// is a prefix, so that results come while a word is half typed. Operators, quotes, brackets and
/// column filters are not passed on, so no input can break or widen the query.
public struct FullTextQuery: Sendable, Equatable {
    /// The words, in order.
    public let words: [String]

    public static let maximumWords = 8, maximumWordLength = 40

    /// The query for `text`; nil when it holds no word.
    public init?(_ text: String) {
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber) }.map { String($0.prefix(Self.maximumWordLength)) }
        guard !words.isEmpty else { return nil }
        self.words = Array(words.prefix(Self.maximumWords))
    }

    /// SQLite FTS5's query language: each word quoted, the last as a prefix (`"skole" "mobb"*`).
    public var fts5: String {
        words.enumerated().map { index, word in "\"\(word)\"" + (index == words.count - 1 ? "*" : "") }.joined(separator: " ")
    }

    /// PostgreSQL's `to_tsquery('simple', …)`: the words joined by `&`, the last as a prefix
    /// (`skole & mobb:*`). Safe because a word holds only letters and digits.
    public var tsquery: String {
        words.enumerated().map { index, word in word + (index == words.count - 1 ? ":*" : "") }.joined(separator: " & ")
    }
}
