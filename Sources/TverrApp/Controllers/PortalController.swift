import Audit
import Foundation
import Hummingbird
import Identifiers
import Identity
import Localization
import Notify
import Persistence
import Reference
import WebUI

/// The citizen portal: it logs people in through Tverr's own OpenID Connect provider as an
/// ordinary relying party (code flow, PKCE, state, nonce, ID token checks), then serves "my page"
/// and "who has used my information", and the same list as an API for the person's own token.
struct PortalController {
    let provider: IdentityProvider?
    let repository: any RegisterRepository
    let store: Store?

    static let cookie = "tverr_portal"

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.portalLogin.path) { request, _ in try await login(request) }
        router.get(SiteRoute.portalCallback.path) { request, _ in try await callback(request) }
        router.get(SiteRoute.myPage.path) { request, _ in
            let (session, parts) = try await requireSession(request)
            guard let session else { return Self.toLogin(request) }
            let person = try await (try? NationalIdentityNumber(session.pid)).asyncFlatMap { try await repository.person($0) }
            let model = MyPageModel(name: person.map { "\($0.givenName) \($0.familyName)" } ?? session.pid,
                                    identityNumber: session.pid, csrfToken: session.csrfToken,
                                    unreadMessages: try await Mailbox(store: parts.store).unreadCount(for: session.pid))
            return Self.page(MyPageView.render(model, context: parts.context), request: request)
        }
        router.get(SiteRoute.myDataUse.path) { request, _ in
            let (session, parts) = try await requireSession(request)
            guard let session else { return Self.toLogin(request) }
            let rows = try await DataUse.rows(for: session.pid, store: parts.store).map { $0.row(in: parts.context.language) }
            return Self.page(DataUseView.render(rows, csrfToken: session.csrfToken, context: parts.context), request: request)
        }
        router.post(SiteRoute.myLogout.path) { request, _ in try await logout(request) }
        router.get(SiteRoute.myMessages.path) { request, _ in
            let (session, parts) = try await requireSession(request)
            guard let session else { return Self.toLogin(request) }
            let rows = try await Mailbox(store: parts.store).messages(for: session.pid).map { Self.row($0, parts.context) }
            return Self.page(MailboxView.list(rows, context: parts.context), request: request)
        }
        router.get(SiteRoute.myMessage.path) { request, context in
            let (session, parts) = try await requireSession(request)
            guard let session else { return Self.toLogin(request) }
            guard let message = try await Mailbox(store: parts.store).open(context.parameters.get("id") ?? "", for: session.pid) else {
                throw HTTPError(.notFound)
            }
            return Self.page(MailboxView.message(Self.row(message, parts.context), context: parts.context), request: request)
        }
        router.get(SiteRoute.myMessageAttachment.path) { request, context in
            let (session, parts) = try await requireSession(request)
            guard let session else { return Self.toLogin(request) }
            guard let position = FileDownload.position(context.parameters.get("position")),
                  let (info, data) = try await Mailbox(store: parts.store).attachment(context.parameters.get("id") ?? "", position: position,
                                                                                      for: session.pid) else {
                throw HTTPError(.notFound)
            }
            return FileDownload.response(info, data: data)
        }
        router.get(SiteRoute.myContact.path) { request, _ in try await contact(request, form: nil) }
        router.post(SiteRoute.myContact.path) { request, _ in try await contact(request, form: try? await FormBody.read(request)) }
        router.get(SiteRoute.myAddress.path) { request, _ in try await address(request, form: nil) }
        router.post(SiteRoute.myAddress.path) { request, _ in try await address(request, form: try? await FormBody.read(request)) }
        router.get(SiteRoute.myConsents.path) { request, _ in try await consents(request, form: nil, withdraw: false) }
        router.post(SiteRoute.myConsents.path) { request, _ in try await consents(request, form: try? await FormBody.read(request), withdraw: false) }
        router.post(SiteRoute.myConsentWithdraw.path) { request, _ in
            try await consents(request, form: try? await FormBody.read(request), withdraw: true)
        }
        router.get(SiteRoute.apiMyDataUse.path) { request, _ in
            let (p, store) = try parts()
            let claims = try await BearerToken.verify(request, provider: p)
            guard let pid = claims.pid, let sid = claims.sid, try await p.identity.session(id: sid) != nil else {
                throw Problem.oauth(OAuthError(.invalidToken, "This list needs a token from the person's own, live login."))
            }
            let language = request.preferredLanguage
            let items = try await DataUse.rows(for: pid, store: store).map { $0.json(in: language) }
            var response = try OIDCController.json(["items": AnyEncodable(items), "count": AnyEncodable(items.count)])
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }

    struct Parts {
        let provider: IdentityProvider
        let store: Store
        let context: PageContext
    }

    func parts() throws -> (IdentityProvider, Store) {
        guard let provider, let store else { throw Problem(.serviceUnavailable, detail: "The portal is not running in this process.") }
        return (provider, store)
    }

    func requireSession(_ request: Request) async throws -> (PortalSession?, Parts) {
        let (p, store) = try parts()
        let parts = Parts(provider: p, store: store, context: PageContext(language: request.preferredLanguage, path: request.uri.path))
        guard let cookie = request.cookies[Self.cookie]?.value else { return (nil, parts) }
        return (try await PortalSessions(store: store).session(cookie: cookie), parts)
    }

    // MARK: Self-service

    /// A page for the signed-in person, or a redirect to the login. For a POST the form's CSRF
    /// token must be the session's; otherwise the page is shown again with "form expired".
    func selfService(_ request: Request, form: FormBody?,
                     _ body: (PortalSession, Parts, NationalIdentityNumber, _ posted: FormBody?, _ csrfFailed: Bool) async throws -> Response) async throws -> Response {
        let (session, parts) = try await requireSession(request)
        guard let session, let number = try? NationalIdentityNumber(session.pid) else { return Self.toLogin(request) }
        if request.method == .post {
            guard let form, let token = form["csrf_token"], SecureToken.constantTimeEquals(token, session.csrfToken) else {
                var response = try await body(session, parts, number, nil, true)
                response.status = .forbidden
                return response
            }
            return try await body(session, parts, number, form, false)
        }
        return try await body(session, parts, number, nil, false)
    }

    func contact(_ request: Request, form: FormBody?) async throws -> Response {
        try await selfService(request, form: form) { session, parts, number, posted, csrfFailed in
            let exchange = RegisterExchange(store: parts.store)
            var error: String? = csrfFailed ? parts.context.t(.formExpired) : nil
            var saved = false
            if let posted {
                do {
                    try await exchange.updateContact(number, email: posted["email"], mobile: posted["mobile"], reserved: posted["reserved"] == "yes")
                    saved = true
                } catch let refused as ChangeRefused { error = Self.text(refused, parts.context) }
            }
            let current = try await exchange.personWithoutAudit(number, fields: [.identity, .contact, .reservation])
            let html = SelfServiceView.contact(email: (error != nil ? posted?["email"] : nil) ?? current.contact?.email ?? "",
                                               mobile: (error != nil ? posted?["mobile"] : nil) ?? current.contact?.mobile ?? "",
                                               reserved: current.reserved ?? false, csrfToken: session.csrfToken, error: error, saved: saved,
                                               context: parts.context)
            var response = Self.page(html, request: request)
            if error != nil { response.status = .badRequest }
            return response
        }
    }

    func address(_ request: Request, form: FormBody?) async throws -> Response {
        try await selfService(request, form: form) { session, parts, number, posted, csrfFailed in
            let exchange = RegisterExchange(store: parts.store)
            var error: String? = csrfFailed ? parts.context.t(.formExpired) : nil
            var saved = false
            if let posted {
                let change = AddressChange(street: posted["street"] ?? "", postcode: posted["postcode"] ?? "",
                                           municipalityNumber: posted["municipality"] ?? "", validFrom: posted["valid_from"] ?? "")
                do {
                    try await exchange.changeAddress(number, to: change, by: nil, authorisation: nil)
                    saved = true
                } catch let refused as ChangeRefused { error = Self.text(refused, parts.context) }
            }
            let current = try await exchange.personWithoutAudit(number, fields: [.identity, .address])
            let municipalities = Municipality.all.sorted { $0.name < $1.name }.map { Choice(value: $0.number, label: $0.name) }
            let keep = error != nil
            let html = SelfServiceView.address(
                street: (keep ? posted?["street"] : nil) ?? current.address?.street ?? "",
                postcode: (keep ? posted?["postcode"] : nil) ?? current.address?.postcode ?? "",
                municipality: (keep ? posted?["municipality"] : nil) ?? current.address?.municipalityNumber ?? "",
                from: (keep ? posted?["valid_from"] : nil) ?? "", municipalities: municipalities, csrfToken: session.csrfToken,
                error: error, saved: saved, context: parts.context)
            var response = Self.page(html, request: request)
            if error != nil { response.status = .badRequest }
            return response
        }
    }

    func consents(_ request: Request, form: FormBody?, withdraw: Bool) async throws -> Response {
        try await selfService(request, form: form) { session, parts, number, posted, csrfFailed in
            let exchange = RegisterExchange(store: parts.store)
            let language = parts.context.language
            var error: String? = csrfFailed ? parts.context.t(.formExpired) : nil
            var saved = false
            if let posted, let purpose = posted["purpose"], let organisation = posted["organisation"] {
                do {
                    if withdraw {
                        try await exchange.withdrawConsent(number, purpose: purpose, organisation: organisation)
                    } else {
                        try await exchange.grantConsent(number, purpose: purpose, organisation: organisation)
                    }
                    saved = true
                } catch let refused as ChangeRefused { error = Self.text(refused, parts.context) }
            }
            func organisationName(_ number: String) -> String { Organisation.all.first { $0.number.value == number }?.name ?? number }
            let rows = try await exchange.consents(number).map { row in
                ConsentRow(purposeID: row.purpose, purpose: ExchangeCatalogue.purpose(row.purpose)?.text(in: language) ?? row.purpose,
                           organisationNumber: row.organisation, organisation: organisationName(row.organisation), live: row.live)
            }
            let purposes = RegisterExchange.consentPurposes.sorted().map { Choice(value: $0, label: ExchangeCatalogue.purpose($0)?.text(in: language) ?? $0) }
            let organisations = Organisation.agencies.map { Choice(value: $0.number.value, label: $0.name) }
            var response = Self.page(SelfServiceView.consents(rows, purposes: purposes, organisations: organisations, csrfToken: session.csrfToken,
                                                              error: error, saved: saved, context: parts.context), request: request)
            if error != nil { response.status = .badRequest }
            return response
        }
    }

    // MARK: Login as a relying party

    func login(_ request: Request) async throws -> Response {
        let (p, store) = try parts()
        let query = (try? FormBody.parse(request.uri.query ?? "")) ?? FormBody(fields: [:])
        let login = try await PortalSessions(store: store).beginLogin(returnTo: Self.safeReturn(query["return_to"]))
        // Staff pages ask for `level=high` (idporten-loa-high); everyone else logs in at substantial.
        let level = query["level"] == "high" ? AssuranceLevel.high.rawValue : nil
        let parameters: [String: String?] = [
            "client_id": IdentityProvider.portalClientID, "redirect_uri": p.portalRedirectURI, "response_type": "code",
            "scope": "openid profile", "state": login.state, "nonce": login.nonce,
            "code_challenge": PKCE.challenge(for: login.verifier), "code_challenge_method": "S256",
            "ui_locales": request.preferredLanguage.tag, "acr_values": level]
        return OIDCController.redirect(SiteRoute.authorize.rawValue, parameters)
    }

    func callback(_ request: Request) async throws -> Response {
        let (p, store) = try parts()
        let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
        func refuse(_ text: String) -> Response {
            var response = Self.page(MessagePageView.render(title: context.t(.loginTitle), body: text, context: context), request: request)
            response.status = .badRequest
            return response
        }
        let query: FormBody
        do { query = try FormBody.parse(request.uri.query ?? "") } catch { return refuse(error.detail) }
        guard let state = query["state"], let login = try await PortalSessions(store: store).takeLogin(state: state) else {
            return refuse(context.t(.formExpired))
        }
        if let error = query["error"] { return refuse("\(context.t(.loginRequestInvalid)) \(query["error_description"] ?? error)") }
        guard query["iss"] == p.issuer else { return refuse("The login answer came from another issuer.") }
        guard let code = query["code"], let client = try await p.clients.client(IdentityProvider.portalClientID) else {
            return refuse(context.t(.formExpired))
        }
        let tokens: OIDCController.TokenSet
        let claims: IDTokenClaims
        do {
            tokens = try await OIDCController.redeem(p, client: client, code: code, redirectURI: p.portalRedirectURI, verifier: login.verifier)
            claims = try await p.tokenIssuer().verifyIDToken(tokens.idToken)
        } catch let error as OAuthError {
            return refuse(error.detail)
        }
        guard claims.aud == IdentityProvider.portalClientID, claims.nonce == login.nonce, Double(claims.exp) > Date().timeIntervalSince1970 else {
            return refuse("The ID token is not meant for this login.")
        }
        let cookie = try await PortalSessions(store: store).start(PortalSession(pid: claims.pid, sid: claims.sid, acr: claims.acr,
                                                                               idToken: tokens.idToken, csrfToken: SecureToken.generate()))
        var response = Response(status: .seeOther, headers: [.location: login.returnTo, .cacheControl: "no-store"])
        response.setCookie(Cookie(name: Self.cookie, value: cookie, path: "/", secure: p.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    func logout(_ request: Request) async throws -> Response {
        let (p, store) = try parts()
        let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
        let form = try? await FormBody.read(request)
        guard let cookie = request.cookies[Self.cookie]?.value, let session = try await PortalSessions(store: store).session(cookie: cookie) else {
            return Response(status: .seeOther, headers: [.location: "/"])
        }
        guard let token = form?["csrf_token"], SecureToken.constantTimeEquals(token, session.csrfToken) else {
            var response = Self.page(MessagePageView.render(title: context.t(.logoutButton), body: context.t(.formExpired), context: context), request: request)
            response.status = .forbidden
            return response
        }
        try await PortalSessions(store: store).end(cookie: cookie)
        var response = OIDCController.redirect(SiteRoute.logout.rawValue, ["id_token_hint": session.idToken, "post_logout_redirect_uri": p.issuer + "/"])
        response.setCookie(Cookie(name: Self.cookie, value: "", maxAge: 0, path: "/", secure: p.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    /// Only a local path may be returned to (no other host, no `//evil`).
    static func safeReturn(_ path: String?) -> String {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\"), path.utf8.count < 200,
              path.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f }) else { return SiteRoute.myPage.rawValue }
        return path
    }

    /// A refused change in the page's language.
    static func text(_ refused: ChangeRefused, _ context: PageContext) -> String {
        let key: MessageKey = switch refused.reason {
        case .street: .refusedStreet
        case .postcode: .refusedPostcode
        case .municipality: .refusedMunicipality
        case .date, .birthDate: .refusedDate
        case .dateNotAfterCurrent: .refusedDateNotAfter
        case .email: .refusedEmail
        case .mobile: .refusedMobile
        case .consentPurpose, .organisation: .refusedConsent
        case .names, .sex, .citizenship, .noFreeNumber: .errorBody
        }
        return context.t(key)
    }

    static func row(_ message: MailboxMessage, _ context: PageContext) -> MailboxRow {
        let sender = Organisation.all.first { $0.number.value == message.sender }?.name ?? message.sender
        let files = message.attachments.map { file in
            let kind = file.contentType == "text/plain" ? "TXT" : (file.contentType.split(separator: "/").last.map { $0.uppercased() } ?? "")
            return MailboxFile(position: file.position, filename: file.filename,
                               description: "\(kind), \(Attachment.displaySize(file.size, decimalComma: context.language != .en))")
        }
        return MailboxRow(id: message.id, sender: sender, subject: message.subject, body: message.body,
                          received: context.language.format(message.receivedAt, date: .medium), isRead: message.isRead,
                          attachmentCount: message.attachmentCount, attachments: files)
    }

    static func toLogin(_ request: Request, level: AssuranceLevel? = nil) -> Response {
        let returnTo = request.uri.path + (request.method == .get ? request.uri.query.map { "?\($0)" } ?? "" : "")
        return OIDCController.redirect(SiteRoute.portalLogin.rawValue, ["return_to": returnTo, "level": level == .high ? "high" : nil])
    }

    static func page(_ html: String, request: Request) -> Response {
        var response = WebController<TverrRequestContext>.html(html, request: request)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

/// One access from the audit log, ready for the person to read.
struct DataUse: Sendable {
    let entry: SealedAuditEntry
    let organisationNumber: String
    let organisationName: String

    /// Every access to `pid`'s data, newest first.
    static func rows(for pid: String, store: Store) async throws -> [DataUse] {
        try await AuditLog(store: store).entriesVisible(to: pid, today: TverrServer.today()).reversed().map { entry in
            let organisation = entry.record.actor.hasPrefix("client:")
                ? String(entry.record.actor.dropFirst(7).prefix { $0 != "/" }) : entry.record.actor
            let name = Organisation.all.first { $0.number.value == organisation }?.name ?? organisation
            return DataUse(entry: entry, organisationNumber: organisation, organisationName: name)
        }
    }

    var action: MessageKey {
        switch entry.record.action {
        case "registers.person.read": .actionPersonRead
        case "registers.person.addresses.read": .actionAddressesRead
        case "registers.person.family.read": .actionFamilyRead
        case "registers.contact.read": .actionContactRead
        case "registers.hpr.read": .actionHprRead
        case "credentials.dcc.issue": .actionCertificateIssue
        case "credentials.dcc.revoke": .actionCertificateRevoke
        default: .actionOther
        }
    }

    func purpose(in language: Language) -> String {
        ExchangeCatalogue.purpose(entry.record.purpose)?.text(in: language) ?? entry.record.purpose
    }

    var date: Date { Date(timeIntervalSince1970: Double(entry.recordedAt) / 1000) }

    func row(in language: Language) -> DataUseRow {
        DataUseRow(organisation: organisationName, what: Catalogue.text(action, in: language), purpose: purpose(in: language),
                   legalBasis: entry.record.legalBasis, when: language.format(date))
    }

    struct JSON: Encodable, Sendable {
        let time: String
        let organisationNumber: String
        let organisation: String
        let action: String
        let description: String
        let purpose: String
        let purposeText: String
        let legalBasis: String
    }

    func json(in language: Language) -> JSON {
        JSON(time: ISO8601DateFormatter().string(from: date), organisationNumber: organisationNumber, organisation: organisationName,
             action: entry.record.action, description: Catalogue.text(action, in: language), purpose: entry.record.purpose,
             purposeText: purpose(in: language), legalBasis: entry.record.legalBasis)
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
