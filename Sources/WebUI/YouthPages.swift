import Localization
import Plot

/// An article in a list: where it goes, and what it is about.
public struct YouthArticleRow: Sendable, Equatable {
    public var slug, title, lead, ages: String
    public init(slug: String, title: String, lead: String, ages: String) { (self.slug, self.title, self.lead, self.ages) = (slug, title, lead, ages) }
}

/// An article to read: its text, the ages it is for, when it was last reviewed, and the language
/// it is written in (which may not be the page's, when there is no version in that one yet).
public struct YouthArticleView: Sendable, Equatable {
    public var title, lead, ages, reviewed, topic, topicID, language: String
    public var paragraphs: [String]
    public var otherLanguage: Bool
    public init(title: String, lead: String, paragraphs: [String], ages: String, reviewed: String, topic: String, topicID: String,
                language: String, otherLanguage: Bool) {
        (self.title, self.lead, self.paragraphs, self.ages, self.reviewed, self.topic, self.topicID, self.language, self.otherLanguage) =
            (title, lead, paragraphs, ages, reviewed, topic, topicID, language, otherLanguage)
    }
}

/// The youth front door's pages (`/ung`): the front page with the search and the topics, a
/// topic's articles, an article, and search results. No JavaScript; plain text only (whatever an
/// editor typed is shown as text).
public enum YouthPages {
    /// The search form, with the age to search for (optional).
    static func search(query: String, age: Int?, context: PageContext) -> Node<HTML.BodyContext> {
        let ages = [Choice(value: "", label: context.t(.youthAnyAge))] + (13...20).map { Choice(value: String($0), label: String($0)) }
        return .form(.method(.get), .action("/ung/sok"), .class("youth-search"), .attribute(named: "role", value: "search"),
                     .label(.for("q"), .text(context.t(.youthSearchLabel))),
                     .input(.type(.search), .id("q"), .name("q"), .value(HTMLEscaping.attribute(query)), .attribute(named: "autocomplete", value: "off")),
                     SelfServiceView.select("alder", label: context.t(.youthAge), choices: ages, selected: age.map(String.init) ?? ""),
                     .button(.type(.submit), .class("button"), .text(context.t(.youthSearchButton))))
    }

    static func list(_ articles: [YouthArticleRow], context: PageContext) -> Node<HTML.BodyContext> {
        articles.isEmpty ? .p(.text(context.t(.youthNoArticles))) : .ul(.class("cases"), .forEach(articles) { article in
            .li(.h3(.a(.href("/ung/artikler/\(article.slug)"), .text(article.title))), .p(.text(article.lead)), .p(.class("hint"), .text(article.ages)))
        })
    }

    static func topics(_ topics: [Choice], context: PageContext) -> Node<HTML.BodyContext> {
        .group(.h2(.text(context.t(.youthTopics))),
               .ul(.forEach(topics) { topic in .li(.a(.href("/ung/tema/\(topic.value)"), .text(topic.label))) }))
    }

    public static func front(topics: [Choice], articles: [YouthArticleRow], context: PageContext) -> String {
        Layout.page(title: context.t(.youthTitle), context: context, content: .group(
            .h1(.text(context.t(.youthTitle))),
            .p(.text(context.t(.youthLead))),
            search(query: "", age: nil, context: context),
            .p(.a(.href("/ung/spor"), .class("button"), .text(context.t(.youthAskLink)))),
            .p(.a(.href("/ung/svar-fra-fagfolk"), .text(context.t(.archiveLink)))),
            Self.topics(topics, context: context),
            .h2(.text(context.t(.youthNewest))),
            list(articles, context: context)
        ))
    }

    public static func topic(name: String, articles: [YouthArticleRow], topics: [Choice], context: PageContext) -> String {
        Layout.page(title: name, context: context, content: .group(
            .h1(.text(name)),
            list(articles, context: context),
            Self.topics(topics, context: context),
            .p(.a(.href("/ung"), .text(context.t(.youthBack))))
        ))
    }

    public static func article(_ article: YouthArticleView, context: PageContext) -> String {
        Layout.page(title: article.title, context: context, content: .group(
            .if(article.otherLanguage, .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text(context.t(.youthNotInLanguage))))),
            .article(.attribute(named: "lang", value: article.language),
                     .h1(.text(article.title)),
                     .p(.class("lead"), .text(article.lead)),
                     .forEach(article.paragraphs) { .p(.text($0)) }),
            .p(.class("hint"), .text("\(article.ages) · \(context.t(.youthReviewed)): \(article.reviewed)")),
            .p(.a(.href("/ung/tema/\(article.topicID)"), .text(article.topic))),
            .p(.a(.href("/ung"), .text(context.t(.youthBack))))
        ))
    }

    /// Results for a search; `message` instead when there was no word to search for.
    public static func results(query: String, age: Int?, articles: [YouthArticleRow], message: String?, context: PageContext) -> String {
        Layout.page(title: context.t(.youthSearchButton), context: context, content: .group(
            .h1(.text(message == nil ? "\(context.t(.youthResults)) «\(query)»" : context.t(.youthSearchButton))),
            .unwrap(message) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .ul(.li(.a(.href("#q"), .text($0))))) },
            search(query: query, age: age, context: context),
            message == nil ? (articles.isEmpty ? .p(.text(context.t(.youthNoResults))) : list(articles, context: context)) : .empty,
            .p(.a(.href("/ung"), .text(context.t(.youthBack))))
        ))
    }
}
