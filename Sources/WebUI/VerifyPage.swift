import Localization
import Plot

/// The outcome of a check, ready to show: plain values, no crypto types.
public struct VerifyResult: Sendable, Equatable {
    /// One business rule with its outcome.
    public struct Rule: Sendable, Equatable {
        public var identifier: String
        public var description: String
        public var passed: Bool
        public init(identifier: String, description: String, passed: Bool) {
            (self.identifier, self.description, self.passed) = (identifier, description, passed)
        }
    }

    public var valid: Bool
    /// Why not, in plain language; nil when valid.
    public var reason: MessageKey?
    /// The technical reason, for the verifier's records.
    public var detail: String?
    public var holder: String?
    public var born: String?
    public var kind: MessageKey?
    public var identifier: String?
    public var expires: String?
    public var rules: [Rule]

    public init(valid: Bool, reason: MessageKey?, detail: String?, holder: String?, born: String?, kind: MessageKey?,
                identifier: String?, expires: String?, rules: [Rule]) {
        (self.valid, self.reason, self.detail, self.holder, self.born) = (valid, reason, detail, holder, born)
        (self.kind, self.identifier, self.expires, self.rules) = (kind, identifier, expires, rules)
    }
}

/// The public verifier page: a form for the HC1 text, and the verdict below it. It works without
/// JavaScript; the result is a status message a screen reader announces.
public enum VerifyView {
    public static func render(text: String, result: VerifyResult?, error: String?, context: PageContext) -> String {
        Layout.page(title: context.t(.verifyTitle), context: context, content: .group(
            .h1(.text(context.t(.verifyTitle))),
            .p(.text(context.t(.verifyLead))),
            .unwrap(error) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .id("form-error"), .p(.text($0))) },
            .unwrap(result) { verdict($0, context: context) },
            pasteForm(method: .post, action: "/verify", name: "hc1", label: context.t(.verifyLabel), button: context.t(.verifyButton),
                      text: text, rows: 6, invalid: error != nil),
            .p(.a(.href("/credentials/trust-list"), .text(context.t(.verifyTrustList))))
        ))
    }

    /// A form with one text area to paste a code into, and its button; with `invalid`, the field
    /// points to the error summary (`form-error`).
    static func pasteForm(method: HTMLFormMethod, action: String, name: String, label: String, button: String, text: String, rows: Int,
                          invalid: Bool) -> Node<HTML.BodyContext> {
        .form(.method(method), .action(action),
              .label(.for(name), .text(label)),
              .textarea(.id(name), .name(name), .attribute(named: "rows", value: "\(rows)"), .attribute(named: "spellcheck", value: "false"),
                        .attribute(named: "autocomplete", value: "off"),
                        .attribute(named: "aria-describedby", value: invalid ? "form-error" : ""),
                        .attribute(named: "aria-invalid", value: invalid ? "true" : ""), .text(text)),
              .button(.type(.submit), .class("button"), .text(button)))
    }

    static func verdict(_ result: VerifyResult, context: PageContext) -> Node<HTML.BodyContext> {
        .div(.class(result.valid ? "notice" : "error-summary"), .attribute(named: "role", value: "status"), .id("verdict"),
             .h2(.text(context.t(result.valid ? .verifyValid : .verifyInvalid))),
             .unwrap(result.reason) { .p(.text(context.t($0))) },
             .unwrap(result.detail) { .p(.class("detail"), .text($0)) },
             .dl(
                .unwrap(result.holder) { .group(.dt(.text(context.t(.verifyHolder))), .dd(.text($0))) },
                .unwrap(result.born) { .group(.dt(.text(context.t(.verifyBorn))), .dd(.text($0))) },
                .unwrap(result.kind) { .group(.dt(.text(context.t(.verifyKind))), .dd(.text(context.t($0)))) },
                .unwrap(result.identifier) { .group(.dt(.text(context.t(.verifyIdentifier))), .dd(.text($0))) },
                .unwrap(result.expires) { .group(.dt(.text(context.t(.verifyExpires))), .dd(.text($0))) }
             ),
             .if(!result.rules.isEmpty, .group(
                .h3(.text(context.t(.verifyRules))),
                .ul(.forEach(result.rules) { rule in
                    .li(.strong(.text(context.t(rule.passed ? .verifyRulePassed : .verifyRuleFailed) + ": ")), .text("\(rule.description) (\(rule.identifier))"))
                })
             )))
    }
}
