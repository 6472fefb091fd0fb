import Localization
import Plot

/// The eID activation pages: activation code, password, authenticator, done.
public enum EnrolStage: Sendable, Equatable {
    case activation
    case password
    /// The authenticator step shows the key in base32 (grouped for reading) and the otpauth link.
    case authenticator(key: String, link: String)
    case done
}

public enum EnrolPageView {
    public static func render(_ stage: EnrolStage, csrfToken: String, error: String? = nil, typedNumber: String = "",
                              context: PageContext) -> String {
        let csrf: Node<HTML.FormContext> = .input(.type(.hidden), .name("csrf_token"), .value(HTMLEscaping.attribute(csrfToken)))
        let alert: Node<HTML.BodyContext> = .unwrap(error) { error in
            .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .id("enrol-error"), .p(.text(error)))
        }
        let described = error == nil ? nil : "enrol-error"
        let content: Node<HTML.BodyContext>
        switch stage {
        case .activation:
            content = .group(
                .h1(.text(context.t(.enrolTitle))), .p(.text(context.t(.enrolLead))), alert,
                .form(.method(.post), .action("/eid/activate"), csrf,
                      LoginPageView.field("pid", name: "pid", label: context.t(.eidNumberLabel), type: .text, autocomplete: "username",
                                          numeric: true, error: described),
                      LoginPageView.field("activation", name: "activation_code", label: context.t(.enrolActivationLabel), type: .text,
                                          autocomplete: "off", numeric: false, error: nil),
                      .button(.type(.submit), .class("button"), .text(context.t(.enrolContinue)))))
        case .password:
            content = .group(
                .h1(.text(context.t(.enrolPasswordHeading))), .p(.text(context.t(.enrolPasswordHint))), alert,
                .form(.method(.post), .action("/eid/password"), csrf,
                      LoginPageView.field("password", name: "password", label: context.t(.eidPasswordLabel), type: .password,
                                          autocomplete: "new-password", numeric: false, error: described),
                      LoginPageView.field("repeat", name: "repeat", label: context.t(.enrolPasswordRepeatLabel), type: .password,
                                          autocomplete: "new-password", numeric: false, error: nil),
                      .button(.type(.submit), .class("button"), .text(context.t(.enrolContinue)))))
        case .authenticator(let key, let link):
            content = .group(
                .h1(.text(context.t(.enrolAuthenticatorHeading))), .p(.text(context.t(.enrolAuthenticatorLead))), alert,
                .dl(.class("figures"),
                    .dt(.text(context.t(.enrolKeyLabel))), .dd(.code(.class("secret"), .text(key))),
                    .dt(.text(context.t(.enrolLinkLabel))), .dd(.a(.href(HTMLEscaping.attribute(link)), .text(context.t(.enrolLinkLabel))))),
                .form(.method(.post), .action("/eid/confirm"), csrf,
                      LoginPageView.field("otp", name: "otp", label: context.t(.eidCodeLabel), type: .text, autocomplete: "one-time-code",
                                          numeric: true, error: described),
                      .button(.type(.submit), .class("button"), .text(context.t(.enrolContinue)))))
        case .done:
            content = .group(.h1(.text(context.t(.enrolDoneTitle))), .p(.text(context.t(.enrolDoneBody))),
                             .p(.a(.href("/my"), .text(context.t(.loginTitle)))))
        }
        return Layout.page(title: context.t(.enrolTitle), context: context, content: content)
    }
}
