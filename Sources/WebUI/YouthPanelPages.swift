import Localization
import Plot

/// A question in the panel's lists.
public struct YouthPanelRow: Sendable, Equatable {
    public var id: String, excerpt: String, discipline: String, asked: String, urgent: Bool, toReview: Bool
    /// In one of the disciplines the expert answers for.
    public var mine: Bool
    public init(id: String, excerpt: String, discipline: String, asked: String, urgent: Bool, toReview: Bool, mine: Bool) {
        (self.id, self.excerpt, self.discipline, self.asked, self.urgent, self.toReview, self.mine) = (id, excerpt, discipline, asked, urgent, toReview, mine)
    }
}

/// One question as the panel works on it: answering (with the move to another discipline), or
/// reviewing a colleague's answer with what the redactor removed.
public struct YouthPanelQuestionView: Sendable, Equatable {
    public var id = "", text = "", facts: [Choice] = [], reviewNote: String?, discipline = ""
    public var disciplines: [Choice] = []
    /// The answer form (queued questions; experts only), with the draft.
    public var answering = false, draft = ""
    /// The review (answered by someone else): the texts to publish and the removals.
    public var reviewing = false, ownAnswer = false, publishQuestion = "", publishAnswer = ""
    public var removed: [Choice] = []
    public var problem: FieldError?
    public init() {}
}

/// The expert panel's pages (`/staff/panel`): what waits, and one question. No JavaScript;
/// CSRF on every form.
public enum YouthPanelPages {
    public static func list(_ rows: [YouthPanelRow], notice: String?, context: PageContext) -> String {
        func section(_ title: MessageKey, _ rows: [YouthPanelRow]) -> Node<HTML.BodyContext> {
            .group(.h2(.text(context.t(title))), rows.isEmpty ? .p(.text(context.t(.panelEmpty))) : .ul(.class("cases"), .forEach(rows) { row in
                .li(.p(.a(.href("/staff/panel/question?id=\(row.id)"), .text(row.excerpt))),
                    .p(.class("hint"), .text("\(row.urgent ? context.t(.panelUrgent) + " · " : "")\(context.t(.panelDiscipline)): \(row.discipline) · \(context.t(.panelAsked)): \(row.asked)")))
            }))
        }
        return Layout.page(title: context.t(.panelTitle), context: context, content: .group(
            .h1(.text(context.t(.panelTitle))),
            .unwrap(notice) { .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            section(.panelToAnswer, rows.filter { !$0.toReview && $0.mine }),
            section(.panelOtherDisciplines, rows.filter { !$0.toReview && !$0.mine }),
            section(.panelToReview, rows.filter(\.toReview))
        ))
    }

    static func area(_ id: String, _ label: MessageKey, _ value: String, invalid: Bool, context: PageContext) -> Node<HTML.FormContext> {
        .group(.label(.for(id), .text(context.t(label))),
               .textarea(.id(id), .name(id), .attribute(named: "rows", value: "8"), .attribute(named: "aria-invalid", value: invalid ? "true" : ""), .text(value)))
    }

    public static func question(_ view: YouthPanelQuestionView, csrfToken: String, context: PageContext) -> String {
        let hidden: Node<HTML.FormContext> = .group(SelfServiceView.csrf(csrfToken), .input(.type(.hidden), .name("id"), .value(HTMLEscaping.attribute(view.id))))
        let invalid = { (field: String) in view.problem?.field == field }
        return Layout.page(title: context.t(.panelQuestion), context: context, content: .group(
            .h1(.text(context.t(.panelQuestion))),
            .unwrap(view.problem) { problem in .div(.class("error-summary"), .id("error-summary"), .attribute(named: "role", value: "alert"),
                                                   .ul(.li(.a(.href("#\(problem.field)"), .text(problem.message))))) },
            .dl(.forEach(view.facts) { .group(.dt(.text($0.value)), .dd(.text($0.label))) }),
            .blockquote(.forEach(view.text.split(separator: "\n")) { .p(.text(String($0))) }),
            .unwrap(view.reviewNote) { .div(.class("notice"), .h2(.text(context.t(.panelReviewNote))), .p(.text($0))) },
            .if(view.answering, .group(
                .form(.method(.post), .action("/staff/panel/answer"), hidden, area("answer", .panelAnswerLabel, view.draft, invalid: invalid("answer"), context: context),
                      .button(.type(.submit), .class("button"), .text(context.t(.panelAnswerSend)))),
                .form(.method(.post), .action("/staff/panel/move"), hidden,
                      SelfServiceView.select("discipline", label: context.t(.panelMove), choices: view.disciplines, selected: view.discipline),
                      .button(.type(.submit), .class("button secondary"), .text(context.t(.panelMoveSend))))
            )),
            .if(view.ownAnswer, .p(.strong(.text(context.t(.panelOwnAnswer))))),
            .if(view.reviewing, .group(
                .p(.text(context.t(.panelReviewLead))),
                .h2(.text(context.t(.panelRemoved))),
                view.removed.isEmpty ? .p(.text(context.t(.panelNothingRemoved)))
                    : .ul(.forEach(view.removed) { .li(.text("\($0.value): "), .del(.text($0.label))) }),
                .form(.method(.post), .action("/staff/panel/publish"), hidden,
                      area("question", .panelPublishQuestion, view.publishQuestion, invalid: invalid("question"), context: context),
                      area("answer", .panelPublishAnswer, view.publishAnswer, invalid: invalid("answer"), context: context),
                      .button(.type(.submit), .class("button"), .text(context.t(.panelPublish)))),
                .form(.method(.post), .action("/staff/panel/return"), hidden,
                      area("note", .panelReturnNote, "", invalid: invalid("note"), context: context),
                      .button(.type(.submit), .class("button secondary"), .text(context.t(.panelReturn))))
            )),
            .p(.a(.href("/staff/panel"), .text(context.t(.panelBack))))
        ))
    }
}

/// An answer in the public archive.
public struct YouthArchiveRow: Sendable, Equatable {
    public var id: String, question: String, answer: String, discipline: String, answered: String, old: Bool
    public init(id: String, question: String, answer: String, discipline: String, answered: String, old: Bool) {
        (self.id, self.question, self.answer, self.discipline, self.answered, self.old) = (id, question, answer, discipline, answered, old)
    }
}

/// The public archive of answered questions (`/ung/svar-fra-fagfolk`): search, and one answer
/// with its date and, when older than a year, a notice that it may be out of date.
public enum YouthArchivePages {
    public static func archive(query: String, rows: [YouthArchiveRow], context: PageContext) -> String {
        Layout.page(title: context.t(.archiveTitle), context: context, content: .group(
            .h1(.text(context.t(.archiveTitle))),
            .p(.text(context.t(.archiveLead))),
            .form(.method(.get), .action("/ung/svar-fra-fagfolk"), .attribute(named: "role", value: "search"),
                  .label(.for("q"), .text(context.t(.archiveSearch))),
                  .input(.type(.search), .id("q"), .name("q"), .value(HTMLEscaping.attribute(query))),
                  .button(.type(.submit), .class("button"), .text(context.t(.archiveSearch)))),
            rows.isEmpty ? .p(.text(context.t(.archiveNone))) : .ul(.class("cases"), .forEach(rows) { row in
                .li(.h2(.a(.href("/ung/svar-fra-fagfolk/\(row.id)"), .text(String(row.question.prefix(140))))),
                    .p(.class("hint"), .text("\(context.t(.archiveBy)): \(row.discipline) · \(context.t(.archiveAnswered)): \(row.answered)")))
            }),
            .p(.a(.href("/ung"), .text(context.t(.youthBack))))
        ))
    }

    public static func answer(_ row: YouthArchiveRow, context: PageContext) -> String {
        Layout.page(title: context.t(.archiveTitle), context: context, content: .group(
            .if(row.old, .div(.class("notice"), .attribute(named: "role", value: "note"), .p(.text(context.t(.archiveOld))))),
            .h1(.text(context.t(.youthReplyQuestion))),
            .blockquote(.forEach(row.question.split(separator: "\n")) { .p(.text(String($0))) }),
            .h2(.text(context.t(.youthReplyAnswer))),
            .forEach(row.answer.split(separator: "\n")) { .p(.text(String($0))) },
            .p(.class("hint"), .text("\(context.t(.archiveBy)): \(row.discipline) · \(context.t(.archiveAnswered)): \(row.answered)")),
            .p(.a(.href("/ung/svar-fra-fagfolk"), .text(context.t(.archiveTitle))))
        ))
    }
}
