import Foundation
import Hummingbird
import Identifiers
import Localization
import Persistence
import Reference
import WebUI
import Youth

/// The youth front door's editor pages (`/staff/youth`): staff with the editor role at Bufdir or
/// the Directorate of Health, portal session at high, CSRF on every form. They write and change
/// each language version of an article, and mark it as reviewed (the date the public page shows).
struct YouthEditorController {
    let provider: IdentityProvider?
    let store: Store?

    /// The organisations that publish on the youth front door.
    static let publishers = [Organisation.youthDirectorate.number.value, "983544622"]

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.staffYouth.path) { request, _ in
            try await editor(request) { access, articles in
                try await list(request, access, articles, notice: request.uri.queryParameters["saved"] != nil ? .youthEditorSaved
                               : request.uri.queryParameters["reviewed"] != nil ? .youthEditorReviewedDone : nil)
            }
        }
        router.get(SiteRoute.staffYouthArticle.path) { request, _ in
            try await editor(request) { access, articles in
                var form = YouthEditorForm()
                if let slug = request.uri.queryParameters["slug"].map(String.init) {
                    let language = request.uri.queryParameters["language"].map(String.init) ?? ""
                    guard let article = try await articles.article(slug, language: language) else {
                        return try await list(request, access, articles, notice: .youthUnknownArticle, status: .notFound)
                    }
                    (form.slug, form.language, form.topic, form.title, form.lead, form.body, form.editing) =
                        (article.slug, article.language, article.topic, article.title, article.lead, article.body, true)
                    (form.minimumAge, form.maximumAge) = (String(article.minimumAge), String(article.maximumAge))
                }
                return page(request, access, form)
            }
        }
        router.post(SiteRoute.staffYouthArticle.path) { request, _ in
            try await editor(request, posting: true) { access, articles in
                let f = access.form
                var form = YouthEditorForm()
                (form.slug, form.language, form.topic) = (f?["slug"] ?? "", f?["language"] ?? "", f?["topic"] ?? "")
                (form.minimumAge, form.maximumAge, form.title, form.lead, form.body) = (f?["minimumAge"] ?? "", f?["maximumAge"] ?? "", f?["title"] ?? "",
                                                                                        f?["lead"] ?? "", f?["body"] ?? "")
                form.reviewed = f?["reviewed"] == "yes"
                do {
                    let draft = try ArticleDraft.check(slug: form.slug, language: form.language, topic: form.topic, minimumAge: form.minimumAge,
                                                       maximumAge: form.maximumAge, title: form.title, lead: form.lead, body: form.body)
                    try await articles.save(draft, by: Self.actor(access), reviewedOn: form.reviewed ? TverrServer.today() : nil)
                    return OIDCController.redirect(SiteRoute.staffYouth.rawValue, ["saved": "1"])
                } catch let refused as Problems {
                    form.editing = try await articles.article(form.slug, language: form.language) != nil
                    form.problems = refused.problems.map { ($0.field, access.context.t(Self.message($0.code))) }
                    var response = page(request, access, form)
                    response.status = .unprocessableContent
                    return response
                }
            }
        }
        router.post(SiteRoute.staffYouthReview.path) { request, _ in
            try await editor(request, posting: true) { access, articles in
                guard try await articles.markReviewed(access.form?["slug"] ?? "", language: access.form?["language"] ?? "", by: Self.actor(access),
                                                      on: TverrServer.today()) else {
                    return try await list(request, access, articles, notice: .youthUnknownArticle, status: .notFound)
                }
                return OIDCController.redirect(SiteRoute.staffYouth.rawValue, ["reviewed": "1"])
            }
        }
    }

    static func actor(_ access: PortalStaffAccess) -> String { "staff:\(access.organisations[0])/\(access.session.pid)" }

    static func message(_ code: ArticleDraft.Problem.Code) -> MessageKey {
        switch code {
        case .slug: .youthErrorSlug
        case .language: .youthErrorLanguage
        case .topic: .youthErrorTopic
        case .ages: .youthErrorAges
        case .title: .youthErrorTitle
        case .lead: .youthErrorLead
        case .body: .youthErrorBody
        case .controlCharacters: .youthErrorControl
        }
    }

    /// Runs `body` for an editor at a publisher of the youth front door.
    func editor(_ request: Request, posting: Bool = false, _ body: (PortalStaffAccess, YouthArticles) async throws -> Response) async throws -> Response {
        try await PortalStaffAccess.check(request, provider: provider, store: store, role: .editor, title: .youthEditorTitle, noRole: .youthEditorNoRole,
                                          posting: posting) { access in
            let publishers = access.organisations.filter(Self.publishers.contains)
            guard !publishers.isEmpty, let store else {
                return MunicipalStaffAccess.refuse(.youthEditorNoRole, title: .youthEditorTitle, context: access.context, request: request)
            }
            let scoped = PortalStaffAccess(session: access.session, organisations: publishers, line: access.line, context: access.context, form: access.form)
            return try await body(scoped, YouthArticles(store: store))
        }
    }

    func list(_ request: Request, _ access: PortalStaffAccess, _ articles: YouthArticles, notice: MessageKey?,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let context = access.context, today = TverrServer.today()
        var rows: [YouthEditorRow] = []
        for language in YouthLanguage.allCases {
            for article in try await articles.list(language: language.rawValue, limit: 1_000) {
                let reviewed = CalendarDate(iso8601: article.reviewedOn)
                rows.append(YouthEditorRow(slug: article.slug, language: article.language, title: article.title,
                                           topic: YouthController.name(YouthTopic(rawValue: article.topic) ?? .body, context),
                                           reviewed: reviewed.map { context.language.format(BookingController.noon($0), date: .long, time: .none) } ?? article.reviewedOn,
                                           due: reviewed.map { ArticleDraft.dueForReview(reviewed: $0, today: today) } ?? true))
            }
        }
        var response = PortalController.page(YouthEditorPages.list(rows.sorted { ($0.slug, $0.language) < ($1.slug, $1.language) },
                                                                   notice: notice.map(context.t), csrfToken: access.session.csrfToken, context: context),
                                             request: request)
        response.status = status
        return response
    }

    func page(_ request: Request, _ access: PortalStaffAccess, _ form: YouthEditorForm) -> Response {
        let languages = NetworkController.languages.map { Choice(value: $0.0, label: $0.1) }
        return PortalController.page(YouthEditorPages.form(form, topics: YouthController.topics(access.context), languages: languages,
                                                           csrfToken: access.session.csrfToken, context: access.context), request: request)
    }
}
