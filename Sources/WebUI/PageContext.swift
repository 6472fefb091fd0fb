import Localization

/// What every page needs besides its own model: the language and where the page lives.
public struct PageContext: Sendable {
    /// The language the page is rendered in.
    public var language: Language
    /// The request path, used to build the language switcher's links.
    public var path: String

    /// Query parameters the language switcher must keep (for example an authorization request's).
    public var preservedQuery: [(name: String, value: String)]

    /// Creates a page context.
    public init(language: Language, path: String, preservedQuery: [(name: String, value: String)] = []) {
        self.language = language
        self.path = path
        self.preservedQuery = preservedQuery.filter { $0.name != "lang" }
    }

    /// The link to this page in `language`, keeping the preserved query, escaped for an attribute.
    public func link(in language: Language) -> String {
        let query = preservedQuery.map { "\(HTMLEscaping.queryComponent($0.name))=\(HTMLEscaping.queryComponent($0.value))" }
        return HTMLEscaping.pathAttribute(path) + HTMLEscaping.attribute("?" + (query + ["lang=\(language.rawValue)"]).joined(separator: "&"))
    }

    /// The text for `key` in the page's language.
    public func t(_ key: MessageKey) -> String { Catalogue.text(key, in: language) }
}
