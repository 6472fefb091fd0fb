import Localization
import Plot

/// One update on the network page.
public struct NetworkUpdateRow: Sendable, Equatable {
    public var agency, text, posted: String
    public var services: [String]
    /// The update's id when the viewer may withdraw it (their agency's), else nil.
    public var withdrawable: String?
    public init(agency: String, text: String, posted: String, services: [String], withdrawable: String? = nil) {
        (self.agency, self.text, self.posted, self.services, self.withdrawable) = (agency, text, posted, services, withdrawable)
    }
}

/// The form to post an update, as typed (kept when it is refused).
public struct NetworkForm: Sendable, Equatable {
    /// The agencies the staff member may post for; one is shown as text, more as a choice.
    public var agencies: [Choice]
    public var agency: String
    public var text: String
    /// The journey's services (step id and name), and those ticked.
    public var services: [Choice]
    public var ticked: Set<String>
    public init(agencies: [Choice], agency: String, text: String = "", services: [Choice], ticked: Set<String> = []) {
        (self.agencies, self.agency, self.text, self.services, self.ticked) = (agencies, agency, text, services, ticked)
    }
}

/// The digest subscriptions a staff member made: address, language name and id.
public struct NetworkSubscriptionRow: Sendable, Equatable {
    public var id, email, language: String
    public init(id: String, email: String, language: String) { (self.id, self.email, self.language) = (id, email, language) }
}

/// The network page (`/staff/network`) and the public unsubscribe page, without JavaScript.
public enum NetworkPages {
    public static func page(form: NetworkForm, weeks: [(week: String, updates: [NetworkUpdateRow])], subscriptions: [NetworkSubscriptionRow],
                            languages: [Choice], notice: SettlementMessage?, csrfToken: String, context: PageContext) -> String {
        let hidden = SelfServiceView.csrf(csrfToken)
        let invalid = { (field: String) in notice?.field == field ? "true" : "" }
        return Layout.page(title: context.t(.networkTitle), context: context, content: .group(
            .h1(.text(context.t(.networkTitle))),
            .p(.text(context.t(.networkLead))),
            .p(.a(.href("/staff/journey"), .text(context.t(.journeyMap)))),
            SettlementPages.message(notice),
            .h2(.text(context.t(.networkPostHeading))),
            .form(.method(.post), .action("/staff/network"), hidden,
                  form.agencies.count == 1 ? .group(.input(.type(.hidden), .name("agency"), .value(HTMLEscaping.attribute(form.agencies[0].value))),
                                                    .p(.text("\(context.t(.networkAgency)): \(form.agencies[0].label)")))
                      : SelfServiceView.select("agency", label: context.t(.networkAgency), choices: form.agencies, selected: form.agency,
                                               invalid: notice?.field == "agency"),
                  .label(.for("text"), .text(context.t(.networkText))),
                  .p(.class("hint"), .id("text-hint"), .text(context.t(.networkTextHint))),
                  .textarea(.id("text"), .name("text"), .attribute(named: "rows", value: "4"), .attribute(named: "maxlength", value: "500"),
                            .attribute(named: "aria-describedby", value: "text-hint"), .attribute(named: "aria-invalid", value: invalid("text")),
                            .text(form.text)),
                  .fieldset(.id("services"), .attribute(named: "aria-invalid", value: invalid("services")),
                            .element(named: "legend", nodes: [.text(context.t(.networkServices))]),
                            .forEach(form.services) { service in
                                let id = "service-\(service.value)"
                                return .div(.class("checkbox"),
                                            .input(.type(.checkbox), .id(id), .name(id), .value("yes"), .checked(form.ticked.contains(service.value))),
                                            .label(.for(id), .text(service.label)))
                            }),
                  .button(.type(.submit), .class("button"), .text(context.t(.networkPublish)))),
            .h2(.text(context.t(.networkDigestHeading))),
            .p(.text(context.t(.networkDigestLead))),
            .forEach(subscriptions) { subscription in
                .form(.method(.post), .action("/staff/network/unsubscribe"), hidden,
                      .input(.type(.hidden), .name("subscriber"), .value(HTMLEscaping.attribute(subscription.id))),
                      .p(.text("\(context.t(.networkSubscribedAs)) \(subscription.email) (\(subscription.language)).")),
                      .button(.type(.submit), .class("button secondary"), .text(context.t(.networkUnsubscribe))))
            },
            .form(.method(.post), .action("/staff/network/subscribe"), hidden,
                  .label(.for("email"), .text(context.t(.networkEmail))),
                  .input(.type(.email), .id("email"), .name("email"), .attribute(named: "autocomplete", value: "email"),
                         .attribute(named: "aria-invalid", value: invalid("email"))),
                  SelfServiceView.select("language", label: context.t(.networkLanguage), choices: languages, selected: context.language.rawValue),
                  .button(.type(.submit), .class("button"), .text(context.t(.networkSubscribe)))),
            .h2(.text(context.t(.networkUpdatesHeading))),
            weeks.isEmpty ? .p(.text(context.t(.networkNone))) : .forEach(weeks) { week in
                .group(.h3(.text("\(context.t(.networkWeek)) \(week.week)")),
                       .ul(.class("cases"), .forEach(week.updates) { update in
                           .li(.p(.strong(.text(update.agency)), .text(" · \(update.posted)")),
                               .forEach(update.text.split(separator: "\n", omittingEmptySubsequences: true)) { .p(.text(String($0))) },
                               .p(.class("hint"), .text("\(context.t(.networkAffects)) \(update.services.joined(separator: ", "))")),
                               .unwrap(update.withdrawable) { id in
                                   .form(.method(.post), .action("/staff/network/\(id)/withdraw"), hidden,
                                         .button(.type(.submit), .class("button secondary"), .text(context.t(.networkWithdraw))))
                               })
                       }))
            }
        ))
    }

    /// What the unsubscribe page has to say.
    public enum Unsubscribe: Sendable, Equatable {
        case ask(token: String), done, unknown
    }

    /// The page an unsubscribe link opens: a button to confirm (a link alone must not unsubscribe,
    /// since mail scanners follow links), then the outcome.
    public static func unsubscribe(_ state: Unsubscribe, context: PageContext) -> String {
        Layout.page(title: context.t(.networkUnsubscribeTitle), context: context, content: .group(
            .h1(.text(context.t(.networkUnsubscribeTitle))),
            { () -> Node<HTML.BodyContext> in
                switch state {
                case .ask(let token):
                    return .group(.p(.text(context.t(.networkUnsubscribeLead))),
                                  .form(.method(.post), .action("/network/unsubscribe"),
                                        .input(.type(.hidden), .name("token"), .value(HTMLEscaping.attribute(token))),
                                        .button(.type(.submit), .class("button"), .text(context.t(.networkUnsubscribeConfirm)))))
                case .done: return .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text(context.t(.networkUnsubscribeDone))))
                case .unknown: return .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.text(context.t(.networkUnsubscribeUnknown))))
                }
            }()
        ))
    }
}
