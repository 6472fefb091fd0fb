import Localization
import Plot

/// The ask form as typed, with the problem found (field and message).
public struct YouthAskForm: Sendable, Equatable {
    public var text = "", age = "", gender = "", county = ""
    public var problem: FieldError?
    public var csrfToken = ""
    public init() {}
}

/// The anonymous question pages (`/ung/spor`, `/ung/svar`): ask, urgent help first when the
/// question sounds serious, the reply code, and reading the answer with it. No JavaScript.
public enum YouthQuestionPages {
    static func fields(_ form: YouthAskForm, counties: [String], context: PageContext) -> Node<HTML.FormContext> {
        let invalid = { (field: String) in form.problem?.field == field }
        let ages = [Choice(value: "", label: "–")] + (13...20).map { Choice(value: String($0), label: String($0)) }
        let genders = [Choice(value: "", label: context.t(.youthGenderNone)), Choice(value: "girl", label: context.t(.youthGenderGirl)),
                       Choice(value: "boy", label: context.t(.youthGenderBoy)), Choice(value: "other", label: context.t(.youthGenderOther))]
        return .group(
            SelfServiceView.csrf(form.csrfToken),
            .label(.for("text"), .text(context.t(.youthAskText))),
            .p(.class("hint"), .id("text-hint"), .text(context.t(.youthAskTextHint))),
            .textarea(.id("text"), .name("text"), .attribute(named: "rows", value: "8"), .attribute(named: "maxlength", value: "2000"),
                      .attribute(named: "aria-describedby", value: "text-hint"), .attribute(named: "aria-invalid", value: invalid("text") ? "true" : ""),
                      .text(form.text)),
            SelfServiceView.select("age", label: context.t(.youthAskAge), choices: ages, selected: form.age, invalid: invalid("age")),
            SelfServiceView.select("gender", label: context.t(.youthAskGender), choices: genders, selected: form.gender, invalid: invalid("gender")),
            SelfServiceView.select("county", label: context.t(.youthAskCounty),
                                   choices: [Choice(value: "", label: context.t(.youthAskCountyNone))] + counties.map { Choice(value: $0, label: $0) },
                                   selected: form.county)
        )
    }

    /// The ask form; with `similar`, the answers to similar questions found for what was typed
    /// (the list may be empty: then it says so).
    public static func ask(_ form: YouthAskForm, counties: [String], similar: [Choice]? = nil, context: PageContext) -> String {
        Layout.page(title: context.t(.youthAskTitle), context: context, content: .group(
            .h1(.text(context.t(.youthAskTitle))),
            .p(.text(context.t(.youthAskLead))),
            .unwrap(form.problem) { problem in .div(.class("error-summary"), .id("error-summary"), .attribute(named: "role", value: "alert"),
                                                   .ul(.li(.a(.href("#\(problem.field)"), .text(problem.message))))) },
            .unwrap(similar) { found in
                .section(.attribute(named: "aria-labelledby", value: "similar"), .h2(.id("similar"), .text(context.t(.youthSimilarTitle))),
                         found.isEmpty ? .p(.text(context.t(.youthSimilarNone)))
                             : .ul(.forEach(found) { .li(.a(.href("/ung/svar-fra-fagfolk/\($0.value)"), .text($0.label))) }))
            },
            .form(.method(.post), .action("/ung/spor"), fields(form, counties: counties, context: context),
                  .button(.type(.submit), .class("button"), .text(context.t(.youthAskSend))),
                  .button(.type(.submit), .name("similar"), .value("1"), .class("button secondary"), .text(context.t(.youthSimilarButton)))),
            .p(.a(.href("/ung/svar"), .text(context.t(.youthAskCodeLink))))
        ))
    }

    static func numbers(_ numbers: [(name: String, number: String)]) -> Node<HTML.BodyContext> {
        .ul(.forEach(numbers) { entry in
            .li(.strong(.a(.href("tel:\(entry.number.filter(\.isNumber))"), .text(entry.number))), .text(" – \(entry.name)"))
        })
    }

    /// Urgent help before the question is queued: the numbers, then a button that sends it (the
    /// form carries what was typed).
    public static func urgent(_ form: YouthAskForm, counties: [String], numbers: [(name: String, number: String)], context: PageContext) -> String {
        Layout.page(title: context.t(.youthUrgentTitle), context: context, content: .group(
            .h1(.text(context.t(.youthUrgentTitle))),
            .p(.text(context.t(.youthUrgentLead))),
            Self.numbers(numbers),
            .form(.method(.post), .action("/ung/spor"), .input(.type(.hidden), .name("confirmed"), .value("yes")),
                  fields(form, counties: counties, context: context),
                  .button(.type(.submit), .class("button"), .text(context.t(.youthUrgentSend))))
        ))
    }

    public static func sent(code: String, context: PageContext) -> String {
        Layout.page(title: context.t(.youthAskSentTitle), context: context, content: .group(
            .h1(.text(context.t(.youthAskSentTitle))),
            .p(.text(context.t(.youthAskCodeLead))),
            .p(.class("reference"), .strong(.text(code))),
            .p(.a(.href("/ung/svar?kode=\(code)"), .text(context.t(.youthAskCodeLink))))
        ))
    }

    /// The reply page: the code form, and the question with its answer or its state.
    public static func reply(code: String, question: String?, answer: String?, message: String?, context: PageContext) -> String {
        Layout.page(title: context.t(.youthReplyTitle), context: context, content: .group(
            .h1(.text(context.t(.youthReplyTitle))),
            .unwrap(message) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .ul(.li(.a(.href("#kode"), .text($0))))) },
            .form(.method(.get), .action("/ung/svar"),
                  .label(.for("kode"), .text(context.t(.youthReplyCode))),
                  .input(.type(.text), .id("kode"), .name("kode"), .value(HTMLEscaping.attribute(code)), .attribute(named: "autocomplete", value: "off"),
                         .attribute(named: "aria-invalid", value: message == nil ? "" : "true")),
                  .button(.type(.submit), .class("button"), .text(context.t(.youthReplyShow)))),
            .unwrap(question) { question in
                .group(.h2(.text(context.t(.youthReplyQuestion))), .forEach(question.split(separator: "\n")) { .p(.text(String($0))) },
                       .h2(.text(context.t(.youthReplyAnswer))),
                       answer.map { answer in .forEach(answer.split(separator: "\n")) { .p(.text(String($0))) } } ?? .p(.text(context.t(.youthReplyQueued))))
            },
            .p(.a(.href("/ung"), .text(context.t(.youthBack))))
        ))
    }
}
