import Foundation
import Hummingbird
import Localization
import Persistence
import Reference
import WebUI
import Youth

/// Anonymous questions to the expert panel (`/ung/spor`) and the answers read with the reply code
/// (`/ung/svar`), without login. The ask form has the CSRF cookie (as the login page) and a limit
/// of five questions per client per ten minutes; reply codes are limited to 30 tries a minute. A
/// question that mentions self-harm, suicide, abuse or violence shows the emergency numbers first,
/// and is queued only when sent again from that page.
struct YouthQuestionController {
    let provider: IdentityProvider?
    let store: Store?
    let askLimiter = RateLimiter(limit: 5, window: 600)
    let codeLimiter = RateLimiter(limit: 30, window: 60)

    /// The counties a young person may choose.
    static var counties: [String] { Array(Set(Municipality.all.map(\.county))).sorted() }

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.youthAsk.path) { request, _ in
            try page(request, YouthAskForm(), status: .ok)
        }
        router.post(SiteRoute.youthAsk.path) { request, requestContext in
            guard let store else { throw Problem(.serviceUnavailable, detail: "The questions are not running in this process.") }
            let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
            let body = try? await FormBody.read(request)
            var form = YouthAskForm()
            (form.text, form.age, form.gender, form.county) = (body?["text"] ?? "", body?["age"] ?? "", body?["gender"] ?? "", body?["county"] ?? "")
            guard let body, CSRF.isValid(body, request: request) else {
                form.problem = FieldError(field: "text", message: context.t(.formExpired))
                return try page(request, form, status: .forbidden)
            }
            if body["similar"] == "1" {
                // "See answers to similar questions": nothing is sent or stored; the form comes back with them.
                var found: [YouthQuestions.ArchivedAnswer] = []
                if let query = FullTextQuery.similar(to: form.text) { found = try await YouthQuestions(store: store).search(query, anyWord: true, limit: 5) }
                return try page(request, form, status: .ok, similar: found.map { Choice(value: $0.id, label: String($0.question.prefix(160))) })
            }
            let draft: QuestionDraft
            do {
                draft = try QuestionDraft.check(text: form.text, age: form.age, gender: form.gender, county: form.county, counties: Set(Self.counties))
            } catch let problem as QuestionDraft.Problem {
                form.problem = Self.problem(problem, context)
                return try page(request, form, status: .unprocessableContent)
            }
            if !UrgentHelp.concerns(in: draft.text).isEmpty, body["confirmed"] != "yes" {
                return try page(request, form, status: .ok, urgent: true)
            }
            guard await askLimiter.allow(requestContext.clientKey) else {
                form.problem = FieldError(field: "text", message: context.t(.youthAskErrorTooMany))
                return try page(request, form, status: .tooManyRequests)
            }
            let code = try await YouthQuestions(store: store).ask(draft, language: context.language.rawValue)
            return PortalController.page(YouthQuestionPages.sent(code: code, context: context), request: request)
        }
        router.get(SiteRoute.youthReply.path) { request, requestContext in
            guard let store else { throw Problem(.serviceUnavailable, detail: "The questions are not running in this process.") }
            let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
            let typed = String((request.uri.queryParameters["kode"].map(String.init) ?? "").prefix(64))
            func answer(_ message: MessageKey?, _ found: YouthQuestions.Status?, _ status: HTTPResponse.Status) -> Response {
                var response = PortalController.page(YouthQuestionPages.reply(code: typed, question: found?.text, answer: found?.answer,
                                                                              message: message.map(context.t), context: context), request: request)
                response.status = status
                return response
            }
            guard !typed.isEmpty else { return answer(nil, nil, .ok) }
            guard await codeLimiter.allow(requestContext.clientKey) else { return answer(.youthAskErrorTooMany, nil, .tooManyRequests) }
            guard let found = try await YouthQuestions(store: store).status(code: typed) else { return answer(.youthReplyUnknown, nil, .notFound) }
            return answer(nil, found, .ok)
        }
    }

    static func problem(_ problem: QuestionDraft.Problem, _ context: PageContext) -> FieldError {
        switch problem {
        case .empty: FieldError(field: "text", message: context.t(.youthAskErrorEmpty))
        case .tooShort: FieldError(field: "text", message: context.t(.youthAskErrorShort))
        case .tooLong: FieldError(field: "text", message: context.t(.youthAskErrorLong))
        case .spam: FieldError(field: "text", message: context.t(.youthAskErrorSpam))
        case .controlCharacters: FieldError(field: "text", message: context.t(.youthAskErrorControl))
        case .age: FieldError(field: "age", message: context.t(.youthAskErrorAge))
        case .gender: FieldError(field: "gender", message: context.t(.youthAskErrorGender))
        }
    }

    func page(_ request: Request, _ form: YouthAskForm, status: HTTPResponse.Status, urgent: Bool = false, similar: [Choice]? = nil) throws -> Response {
        guard let provider else { throw Problem(.serviceUnavailable, detail: "The questions are not running in this process.") }
        let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
        let csrf = CSRF.token(for: request)
        var form = form
        form.csrfToken = csrf.token
        let html = urgent ? YouthQuestionPages.urgent(form, counties: Self.counties, numbers: UrgentHelp.numbers, context: context)
            : YouthQuestionPages.ask(form, counties: Self.counties, similar: similar, context: context)
        var response = PortalController.page(html, request: request)
        response.status = status
        if csrf.isNew { response.setCookie(CSRF.cookie(csrf.token, secure: provider.secureCookies)) }
        return response
    }
}
