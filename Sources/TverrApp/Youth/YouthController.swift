import Foundation
import Hummingbird
import Identifiers
import Localization
import Persistence
import WebUI
import Youth

/// The youth front door's articles (`/ung`), open to all without login: the front page with the
/// search and the topics, a topic's articles, one article in the page's language (or another when
/// it has no version in that one yet), and full-text search, for an age when chosen.
struct YouthController {
    let store: Store?

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.youth.path) { request, _ in
            let (context, articles) = try Self.open(request, store)
            let rows = try await articles.list(language: Self.language(context), limit: 50).map { Self.row($0, context) }
            return PortalController.page(YouthPages.front(topics: Self.topics(context), articles: rows, context: context), request: request)
        }
        router.get(SiteRoute.youthTopic.path) { request, parameters in
            let (context, articles) = try Self.open(request, store)
            guard let topic = YouthTopic(rawValue: parameters.parameters.get("topic") ?? "") else {
                return Self.missing(.youthUnknownTopic, request, context)
            }
            let rows = try await articles.list(language: Self.language(context), topic: topic.rawValue).map { Self.row($0, context) }
            return PortalController.page(YouthPages.topic(name: Self.name(topic, context), articles: rows, topics: Self.topics(context), context: context),
                                         request: request)
        }
        router.get(SiteRoute.youthArticle.path) { request, parameters in
            let (context, articles) = try Self.open(request, store)
            let slug = parameters.parameters.get("slug") ?? ""
            let wanted = Self.language(context)
            var found = try await articles.article(slug, language: wanted)
            if found == nil, let other = try await articles.languages(of: slug).sorted(by: { Self.fallback($0) < Self.fallback($1) }).first {
                found = try await articles.article(slug, language: other)
            }
            guard let article = found else { return Self.missing(.youthUnknownArticle, request, context) }
            let topic = YouthTopic(rawValue: article.topic) ?? .body
            let reviewed = CalendarDate(iso8601: article.reviewedOn).map { context.language.format(BookingController.noon($0), date: .long, time: .none) } ?? article.reviewedOn
            let view = YouthArticleView(title: article.title, lead: article.lead, paragraphs: ArticleDraft.paragraphs(article.body),
                                        ages: Self.ages(article, context), reviewed: reviewed, topic: Self.name(topic, context), topicID: topic.rawValue,
                                        language: article.language, otherLanguage: article.language != wanted)
            return PortalController.page(YouthPages.article(view, context: context), request: request)
        }
        router.get(SiteRoute.youthSearch.path) { request, _ in
            let (context, articles) = try Self.open(request, store)
            // A GET form sends spaces as "+", which the router's query parameters keep as they are.
            let fields = (try? FormBody.parse(request.uri.query ?? ""))?.fields
            let text = String((fields?["q"] ?? "").prefix(200))
            let ageText = fields?["alder"] ?? ""
            let age = Int(ageText)
            func answer(_ message: MessageKey?, _ rows: [YouthArticleRow], _ status: HTTPResponse.Status) -> Response {
                var response = PortalController.page(YouthPages.results(query: text, age: age, articles: rows, message: message.map(context.t),
                                                                        context: context), request: request)
                response.status = status
                return response
            }
            guard fields != nil else { return answer(.youthEmptyQuery, [], .badRequest) }
            if !ageText.isEmpty, age.map(ArticleDraft.ages.contains) != true { return answer(.youthBadAge, [], .unprocessableContent) }
            guard let query = FullTextQuery(text) else { return answer(.youthEmptyQuery, [], .ok) }
            let rows = try await articles.search(query, language: Self.language(context), age: age).map { Self.row($0, context) }
            return answer(nil, rows, .ok)
        }
    }

    static func open(_ request: Request, _ store: Store?) throws -> (PageContext, YouthArticles) {
        guard let store else { throw Problem(.serviceUnavailable, detail: "The youth pages are not running in this process.") }
        return (PageContext(language: request.preferredLanguage, path: request.uri.path), YouthArticles(store: store))
    }

    static func missing(_ key: MessageKey, _ request: Request, _ context: PageContext) -> Response {
        var response = PortalController.page(YouthPages.results(query: "", age: nil, articles: [], message: context.t(key), context: context), request: request)
        response.status = .notFound
        return response
    }

    /// The content language for the page's: the same four.
    static func language(_ context: PageContext) -> String { context.language.rawValue }

    /// When an article is missing in the page's language: bokmål first, then English, nynorsk, Ukrainian.
    static func fallback(_ language: String) -> Int { ["nb", "en", "nn", "uk"].firstIndex(of: language) ?? 9 }

    static func row(_ article: YouthArticles.Article, _ context: PageContext) -> YouthArticleRow {
        YouthArticleRow(slug: article.slug, title: article.title, lead: article.lead, ages: ages(article, context))
    }

    static func ages(_ article: YouthArticles.Article, _ context: PageContext) -> String {
        "\(context.t(.youthForAges)) \(article.minimumAge)–\(article.maximumAge) \(context.t(.youthYears))"
    }

    static func topics(_ context: PageContext) -> [Choice] { YouthTopic.allCases.map { Choice(value: $0.rawValue, label: name($0, context)) } }

    static func name(_ topic: YouthTopic, _ context: PageContext) -> String {
        let key: MessageKey = switch topic {
        case .body: .youthTopicBody
        case .mind: .youthTopicMind
        case .sex: .youthTopicSex
        case .family: .youthTopicFamily
        case .school: .youthTopicSchool
        case .work: .youthTopicWork
        case .rights: .youthTopicRights
        case .drugs: .youthTopicDrugs
        }
        return context.t(key)
    }
}
