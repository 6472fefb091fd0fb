import Localization
import Plot

/// Booking a test: choose a station, then a day and a time; then "my bookings", where a booking is
/// changed or cancelled. Every step is a link or a small form (POST with the CSRF token), so no
/// JavaScript is needed, and the lists wrap at 320 px.
public enum BookingPages {
    /// `/book`: the stations of the chosen municipality, and the person's upcoming booking if any.
    public static func stations(municipalities: [Choice], selected: String, stations: [StationRow], upcoming: BookingRow?,
                                context: PageContext) -> String {
        Layout.page(title: context.t(.bookingTitle), context: context, content: .group(
            .h1(.text(context.t(.bookingTitle))),
            .p(.text(context.t(.bookingLead))),
            .unwrap(upcoming) { row in
                .div(.class("notice"), .attribute(named: "role", value: "status"),
                     .p(.text(context.t(.bookingHaveOne))), .p(.strong(.text(row.when)), .text(" – \(row.station.name)")),
                     .p(.a(.href("/my/bookings/\(HTMLEscaping.queryComponent(row.id))"), .text(context.t(.bookingShow)))))
            },
            .form(.method(.get), .action("/book"),
                  SelfServiceView.select("municipality", label: context.t(.bookingMunicipality), choices: municipalities, selected: selected),
                  .button(.type(.submit), .class("button secondary"), .text(context.t(.bookingShowStations)))),
            stations.isEmpty ? .p(.text(context.t(.bookingNoStations))) : .ul(.class("data-use"), .forEach(stations) { station in
                .li(.h2(.text(station.name)), .p(.text(station.address)),
                    .p(.a(.href("/book/\(HTMLEscaping.queryComponent(station.id))"), .text(context.t(.bookingChooseTime)),
                          .attribute(named: "aria-label", value: HTMLEscaping.attribute("\(context.t(.bookingChooseTime)): \(station.name)")))))
            }),
            .p(.a(.href("/my/bookings"), .text(context.t(.bookingMine))))
        ))
    }

    /// `/book/{station}`: the days bookings are open, and the free times of the chosen day.
    public static func slots(_ model: SlotPageModel, context: PageContext) -> String {
        let action = "/book/\(HTMLEscaping.queryComponent(model.station.id))"
        let free = model.slots.filter { $0.free > 0 }
        return Layout.page(title: "\(context.t(.bookingChooseTime)) – \(model.station.name)", context: context, content: .group(
            .h1(.text(model.station.name)),
            .p(.text(model.station.address)),
            .unwrap(model.error) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .id("form-error"), .p(.text($0))) },
            .nav(.attribute(named: "aria-label", value: HTMLEscaping.attribute(context.t(.bookingDays))),
                 .h2(.text(context.t(.bookingDays))),
                 .ul(.class("days"), .forEach(model.days) { day in
                     .li(day.selected
                         ? .strong(.attribute(named: "aria-current", value: "date"), .text(day.label))
                         : .a(.href(action + "?date=\(day.date)" + (model.changing.map { "&change=\(HTMLEscaping.queryComponent($0))" } ?? "")),
                              .text(day.label)))
                 })),
            .form(.method(.post), .action(action),
                  SelfServiceView.csrf(model.csrfToken),
                  .unwrap(model.changing) { .input(.type(.hidden), .name("change"), .value(HTMLEscaping.attribute($0))) },
                  .fieldset(
                      .element(named: "legend", nodes: [.text("\(context.t(.bookingSlotsLegend)), \(model.dayLabel)")]),
                      free.isEmpty ? .p(.text(context.t(.bookingNoSlots))) : .ul(.class("choices slots"), .forEach(model.slots) { slot in
                          .li(slot.free > 0
                              ? .label(.input(.type(.radio), .name("slot"), .value(HTMLEscaping.attribute(slot.id))),
                                       .text(" \(slot.time) (\(slot.free) \(context.t(.bookingPlacesLeft)))"))
                              : .span(.class("full"), .text("\(slot.time) (\(context.t(.bookingFull)))")))
                      })),
                  .if(!free.isEmpty, .button(.type(.submit), .class("button"), .text(context.t(model.changing == nil ? .bookingBook : .bookingMoveHere))))),
            .p(.a(.href("/book"), .text(context.t(.bookingTitle)))),
            .p(.a(.href("/my/bookings"), .text(context.t(.bookingMine))))
        ))
    }

    /// `/my/bookings`: upcoming first, then earlier and cancelled ones.
    public static func mine(upcoming: [BookingRow], earlier: [BookingRow], notice: MessageKey?, context: PageContext) -> String {
        Layout.page(title: context.t(.bookingMine), context: context, content: .group(
            .h1(.text(context.t(.bookingMine))),
            .unwrap(notice) { .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text(context.t($0)))) },
            upcoming.isEmpty && earlier.isEmpty ? .p(.text(context.t(.bookingNone))) : .group(
                .h2(.text(context.t(.bookingUpcoming))), list(upcoming, context),
                .if(!earlier.isEmpty, .group(.h2(.text(context.t(.bookingEarlier))), list(earlier, context)))
            ),
            .p(.a(.href("/book"), .class("button"), .text(context.t(.bookingTitle)))),
            .p(.a(.href("/my"), .text(context.t(.myPageTitle))))
        ))
    }

    /// `/my/bookings/{id}`: one booking, with its change link and cancel button while it is upcoming.
    public static func detail(_ row: BookingRow, notice: MessageKey?, error: String?, context: PageContext) -> String {
        Layout.page(title: context.t(.bookingMine), context: context, content: .group(
            .h1(.text(context.t(.bookingTitle))),
            .unwrap(notice) { .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text(context.t($0)))) },
            .unwrap(error) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
            describe(row, context),
            .if(row.upcoming, .ul(
                .li(.a(.href("/book/\(HTMLEscaping.queryComponent(row.station.id))?change=\(HTMLEscaping.queryComponent(row.id))"),
                       .text(context.t(.bookingChange)))),
                .li(.a(.href("/my/bookings/\(HTMLEscaping.queryComponent(row.id))/cancel"), .text(context.t(.bookingCancel))))
            )),
            .p(.a(.href("/my/bookings"), .text(context.t(.bookingBack))))
        ))
    }

    /// `/my/bookings/{id}/cancel`: asks once more before cancelling.
    public static func confirmCancel(_ row: BookingRow, csrfToken: String, context: PageContext) -> String {
        Layout.page(title: context.t(.bookingCancelQuestion), context: context, content: .group(
            .h1(.text(context.t(.bookingCancelQuestion))),
            describe(row, context),
            .form(.method(.post), .action("/my/bookings/\(HTMLEscaping.queryComponent(row.id))/cancel"), SelfServiceView.csrf(csrfToken),
                  .button(.type(.submit), .class("button"), .text(context.t(.bookingCancel)))),
            .p(.a(.href("/my/bookings/\(HTMLEscaping.queryComponent(row.id))"), .text(context.t(.bookingCancelKeep))))
        ))
    }

    static func describe(_ row: BookingRow, _ context: PageContext) -> Node<HTML.BodyContext> {
        .dl(.dt(.text(context.t(.bookingWhen))), .dd(.text(row.when)),
            .dt(.text(context.t(.bookingWhere))), .dd(.text(row.station.name), .br(), .text(row.station.address)),
            .dt(.text(context.t(.bookingStatus))), .dd(.text(context.t(row.status))))
    }

    static func list(_ rows: [BookingRow], _ context: PageContext) -> Node<HTML.BodyContext> {
        rows.isEmpty ? .p(.text(context.t(.bookingNone))) : .ul(.class("data-use"), .forEach(rows) { row in
            .li(describe(row, context), .p(.a(.href("/my/bookings/\(HTMLEscaping.queryComponent(row.id))"), .text(context.t(.bookingShow)),
                                               .attribute(named: "aria-label", value: HTMLEscaping.attribute("\(context.t(.bookingShow)): \(row.when)")))))
        })
    }
}
