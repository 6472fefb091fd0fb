import HTTPTypes
import Hummingbird

/// Adds the request id and conservative security headers to every response.
struct ResponseHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.init("X-Request-Id")!] = context.id
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        // A route may set a stricter policy (a download is sandboxed).
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; form-action 'self'"
        }
        return response
    }
}

extension Request {
    /// The page language: `?lang=`, then the `lang` cookie, then `Accept-Language`.
    var preferredLanguage: Localization.Language {
        if let tag = uri.queryParameters["lang"], let language = Localization.Language(tag: tag) { return language }
        if let tag = cookies["lang"]?.value, let language = Localization.Language(tag: tag) { return language }
        return .negotiate(acceptLanguage: headers[.acceptLanguage])
    }
}

import Localization
