import Localization
import Plot

/// The test-ID login page (demo mode): pick a synthetic person, or type a number.
public struct LoginPageModel: Sendable {
    /// A person to log in as.
    public struct Person: Sendable {
        public var name: String
        public var number: String
        public var note: String
        public init(name: String, number: String, note: String) {
            self.name = name
            self.number = number
            self.note = note
        }
    }

    /// The relying party's name.
    public var clientName: String
    /// Where the forms post to.
    public var action: String
    /// The fields every form carries back: the authorization request and the CSRF token.
    public var hiddenFields: [(name: String, value: String)]
    /// The test-ID people, or nil outside demo mode (then only the eID form is shown).
    public var people: [Person]?
    public var typedNumber: String
    /// A message about the last test-ID attempt, shown above the form and tied to the field.
    public var error: String?
    /// Where the eID form posts to.
    public var eidAction: String
    /// A message about the last eID attempt.
    public var eidError: String?

    public init(clientName: String, action: String, hiddenFields: [(name: String, value: String)], people: [Person]?,
                typedNumber: String = "", error: String? = nil, eidAction: String = "/authorize/eid", eidError: String? = nil) {
        self.clientName = clientName
        self.action = action
        self.hiddenFields = hiddenFields
        self.people = people
        self.typedNumber = typedNumber
        self.error = error
        self.eidAction = eidAction
        self.eidError = eidError
    }
}

public enum LoginPageView {
    public static func render(_ model: LoginPageModel, context: PageContext) -> String {
        let hidden: Node<HTML.FormContext> = .forEach(model.hiddenFields) { field in
            .input(.type(.hidden), .name(HTMLEscaping.attribute(field.name)), .value(HTMLEscaping.attribute(field.value)))
        }
        return Layout.page(title: context.t(.loginTitle), context: context, content: .group(
            .h1(.text(context.t(.loginTitle))),
            .p(.text("\(context.t(.loginLoggingInTo)) "), .strong(.text(model.clientName))),
            eid(model, hidden: hidden, context: context),
            .unwrap(model.people) { people in testID(model, people: people, hidden: hidden, context: context) }
        ))
    }

    static func eid(_ model: LoginPageModel, hidden: Node<HTML.FormContext>, context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text(context.t(.eidHeading))),
            .unwrap(model.eidError) { error in
                .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .id("eid-error"), .p(.text(error)))
            },
            .form(
                .method(.post), .action(HTMLEscaping.attribute(model.eidAction)),
                hidden,
                field("eid-pid", name: "pid", label: context.t(.eidNumberLabel), type: .text, autocomplete: "username",
                      numeric: true, error: model.eidError == nil ? nil : "eid-error"),
                field("eid-password", name: "password", label: context.t(.eidPasswordLabel), type: .password,
                      autocomplete: "current-password", numeric: false, error: nil),
                field("eid-code", name: "otp", label: context.t(.eidCodeLabel), type: .text, autocomplete: "one-time-code",
                      numeric: true, error: nil),
                .button(.type(.submit), .class("button"), .text(context.t(.loginSubmit)))
            ),
            .p(.a(.href("/eid/activate"), .text(context.t(.eidActivateLink))))
        )
    }

    /// A labelled input. `error` names the message element that describes a failed attempt.
    static func field(_ id: String, name: String, label: String, type: HTMLInputType, autocomplete: String, numeric: Bool,
                      error: String?) -> Node<HTML.FormContext> {
        .group(
            .label(.for(id), .text(label)),
            .input(.type(type), .id(id), .name(name), .attribute(named: "autocomplete", value: autocomplete),
                   .attribute(named: "inputmode", value: numeric ? "numeric" : ""),
                   .attribute(named: "spellcheck", value: "false"),
                   .attribute(named: "aria-describedby", value: error ?? ""),
                   .attribute(named: "aria-invalid", value: error == nil ? "" : "true"))
        )
    }

    static func testID(_ model: LoginPageModel, people: [LoginPageModel.Person], hidden: Node<HTML.FormContext>,
                       context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text(context.t(.loginChoosePerson))),
            .p(.text(context.t(.loginTestIDLead))),
            .unwrap(model.error) { error in
                .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .id("login-error"), .p(.text(error)))
            },
            .ul(.class("choices"), .forEach(people) { person in
                .li(.form(
                    .method(.post), .action(HTMLEscaping.attribute(model.action)),
                    hidden,
                    .input(.type(.hidden), .name("pid"), .value(HTMLEscaping.attribute(person.number))),
                    .button(.type(.submit), .class("button secondary"),
                            .text("\(context.t(.loginContinueAs)) \(person.name)")),
                    .span(.class("hint"), .text(" \(person.note)"))
                ))
            }),
            .h3(.text(context.t(.loginTypeNumber))),
            .form(
                .method(.post), .action(HTMLEscaping.attribute(model.action)),
                hidden,
                .label(.for("pid"), .text(context.t(.loginNumberLabel))),
                .input(.type(.text), .id("pid"), .name("pid"), .value(HTMLEscaping.attribute(model.typedNumber)),
                       .attribute(named: "inputmode", value: "numeric"), .attribute(named: "autocomplete", value: "off"),
                       .attribute(named: "spellcheck", value: "false"),
                       .attribute(named: "aria-describedby", value: model.error == nil ? "" : "login-error"),
                       .attribute(named: "aria-invalid", value: model.error == nil ? "" : "true")),
                .button(.type(.submit), .class("button"), .text(context.t(.loginSubmit)))
            )
        )
    }
}

/// A page with a heading and one paragraph (logged out, login cannot start, form expired).
public enum MessagePageView {
    public static func render(title: String, body: String, context: PageContext) -> String {
        Layout.page(title: title, context: context, content: .group(
            .h1(.text(title)),
            .p(.text(body)),
            .p(.a(.href("/"), .text(context.t(.backToFrontPage))))
        ))
    }
}
