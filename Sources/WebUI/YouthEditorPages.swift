import Localization
import Plot

/// One language version in the editor's list.
public struct YouthEditorRow: Sendable, Equatable {
    public var slug, language, title, topic, reviewed: String
    /// Reviewed more than a year ago.
    public var due: Bool
    public init(slug: String, language: String, title: String, topic: String, reviewed: String, due: Bool) {
        (self.slug, self.language, self.title, self.topic, self.reviewed, self.due) = (slug, language, title, topic, reviewed, due)
    }
}

/// The article form as typed, with the problems found (field and message).
public struct YouthEditorForm: Sendable {
    public var slug = "", language = "nb", topic = "", minimumAge = "13", maximumAge = "20", title = "", lead = "", body = ""
    public var reviewed = false
    /// Whether this edits a saved version (its slug and language are then fixed).
    public var editing = false
    public var problems: [(field: String, message: String)] = []
    public init() {}
}

/// The youth editor's pages (`/staff/youth`): the language versions with their review state, and
/// the form to write or change one. No JavaScript; CSRF on every form.
public enum YouthEditorPages {
    public static func list(_ rows: [YouthEditorRow], notice: String?, csrfToken: String, context: PageContext) -> String {
        Layout.page(title: context.t(.youthEditorTitle), context: context, content: .group(
            .h1(.text(context.t(.youthEditorTitle))),
            .p(.text(context.t(.youthEditorLead))),
            .unwrap(notice) { .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .p(.a(.class("button"), .href("/staff/youth/article"), .text(context.t(.youthEditorNew)))),
            rows.isEmpty ? .p(.text(context.t(.youthEditorNone))) : .ul(.class("cases"), .forEach(rows) { row in
                .li(.h2(.a(.href("/staff/youth/article?slug=\(row.slug)&language=\(row.language)"), .text(row.title))),
                    .p(.class("hint"), .text("\(row.language) · \(row.topic) · \(context.t(.youthReviewed)): \(row.reviewed)")),
                    .if(row.due, .p(.strong(.text(context.t(.youthEditorDue))))),
                    .form(.method(.post), .action("/staff/youth/review"), SelfServiceView.csrf(csrfToken),
                          .input(.type(.hidden), .name("slug"), .value(HTMLEscaping.attribute(row.slug))),
                          .input(.type(.hidden), .name("language"), .value(HTMLEscaping.attribute(row.language))),
                          .button(.type(.submit), .class("button secondary"), .text(context.t(.youthEditorReview)))),
                    .p(.a(.href("/ung/artikler/\(row.slug)?lang=\(row.language)"), .text(context.t(.youthEditorPublic)))))
            })
        ))
    }

    public static func form(_ form: YouthEditorForm, topics: [Choice], languages: [Choice], csrfToken: String, context: PageContext) -> String {
        let invalid = { (field: String) in form.problems.contains { $0.field == field } ? "true" : "" }
        func text(_ id: String, _ label: MessageKey, _ value: String, hint: MessageKey? = nil, readOnly: Bool = false) -> Node<HTML.FormContext> {
            .group(.label(.for(id), .text(context.t(label))),
                   .unwrap(hint) { .p(.class("hint"), .id("\(id)-hint"), .text(context.t($0))) },
                   .input(.type(.text), .id(id), .name(id), .value(HTMLEscaping.attribute(value)), .attribute(named: "autocomplete", value: "off"),
                          .attribute(named: "aria-invalid", value: invalid(id)), .attribute(named: "aria-describedby", value: hint == nil ? "" : "\(id)-hint"),
                          .attribute(named: "readonly", value: readOnly ? "readonly" : "")))
        }
        let ages = (13...20).map { Choice(value: String($0), label: String($0)) }
        let title = context.t(form.editing ? .youthEditorEdit : .youthEditorNew)
        return Layout.page(title: title, context: context, content: .group(
            .h1(.text(title)),
            .if(!form.problems.isEmpty, .div(.class("error-summary"), .id("error-summary"), .attribute(named: "role", value: "alert"),
                                             .ul(.forEach(form.problems) { problem in .li(.a(.href("#\(problem.field)"), .text(problem.message))) }))),
            .form(.method(.post), .action("/staff/youth/article"), SelfServiceView.csrf(csrfToken),
                  text("slug", .youthEditorSlug, form.slug, hint: .youthEditorSlugHint, readOnly: form.editing),
                  form.editing ? .group(.input(.type(.hidden), .name("language"), .value(HTMLEscaping.attribute(form.language))),
                                        .p(.text("\(context.t(.youthEditorLanguage)): \(languages.first { $0.value == form.language }?.label ?? form.language)")))
                      : SelfServiceView.select("language", label: context.t(.youthEditorLanguage), choices: languages, selected: form.language,
                                               invalid: invalid("language") == "true"),
                  SelfServiceView.select("topic", label: context.t(.youthEditorTopic), choices: [Choice(value: "", label: "")] + topics, selected: form.topic,
                                         invalid: invalid("topic") == "true"),
                  SelfServiceView.select("minimumAge", label: context.t(.youthEditorMinAge), choices: ages, selected: form.minimumAge,
                                         invalid: invalid("minimumAge") == "true"),
                  SelfServiceView.select("maximumAge", label: context.t(.youthEditorMaxAge), choices: ages, selected: form.maximumAge),
                  text("title", .youthEditorArticleTitle, form.title),
                  text("lead", .youthEditorArticleLead, form.lead),
                  .label(.for("body"), .text(context.t(.youthEditorBody))),
                  .p(.class("hint"), .id("body-hint"), .text(context.t(.youthEditorBodyHint))),
                  .textarea(.id("body"), .name("body"), .attribute(named: "rows", value: "14"), .attribute(named: "aria-describedby", value: "body-hint"),
                            .attribute(named: "aria-invalid", value: invalid("body")), .text(form.body)),
                  .div(.class("checkbox"), .input(.type(.checkbox), .id("reviewed"), .name("reviewed"), .value("yes"), .checked(form.reviewed)),
                       .label(.for("reviewed"), .text(context.t(.youthEditorReviewedNow)))),
                  .button(.type(.submit), .class("button"), .text(context.t(.youthEditorSave)))),
            .p(.a(.href("/staff/youth"), .text(context.t(.youthEditorTitle))))
        ))
    }
}
