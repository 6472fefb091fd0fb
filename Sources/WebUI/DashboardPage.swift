import Localization
import Plot

/// One day in the dashboard's table, already suppressed ("<5") and formatted.
public struct DashboardDayRow: Sendable, Equatable {
    /// `rate` is the share positive, 0 to 1, or nil when it may not be shown; the page writes it in its language.
    public var date: String, tests: String, positives: String, rate: Double?, arrivals: String
    public init(date: String, tests: String, positives: String, rate: Double?, arrivals: String) {
        (self.date, self.tests, self.positives, self.rate, self.arrivals) = (date, tests, positives, rate, arrivals)
    }
}

/// The municipal dashboard: the period and area, two charts drawn on the server, the same
/// figures in a table, arrivals by country, and the CSV download.
public struct DashboardModel: Sendable {
    /// The areas the person may choose (one for municipal staff; the country and every municipality for national staff).
    public var areas: [Choice]
    public var area: String
    public var from: String
    public var to: String
    public var error: String?
    public var days: [DashboardDayRow] = []
    /// The charts, each with its heading, as SVG escaped by their maker (`BarChart`).
    public var charts: [(title: String, svg: String)] = []
    /// Arrivals over the period by country (suppressed), largest first.
    public var countries: [(name: String, count: String)] = []
    public var csvLink: String
    public init(areas: [Choice], area: String, from: String, to: String, csvLink: String) {
        (self.areas, self.area, self.from, self.to, self.csvLink) = (areas, area, from, to, csvLink)
    }
}

public enum DashboardPage {
    public static func render(_ model: DashboardModel, context: PageContext) -> String {
        Layout.page(title: context.t(.dashboardTitle), context: context, content: .group(
            .h1(.text(context.t(.dashboardTitle))),
            .p(.text(context.t(.dashboardLead))),
            .form(.method(.get), .action("/staff/dashboard"),
                  SelfServiceView.select("area", label: context.t(.dashboardArea), choices: model.areas, selected: model.area),
                  SelfServiceView.input("from", label: context.t(.dashboardFrom), value: model.from, autocomplete: "off", error: model.error != nil),
                  SelfServiceView.input("to", label: context.t(.dashboardTo), value: model.to, autocomplete: "off", error: model.error != nil),
                  .button(.type(.submit), .class("button secondary"), .text(context.t(.dashboardShow)))),
            .unwrap(model.error) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .id("form-error"), .p(.text($0))) },
            .if(model.error == nil, .group(
                .forEach(model.charts) { chart in .group(.h2(.text(chart.title)), .div(.class("chart"), .raw(chart.svg))) },
                .div(.class("table-scroll"), .attribute(named: "tabindex", value: "0"),
                     .attribute(named: "aria-label", value: HTMLEscaping.attribute(context.t(.dashboardTable))),
                .table(.caption(.text(context.t(.dashboardTable))),
                       .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text(context.t(.dashboardDate))),
                                  .th(.attribute(named: "scope", value: "col"), .text(context.t(.dashboardTests))),
                                  .th(.attribute(named: "scope", value: "col"), .text(context.t(.dashboardPositives))),
                                  .th(.attribute(named: "scope", value: "col"), .text(context.t(.dashboardRate))),
                                  .th(.attribute(named: "scope", value: "col"), .text(context.t(.dashboardArrivals))))),
                       .tbody(.forEach(model.days) { day in
                           .tr(.th(.attribute(named: "scope", value: "row"), .text(day.date)), .td(.text(day.tests)), .td(.text(day.positives)),
                               .td(.text(day.rate.map { "\(TemplatePagesView.decimal($0 * 100, context)) %" } ?? "–")), .td(.text(day.arrivals)))
                       }))),
                .h2(.text(context.t(.dashboardArrivalsByCountry))),
                .table(.thead(.tr(.th(.attribute(named: "scope", value: "col"), .text(context.t(.dashboardCountry))),
                                  .th(.attribute(named: "scope", value: "col"), .text(context.t(.dashboardArrivals))))),
                       .tbody(.forEach(model.countries) { country in .tr(.td(.text(country.name)), .td(.text(country.count))) })),
                .p(.a(.href(model.csvLink), .text(context.t(.dashboardCSV))))
            ))
        ))
    }
}
