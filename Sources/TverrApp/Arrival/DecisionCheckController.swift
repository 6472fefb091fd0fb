import Foundation
import Hummingbird
import Localization
import Persistence
import Reference
import Trust
import WebUI

/// The public check of a signed decision letter (`/verify/decision?code=…`): the signature
/// against the platform's trust list (offline, as any verifier with the list can do it), then,
/// for a code that verified, whether the decision is still the one in force. Nothing pasted is
/// stored; the look-up of a verified decision is audited.
struct DecisionCheckController {
    let store: Store?
    /// Checks per client address: 30 a minute by default, far more than a person checking letters needs.
    var limiter = RateLimiter(limit: 30, window: 60)

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.verifyDecision.path) { request, requestContext in
            let context = WebController<TverrRequestContext>.pageContext(request)
            guard let given = request.uri.queryParameters["code"].map(String.init) else {
                return CredentialsController.page(DecisionCheckView.render(code: "", result: nil, error: nil, context: context), request: request)
            }
            let text = given.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else {
                var response = CredentialsController.page(
                    DecisionCheckView.render(code: "", result: nil, error: context.t(.verifyDecisionEmpty), context: context), request: request)
                response.status = .badRequest
                return response
            }
            guard let store else { throw Problem(.serviceUnavailable, detail: "Decision checks are not running in this process.") }
            // Each check that verifies looks the case up and writes an audit entry: a limit per
            // client keeps anyone from flooding the log or walking through codes.
            guard await limiter.allow(requestContext.clientKey) else {
                var response = CredentialsController.page(DecisionCheckView.render(code: "", result: nil, error: context.t(.verifyDecisionTooMany),
                                                                                   context: context), request: request)
                response.status = .tooManyRequests
                return response
            }
            let trust = try await CredentialSigners(store: store).trustStore()
            let verdict = SealedDecision.verify(text, trust: trust, at: Date())
            var standing: ProtectionLetters.Standing?
            if verdict.isValid, let decision = verdict.decision, let code = verdict.code {
                standing = try await ProtectionLetters(store: store).standing(of: decision, code: code)
            }
            let result = Self.result(verdict, standing: standing, context: context)
            var response = CredentialsController.page(DecisionCheckView.render(code: String(text.prefix(SealedDecision.textLimit)), result: result,
                                                                               error: nil, context: context), request: request)
            if !verdict.isValid { response.status = .unprocessableContent }
            return response
        }
    }

    /// The verdict in plain terms for the page.
    static func result(_ verdict: SealedDecision.Verdict, standing: ProtectionLetters.Standing?, context: PageContext) -> DecisionCheckResult {
        guard verdict.isValid, let decision = verdict.decision else {
            let reason: MessageKey = switch verdict.reason {
            case .unknownKeyID: .verifyDecisionUnknownSigner
            case .badSignature: .verifyDecisionBadSignature
            case .signerNotValid, .notYetValid: .verifyDecisionNotValid
            case .malformed, nil: .verifyDecisionMalformed
            }
            return DecisionCheckResult(valid: false, reason: reason, detail: verdict.reason?.description, standing: nil, lines: [])
        }
        let format = DecisionLetterSender.format(context.language)
        let authority = Organisation.all.first { $0.number.value == decision.authority }?.name ?? decision.authority
        let lines: [DecisionCheckResult.Line] = [
            .init(label: context.t(.letterName), value: decision.name),
            .init(label: context.t(.letterBorn), value: format(decision.birthDate) ?? decision.birthDate),
            .init(label: context.t(.letterOutcome), value: context.t(decision.outcome == "grant" ? .letterGranted : .letterRefused)),
            .init(label: context.t(.letterDecidedOn), value: format(decision.decidedOn) ?? decision.decidedOn),
            .init(label: context.t(.letterDecidedBy), value: context.t(decision.method == "automated" ? .letterAutomated : .letterManual)),
            .init(label: context.t(.letterLegalBasis), value: decision.legalBasis),
            .init(label: context.t(.letterApplication), value: decision.reference),
            .init(label: context.t(.letterIssuedBy), value: "\(authority) (\(decision.authority))"),
        ]
        let standingKey: MessageKey? = switch standing {
        case .current: .verifyDecisionCurrent
        case .appealed: .verifyDecisionAppealed
        case .replaced: .verifyDecisionReplaced
        case .unknown, nil: .verifyDecisionUnknown
        }
        return DecisionCheckResult(valid: true, reason: nil, detail: nil, standing: standingKey, lines: lines)
    }
}
