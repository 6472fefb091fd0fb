import Localization
import Plot

/// One of the person's protection applications, in their language.
public struct MyProtectionCase: Sendable {
    public var reference: String
    /// The outcome in one sentence.
    public var status: String
    /// Why, in sentences (route reasons, or the caseworker's reason).
    public var why: [String]
    /// What the rules checked: the plain statement and whether it held.
    public var checked: [(String, Bool)]
    /// The published rules, when the decision was automated.
    public var rulesLink: String?
    /// The appeal deadline when an appeal can be made now.
    public var appealDeadline: String?
    public init(reference: String, status: String, why: [String], checked: [(String, Bool)], rulesLink: String?, appealDeadline: String?) {
        (self.reference, self.status, self.why, self.checked, self.rulesLink, self.appealDeadline) = (reference, status, why, checked, rulesLink, appealDeadline)
    }
}

/// "My application for protection": the outcome, the plain-language explanation, and the appeal.
public enum MyProtectionPages {
    public static func page(_ cases: [MyProtectionCase], csrfToken: String, notice: String?, error: (reference: String, message: String)?,
                            context: PageContext) -> String {
        Layout.page(title: context.t(.myProtectionTitle), context: context, content: .group(
            .h1(.text(context.t(.myProtectionTitle))),
            .p(.text(context.t(.myProtectionLead))),
            .if(notice != nil, .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text(notice ?? "")))),
            .if(error != nil, .div(.class("error-summary"), .id("error-summary"), .attribute(named: "role", value: "alert"),
                                   .p(.a(.href("#reason-\(error?.reference ?? "")"), .text(error?.message ?? ""))))),
            cases.isEmpty ? .p(.text(context.t(.myProtectionNone))) : .forEach(cases) { item in
                .section(
                    .h2(.text(item.reference)),
                    .p(.strong(.text(item.status))),
                    .if(!item.why.isEmpty, .group(.h3(.text(context.t(.myProtectionWhy))), .ul(.forEach(item.why) { .li(.text($0)) }))),
                    .if(!item.checked.isEmpty, .group(
                        .h3(.text(context.t(.myProtectionChecked))),
                        .ul(.forEach(item.checked) { statement, held in
                            .li(.strong(.text("\(context.t(held ? .myProtectionMet : .myProtectionNotMet)): ")), .text(statement))
                        }))),
                    .if(item.rulesLink != nil, .p(.text(context.t(.myProtectionRules) + ": "), .a(.href(item.rulesLink ?? "/rules"), .text(item.rulesLink ?? "")))),
                    .if(item.appealDeadline != nil, .form(
                        .method(.post), .action("/my/protection/\(item.reference)/appeal"),
                        .input(.type(.hidden), .name("csrf_token"), .value(HTMLEscaping.attribute(csrfToken))),
                        .h3(.text(context.t(.myProtectionAppeal))),
                        .p(.id("hint-\(item.reference)"), .text("\(context.t(.myProtectionAppealHint)) \(item.appealDeadline ?? "").")),
                        .label(.for("reason-\(item.reference)"), .text(context.t(.myProtectionAppealReason))),
                        .textarea(.id("reason-\(item.reference)"), .name("reason"), .attribute(named: "rows", value: "5"),
                                  .attribute(named: "aria-describedby", value: "hint-\(item.reference)")),
                        .button(.type(.submit), .class("button"), .text(context.t(.myProtectionAppealSubmit)))))
                )
            }
        ))
    }
}
