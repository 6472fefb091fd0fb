import Localization
import Plot

/// One municipality's places this year, as IMDi's page lists them.
public struct SettlementPlaceRow: Sendable, Equatable {
    public var number, name: String
    public var places, taken, left: Int
    public init(number: String, name: String, places: Int, taken: Int, left: Int) {
        (self.number, self.name, self.places, self.taken, self.left) = (number, name, places, taken, left)
    }
}

/// One family: who, and where they are or how far they have come.
public struct SettlementFamilyRow: Sendable, Equatable {
    public var groupID: String
    public var names: [String]
    /// "Granted 2022-03-15 · Oslo sentrum", or the municipality's status line.
    public var line: String
    /// On the municipality's page: what can be done now.
    public var canAnswer = false, canMoveIn = false
    public init(groupID: String, names: [String], line: String, canAnswer: Bool = false, canMoveIn: Bool = false) {
        (self.groupID, self.names, self.line, self.canAnswer, self.canMoveIn) = (groupID, names, line, canAnswer, canMoveIn)
    }
}

/// A notice or an error on a settlement page; an error names the field it is about.
public struct SettlementMessage: Sendable, Equatable {
    public var text: String
    public var field: String?
    public init(text: String, field: String? = nil) { (self.text, self.field) = (text, field) }
}

/// IMDi's settlement page and the municipality's, without JavaScript: one small form per family.
public enum SettlementPages {
    /// IMDi: the places this year, and the families waiting longest (of `waiting` in all), each
    /// with a choice of municipality.
    public static func imdi(places: [SettlementPlaceRow], families: [SettlementFamilyRow], waiting: Int, csrfToken: String,
                            notice: SettlementMessage?, context: PageContext) -> String {
        let open = places.filter { $0.left > 0 }
        let choices = [Choice(value: "", label: context.t(.settlementChoose))]
            + open.map { Choice(value: $0.number, label: "\($0.name) (\($0.left) \(context.t(.settlementLeft).lowercased()))") }
        return Layout.page(title: context.t(.settlementTitle), context: context, content: .group(
            .h1(.text(context.t(.settlementTitle))),
            .p(.text(context.t(.settlementLead))),
            message(notice),
            .h2(.text(context.t(.settlementPlaces))),
            places.isEmpty ? .p(.text(context.t(.settlementNoPlaces))) : .table(
                .thead(.tr(.th(.text(context.t(.settlementMunicipality))), .th(.text(context.t(.settlementPlacesStated))),
                           .th(.text(context.t(.settlementTaken))), .th(.text(context.t(.settlementLeft))))),
                .tbody(.forEach(places) { row in
                    .tr(.td(.text(row.name)), .td(.text("\(row.places)")), .td(.text("\(row.taken)")), .td(.text("\(row.left)")))
                })),
            .h2(.text("\(context.t(.settlementWaiting)) (\(waiting))")),
            families.isEmpty ? .p(.text(context.t(.settlementNone))) : .ul(.class("cases"), .forEach(families) { family in
                let id = "municipality-\(family.groupID)"
                return .li(.h3(.text(family.names.joined(separator: ", "))), .p(.class("hint"), .text(family.line)),
                    .form(.method(.post), .action("/staff/settlement/\(family.groupID)/proposal"), hidden(csrfToken),
                          SelfServiceView.select(id, name: "municipality", label: context.t(.settlementChoose), choices: choices, selected: "",
                                                 invalid: notice?.field == id),
                          .button(.type(.submit), .class("button"), .text(context.t(.settlementPropose)))))
            })
        ))
    }

    /// The municipality: its places this year, and each family proposed to it, accepted or settled.
    public static func municipality(name: String, places: Int?, taken: Int, families: [SettlementFamilyRow], csrfToken: String,
                                    notice: SettlementMessage?, today: String, context: PageContext) -> String {
        Layout.page(title: "\(context.t(.municipalSettlementTitle)): \(name)", context: context, content: .group(
            .h1(.text("\(context.t(.municipalSettlementTitle)): \(name)")),
            .p(.text(context.t(.municipalSettlementLead))),
            message(notice),
            .h2(.text(context.t(.settlementPlaces))),
            .form(.method(.post), .action("/staff/municipality/settlement/places"), hidden(csrfToken),
                  .label(.for("places"), .text("\(context.t(.settlementPlaces)) (\(context.t(.settlementTaken).lowercased()): \(taken))")),
                  .input(.type(.text), .id("places"), .name("places"), .attribute(named: "inputmode", value: "numeric"),
                         .attribute(named: "autocomplete", value: "off"), .value(places.map(String.init) ?? ""),
                         .attribute(named: "aria-invalid", value: notice?.field == "places" ? "true" : "")),
                  .button(.type(.submit), .class("button"), .text(context.t(.municipalPlacesSave)))),
            .h2(.text(context.t(.municipalFamilies))),
            families.isEmpty ? .p(.text(context.t(.municipalNone))) : .ul(.class("cases"), .forEach(families) { family in
                .li(.h3(.text(family.names.joined(separator: ", "))), .p(.class("hint"), .text(family.line)),
                    .if(family.canAnswer, answerForm(family.groupID, csrfToken: csrfToken, invalid: notice?.field == "reason-\(family.groupID)", context: context)),
                    .if(family.canMoveIn, moveInForm(family.groupID, csrfToken: csrfToken, today: today, invalid: notice?.field, context: context)))
            })
        ))
    }

    static func answerForm(_ group: String, csrfToken: String, invalid: Bool, context: PageContext) -> Node<HTML.BodyContext> {
        .group(
            .form(.method(.post), .action("/staff/municipality/settlement/\(group)/answer"), hidden(csrfToken),
                  .input(.type(.hidden), .name("decision"), .value("accept")),
                  .button(.type(.submit), .class("button"), .text(context.t(.municipalAccept)))),
            .form(.method(.post), .action("/staff/municipality/settlement/\(group)/answer"), hidden(csrfToken),
                  .input(.type(.hidden), .name("decision"), .value("decline")),
                  .label(.for("reason-\(group)"), .text(context.t(.municipalDeclineReason))),
                  .textarea(.id("reason-\(group)"), .name("reason"), .attribute(named: "rows", value: "3"),
                            .attribute(named: "aria-invalid", value: invalid ? "true" : "")),
                  .button(.type(.submit), .class("button secondary"), .text(context.t(.municipalDecline))))
        )
    }

    static func moveInForm(_ group: String, csrfToken: String, today: String, invalid: String?, context: PageContext) -> Node<HTML.BodyContext> {
        func field(_ name: String, _ label: MessageKey, value: String = "", autocomplete: String) -> Node<HTML.FormContext> {
            .group(.label(.for("\(name)-\(group)"), .text(context.t(label))),
                   .input(.type(.text), .id("\(name)-\(group)"), .name(name), .value(value), .attribute(named: "autocomplete", value: autocomplete),
                          .attribute(named: "aria-invalid", value: invalid == "\(name)-\(group)" ? "true" : "")))
        }
        return .form(.method(.post), .action("/staff/municipality/settlement/\(group)/move-in"), hidden(csrfToken),
                     field("street", .addressStreetLabel, autocomplete: "off"), field("postcode", .addressPostcodeLabel, autocomplete: "off"),
                     field("movedIn", .addressFromLabel, value: today, autocomplete: "off"),
                     .button(.type(.submit), .class("button"), .text(context.t(.municipalMoveIn))))
    }

    static func hidden(_ csrfToken: String) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .name("csrf_token"), .value(HTMLEscaping.attribute(csrfToken)))
    }

    static func message(_ message: SettlementMessage?) -> Node<HTML.BodyContext> {
        guard let message else { return .empty }
        if let field = message.field {
            return .div(.class("error-summary"), .id("error-summary"), .attribute(named: "role", value: "alert"),
                        .ul(.li(.a(.href("#\(field)"), .text(message.text)))))
        }
        return .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text(message.text)))
    }
}
