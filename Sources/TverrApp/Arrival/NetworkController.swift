import Arrival
import Foundation
import Hummingbird
import Localization
import Persistence
import Reference
import WebUI

/// The agencies' network (`/staff/network`): staff with any role at an agency or municipality,
/// portal session at high, post one or two updates a week for their agency, tied to the journey
/// services they affect; they subscribe an address to the weekly digest, or end a subscription
/// they made. The unsubscribe link in each digest (`/network/unsubscribe?token=…`) needs no login:
/// its token is the key, and the page asks before it unsubscribes. Every form has CSRF protection
/// (the token form by its secret token).
struct NetworkController {
    let provider: IdentityProvider?
    let store: Store?

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.staffNetwork.path) { request, _ in
            try await staff(request) { access, network in
                let key: MessageKey? = request.uri.queryParameters["posted"] != nil ? .networkPosted
                    : request.uri.queryParameters["subscribed"] != nil ? .networkSubscribed
                    : request.uri.queryParameters["unsubscribed"] != nil ? .networkUnsubscribed
                    : request.uri.queryParameters["withdrawn"] != nil ? .networkWithdrawn : nil
                return try await page(request, access, network, notice: key.map { SettlementMessage(text: access.context.t($0)) })
            }
        }
        router.post(SiteRoute.staffNetwork.path) { request, _ in
            try await staff(request, posting: true) { access, network in
                let form = access.form
                let agency = form?["agency"] ?? ""
                let ticked = Set(JourneyStep.allCases.map(\.rawValue).filter { form?["service-\($0)"] == "yes" })
                let typed = Self.form(access, agency: agency, text: form?["text"] ?? "", ticked: ticked)
                func refuse(_ key: MessageKey, _ field: String, _ status: HTTPResponse.Status) async throws -> Response {
                    try await page(request, access, network, form: typed, notice: SettlementMessage(text: access.context.t(key), field: field), status: status)
                }
                guard access.organisations.contains(agency) else { return try await refuse(.networkErrorAgency, "agency", .unprocessableContent) }
                do {
                    let post = try NetworkPost.check(text: form?["text"] ?? "", services: Array(ticked))
                    try await network.post(post, for: agency, by: "staff:\(agency)/\(access.session.pid)")
                    return OIDCController.redirect(SiteRoute.staffNetwork.rawValue, ["posted": "1"])
                } catch let problem as NetworkPost.Problem {
                    let (key, field): (MessageKey, String) = switch problem {
                    case .tooShort: (.networkErrorTooShort, "text")
                    case .tooLong: (.networkErrorTooLong, "text")
                    case .controlCharacters: (.networkErrorControl, "text")
                    case .noService: (.networkErrorNoService, "services")
                    case .unknownService: (.networkErrorUnknownService, "services")
                    }
                    return try await refuse(key, field, .unprocessableContent)
                } catch AgencyNetwork.Refusal.weekFull {
                    return try await refuse(.networkErrorWeekFull, "text", .conflict)
                }
            }
        }
        router.post(SiteRoute.staffNetworkWithdraw.path) { request, context in
            try await staff(request, posting: true) { access, network in
                do {
                    try await network.withdraw(context.parameters.get("id") ?? "", for: access.organisations)
                    return OIDCController.redirect(SiteRoute.staffNetwork.rawValue, ["withdrawn": "1"])
                } catch let refusal as AgencyNetwork.Refusal {
                    let (key, status): (MessageKey, HTTPResponse.Status) = refusal == .notYours ? (.networkErrorNotYours, .forbidden) : (.networkErrorGone, .notFound)
                    return try await page(request, access, network, notice: SettlementMessage(text: access.context.t(key)), status: status)
                }
            }
        }
        router.post(SiteRoute.staffNetworkSubscribe.path) { request, _ in
            try await staff(request, posting: true) { access, network in
                let language = access.form?["language"] ?? ""
                do {
                    try await network.subscribe(access.form?["email"] ?? "", language: Language(rawValue: language) != nil ? language : "nb",
                                                by: access.session.pid)
                    return OIDCController.redirect(SiteRoute.staffNetwork.rawValue, ["subscribed": "1"])
                } catch AgencyNetwork.Refusal.badEmail {
                    return try await page(request, access, network, notice: SettlementMessage(text: access.context.t(.networkErrorEmail), field: "email"),
                                          status: .unprocessableContent)
                }
            }
        }
        router.post(SiteRoute.staffNetworkUnsubscribe.path) { request, _ in
            try await staff(request, posting: true) { access, network in
                // Only a subscription this person made; another id is treated as already gone.
                if let mine = try await network.subscriptions(by: access.session.pid).first(where: { $0.id == access.form?["subscriber"] }) {
                    try await network.unsubscribe(token: mine.token)
                }
                return OIDCController.redirect(SiteRoute.staffNetwork.rawValue, ["unsubscribed": "1"])
            }
        }
        router.get(SiteRoute.networkUnsubscribe.path) { request, _ in
            let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
            let token = request.uri.queryParameters["token"].map(String.init) ?? ""
            guard !token.isEmpty else { return Self.html(NetworkPages.unsubscribe(.unknown, context: context), status: .badRequest, request: request) }
            guard let store, token.utf8.count <= 100,
                  try await store.sql.raw("SELECT 1 AS found FROM network_subscribers WHERE unsubscribe_token = \(bind: token)").first() != nil else {
                return Self.html(NetworkPages.unsubscribe(.unknown, context: context), status: .notFound, request: request)
            }
            return Self.html(NetworkPages.unsubscribe(.ask(token: token), context: context), status: .ok, request: request)
        }
        router.post(SiteRoute.networkUnsubscribe.path) { request, _ in
            let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
            let token = (try? await FormBody.read(request))?["token"] ?? ""
            guard !token.isEmpty else { return Self.html(NetworkPages.unsubscribe(.unknown, context: context), status: .badRequest, request: request) }
            guard let store else { throw Problem(.serviceUnavailable, detail: "The network is not running in this process.") }
            do {
                try await AgencyNetwork(store: store).unsubscribe(token: token)
                return Self.html(NetworkPages.unsubscribe(.done, context: context), status: .ok, request: request)
            } catch AgencyNetwork.Refusal.unknownToken {
                return Self.html(NetworkPages.unsubscribe(.unknown, context: context), status: .notFound, request: request)
            }
        }
    }

    static func html(_ page: String, status: HTTPResponse.Status, request: Request) -> Response {
        var response = PortalController.page(page, request: request)
        response.status = status
        return response
    }

    /// Runs `body` for staff with any role at an organisation.
    func staff(_ request: Request, posting: Bool = false, _ body: (PortalStaffAccess, AgencyNetwork) async throws -> Response) async throws -> Response {
        try await PortalStaffAccess.check(request, provider: provider, store: store, role: nil, title: .networkTitle, noRole: .networkNoRole,
                                          posting: posting) { access in
            guard let store else { throw Problem(.serviceUnavailable, detail: "The network is not running in this process.") }
            return try await body(access, AgencyNetwork(store: store))
        }
    }

    static func name(_ organisation: String) -> String { Organisation.all.first { $0.number.value == organisation }?.name ?? organisation }

    static func form(_ access: PortalStaffAccess, agency: String = "", text: String = "", ticked: Set<String> = []) -> NetworkForm {
        NetworkForm(agencies: access.organisations.map { Choice(value: $0, label: name($0)) }, agency: agency, text: text,
                    services: JourneyStep.allCases.map { Choice(value: $0.rawValue, label: JourneyController.name($0, access.context)) }, ticked: ticked)
    }

    static let languages: [(String, String)] = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English"), ("uk", "Українська")]

    func page(_ request: Request, _ access: PortalStaffAccess, _ network: AgencyNetwork, form: NetworkForm? = nil, notice: SettlementMessage?,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let context = access.context
        let since = Int64((Date().timeIntervalSince1970 - 8 * 7 * 86_400) * 1000)
        var weeks: [(week: String, updates: [NetworkUpdateRow])] = []
        for update in try await network.updates(since: since) {
            let row = NetworkUpdateRow(agency: Self.name(update.organisation), text: update.text,
                                       posted: context.language.format(Date(timeIntervalSince1970: Double(update.postedAt) / 1000)),
                                       services: update.services.map { JourneyController.name($0, context) },
                                       withdrawable: access.organisations.contains(update.organisation) ? update.id : nil)
            if weeks.last?.week == update.week { weeks[weeks.count - 1].updates.append(row) } else { weeks.append((update.week, [row])) }
        }
        let subscriptions = try await network.subscriptions(by: access.session.pid).map { subscriber in
            NetworkSubscriptionRow(id: subscriber.id, email: subscriber.email, language: Self.languages.first { $0.0 == subscriber.language }?.1 ?? subscriber.language)
        }
        var response = PortalController.page(NetworkPages.page(
            form: form ?? Self.form(access), weeks: weeks, subscriptions: subscriptions,
            languages: Self.languages.map { Choice(value: $0.0, label: $0.1) }, notice: notice, csrfToken: access.session.csrfToken,
            context: context), request: request)
        response.status = status
        return response
    }
}
