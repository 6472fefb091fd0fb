import Localization
import Plot

/// The rapid-test result portal for health personnel: find the person by number (name and
/// address from the register), see their results, register a new one, correct one, or register
/// a whole test session at once. Plain forms with the CSRF token; no JavaScript.
public enum ResultPortalPages {
    static let base = "/staff/results"

    /// `/staff/results`: the search, the person and their results, and the form for a new result.
    public static func page(_ model: ResultPortalModel, context: PageContext) -> String {
        Layout.page(title: context.t(.portalResultsTitle), context: context, content: .group(
            .h1(.text(context.t(.portalResultsTitle))),
            .p(.text(model.worker)),
            .p(.text(context.t(.portalResultsLead))),
            .unwrap(model.notice) { .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .form(.method(.get), .action(base),
                  SelfServiceView.input("person", label: context.t(.portalResultsNumber), value: model.number, autocomplete: "off",
                                        error: model.numberError != nil),
                  .button(.type(.submit), .class("button secondary"), .text(context.t(.portalResultsFind)))),
            .unwrap(model.numberError) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .id("form-error"), .p(.text($0))) },
            .unwrap(model.person) { person in
                .group(
                    .h2(.text(person.name)),
                    .dl(.dt(.text(context.t(.portalResultsNumber))), .dd(.text(person.identityNumber)),
                        .dt(.text(context.t(.portalResultsBorn))), .dd(.text(person.birthDate)),
                        .dt(.text(context.t(.portalResultsAddress))), .dd(.text(person.address ?? context.t(.portalResultsNoAddress)))),
                    .h2(.text(context.t(.portalResultsExisting))),
                    model.results.isEmpty ? .p(.text(context.t(.portalResultsNoneYet))) : resultList(model.results, context: context),
                    .h2(.text(context.t(.portalResultsNew))),
                    errorSummary(model.errors, context: context),
                    .form(.method(.post), .action(base), SelfServiceView.csrf(model.csrfToken),
                          .input(.type(.hidden), .name("person"), .value(HTMLEscaping.attribute(person.identityNumber))),
                          sampleIDField(model.form, errors: model.errors, context: context),
                          resultFields(model.form, devices: model.devices, errors: model.errors, context: context),
                          .button(.type(.submit), .class("button"), .text(context.t(.portalResultsSave))))
                )
            },
            .p(.a(.href("\(base)/batch"), .text(context.t(.portalResultsBatchLink))))
        ))
    }

    static func resultList(_ rows: [PortalResultRow], context: PageContext) -> Node<HTML.BodyContext> {
        .ul(.class("data-use"), .forEach(rows) { row in
            .li(.h3(.text("\(context.t(row.type)), \(row.taken)")),
                .p(.strong(.text(context.t(row.positive ? .portalResultsPositive : .portalResultsNegative))),
                   .text(" · \(row.centre) · \(row.sampleID)"), .if(row.corrected, .text(" · \(context.t(.portalResultsCorrected))"))),
                .p(.a(.href("\(base)/\(HTMLEscaping.queryComponent(row.id))"), .text(context.t(.portalResultsCorrect)),
                      .attribute(named: "aria-label", value: HTMLEscaping.attribute("\(context.t(.portalResultsCorrect)): \(row.sampleID)")))))
        })
    }

    /// The error summary, each error linking to its field.
    static func errorSummary(_ errors: [FieldError], context: PageContext) -> Node<HTML.BodyContext> {
        .if(!errors.isEmpty, .div(.class("error-summary"), .id("error-summary"), .attribute(named: "role", value: "alert"),
                                  .h2(.text(context.t(.portalResultsErrorTitle))),
                                  .ul(.forEach(errors) { error in .li(.a(.href("#\(error.field)"), .text(error.message))) })))
    }

    static func sampleIDField(_ form: PortalResultForm, errors: [FieldError], context: PageContext) -> Node<HTML.FormContext> {
        let invalid = TemplatePagesView.invalidMark("sample_id", Set(errors.map(\.field)))
        return .group(
            .label(.for("sample_id"), .text(context.t(.portalResultsSampleID))),
            .p(.class("hint"), .id("sample_id-hint"), .text(context.t(.portalResultsSampleIDHint))),
            .input(.type(.text), .id("sample_id"), .name("sample_id"), .value(HTMLEscaping.attribute(form.sampleID)),
                   .attribute(named: "autocomplete", value: "off"), .attribute(named: "aria-invalid", value: invalid.invalid),
                   .attribute(named: "aria-describedby", value: "sample_id-hint " + invalid.describedBy))
        )
    }

    /// The fields every result has: type, device, test name, date and time, result and test site.
    static func resultFields(_ form: PortalResultForm, devices: [Choice], errors: [FieldError], withDate: Bool = true, withResult: Bool = true,
                             context: PageContext) -> Node<HTML.FormContext> {
        let invalid = Set(errors.map(\.field))
        func text(_ id: String, _ label: MessageKey, _ value: String, type: HTMLInputType = .text) -> Node<HTML.FormContext> {
            let mark = TemplatePagesView.invalidMark(id, invalid)
            return .group(.label(.for(id), .text(context.t(label))),
                          .input(.type(type), .id(id), .name(id), .value(HTMLEscaping.attribute(value)), .attribute(named: "autocomplete", value: "off"),
                                 .attribute(named: "aria-invalid", value: mark.invalid), .attribute(named: "aria-describedby", value: mark.describedBy)))
        }
        return .group(
            radios("test_type", legend: context.t(.portalResultsTestType),
                   [("rapid", context.t(.resultsTypeRAT)), ("naat", context.t(.resultsTypeNAAT))], selected: form.testType),
            .label(.for("device"), .text(context.t(.portalResultsDevice))),
            .p(.class("hint"), .id("device-hint"), .text(context.t(.portalResultsDeviceHint))),
            .select(.attribute(named: "id", value: "device"), .attribute(named: "name", value: "device"),
                    .attribute(named: "aria-describedby", value: "device-hint"),
                    .attribute(named: "aria-invalid", value: TemplatePagesView.invalidMark("device", invalid).invalid),
                    .forEach([Choice(value: "", label: context.t(.portalResultsDeviceNone))] + devices) { choice in
                        .element(named: "option", nodes: [.attribute(named: "value", value: HTMLEscaping.attribute(choice.value)),
                                                          .attribute(named: "selected", value: choice.value == form.device ? "selected" : ""),
                                                          .text(choice.label)])
                    }),
            text("test_name", .portalResultsTestName, form.testName),
            .if(withDate, .group(text("sample_date", .portalResultsDate, form.date), text("sample_time", .portalResultsTime, form.time))),
            .if(withResult, radios("result", legend: context.t(.portalResultsResult),
                                   [("negative", context.t(.portalResultsNegative)), ("positive", context.t(.portalResultsPositive))],
                                   selected: form.result)),
            text("centre", .portalResultsCentre, form.centre)
        )
    }

    static func radios(_ name: String, legend: String, _ choices: [(String, String)], selected: String) -> Node<HTML.FormContext> {
        .fieldset(.id(name), .element(named: "legend", nodes: [.text(legend)]), .forEach(choices) { value, label in
            .div(.class("choice"),
                 .input(.type(.radio), .id("\(name)-\(value)"), .name(name), .value(value),
                        .attribute(named: "checked", value: value == selected ? "checked" : "")),
                 .label(.for("\(name)-\(value)"), .text(label)))
        })
    }
}
