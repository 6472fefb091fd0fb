import Localization

/// What every page needs besides its own model: the language and where the page lives.
public struct PageContext: Sendable {
    /// The language the page is rendered in.
    public var language: Language
    /// The request path, used to build the language switcher's links.
    public var path: String

    /// Creates a page context.
    public init(language: Language, path: String) {
        self.language = language
        self.path = path
    }

    /// The text for `key` in the page's language.
    public func t(_ key: MessageKey) -> String { Catalogue.text(key, in: language) }
}
