import Localization
import Plot

/// The entry registration form's values and faults, and its choices.
public struct EntryPageModel: Sendable {
    public var csrfToken: String
    /// Field name to value, as typed.
    public var values: [String: String]
    public var errors: [FieldError] = []
    public var countries: [Choice]
    public var municipalities: [Choice]
    public init(csrfToken: String, values: [String: String], countries: [Choice], municipalities: [Choice]) {
        (self.csrfToken, self.values, self.countries, self.municipalities) = (csrfToken, values, countries, municipalities)
    }
}

/// One arrival in the municipality's list.
public struct ArrivalRow: Sendable, Equatable {
    public var name: String, born: String, arrived: String, from: String, address: String, matched: Bool
    /// nil: not tested since arrival.
    public var positive: Bool?
    public init(name: String, born: String, arrived: String, from: String, address: String, matched: Bool, positive: Bool?) {
        (self.name, self.born, self.arrived, self.from, self.address, self.matched, self.positive) = (name, born, arrived, from, address, matched, positive)
    }
}

/// Entry registration for travellers (no login, no JavaScript), the receipt, and the municipality's arrivals.
public enum EntryPages {
    public static func form(_ model: EntryPageModel, context: PageContext) -> String {
        let invalid = Set(model.errors.map(\.field))
        func value(_ name: String) -> String { model.values[name] ?? "" }
        func field(_ name: String, _ label: MessageKey, autocomplete: String = "off") -> Node<HTML.FormContext> {
            let mark = TemplatePagesView.invalidMark(name, invalid)
            return .group(.label(.for(name), .text(context.t(label))),
                          .input(.type(.text), .id(name), .name(name), .value(HTMLEscaping.attribute(value(name))),
                                 .attribute(named: "autocomplete", value: autocomplete),
                                 .attribute(named: "aria-invalid", value: mark.invalid), .attribute(named: "aria-describedby", value: mark.describedBy)))
        }
        func select(_ name: String, _ label: MessageKey, _ choices: [Choice]) -> Node<HTML.FormContext> {
            SelfServiceView.select(name, label: context.t(label), choices: [Choice(value: "", label: context.t(.entryChoose))] + choices,
                                   selected: value(name))
        }
        let kind = value("identity_kind") == "passport" ? "passport" : "number"
        return Layout.page(title: context.t(.entryTitle), context: context, content: .group(
            .h1(.text(context.t(.entryTitle))),
            .p(.text(context.t(.entryLead))),
            .if(!model.errors.isEmpty, .div(.class("error-summary"), .id("error-summary"), .attribute(named: "role", value: "alert"),
                                            .h2(.text(context.t(.entryErrorTitle))),
                                            .ul(.forEach(model.errors) { error in .li(.a(.href("#\(error.field)"), .text(error.message))) }))),
            .form(.method(.post), .action("/entry"), .input(.type(.hidden), .name("csrf_token"), .value(HTMLEscaping.attribute(model.csrfToken))),
                  ResultPortalPages.radios("identity_kind", legend: context.t(.entryIdentity),
                                           [("number", context.t(.entryKindNumber)), ("passport", context.t(.entryKindPassport))], selected: kind),
                  field("identity_number", .entryNumber),
                  field("passport_number", .entryPassportNumber),
                  select("passport_country", .entryPassportCountry, model.countries),
                  field("given_name", .entryGivenName, autocomplete: "given-name"),
                  field("family_name", .entryFamilyName, autocomplete: "family-name"),
                  field("birth_date", .entryBirthDate, autocomplete: "bday"),
                  .fieldset(.element(named: "legend", nodes: [.text(context.t(.entryTrip))]),
                            select("country_from", .entryCountryFrom, model.countries),
                            field("arrival_date", .entryArrivalDate)),
                  .fieldset(.element(named: "legend", nodes: [.text(context.t(.entryQuarantine))]),
                            field("address", .entryAddress, autocomplete: "street-address"),
                            field("postcode", .entryPostcode, autocomplete: "postal-code"),
                            select("municipality", .entryMunicipality, model.municipalities)),
                  .button(.type(.submit), .class("button"), .text(context.t(.entrySubmit))))
        ))
    }

    public static func registered(reference: String, context: PageContext) -> String {
        Layout.page(title: context.t(.entryDoneTitle), context: context, content: .group(
            .h1(.text(context.t(.entryDoneTitle))),
            .div(.class("notice"), .attribute(named: "role", value: "status"),
                 .p(.text(context.t(.entryDoneReference) + " "), .strong(.text(reference)))),
            .p(.text(context.t(.entryDoneNext))),
            .p(.a(.href("/book"), .text(context.t(.entryDoneBook))))
        ))
    }

    public static func arrivals(_ rows: [ArrivalRow], areas: [Choice], area: String, from: String, to: String, error: String?,
                                context: PageContext) -> String {
        Layout.page(title: context.t(.arrivalsTitle), context: context, content: .group(
            .h1(.text(context.t(.arrivalsTitle))),
            .p(.text(context.t(.arrivalsLead))),
            .form(.method(.get), .action("/staff/arrivals"),
                  SelfServiceView.select("area", label: context.t(.dashboardArea), choices: areas, selected: area),
                  SelfServiceView.input("from", label: context.t(.dashboardFrom), value: from, autocomplete: "off", error: error != nil),
                  SelfServiceView.input("to", label: context.t(.dashboardTo), value: to, autocomplete: "off", error: error != nil),
                  .button(.type(.submit), .class("button secondary"), .text(context.t(.dashboardShow)))),
            .unwrap(error) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .id("form-error"), .p(.text($0))) },
            rows.isEmpty ? .p(.text(context.t(.arrivalsNone))) : .ul(.class("data-use"), .forEach(rows) { row in
                .li(.h2(.text(row.name)),
                    .dl(.dt(.text(context.t(.portalResultsBorn))), .dd(.text(row.born)),
                        .dt(.text(context.t(.arrivalsArrived))), .dd(.text(row.arrived)),
                        .dt(.text(context.t(.arrivalsFrom))), .dd(.text(row.from)),
                        .dt(.text(context.t(.entryQuarantine))), .dd(.text(row.address)),
                        .dt(.text(context.t(.arrivalsMatched))), .dd(.text(context.t(row.matched ? .arrivalsYes : .arrivalsNo))),
                        .dt(.text(context.t(.arrivalsTest))),
                        .dd(.text(context.t(row.positive.map { $0 ? .portalResultsPositive : .portalResultsNegative } ?? .arrivalsNotTested)))))
            })
        ))
    }
}
