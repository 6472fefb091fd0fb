import Foundation
import Hummingbird
import Localization
import Persistence
import Rules
import WebUI

/// "My application for protection" on "my page": the outcome, a plain-language explanation in
/// the person's language built from the stored trace (each rule's statement and whether it held,
/// each reason's explanation), a link to the published rules, and the appeal while the deadline
/// runs (forvaltningsloven 2025 § 12: an explanation and a manual check).
struct MyProtectionController {
    let portal: PortalController
    let rules: RuleBook

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.myProtection.path) { request, _ in
            try await portal.selfService(request, form: nil) { session, parts, number, _, _ in
                let notice = request.uri.queryParameters["appealed"] != nil ? parts.context.t(.myProtectionAppealSent) : nil
                return try await page(request, session.csrfToken, parts, number.value, notice: notice, error: nil)
            }
        }
        router.post(SiteRoute.myProtectionAppeal.path) { request, context in
            let form = try? await FormBody.read(request)
            return try await portal.selfService(request, form: form) { session, parts, number, posted, csrfFailed in
                let reference = context.parameters.get("reference") ?? ""
                guard let posted, !csrfFailed else {
                    return try await page(request, session.csrfToken, parts, number.value, notice: nil, error: (reference, parts.context.t(.formExpired)))
                }
                do {
                    try await ProtectionCases(store: parts.store).appeal(reference, by: number.value, reason: posted["reason"] ?? "", today: TverrServer.today())
                    return OIDCController.redirect(SiteRoute.myProtection.rawValue, ["appealed": "1"])
                } catch let refusal as ProtectionCases.AppealRefusal {
                    let (message, status): (String, HTTPResponse.Status) = switch refusal {
                    case .notFound: throw Problem(.notFound, detail: "You have no application with that reference.")
                    case .reasonRequired: (parts.context.t(.myProtectionErrorReason), .unprocessableContent)
                    case .deadlinePassed(let deadline): ("\(parts.context.t(.myProtectionErrorDeadline)) \(deadline).", .conflict)
                    case .notDecided: (parts.context.t(.myProtectionErrorNotDecided), .conflict)
                    case .alreadyAppealed: (parts.context.t(.myProtectionErrorAppealed), .conflict)
                    }
                    var response = try await page(request, session.csrfToken, parts, number.value, notice: nil, error: (reference, message))
                    response.status = status
                    return response
                }
            }
        }
    }

    func page(_ request: Request, _ csrf: String, _ parts: PortalController.Parts, _ number: String, notice: String?,
              error: (reference: String, message: String)?) async throws -> Response {
        let today = TverrServer.today().description
        let cases = try await ProtectionCases(store: parts.store).mine(number).map { Self.explain($0, rules: rules, today: today, context: parts.context) }
        return PortalController.page(MyProtectionPages.page(cases, csrfToken: csrf, notice: notice, error: error, context: parts.context), request: request)
    }

    /// The case in the person's words: what was decided, why, and what the rules checked.
    static func explain(_ found: ProtectionCases.Case, rules: RuleBook, today: String, context: PageContext) -> MyProtectionCase {
        let set = rules.sets[found.trace.ruleSet]
        let version = set?.versions.first { $0.version == found.trace.version }
        let language = context.language
        let status: String = switch found.status {
        case "appealed": context.t(.myProtectionAppealed)
        case "routed": context.t(.myProtectionRouted)
        default: context.t(found.outcome == "grant" ? .myProtectionGranted : .myProtectionRefused)
        }
        var why: [String] = []
        if found.status == "routed" || found.decidedBy?.hasPrefix("rules:") == false {
            let routes = (version?.decision.routes ?? []) + (version.map { [$0.decision.otherwise] } ?? [])
            why += found.trace.reasons.compactMap { reason in routes.first { $0.reason == reason }?.explanation[language] }
        }
        if let reason = found.decisionReason, found.decidedBy?.hasPrefix("rules:") == false {
            why.append("\(context.t(.myProtectionCaseworkerReason)): \(reason)")
        }
        let titles = Dictionary((version?.rules ?? []).map { ($0.id, $0.title[language]) }, uniquingKeysWith: { a, _ in a })
        let checked = found.trace.rules.compactMap { rule in rule.held.flatMap { held in titles[rule.id].map { ($0, held) } } }
        let open = (found.status == "granted" || found.status == "decided") && (found.appealDeadline.map { today <= $0 } ?? false)
        return MyProtectionCase(reference: found.reference, status: status, why: why, checked: checked,
                                rulesLink: set.map { "/rules/\($0.id)" }, appealDeadline: open ? found.appealDeadline : nil)
    }
}
