import Localization
import Plot

/// A tracing case as the tracer's pages show it: the person's name, mobile number and the day
/// of the sample; no test result details.
public struct TracingCaseRow: Sendable, Equatable {
    public var id: String, name: String, mobile: String?, sampleDay: String, open: Bool, outcome: String?
    public init(id: String, name: String, mobile: String?, sampleDay: String, open: Bool, outcome: String?) {
        (self.id, self.name, self.mobile, self.sampleDay, self.open, self.outcome) = (id, name, mobile, sampleDay, open, outcome)
    }
}

/// A recorded close contact.
public struct TracingContactRow: Sendable, Equatable {
    public var name: String, phone: String?, lastContact: String, notified: Bool
    public init(name: String, phone: String?, lastContact: String, notified: Bool) {
        (self.name, self.phone, self.lastContact, self.notified) = (name, phone, lastContact, notified)
    }
}

/// The case page's state: the case, its contacts, the forms' values and faults.
public struct TracingCaseModel: Sendable {
    public var row: TracingCaseRow
    public var csrfToken: String
    public var contacts: [TracingContactRow] = []
    public var values: [String: String] = [:]
    public var errors: [FieldError] = []
    public var notice: String?
    /// The outcomes a case can be closed with, as (value, label).
    public var outcomes: [Choice] = []
    public init(row: TracingCaseRow, csrfToken: String) { (self.row, self.csrfToken) = (row, csrfToken) }
}

/// The tracers' pages: the queue, and one case with its contacts and the forms to add a contact and close it.
public enum TracingPages {
    public static func queue(_ rows: [TracingCaseRow], areas: [Choice], area: String, context: PageContext) -> String {
        Layout.page(title: context.t(.tracingTitle), context: context, content: .group(
            .h1(.text(context.t(.tracingTitle))),
            .p(.text(context.t(.tracingLead))),
            .if(areas.count > 1, .form(.method(.get), .action("/staff/tracing"),
                                       SelfServiceView.select("area", label: context.t(.dashboardArea), choices: areas, selected: area),
                                       .button(.type(.submit), .class("button secondary"), .text(context.t(.dashboardShow))))),
            rows.isEmpty ? .p(.text(context.t(.tracingNone))) : .ul(.class("data-use"), .forEach(rows) { row in
                .li(.h2(.text(row.name)), .p(.text("\(context.t(.tracingSampleDay)): \(row.sampleDay)")),
                    .p(.a(.href("/staff/tracing/\(HTMLEscaping.queryComponent(row.id))"), .text(context.t(.tracingOpen)),
                          .attribute(named: "aria-label", value: HTMLEscaping.attribute("\(context.t(.tracingOpen)): \(row.name)")))))
            })
        ))
    }

    public static func tracingCase(_ model: TracingCaseModel, context: PageContext) -> String {
        let base = "/staff/tracing/\(HTMLEscaping.queryComponent(model.row.id))"
        let invalid = Set(model.errors.map(\.field))
        func field(_ name: String, _ label: MessageKey) -> Node<HTML.FormContext> {
            let mark = TemplatePagesView.invalidMark(name, invalid)
            return .group(.label(.for(name), .text(context.t(label))),
                          .input(.type(.text), .id(name), .name(name), .value(HTMLEscaping.attribute(model.values[name] ?? "")),
                                 .attribute(named: "autocomplete", value: "off"), .attribute(named: "aria-invalid", value: mark.invalid),
                                 .attribute(named: "aria-describedby", value: mark.describedBy)))
        }
        return Layout.page(title: "\(context.t(.tracingTitle)) – \(model.row.name)", context: context, content: .group(
            .h1(.text(model.row.name)),
            .dl(.dt(.text(context.t(.tracingMobile))), .dd(.text(model.row.mobile ?? context.t(.tracingNoMobile))),
                .dt(.text(context.t(.tracingSampleDay))), .dd(.text(model.row.sampleDay))),
            .unwrap(model.notice) { .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            ResultPortalPages.errorSummary(model.errors, context: context),
            .h2(.text(context.t(.tracingContacts))),
            model.contacts.isEmpty ? .p(.text(context.t(.tracingNoContacts))) : .ul(.class("data-use"), .forEach(model.contacts) { contact in
                .li(.p(.strong(.text(contact.name)), .text(contact.phone.map { " · \($0)" } ?? "")),
                    .p(.text("\(contact.lastContact) · \(context.t(contact.notified ? .tracingNotified : .tracingNotNotified))")))
            }),
            .if(model.row.open, .group(
                .h2(.text(context.t(.tracingAddContact))),
                .form(.method(.post), .action("\(base)/contacts"), SelfServiceView.csrf(model.csrfToken),
                      .p(.class("hint"), .text(context.t(.tracingAddHint))),
                      field("number", .tracingContactNumber), field("name", .tracingContactName), field("phone", .tracingMobile),
                      field("last_contact", .tracingLastContact),
                      .button(.type(.submit), .class("button"), .text(context.t(.tracingSaveContact)))),
                .h2(.text(context.t(.tracingClose))),
                .form(.method(.post), .action("\(base)/close"), SelfServiceView.csrf(model.csrfToken),
                      SelfServiceView.select("outcome", label: context.t(.tracingOutcome), choices: model.outcomes, selected: model.values["outcome"] ?? ""),
                      .label(.for("note"), .text(context.t(.tracingNote))),
                      .textarea(.id("note"), .name("note"), .attribute(named: "rows", value: "3"), .text(model.values["note"] ?? "")),
                      .button(.type(.submit), .class("button secondary"), .text(context.t(.tracingClose))))
            )),
            .if(!model.row.open, .p(.text(context.t(.tracingClosed)))),
            .p(.a(.href("/staff/tracing"), .text(context.t(.tracingTitle))))
        ))
    }
}
