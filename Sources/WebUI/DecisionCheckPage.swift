import Localization
import Plot

/// The outcome of checking a decision letter's code, ready to show.
public struct DecisionCheckResult: Sendable, Equatable {
    /// One fact of the decision.
    public struct Line: Sendable, Equatable {
        public var label: String
        public var value: String
        public init(label: String, value: String) { (self.label, self.value) = (label, value) }
    }

    public var valid: Bool
    /// Why not, in plain language; nil when valid.
    public var reason: MessageKey?
    /// The technical reason, for the checker's records.
    public var detail: String?
    /// Where the decision stands now (in force, appealed, replaced), when it verified.
    public var standing: MessageKey?
    /// The decision's facts, only when the signature is good.
    public var lines: [Line]

    public init(valid: Bool, reason: MessageKey?, detail: String?, standing: MessageKey?, lines: [Line]) {
        (self.valid, self.reason, self.detail, self.standing, self.lines) = (valid, reason, detail, standing, lines)
    }
}

/// The public check of a decision letter: the letter's QR code opens it with the code in the
/// address; anyone can also paste the code or the link. A GET form, so it needs no session and no
/// JavaScript; the verdict is a status message a screen reader announces.
public enum DecisionCheckView {
    public static func render(code: String, result: DecisionCheckResult?, error: String?, context: PageContext) -> String {
        Layout.page(title: context.t(.verifyDecisionTitle), context: context, content: .group(
            .h1(.text(context.t(.verifyDecisionTitle))),
            .unwrap(result) { verdict($0, context: context) },
            .p(.text(context.t(.verifyDecisionLead))),
            .unwrap(error) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .id("form-error"), .p(.text($0))) },
            VerifyView.pasteForm(method: .get, action: "/verify/decision", name: "code", label: context.t(.verifyDecisionLabel),
                                 button: context.t(.verifyDecisionButton), text: code, rows: 5, invalid: error != nil),
            .p(.a(.href("/credentials/trust-list"), .text(context.t(.verifyTrustList))))
        ))
    }

    static func verdict(_ result: DecisionCheckResult, context: PageContext) -> Node<HTML.BodyContext> {
        .div(.class(result.valid ? "notice" : "error-summary"), .attribute(named: "role", value: "status"), .id("verdict"),
             .h2(.text(context.t(result.valid ? .verifyDecisionValid : .verifyDecisionInvalid))),
             .unwrap(result.standing) { .p(.strong(.text(context.t($0)))) },
             .unwrap(result.reason) { .p(.text(context.t($0))) },
             .unwrap(result.detail) { .p(.class("detail"), .text($0)) },
             .if(!result.lines.isEmpty, .dl(.forEach(result.lines) { line in .group(.dt(.text(line.label)), .dd(.text(line.value))) })))
    }
}
