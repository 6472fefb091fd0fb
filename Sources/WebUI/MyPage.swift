import Localization
import Plot

/// "My page": who is logged in, where to go, and a logout form.
public struct MyPageModel: Sendable {
    public var name: String
    public var identityNumber: String
    public var csrfToken: String
    public var unreadMessages: Int

    public init(name: String, identityNumber: String, csrfToken: String, unreadMessages: Int = 0) {
        self.name = name
        self.identityNumber = identityNumber
        self.csrfToken = csrfToken
        self.unreadMessages = unreadMessages
    }
}

public enum MyPageView {
    public static func render(_ model: MyPageModel, context: PageContext) -> String {
        Layout.page(title: context.t(.myPageTitle), context: context, content: .group(
            .h1(.text(context.t(.myPageTitle))),
            .p(.text("\(context.t(.myPageGreeting)) "), .strong(.text(model.name)), .text(" (\(model.identityNumber))")),
            .ul(.li(.a(.href("/my/messages"), .text(context.t(.mailboxTitle)
                                                          + (model.unreadMessages > 0 ? " (\(model.unreadMessages) \(context.t(.mailboxUnreadCount)))" : "")))),
                .li(.a(.href("/my/results"), .text(context.t(.resultsTitle)))),
                .li(.a(.href("/my/bookings"), .text(context.t(.bookingMine)))),
                .li(.a(.href("/my/certificates"), .text(context.t(.certificatesTitle)))),
                .li(.a(.href("/my/protection"), .text(context.t(.myProtectionTitle)))),
                .li(.a(.href("/my/data-use"), .text(context.t(.myPageDataUseLink)))),
                .li(.a(.href("/my/contact"), .text(context.t(.myContactTitle)))),
                .li(.a(.href("/my/address"), .text(context.t(.myAddressTitle)))),
                .li(.a(.href("/my/consents"), .text(context.t(.myConsentsTitle))))),
            logoutForm(csrfToken: model.csrfToken, context: context)
        ))
    }

    static func logoutForm(csrfToken: String, context: PageContext) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action("/my/logout"),
              .input(.type(.hidden), .name("csrf_token"), .value(HTMLEscaping.attribute(csrfToken))),
              .button(.type(.submit), .class("button secondary"), .text(context.t(.logoutButton))))
    }
}

/// One access to the person's data, in plain language.
public struct DataUseRow: Sendable, Equatable {
    public var organisation: String
    public var what: String
    public var purpose: String
    public var legalBasis: String
    public var when: String

    public init(organisation: String, what: String, purpose: String, legalBasis: String, when: String) {
        self.organisation = organisation
        self.what = what
        self.purpose = purpose
        self.legalBasis = legalBasis
        self.when = when
    }
}

/// "Who has used my information": every access, newest first. Each access is a small
/// description list, which reads well in a screen reader and reflows at 320 px.
public enum DataUseView {
    public static func render(_ rows: [DataUseRow], csrfToken: String, context: PageContext) -> String {
        Layout.page(title: context.t(.dataUseTitle), context: context, content: .group(
            .h1(.text(context.t(.dataUseTitle))),
            .p(.text(context.t(.dataUseLead))),
            rows.isEmpty ? .p(.text(context.t(.dataUseEmpty))) : .ol(.class("data-use"), .forEach(rows) { row in
                .li(.dl(
                    .dt(.text(context.t(.dataUseWho))), .dd(.text(row.organisation)),
                    .dt(.text(context.t(.dataUseWhat))), .dd(.text(row.what)),
                    .dt(.text(context.t(.dataUseWhy))), .dd(.text(row.purpose)),
                    .dt(.text(context.t(.dataUseLaw))), .dd(.text(row.legalBasis)),
                    .dt(.text(context.t(.dataUseWhen))), .dd(.text(row.when))
                ))
            }),
            .p(.a(.href("/my"), .text(context.t(.myPageTitle)))),
            MyPageView.logoutForm(csrfToken: csrfToken, context: context)
        ))
    }
}
