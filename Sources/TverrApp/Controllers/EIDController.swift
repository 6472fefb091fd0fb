import Foundation
import Hummingbird
import Identifiers
import Identity
import Localization
import Persistence
import WebUI

/// The eID (seed 000): the police record a verified identity through the API and hand over an
/// activation code; the person activates the eID on three plain pages (code, password,
/// authenticator) that need no JavaScript.
struct EIDController {
    let provider: IdentityProvider?
    let exchange: RegisterExchange?

    static let enrolCookie = "tverr_enrol"

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.eidActivate.path) { request, _ in try page(request, .activation) }
        router.post(SiteRoute.eidActivate.path) { request, context in try await activate(request, context) }
        router.post(SiteRoute.eidPassword.path) { request, _ in try await password(request) }
        router.post(SiteRoute.eidConfirm.path) { request, _ in try await confirm(request) }
        router.post(SiteRoute.identityVerification.path) { request, context in try await verify(request, context) }
    }

    func require() throws -> IdentityProvider {
        guard let provider else { throw Problem(.serviceUnavailable, detail: "The eID is not running in this process.") }
        return provider
    }

    func page(_ request: Request, _ stage: EnrolStage, status: HTTPResponse.Status = .ok, error: MessageKey? = nil,
              enrolCookie: String? = nil, clearEnrolment: Bool = false) throws -> Response {
        let p = try require()
        let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
        let csrf = CSRF.token(for: request)
        let html = EnrolPageView.render(stage, csrfToken: csrf.token, error: error.map { context.t($0) }, context: context)
        var response = WebController<TverrRequestContext>.html(html, request: request)
        response.status = status
        response.headers[.cacheControl] = "no-store"
        if csrf.isNew { response.setCookie(CSRF.cookie(csrf.token, secure: p.secureCookies)) }
        if let enrolCookie {
            response.setCookie(Cookie(name: Self.enrolCookie, value: enrolCookie, path: "/eid", secure: p.secureCookies, httpOnly: true, sameSite: .lax))
        }
        if clearEnrolment {
            response.setCookie(Cookie(name: Self.enrolCookie, value: "", maxAge: 0, path: "/eid", secure: p.secureCookies, httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// Reads the form and checks its CSRF token; nil means refuse with `formExpired`.
    func checkedForm(_ request: Request) async -> FormBody? {
        guard let form = try? await FormBody.read(request), CSRF.isValid(form, request: request) else { return nil }
        return form
    }

    func activate(_ request: Request, _ context: TverrRequestContext) async throws -> Response {
        let p = try require()
        guard let form = await checkedForm(request) else { return try page(request, .activation, status: .forbidden, error: .formExpired) }
        guard await p.loginLimiter.allow("enrol:\(context.clientKey)") else {
            return try page(request, .activation, status: .tooManyRequests, error: .loginTooMany)
        }
        guard let number = try? NationalIdentityNumber(form["pid"] ?? ""),
              let token = try? await p.eid.startEnrolment(pid: number.value, activationCode: form["activation_code"] ?? "") else {
            return try page(request, .activation, status: .badRequest, error: .enrolActivationInvalid)
        }
        return try page(request, .password, enrolCookie: token)
    }

    func password(_ request: Request) async throws -> Response {
        let p = try require()
        guard let form = await checkedForm(request) else { return try page(request, .activation, status: .forbidden, error: .formExpired) }
        guard let token = request.cookies[Self.enrolCookie]?.value, let enrolment = try await p.eid.enrolment(token: token) else {
            return try page(request, .activation, status: .badRequest, error: .enrolExpired)
        }
        do {
            try await p.eid.choosePassword(token: token, password: form["password"] ?? "", repeated: form["repeat"] ?? "")
        } catch EIDStore.Failure.password(let problem) {
            let key: MessageKey = switch problem {
            case .tooShort: .passwordTooShort
            case .tooLong: .passwordTooLong
            case .mismatch: .passwordMismatch
            case .common: .passwordCommon
            case .containsNumber: .passwordContainsNumber
            }
            return try page(request, .password, status: .badRequest, error: key)
        }
        return try page(request, authenticator(enrolment.secret, pid: enrolment.pid))
    }

    func confirm(_ request: Request) async throws -> Response {
        let p = try require()
        guard let form = await checkedForm(request) else { return try page(request, .activation, status: .forbidden, error: .formExpired) }
        guard let token = request.cookies[Self.enrolCookie]?.value, let enrolment = try await p.eid.enrolment(token: token),
              enrolment.hasPassword else {
            return try page(request, .activation, status: .badRequest, error: .enrolExpired)
        }
        do { _ = try await p.eid.confirm(token: token, code: form["otp"] ?? "") } catch EIDStore.Failure.codeInvalid {
            return try page(request, authenticator(enrolment.secret, pid: enrolment.pid), status: .badRequest, error: .enrolCodeInvalid)
        }
        return try page(request, .done, clearEnrolment: true)
    }

    func authenticator(_ secret: Data, pid: String) -> EnrolStage {
        let key = Base32.encode(secret)
        let grouped = stride(from: 0, to: key.count, by: 4).map { offset -> String in
            let start = key.index(key.startIndex, offsetBy: offset)
            return String(key[start..<key.index(start, offsetBy: min(4, key.count - offset))])
        }.joined(separator: " ")
        return .authenticator(key: grouped, link: TOTP(secret: secret).provisioningURI(account: pid, issuer: "Tverr"))
    }

    /// `POST /api/v1/persons/{number}/identity-verification`: the police record a verified
    /// identity; the answer carries the activation code to hand to the person.
    func verify(_ request: Request, _ context: TverrRequestContext) async throws -> Response {
        let p = try require()
        guard let exchange else { throw Problem(.serviceUnavailable, detail: "The registers are not running in this process.") }
        let claims = try await BearerToken.verify(request, provider: p)
        guard let consumer = claims.consumer else {
            throw Problem.oauth(OAuthError(.insufficientScope, "This API takes machine-client tokens."))
        }
        let raw = context.parameters.get("number") ?? ""
        guard let number = try? NationalIdentityNumber(raw) else {
            throw Problem(.badRequest, detail: "\"\(raw.prefix(20))\" is not a national identity number or D-number.")
        }
        let authorisation: ExchangeCatalogue.Authorisation
        do {
            authorisation = try ExchangeCatalogue.authorise(grantedScopes: claims.scopes, purpose: request.headers[.tverrPurpose],
                                                            legalBasis: request.headers[.tverrLegalBasis], needing: .identity, write: true)
        } catch { throw Problem.oauth(error) }
        struct Body: Decodable { let documentType: String }
        guard let buffer = try? await request.body.collect(upTo: 16 * 1024),
              let body = try? JSONDecoder().decode(Body.self, from: Data(buffer: buffer)),
              ["passport", "national-id-card", "travel-document", "other"].contains(body.documentType) else {
            throw Problem(.badRequest, detail: "Send JSON {\"documentType\": …} with passport, national-id-card, travel-document or other.")
        }
        let code: String
        do {
            code = try await exchange.verifyIdentity(number, documentType: body.documentType, authorisation: authorisation,
                                                     caller: ExchangeCaller(clientID: claims.client_id, organisationNumber: consumer.organisationNumber),
                                                     eid: p.eid)
        } catch ExchangeFailure.notFound {
            throw Problem(.notFound, detail: "No one in the population register has the number \(number.value).")
        }
        var response = try OIDCController.json(["identityNumber": number.value, "activationCode": code,
                                                "validDays": String(EIDStore.activationLifetime / 86_400)])
        response.status = .created
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
