import Localization
import Plot

extension ResultPortalPages {
    /// `/staff/results/batch`: one test session's results at once, each line answered.
    public static func batch(_ model: ResultBatchModel, context: PageContext) -> String {
        let accepted = model.outcomes.filter(\.accepted).count
        let invalid = TemplatePagesView.invalidMark("lines", Set(model.errors.map(\.field)))
        return Layout.page(title: context.t(.portalResultsBatchTitle), context: context, content: .group(
            .h1(.text(context.t(.portalResultsBatchTitle))),
            .p(.text(model.worker)),
            .if(!model.outcomes.isEmpty, .group(
                .div(.class("notice"), .attribute(named: "role", value: "status"),
                     .p(.text("\(context.t(.portalResultsAccepted)): \(accepted). \(context.t(.portalResultsRejected)): \(model.outcomes.count - accepted)."))),
                .table(.caption(.text(context.t(.portalResultsOutcome))),
                       .thead(.tr(.th(.text(context.t(.portalResultsLine))), .th(.text(context.t(.portalResultsNumber))),
                                  .th(.text(context.t(.portalResultsOutcome))))),
                       .tbody(.forEach(model.outcomes) { line in
                           .tr(.td(.text(String(line.line))), .td(.text(line.text)),
                               .td(line.accepted ? .text(line.message) : .strong(.text(line.message))))
                       }))
            )),
            errorSummary(model.errors, context: context),
            .form(.method(.post), .action("\(base)/batch"), SelfServiceView.csrf(model.csrfToken),
                  resultFields(model.form, devices: model.devices, errors: model.errors, withResult: false, context: context),
                  .label(.for("lines"), .text(context.t(.portalResultsBatchLines))),
                  .p(.class("hint"), .id("lines-hint"), .text(context.t(.portalResultsBatchLead))),
                  .textarea(.id("lines"), .name("lines"), .attribute(named: "rows", value: "12"), .attribute(named: "spellcheck", value: "false"),
                            .attribute(named: "aria-describedby", value: "lines-hint " + invalid.describedBy),
                            .attribute(named: "aria-invalid", value: invalid.invalid), .text(model.lines)),
                  .button(.type(.submit), .class("button"), .text(context.t(.portalResultsBatchSave)))),
            .p(.a(.href(base), .text(context.t(.portalResultsTitle))))
        ))
    }

    /// `/staff/results/{id}`: correct one result, with the reason, and its earlier corrections.
    public static func correction(_ model: ResultCorrectionModel, context: PageContext) -> String {
        let invalid = TemplatePagesView.invalidMark("reason", Set(model.errors.map(\.field)))
        return Layout.page(title: context.t(.portalResultsCorrectTitle), context: context, content: .group(
            .h1(.text(context.t(.portalResultsCorrectTitle))),
            .p(.text(model.worker)),
            .p(.text("\(model.person) · \(context.t(model.result.type)), \(model.result.taken) · \(model.result.sampleID)")),
            .p(.text(context.t(.portalResultsCorrectLead))),
            errorSummary(model.errors, context: context),
            .form(.method(.post), .action("\(base)/\(HTMLEscaping.queryComponent(model.result.id))"), SelfServiceView.csrf(model.csrfToken),
                  .input(.type(.hidden), .name("expected"), .value(HTMLEscaping.attribute(model.expected))),
                  resultFields(model.form, devices: model.devices, errors: model.errors, context: context),
                  .label(.for("reason"), .text(context.t(.portalResultsReason))),
                  .textarea(.id("reason"), .name("reason"), .attribute(named: "rows", value: "3"), .attribute(named: "aria-invalid", value: invalid.invalid),
                            .attribute(named: "aria-describedby", value: invalid.describedBy), .text(model.reason)),
                  .button(.type(.submit), .class("button"), .text(context.t(.portalResultsCorrectSave)))),
            .if(!model.history.isEmpty, .group(
                .h2(.text(context.t(.portalResultsHistory))),
                .ul(.class("data-use"), .forEach(model.history) { row in
                    .li(.p(.strong(.text(row.when)), .text(" · \(context.t(.portalResultsBy)) \(row.by)")), .p(.text(row.reason)),
                        .dl(.dt(.text(context.t(.portalResultsBefore))), .dd(.text(row.before)),
                            .dt(.text(context.t(.portalResultsAfter))), .dd(.text(row.after))))
                })
            )),
            .p(.a(.href("\(base)?person=\(HTMLEscaping.queryComponent(model.personNumber))"),
                  .text(context.t(.portalResultsBack))))
        ))
    }
}
