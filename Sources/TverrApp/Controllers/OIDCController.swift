import Foundation
import HTTPTypes
import Hummingbird
import Identifiers
import Identity
import Localization
import Persistence
import WebUI

/// The OpenID Connect provider and the machine-client token endpoint, modelled on ID-porten and
/// Maskinporten: discovery, JWKS, authorization code flow with S256 PKCE, the test-ID login page
/// (demo mode), token, userinfo and RP-initiated logout.
struct OIDCController {
    let provider: IdentityProvider?
    let repository: any RegisterRepository

    static let sessionCookie = "tverr_session"

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.discovery.path) { _, _ in try Self.json(try discovery(try require()).json) }
        router.get(SiteRoute.jwks.path) { _, _ in
            let provider = try require()
            _ = try await provider.tokenIssuer() // makes sure the current key exists and is published
            let keys = try await provider.keys.published()
            var response = try Self.json(JWKSet(keys: keys))
            response.headers[.cacheControl] = "public, max-age=300"
            return response
        }
        router.get(SiteRoute.authorize.path) { request, context in
            try await authorize(request, context: context, form: nil, method: nil)
        }
        for (route, method) in [(SiteRoute.authorizeLogin, LoginMethod.testID), (SiteRoute.authorizeEID, LoginMethod.eid)] {
            router.post(route.path) { request, context in
                let form: FormBody
                do { form = try await FormBody.read(request) } catch let error as FormBody.Failure {
                    return page(request, status: .badRequest, title: .loginTitle, text: error.detail)
                }
                return try await authorize(request, context: context, form: form, method: method)
            }
        }
        router.post(SiteRoute.token.path) { request, context in try await token(request, context: context) }
        router.get(SiteRoute.userinfo.path) { request, _ in try await userinfo(request) }
        router.get(SiteRoute.logout.path) { request, _ in try await logout(request) }
    }

    func require() throws -> IdentityProvider {
        guard let provider else { throw Problem(.serviceUnavailable, detail: "The identity provider is not running in this process.") }
        return provider
    }

    // MARK: Discovery

    struct Discovery: Encodable {
        let json: [String: AnyEncodable]
    }

    func discovery(_ p: IdentityProvider) -> Discovery {
        Discovery(json: [
            "issuer": .init(p.issuer),
            "authorization_endpoint": .init(p.endpoint(.authorize)),
            "token_endpoint": .init(p.endpoint(.token)),
            "userinfo_endpoint": .init(p.endpoint(.userinfo)),
            "jwks_uri": .init(p.endpoint(.jwks)),
            "end_session_endpoint": .init(p.endpoint(.logout)),
            "response_types_supported": .init(["code"]),
            "response_modes_supported": .init(["query"]),
            "grant_types_supported": .init(["authorization_code", Self.jwtBearer]),
            "subject_types_supported": .init(["pairwise"]),
            "id_token_signing_alg_values_supported": .init(["ES256"]),
            "token_endpoint_auth_methods_supported": .init(["client_secret_basic", "client_secret_post"]),
            "code_challenge_methods_supported": .init(["S256"]),
            "scopes_supported": .init(["openid", "profile"] + ExchangeCatalogue.scopes.map(\.name)),
            "claims_supported": .init(["iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "sid", "pid", "locale"]),
            "acr_values_supported": .init(AssuranceLevel.allCases.map(\.rawValue)),
            "ui_locales_supported": .init(Language.allCases.map(\.tag)),
            "authorization_response_iss_parameter_supported": .init(true),
        ])
    }

    static let jwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer"

    // MARK: Authorization

    /// How the person logs in: the test ID (demo mode) or the eID (password and one-time code).
    enum LoginMethod: Sendable { case testID, eid }

    func authorize(_ request: Request, context: TverrRequestContext, form: FormBody?, method: LoginMethod?) async throws -> Response {
        let p = try require()
        let parameters: FormBody
        if let form { parameters = form } else {
            do { parameters = try FormBody.parse(request.uri.query ?? "") } catch {
                return page(request, status: .badRequest, title: .loginTitle, text: "\(PageContext.text(.loginRequestInvalid, request)) \(error.detail)")
            }
        }
        let get: (String) -> String? = { parameters[$0] }
        let validated: ValidatedAuthorization
        switch await AuthorizationRequest(get).validate(clients: p.clients) {
        case .refuse(let reason):
            return page(request, status: .badRequest, title: .loginTitle, text: "\(PageContext.text(.loginRequestInvalid, request)) \(reason)")
        case .redirect(let uri, let error, let state):
            return Self.redirect(uri, ["error": error.code.rawValue, "error_description": error.detail, "state": state, "iss": p.issuer])
        case .valid(let valid):
            validated = valid
        }
        if let form {
            guard CSRF.isValid(form, request: request) else {
                return page(request, status: .forbidden, title: .loginTitle, text: PageContext.text(.formExpired, request))
            }
            guard await p.loginLimiter.allow("login:\(context.clientKey)") else {
                let message = PageContext.text(.loginTooMany, request)
                return try await loginPage(request, p, validated, status: .tooManyRequests, typed: form["pid"] ?? "",
                                           error: method == .testID ? message : nil, eidError: method == .eid ? message : nil)
            }
            if method == .eid { return try await eidLogin(request, p, validated, form) }
            return try await testIDLogin(request, p, validated, typed: form["pid"] ?? "")
        }
        // Single sign-on: a live session at a high enough level gets a code without a new login.
        if validated.request.prompt != "login", let cookie = request.cookies[Self.sessionCookie]?.value,
           let session = try await p.identity.session(cookie: cookie), session.acr >= validated.level {
            return try await issueCode(p, validated, session: session)
        }
        if validated.request.prompt == "none" {
            return Self.redirect(validated.request.redirectURI, ["error": "login_required", "state": validated.request.state, "iss": p.issuer])
        }
        return try await loginPage(request, p, validated)
    }

    func testIDLogin(_ request: Request, _ p: IdentityProvider, _ validated: ValidatedAuthorization, typed: String) async throws -> Response {
        guard p.demoMode else {
            return page(request, status: .forbidden, title: .loginTitle, text: "Test-ID login is only available in demo mode.")
        }
        let number: NationalIdentityNumber
        do { number = try NationalIdentityNumber(typed) } catch {
            return try await loginPage(request, p, validated, status: .badRequest, typed: typed,
                                       error: "\(PageContext.text(.loginInvalidNumber, request)) \(error)")
        }
        guard try await repository.person(number) != nil else {
            return try await loginPage(request, p, validated, status: .badRequest, typed: typed, error: PageContext.text(.loginUnknownNumber, request))
        }
        let (session, cookie) = try await p.identity.startSession(pid: number.value, acr: validated.level, amr: ["TestID"])
        var response = try await issueCode(p, validated, session: session)
        response.setCookie(Cookie(name: Self.sessionCookie, value: cookie, path: "/", secure: p.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    func issueCode(_ p: IdentityProvider, _ validated: ValidatedAuthorization, session: LoginSession) async throws -> Response {
        let r = validated.request
        let code = try await p.identity.issueCode(clientID: validated.client.clientID, redirectURI: r.redirectURI, sessionID: session.id,
                                                  scope: validated.scopes.joined(separator: " "), nonce: r.nonce, codeChallenge: validated.challenge)
        return Self.redirect(r.redirectURI, ["code": code, "state": r.state, "iss": p.issuer])
    }

    /// The eID login: number, password and one-time code, at `idporten-loa-substantial`.
    func eidLogin(_ request: Request, _ p: IdentityProvider, _ validated: ValidatedAuthorization, _ form: FormBody) async throws -> Response {
        func again(_ key: MessageKey) async throws -> Response {
            try await loginPage(request, p, validated, status: .badRequest, eidError: PageContext.text(key, request))
        }
        guard validated.level <= .substantial else { return try await again(.eidLevelTooLow) }
        guard let number = try? NationalIdentityNumber(form["pid"] ?? "") else { return try await again(.eidInvalid) }
        do {
            _ = try await p.eid.login(pid: number.value, password: form["password"] ?? "", code: form["otp"] ?? "")
        } catch let failure as EIDStore.Failure {
            if case .locked = failure { return try await again(.eidLocked) }
            return try await again(.eidInvalid)
        }
        let (session, cookie) = try await p.identity.startSession(pid: number.value, acr: .substantial, amr: ["pwd", "otp"])
        var response = try await issueCode(p, validated, session: session)
        response.setCookie(Cookie(name: Self.sessionCookie, value: cookie, path: "/", secure: p.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    func loginPage(_ request: Request, _ p: IdentityProvider, _ validated: ValidatedAuthorization, status: HTTPResponse.Status = .ok,
                   typed: String = "", error: String? = nil, eidError: String? = nil) async throws -> Response {
        let csrf = CSRF.token(for: request)
        let people = p.demoMode ? try await repository.demoIdentities(today: TverrServer.today()).map { person in
            LoginPageModel.Person(name: "\(person.givenName) \(person.familyName)", number: person.identityNumber.value,
                                  note: "(\(person.identityNumber.value), \(person.citizenship)\(person.isReserved == true ? ", reservert" : ""))")
        } : nil
        let model = LoginPageModel(clientName: validated.client.name, action: SiteRoute.authorizeLogin.rawValue,
                                   hiddenFields: validated.request.fields + [(CSRF.fieldName, csrf.token)],
                                   people: people, typedNumber: typed, error: error, eidAction: SiteRoute.authorizeEID.rawValue,
                                   eidError: eidError)
        let context = PageContext(language: request.preferredLanguage, path: request.uri.path,
                                  preservedQuery: request.method == .get ? validated.request.fields : [])
        var response = WebController<TverrRequestContext>.html(LoginPageView.render(model, context: context), request: request)
        response.status = status
        response.headers[.cacheControl] = "no-store"
        if csrf.isNew { response.setCookie(CSRF.cookie(csrf.token, secure: p.secureCookies)) }
        return response
    }

    // MARK: Token

    func token(_ request: Request, context: TverrRequestContext) async throws -> Response {
        let p = try require()
        do {
            let form: FormBody
            do { form = try await FormBody.read(request) } catch { throw OAuthError(.invalidRequest, error.detail) }
            guard await p.tokenLimiter.allow("token:\(context.clientKey)") else {
                return Self.oauthError(OAuthError(.invalidRequest, "Too many token requests; slow down."), status: .tooManyRequests)
            }
            switch form["grant_type"] {
            case "authorization_code": return try await codeGrant(p, request, form)
            case Self.jwtBearer: return try await jwtBearerGrant(p, form)
            case nil: throw OAuthError(.invalidRequest, "grant_type is required.")
            case let other?: throw OAuthError(.unsupportedGrantType, "grant_type \"\(other.prefix(60))\" is not supported.")
            }
        } catch let error as OAuthError {
            return Self.oauthError(error)
        }
    }

    func authenticateClient(_ p: IdentityProvider, _ request: Request, _ form: FormBody) async throws -> RegisteredClient {
        var id = form["client_id"], secret = form["client_secret"]
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("basic ") {
            guard let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                  let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":") else {
                throw OAuthError(.invalidClient, "The Basic credentials are not base64 of client_id:client_secret.")
            }
            id = String(pair[..<colon]).removingPercentEncoding
            secret = String(pair[pair.index(after: colon)...]).removingPercentEncoding
        }
        guard let id, let secret, let client = try await p.clients.client(id), client.kind == .web, !client.isDisabled,
              let digest = client.secretDigest, SecureToken.constantTimeEquals(SecureToken.digest(secret), digest) else {
            throw OAuthError(.invalidClient, "Unknown client, or wrong client secret.")
        }
        return client
    }

    func codeGrant(_ p: IdentityProvider, _ request: Request, _ form: FormBody) async throws -> Response {
        let client = try await authenticateClient(p, request, form)
        guard let code = form["code"] else { throw OAuthError(.invalidRequest, "code is required.") }
        let tokens = try await Self.redeem(p, client: client, code: code, redirectURI: form["redirect_uri"], verifier: form["code_verifier"])
        return try Self.tokenResponse(["access_token": .init(tokens.accessToken), "id_token": .init(tokens.idToken), "token_type": .init("Bearer"),
                                       "expires_in": .init(IdentityProvider.tokenLifetime), "scope": .init(tokens.scope)])
    }

    /// The tokens a code is exchanged for.
    struct TokenSet: Sendable {
        let idToken: String
        let accessToken: String
        let scope: String
    }

    /// Redeems a code for an authenticated client: once, with the same redirect URI, and with the
    /// PKCE verifier. The portal uses this too, as an ordinary relying party.
    static func redeem(_ p: IdentityProvider, client: RegisteredClient, code: String, redirectURI: String?,
                       verifier: String?) async throws -> TokenSet {
        let clientID = client.clientID
        let redeemed = try await p.identity.redeemCode(code) { redeemed in
            guard redeemed.clientID == clientID else { throw OAuthError(.invalidGrant, "The code was issued to another client.") }
            guard redirectURI == redeemed.redirectURI else {
                throw OAuthError(.invalidGrant, "redirect_uri does not match the one in the authorization request.")
            }
            do { try PKCE.verify(verifier: verifier, challenge: redeemed.codeChallenge) } catch let failure as PKCE.Failure {
                throw OAuthError(.invalidGrant, failure.description)
            }
        }
        let session = redeemed.session
        let now = Int(Date().timeIntervalSince1970)
        let sub = Self.pairwiseSubject(pid: session.pid, client: client)
        let issuer = try await p.tokenIssuer()
        let idToken = try await issuer.sign(IDTokenClaims(
            iss: p.issuer, sub: sub, aud: client.clientID, exp: now + IdentityProvider.tokenLifetime, iat: now,
            auth_time: Int(session.authenticatedAt), nonce: redeemed.nonce, acr: session.acr.rawValue, amr: session.amr,
            sid: session.id, pid: session.pid, locale: nil))
        let accessToken = try await issuer.sign(AccessTokenClaims(
            iss: p.issuer, sub: sub, aud: p.apiAudience, client_id: client.clientID, scope: redeemed.scope,
            exp: now + IdentityProvider.tokenLifetime, iat: now, jti: SecureToken.generate(bytes: 16),
            pid: session.pid, acr: session.acr.rawValue, sid: session.id))
        return TokenSet(idToken: idToken, accessToken: accessToken, scope: redeemed.scope)
    }

    func jwtBearerGrant(_ p: IdentityProvider, _ form: FormBody) async throws -> Response {
        guard let assertion = form["assertion"] else { throw OAuthError(.invalidRequest, "assertion is required.") }
        let clientID = try ClientAssertion.claimedClient(of: assertion)
        guard let client = try await p.clients.client(clientID), client.kind == .machine, !client.isDisabled, let key = client.publicJWK else {
            throw OAuthError(.invalidClient, "Unknown or disabled machine client.")
        }
        let grant = try await ClientAssertion.verify(assertion, clientID: client.clientID, key: key,
                                                     audiences: [p.issuer, p.issuer + "/", p.endpoint(.token)], allowedScopes: client.scopes)
        guard try await p.identity.rememberAssertion(clientID: client.clientID, jti: grant.jti, expiresAt: grant.expiresAt) else {
            throw OAuthError(.invalidGrant, "This assertion (jti) has been used before; make a new one for each request.")
        }
        let now = Int(Date().timeIntervalSince1970)
        let scope = grant.scopes.joined(separator: " ")
        let token = try await p.tokenIssuer().sign(AccessTokenClaims(
            iss: p.issuer, sub: client.clientID, aud: p.apiAudience, client_id: client.clientID, scope: scope,
            exp: now + IdentityProvider.tokenLifetime, iat: now, jti: SecureToken.generate(bytes: 16),
            consumer: Consumer(organisationNumber: client.organisationNumber)))
        return try Self.tokenResponse(["access_token": .init(token), "token_type": .init("Bearer"),
                                       "expires_in": .init(IdentityProvider.tokenLifetime), "scope": .init(scope)])
    }

    static func pairwiseSubject(pid: String, client: RegisteredClient) -> String {
        SecureToken.digest("\(client.organisationNumber):\(pid)")
    }

    // MARK: Userinfo and logout

    func userinfo(_ request: Request) async throws -> Response {
        let p = try require()
        let claims = try await BearerToken.verify(request, provider: p)
        guard let pid = claims.pid, let sid = claims.sid else {
            throw Problem.oauth(OAuthError(.invalidToken, "userinfo needs a token from a person's login."))
        }
        guard try await p.identity.session(id: sid) != nil else {
            throw Problem.oauth(OAuthError(.invalidToken, "The login session has ended."))
        }
        var info: [String: AnyEncodable] = ["sub": .init(claims.sub), "pid": .init(pid), "acr": .init(claims.acr ?? "")]
        if claims.scopes.contains("profile"), let number = try? NationalIdentityNumber(pid), let person = try await repository.person(number) {
            info["given_name"] = .init(person.givenName)
            info["family_name"] = .init(person.familyName)
            info["name"] = .init("\(person.givenName) \(person.familyName)")
        }
        var response = try Self.json(info)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func logout(_ request: Request) async throws -> Response {
        let p = try require()
        let query: FormBody
        do { query = try FormBody.parse(request.uri.query ?? "") } catch {
            return page(request, status: .badRequest, title: .loggedOutTitle, text: error.detail)
        }
        var hint: IDTokenClaims?
        if let token = query["id_token_hint"] {
            do { hint = try await p.tokenIssuer().verifyIDToken(token) } catch let error as OAuthError {
                return page(request, status: .badRequest, title: .loggedOutTitle, text: error.detail)
            }
        }
        if let cookie = request.cookies[Self.sessionCookie]?.value, let session = try await p.identity.session(cookie: cookie) {
            try await p.identity.endSession(id: session.id)
        }
        if let sid = hint?.sid { try await p.identity.endSession(id: sid) }
        var response: Response
        if let target = query["post_logout_redirect_uri"] {
            guard let hint, let client = try await p.clients.client(hint.aud), client.postLogoutRedirectURIs.contains(target) else {
                return page(request, status: .badRequest, title: .loggedOutTitle,
                            text: "post_logout_redirect_uri must be registered for the client named by id_token_hint.")
            }
            response = Self.redirect(target, ["state": query["state"]])
        } else {
            response = page(request, status: .ok, title: .loggedOutTitle, text: PageContext.text(.loggedOutBody, request))
        }
        response.setCookie(Cookie(name: Self.sessionCookie, value: "", maxAge: 0, path: "/", secure: p.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    // MARK: Responses

    func page(_ request: Request, status: HTTPResponse.Status, title: MessageKey, text: String) -> Response {
        let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
        var response = WebController<TverrRequestContext>.html(MessagePageView.render(title: context.t(title), body: text, context: context), request: request)
        response.status = status
        response.headers[.cacheControl] = "no-store"
        return response
    }

    static func redirect(_ base: String, _ parameters: [String: String?]) -> Response {
        let query = parameters.compactMap { name, value in value.map { "\(name)=\(HTMLEscaping.queryComponent($0))" } }.sorted().joined(separator: "&")
        let location = query.isEmpty ? base : base + (base.contains("?") ? "&" : "?") + query
        return Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func tokenResponse(_ fields: [String: AnyEncodable]) throws -> Response {
        var response = try json(fields)
        response.headers[.cacheControl] = "no-store"
        response.headers[HTTPField.Name("Pragma")!] = "no-cache"
        return response
    }

    /// An RFC 6749 §5.2 error response.
    static func oauthError(_ error: OAuthError, status: HTTPResponse.Status? = nil) -> Response {
        let body = (try? JSONEncoder().encode(["error": error.code.rawValue, "error_description": error.detail])) ?? Data()
        var response = Response(status: status ?? HTTPResponse.Status(code: error.status),
                                headers: [.contentType: "application/json", .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        if error.code == .invalidClient { response.headers[.wwwAuthenticate] = "Basic realm=\"tverr\"" }
        return response
    }
}

/// A type-erased `Encodable` for small JSON documents.
struct AnyEncodable: Encodable, Sendable {
    let encodeValue: @Sendable (any Encoder) throws -> Void
    init<T: Encodable & Sendable>(_ value: T) { encodeValue = { try value.encode(to: $0) } }
    func encode(to encoder: any Encoder) throws { try encodeValue(encoder) }
}

extension PageContext {
    static func text(_ key: MessageKey, _ request: Request) -> String { Catalogue.text(key, in: request.preferredLanguage) }
}
