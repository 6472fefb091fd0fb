import Hummingbird
import Localization
import Logging
import WebUI

/// Turns every error into a clear answer: RFC 9457 problem details for the API, a plain page
/// for people. Unexpected errors are logged with the request id and never leak internals.
struct ProblemDetailsMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error, request: request, context: context)
            if Self.wantsHTML(request) {
                let page = ErrorPageView.render(status: problem.statusCode,
                                                context: PageContext(language: request.preferredLanguage, path: "/"))
                return Response(status: problem.status, headers: [.contentType: "text/html; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: page)))
            }
            return try problem.response(from: request, context: context)
        }
    }

    static func problem(for error: any Error, request: Request, context: Context) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let http as HTTPError where http.status == .notFound:
            return .notFound(request.uri.path)
        case let http as HTTPError where http.status.code < 500:
            return Problem(http.status, detail: http.body ?? "The request could not be handled: \(http.status.reasonPhrase).")
        default:
            context.logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return Problem(.internalServerError,
                           detail: "Something went wrong on our side and nothing was saved. Try again; if it keeps happening, quote request id \(context.id).")
        }
    }

    /// A browser asking for a page (not the API) gets HTML.
    static func wantsHTML(_ request: Request) -> Bool {
        let path = request.uri.path
        guard !path.hasPrefix("/api/"), path != SiteRoute.openAPI.rawValue else { return false }
        return request.headers[.accept]?.contains("text/html") ?? false
    }
}
