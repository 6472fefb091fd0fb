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

    /// For finding answers to a question like `text`: its eight longest different words of at
    /// least four letters, any of which may match (`fts5Any`, `tsqueryAny`); nil when there are none.
    public static func similar(to text: String) -> FullTextQuery? {
        var seen = Set<String>()
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber) }.map { String($0.prefix(maximumWordLength)) }
            .filter { $0.count >= 4 && seen.insert($0).inserted }
        let longest = words.enumerated().sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }.prefix(maximumWords).map(\.element)
        return longest.isEmpty ? nil : FullTextQuery(words: Array(longest))
    }

    init(words: [String]) { self.words = words }

    /// FTS5's query for any of the words (`"mobbing" OR "skolen"`).
    public var fts5Any: String { words.map { "\"\($0)\"" }.joined(separator: " OR ") }

    /// PostgreSQL's query for any of the words (`mobbing | skolen`).
    public var tsqueryAny: String { words.joined(separator: " | ") }
}
