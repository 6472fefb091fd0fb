import Localization
import Plot

/// A choice in a select list.
public struct Choice: Sendable, Equatable {
    public var value: String
    public var label: String
    public init(value: String, label: String) {
        self.value = value
        self.label = label
    }
}

/// A consent as the person sees it.
public struct ConsentRow: Sendable, Equatable {
    public var purposeID: String
    public var purpose: String
    public var organisationNumber: String
    public var organisation: String
    public var live: Bool
    public init(purposeID: String, purpose: String, organisationNumber: String, organisation: String, live: Bool) {
        self.purposeID = purposeID
        self.purpose = purpose
        self.organisationNumber = organisationNumber
        self.organisation = organisation
        self.live = live
    }
}

/// The self-service forms on "my page": contact and reservation, a move, consents.
public enum SelfServiceView {
    static func csrf(_ token: String) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .name("csrf_token"), .value(HTMLEscaping.attribute(token)))
    }

    static func messages(error: String?, saved: Bool, context: PageContext) -> Node<HTML.BodyContext> {
        .group(
            .unwrap(error) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .id("form-error"), .p(.text($0))) },
            .if(saved, .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text(context.t(.savedNotice)))))
        )
    }

    static func input(_ id: String, label: String, value: String, type: HTMLInputType = .text, autocomplete: String,
                      error: Bool) -> Node<HTML.FormContext> {
        .group(
            .label(.for(id), .text(label)),
            .input(.type(type), .id(id), .name(id), .value(HTMLEscaping.attribute(value)), .attribute(named: "autocomplete", value: autocomplete),
                   .attribute(named: "aria-describedby", value: error ? "form-error" : ""), .attribute(named: "aria-invalid", value: error ? "true" : ""))
        )
    }

    /// A labelled choice; `name` is what the form sends (by default the id, which must be unique on the page).
    static func select(_ id: String, name: String? = nil, label: String, choices: [Choice], selected: String,
                       invalid: Bool = false) -> Node<HTML.FormContext> {
        .group(
            .label(.for(id), .text(label)),
            .select(.attribute(named: "id", value: id), .attribute(named: "name", value: name ?? id),
                    .attribute(named: "aria-invalid", value: invalid ? "true" : ""), .forEach(choices) { choice in
                .element(named: "option", nodes: [
                    // An empty value is written out, or the browser would send the label ("Choose") instead.
                    .attribute(Attribute(name: "value", value: HTMLEscaping.attribute(choice.value), ignoreIfValueIsEmpty: false)),
                    .attribute(named: "selected", value: choice.value == selected ? "selected" : ""),
                    .text(choice.label),
                ])
            })
        )
    }

    static func back(_ context: PageContext) -> Node<HTML.BodyContext> { .p(.a(.href("/my"), .text(context.t(.myPageTitle)))) }

    public static func contact(email: String, mobile: String, reserved: Bool, csrfToken: String, error: String?, saved: Bool,
                               context: PageContext) -> String {
        Layout.page(title: context.t(.myContactTitle), context: context, content: .group(
            .h1(.text(context.t(.myContactTitle))),
            messages(error: error, saved: saved, context: context),
            .form(.method(.post), .action("/my/contact"), csrf(csrfToken),
                  input("email", label: context.t(.contactEmailLabel), value: email, type: .email, autocomplete: "email", error: error != nil),
                  input("mobile", label: context.t(.contactMobileLabel), value: mobile, type: .tel, autocomplete: "tel", error: false),
                  .div(.class("checkbox"),
                       .input(.type(.checkbox), .id("reserved"), .name("reserved"), .value("yes"), .checked(reserved)),
                       .label(.for("reserved"), .text(context.t(.contactReservedLabel)))),
                  .button(.type(.submit), .class("button"), .text(context.t(.saveButton)))),
            back(context)
        ))
    }

    public static func address(street: String, postcode: String, municipality: String, from: String, municipalities: [Choice],
                               csrfToken: String, error: String?, saved: Bool, context: PageContext) -> String {
        Layout.page(title: context.t(.myAddressTitle), context: context, content: .group(
            .h1(.text(context.t(.myAddressTitle))),
            messages(error: error, saved: saved, context: context),
            .form(.method(.post), .action("/my/address"), csrf(csrfToken),
                  input("street", label: context.t(.addressStreetLabel), value: street, autocomplete: "street-address", error: error != nil),
                  input("postcode", label: context.t(.addressPostcodeLabel), value: postcode, autocomplete: "postal-code", error: false),
                  select("municipality", label: context.t(.addressMunicipalityLabel), choices: municipalities, selected: municipality),
                  input("valid_from", label: context.t(.addressFromLabel), value: from, type: .date, autocomplete: "off", error: false),
                  .button(.type(.submit), .class("button"), .text(context.t(.saveButton)))),
            back(context)
        ))
    }

    public static func consents(_ rows: [ConsentRow], purposes: [Choice], organisations: [Choice], csrfToken: String, error: String?,
                                saved: Bool, context: PageContext) -> String {
        Layout.page(title: context.t(.myConsentsTitle), context: context, content: .group(
            .h1(.text(context.t(.myConsentsTitle))),
            .p(.text(context.t(.consentsLead))),
            messages(error: error, saved: saved, context: context),
            rows.isEmpty ? .p(.text(context.t(.consentsEmpty))) : .ul(.class("data-use"), .forEach(rows) { row in
                .li(.dl(
                    .dt(.text(context.t(.consentPurposeLabel))), .dd(.text(row.purpose)),
                    .dt(.text(context.t(.consentOrganisationLabel))), .dd(.text(row.organisation)),
                    .dt(.text(context.t(.consentLive))), .dd(.text(row.live ? context.t(.consentLive) : context.t(.consentWithdrawnState)))
                ), .if(row.live, .form(.method(.post), .action("/my/consents/withdraw"), csrf(csrfToken),
                                       .input(.type(.hidden), .name("purpose"), .value(HTMLEscaping.attribute(row.purposeID))),
                                       .input(.type(.hidden), .name("organisation"), .value(HTMLEscaping.attribute(row.organisationNumber))),
                                       .button(.type(.submit), .class("button secondary"), .text(context.t(.consentWithdrawButton))))))
            }),
            .h2(.text(context.t(.consentGrantHeading))),
            .form(.method(.post), .action("/my/consents"), csrf(csrfToken),
                  select("purpose", label: context.t(.consentPurposeLabel), choices: purposes, selected: ""),
                  select("organisation", label: context.t(.consentOrganisationLabel), choices: organisations, selected: ""),
                  .button(.type(.submit), .class("button"), .text(context.t(.consentGrantButton)))),
            back(context)
        ))
    }
}
