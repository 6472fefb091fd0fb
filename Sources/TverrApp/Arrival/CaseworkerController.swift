import Foundation
import Hummingbird
import Logging
import Localization
import Persistence
import Rules
import WebUI

/// The caseworker workspace for protection cases (seed 000): caseworkers of the immigration
/// directorate, logged in at `idporten-loa-high`, see the queue of applications the rules sent
/// to a person (and appeals), open a case with its trace, and grant or refuse with a written
/// reason. Refusals are only ever made here, by a person. Every case opened is audited.
struct CaseworkerController {
    let provider: IdentityProvider?
    let store: Store?
    let rules: RuleBook
    /// Sends the decision letter once the caseworker has decided.
    let letters: DecisionLetterSender?

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.staffProtection.path) { request, _ in
            try await caseworker(request) { access, cases in
                let rows = try await cases.queue().map {
                    CaseQueueRow(reference: $0.reference, name: $0.name, appliedOn: $0.appliedOn, appealed: $0.status == "appealed", reasons: $0.reasons)
                }
                return PortalController.page(CasePages.queue(rows, context: access.context), request: request)
            }
        }
        router.get(SiteRoute.staffProtectionCase.path) { request, context in
            try await caseworker(request) { access, cases in
                let notice = request.uri.queryParameters["decided"] != nil ? access.context.t(.casesDecided) : nil
                return try await page(request, access, cases, reference: context.parameters.get("reference") ?? "", notice: notice)
            }
        }
        router.post(SiteRoute.staffProtectionDecision.path) { request, context in
            try await caseworker(request, posting: true) { access, cases in
                try await decide(request, access, cases, reference: context.parameters.get("reference") ?? "", logger: context.logger)
            }
        }
    }

    /// Runs `body` for a caseworker of the immigration directorate.
    func caseworker(_ request: Request, posting: Bool = false, _ body: (PortalStaffAccess, ProtectionCases) async throws -> Response) async throws -> Response {
        try await PortalStaffAccess.check(request, provider: provider, store: store, role: .caseworker, title: .casesTitle, noRole: .casesNoRole,
                                          posting: posting) { access in
            guard access.organisations.contains(ProtectionCases.authority), let store else {
                return MunicipalStaffAccess.refuse(.casesNoRole, title: .casesTitle, context: access.context, request: request)
            }
            return try await body(access, ProtectionCases(store: store))
        }
    }

    func page(_ request: Request, _ access: PortalStaffAccess, _ cases: ProtectionCases, reference: String, notice: String? = nil,
              form: (outcome: String, reason: String, errors: [FieldError])? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let found = try await cases.open(reference, by: "staff:\(ProtectionCases.authority)/\(access.session.pid)") else {
            throw Problem(.notFound, detail: "There is no protection case with that reference.")
        }
        var model = Self.model(found, rules: rules.sets[found.trace.ruleSet], csrf: access.session.csrfToken, context: access.context)
        model.notice = notice
        if let form { (model.outcome, model.reason, model.errors) = form }
        var response = PortalController.page(CasePages.page(model, context: access.context), request: request)
        response.status = status
        return response
    }

    func decide(_ request: Request, _ access: PortalStaffAccess, _ cases: ProtectionCases, reference: String, logger: Logger) async throws -> Response {
        let form = access.form!
        let outcome = form["outcome"] ?? "", reason = form["reason"] ?? ""
        let context = access.context
        do {
            try await cases.decide(reference, outcome: outcome, reason: reason, by: "staff:\(ProtectionCases.authority)/\(access.session.pid)",
                                   today: TverrServer.today())
            do { try await letters?.send([reference]) } catch {
                // It stays owed: DecisionLetterService sends it at its next run.
                logger.error("The decision letter was not sent", metadata: ["reference": .string(reference), "error": .string("\(error)")])
            }
            return OIDCController.redirect("/staff/protection/\(reference)", ["decided": "1"])
        } catch let refusal as ProtectionCases.Refusal {
            let (field, key, status): (String, MessageKey, HTTPResponse.Status) = switch refusal {
            case .notFound: throw Problem(.notFound, detail: "There is no protection case with that reference.")
            case .reasonRequired: ("reason", .casesErrorReason, .unprocessableContent)
            case .unknownOutcome: ("outcome", .casesErrorOutcome, .unprocessableContent)
            case .alreadyDecided: ("outcome", .casesErrorDecided, .conflict)
            }
            return try await page(request, access, cases, reference: reference, form: (outcome, reason, [FieldError(field: field, message: context.t(key))]),
                                  status: status)
        }
    }

    static func model(_ found: ProtectionCases.Case, rules: RuleSet?, csrf: String, context: PageContext) -> CasePageModel {
        let version = rules?.versions.first { $0.version == found.trace.version }
        let titles = Dictionary((version?.rules ?? []).map { ($0.id, $0.title[context.language]) }, uniquingKeysWith: { a, _ in a })
        let explanations = Dictionary(((version?.decision.routes ?? []) + (version.map { [$0.decision.otherwise] } ?? [])).map { ($0.reason, $0.explanation[context.language]) },
                                      uniquingKeysWith: { a, _ in a })
        let details: [(String, String)] = [
            (context.t(.casesPerson), found.name + (found.nameNative.map { " (\($0))" } ?? "")),
            (context.t(.intakeBirthDate), found.birthDate), (context.t(.intakeNationality), found.nationality),
            (context.t(.intakeDNumber), found.identityNumber), (context.t(.casesApplied), found.appliedOn),
        ]
        var decided: [(String, String)]?
        if found.status == "decided" || found.status == "granted" {
            decided = [(context.t(.casesDecide), context.t(found.outcome == "grant" ? .casesOutcomeGrant : .casesOutcomeRefuse)),
                       (context.t(.casesDecidedBy), found.decidedBy ?? ""), (context.t(.casesReason), found.decisionReason ?? "")]
            if let deadline = found.appealDeadline { decided!.append((context.t(.casesAppealDeadline), deadline)) }
        }
        return CasePageModel(
            csrfToken: csrf, reference: found.reference, applicant: found.name, version: "\(found.trace.ruleSet) \(found.trace.version ?? "–")",
            details: details, facts: found.trace.facts.map { ($0.name, $0.value) },
            rules: found.trace.rules.map { .init(id: $0.id, title: titles[$0.id] ?? "", legalReference: $0.legalReference, value: $0.value, held: $0.held) },
            reasons: found.trace.reasons.map { reason in explanations[reason].map { "\($0) (\(reason))" } ?? reason } + (found.appealReason.map { ["\(context.t(.casesAppealed)): \($0)"] } ?? []),
            decided: decided)
    }
}
