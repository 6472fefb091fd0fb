import Localization
import Plot

/// One application in the caseworker's queue.
public struct CaseQueueRow: Sendable, Equatable {
    public var reference, name, appliedOn: String, appealed: Bool, reasons: [String]
    public init(reference: String, name: String, appliedOn: String, appealed: Bool, reasons: [String]) {
        (self.reference, self.name, self.appliedOn, self.appealed, self.reasons) = (reference, name, appliedOn, appealed, reasons)
    }
}

/// One case as the caseworker page shows it: every text ready, in the page's language.
public struct CasePageModel: Sendable {
    public struct TraceRule: Sendable { public var id, title, legalReference, value: String; public var held: Bool?
        public init(id: String, title: String, legalReference: String, value: String, held: Bool?) { (self.id, self.title, self.legalReference, self.value, self.held) = (id, title, legalReference, value, held) } }
    public var csrfToken, reference, applicant, version: String
    /// Label and value pairs about the applicant and the application.
    public var details: [(String, String)]
    public var facts: [(String, String)]
    public var rules: [TraceRule]
    /// The reasons the rules sent it here, as sentences.
    public var reasons: [String]
    /// nil while the case waits for a decision; otherwise what was decided.
    public var decided: [(String, String)]?
    public var reason: String = ""
    public var outcome: String = ""
    public var errors: [FieldError] = []
    public var notice: String?

    public init(csrfToken: String, reference: String, applicant: String, version: String, details: [(String, String)], facts: [(String, String)],
                rules: [TraceRule], reasons: [String], decided: [(String, String)]?) {
        (self.csrfToken, self.reference, self.applicant, self.version, self.details, self.facts, self.rules, self.reasons, self.decided)
            = (csrfToken, reference, applicant, version, details, facts, rules, reasons, decided)
    }
}

/// The caseworker workspace for protection cases: the queue and one case with its trace.
public enum CasePages {
    public static func queue(_ rows: [CaseQueueRow], context: PageContext) -> String {
        Layout.page(title: context.t(.casesTitle), context: context, content: .group(
            .h1(.text(context.t(.casesTitle))),
            .p(.text(context.t(.casesLead))),
            rows.isEmpty ? .p(.text(context.t(.casesNone))) : .ul(.class("cases"), .forEach(rows) { row in
                .li(.a(.href("/staff/protection/\(row.reference)"), .text("\(row.name), \(row.reference)")),
                    .text(" · \(context.t(.casesApplied)) \(row.appliedOn)\(row.appealed ? " · \(context.t(.casesAppealed))" : "")"),
                    .if(!row.reasons.isEmpty, .p(.class("hint"), .text("\(context.t(.casesReasons)): \(row.reasons.joined(separator: ", "))"))))
            })
        ))
    }

    public static func page(_ model: CasePageModel, context: PageContext) -> String {
        let invalid = Set(model.errors.map(\.field))
        let mark = TemplatePagesView.invalidMark("reason", invalid)
        return Layout.page(title: "\(context.t(.casesTitle)): \(model.reference)", context: context, content: .group(
            .h1(.text("\(model.applicant), \(model.reference)")),
            .if(model.notice != nil, .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text(model.notice ?? "")))),
            .if(!model.errors.isEmpty, .div(.class("error-summary"), .id("error-summary"), .attribute(named: "role", value: "alert"),
                                            .ul(.forEach(model.errors) { error in .li(.a(.href("#\(error.field)"), .text(error.message))) }))),
            .dl(.forEach(model.details) { label, value in .group(.dt(.text(label)), .dd(.text(value))) }),
            .h2(.text(context.t(.casesReasons))),
            .ul(.forEach(model.reasons) { .li(.text($0)) }),
            .h2(.text(context.t(.casesTrace))),
            .p(.text("\(context.t(.casesVersion)): \(model.version)")),
            .div(.class("table-scroll"), .table(
                .tbody(.forEach(model.rules) { rule in
                    .tr(.th(.attribute(named: "scope", value: "row"), .code(.text(rule.id)), .text(" "), .text(rule.title)),
                        .td(.text(rule.held.map { context.t($0 ? .casesRuleHeld : .casesRuleNotHeld) } ?? rule.value)),
                        .td(.em(.text(rule.legalReference))))
                }))),
            .h2(.text(context.t(.casesFacts))),
            .dl(.forEach(model.facts) { name, value in .group(.dt(.code(.text(name))), .dd(.text(value))) }),
            .h2(.text(context.t(.casesDecide))),
            model.decided.map { decided in .dl(.forEach(decided) { label, value in .group(.dt(.text(label)), .dd(.text(value))) }) } ?? .form(
                .method(.post), .action("/staff/protection/\(model.reference)/decision"),
                .input(.type(.hidden), .name("csrf_token"), .value(HTMLEscaping.attribute(model.csrfToken))),
                ResultPortalPages.radios("outcome", legend: context.t(.casesDecide),
                                         [("grant", context.t(.casesGrant)), ("refuse", context.t(.casesRefuse))], selected: model.outcome),
                .label(.for("reason"), .text(context.t(.casesReason))),
                .textarea(.id("reason"), .name("reason"), .attribute(named: "rows", value: "6"),
                          .attribute(named: "aria-invalid", value: mark.invalid), .attribute(named: "aria-describedby", value: mark.describedBy),
                          .text(model.reason)),
                .button(.type(.submit), .class("button"), .text(context.t(.casesSubmit)))),
            .p(.a(.href("/staff/protection"), .text(context.t(.casesBack))))
        ))
    }
}
