import Hummingbird
import Persistence
import WebUI

/// The public web pages and the stylesheet.
struct WebController<Context: RequestContext> {
    let repository: any RegisterRepository

    func addRoutes(to router: Router<Context>) {
        router.get(SiteRoute.home.path) { request, _ in
            let statistics = try await repository.statistics()
            let model = FrontPageModel(people: statistics.people, municipalities: statistics.municipalities,
                                       organisations: statistics.organisations)
            return Self.html(FrontPageView.render(model, context: Self.pageContext(request)), request: request)
        }
        router.get(SiteRoute.stylesheet.path) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
        }
    }

    static func pageContext(_ request: Request) -> PageContext {
        PageContext(language: request.preferredLanguage, path: request.uri.path)
    }

    /// An HTML response. A `?lang=` choice is remembered in a cookie.
    static func html(_ page: String, request: Request) -> Response {
        var response = Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .contentLanguage: request.preferredLanguage.tag],
                                body: .init(byteBuffer: ByteBuffer(string: page)))
        if let tag = request.uri.queryParameters["lang"], Localization.Language(tag: tag) != nil {
            response.setCookie(.init(name: "lang", value: request.preferredLanguage.tag, maxAge: 31_536_000, path: "/",
                                     secure: false, httpOnly: true, sameSite: .lax))
        }
        return response
    }
}

import Localization
