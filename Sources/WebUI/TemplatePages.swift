import Localization
import Plot

/// A template in the editors' list.
public struct TemplateListRow: Sendable, Equatable {
    public var id: String
    public var name: String
    public var version: Int
    public var channels: [String]
    /// How many variants score above the plain-language threshold.
    public var hardToRead: Int

    public init(id: String, name: String, version: Int, channels: [String], hardToRead: Int) {
        self.id = id
        self.name = name
        self.version = version
        self.channels = channels
        self.hardToRead = hardToRead
    }
}

/// The LIX score of one variant, with what makes it hard when it is.
public struct TemplateScoreRow: Sendable, Equatable {
    public var channel: String
    public var language: String
    public var lix: Double
    public var warned: Bool
    public var longestSentences: [String]
    public var longestWords: [String]

    public init(channel: String, language: String, lix: Double, warned: Bool, longestSentences: [String], longestWords: [String]) {
        self.channel = channel
        self.language = language
        self.lix = lix
        self.warned = warned
        self.longestSentences = longestSentences
        self.longestWords = longestWords
    }
}

/// A problem with one field of the form, said in the page's language.
public struct FieldError: Sendable, Equatable {
    /// The id of the field it is about (the error summary links to it).
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// The template form: the name, and a subject and body per channel and language, by field name
/// (`sms-nb-body`, `email-uk-subject`).
public struct TemplateForm: Sendable, Equatable {
    public var id: String
    public var isNew: Bool
    public var name: String
    public var fields: [String: String]
    /// The version shown, if the template has one.
    public var version: Int?

    public init(id: String, isNew: Bool, name: String, fields: [String: String], version: Int?) {
        self.id = id
        self.isNew = isNew
        self.name = name
        self.fields = fields
        self.version = version
    }

    /// The channels in the order the form shows them, and whether each has a subject.
    public static let channels: [(id: String, hasSubject: Bool)] = [("mailbox", true), ("sms", false), ("email", true), ("letter", true)]

    public static func field(_ channel: String, _ language: Localization.Language, _ part: String) -> String { "\(channel)-\(language.rawValue)-\(part)" }
}

/// The editors' pages for message templates: the list, and one template's form with its
/// plain-language scores. Plain forms; no JavaScript.
public enum TemplatePagesView {
    public static let base = "/staff/templates"

    static func channelName(_ id: String, _ context: PageContext) -> String {
        switch id {
        case "mailbox": context.t(.channelMailbox)
        case "sms": context.t(.channelSMS)
        case "email": context.t(.channelEmail)
        case "letter": context.t(.channelLetter)
        default: id
        }
    }

    /// "SMS, Norsk bokmål": a variant named for people.
    public static func variantName(_ channel: String, _ language: String, _ context: PageContext) -> String {
        "\(channelName(channel, context)), \(Localization.Language(rawValue: language)?.endonym ?? language)"
    }

    public static func list(_ rows: [TemplateListRow], organisation: String, context: PageContext) -> String {
        Layout.page(title: context.t(.templatesTitle), context: context, content: .group(
            .h1(.text(context.t(.templatesTitle))),
            .p(.text(organisation)),
            .p(.text(context.t(.templatesLead))),
            .p(.a(.class("button"), .href("\(base)/new"), .text(context.t(.templatesNew)))),
            rows.isEmpty ? .p(.text(context.t(.templatesEmpty))) : .table(
                .caption(.text(context.t(.templatesTitle))),
                .thead(.tr(
                    .th(.attribute(named: "scope", value: "col"), .text(context.t(.templateNameLabel))),
                    .th(.attribute(named: "scope", value: "col"), .text(context.t(.templateIDLabel))),
                    .th(.attribute(named: "scope", value: "col"), .text(context.t(.templateVersion))),
                    .th(.attribute(named: "scope", value: "col"), .text(context.t(.templateChannels))),
                    .th(.attribute(named: "scope", value: "col"), .text(context.t(.templateWarnings)))
                )),
                .tbody(.forEach(rows) { row in
                    .tr(
                        .th(.attribute(named: "scope", value: "row"), .a(.href("\(base)/\(HTMLEscaping.attribute(row.id))"), .text(row.name))),
                        .td(.text(row.id)),
                        .td(.text(String(row.version))),
                        .td(.text(row.channels.map { channelName($0, context) }.joined(separator: ", "))),
                        .td(.text(String(row.hardToRead)))
                    )
                })
            ),
            .p(.a(.href("/my"), .text(context.t(.myPageTitle))))
        ))
    }

    public static func edit(_ form: TemplateForm, scores: [TemplateScoreRow], errors: [FieldError], savedVersion: Int?,
                            csrfToken: String, organisation: String, context: PageContext) -> String {
        let title = form.isNew ? context.t(.templatesNew) : form.name
        let action = form.isNew ? base : "\(base)/\(HTMLEscaping.attribute(form.id))"
        let invalid = Set(errors.map(\.field))
        return Layout.page(title: title, context: context, content: .group(
            .h1(.text(title)),
            .p(.text(organisation + (form.version.map { " · \(context.t(.templateVersion)) \($0)" } ?? ""))),
            .if(!errors.isEmpty, .div(.class("error-summary"), .id("error-summary"), .attribute(named: "role", value: "alert"),
                                      .h2(.text(context.t(.templateErrorTitle))),
                                      .ul(.forEach(errors) { error in .li(.a(.href("#\(error.field)"), .text(error.message))) }))),
            .unwrap(savedVersion) { version in
                .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text("\(context.t(.templateSavedVersion)) \(version).")))
            },
            .if(!scores.isEmpty, readability(scores, context: context)),
            .form(.method(.post), .action(action), SelfServiceView.csrf(csrfToken),
                  .if(form.isNew, .group(
                      .label(.for("id"), .text(context.t(.templateIDLabel))),
                      .p(.class("hint"), .id("id-hint"), .text(context.t(.templateIDHint))),
                      .input(.type(.text), .id("id"), .name("id"), .value(HTMLEscaping.attribute(form.id)), .attribute(named: "autocomplete", value: "off"),
                             .attribute(named: "aria-describedby", value: invalid.contains("id") ? "id-hint error-summary" : "id-hint"),
                             .attribute(named: "aria-invalid", value: invalidMark("id", invalid).invalid))
                  )),
                  .label(.for("name"), .text(context.t(.templateNameLabel))),
                  .input(.type(.text), .id("name"), .name("name"), .value(HTMLEscaping.attribute(form.name)), .attribute(named: "autocomplete", value: "off"),
                         .attribute(named: "aria-invalid", value: invalidMark("name", invalid).invalid),
                         .attribute(named: "aria-describedby", value: invalidMark("name", invalid).describedBy)),
                  .p(.class("hint"), .text(context.t(.templateFieldsHint))),
                  .forEach(TemplateForm.channels) { channel in
                      .fieldset(
                          .element(named: "legend", nodes: [.text(channelName(channel.id, context))]),
                          .forEach(Localization.Language.allCases) { language in
                              variantFields(channel, language, form: form, invalid: invalid, context: context)
                          }
                      )
                  },
                  .button(.type(.submit), .class("button"), .text(context.t(.templateSaveButton)))),
            .p(.a(.href(base), .text(context.t(.templatesBack))))
        ))
    }

    /// Marks a field the error summary is about (Plot leaves out an attribute with an empty value).
    static func invalidMark(_ field: String, _ invalid: Set<String>) -> (invalid: String, describedBy: String) {
        invalid.contains(field) ? ("true", "error-summary") : ("", "")
    }

    /// The subject (where the channel has one) and body of one variant.
    static func variantFields(_ channel: (id: String, hasSubject: Bool), _ language: Localization.Language, form: TemplateForm,
                              invalid: Set<String>, context: PageContext) -> Node<HTML.FormContext> {
        let subject = TemplateForm.field(channel.id, language, "subject"), body = TemplateForm.field(channel.id, language, "body")
        let subjectLabel = "\(context.t(.templateSubjectLabel)) (\(language.endonym))", bodyLabel = "\(context.t(.templateBodyLabel)) (\(language.endonym))"
        let subjectNodes: Node<HTML.FormContext> = .group(
            .label(.for(subject), .text(subjectLabel)),
            .input(.type(.text), .id(subject), .name(subject), .attribute(named: "lang", value: language.tag),
                   .value(HTMLEscaping.attribute(form.fields[subject] ?? "")),
                   .attribute(named: "aria-invalid", value: invalidMark(subject, invalid).invalid),
                   .attribute(named: "aria-describedby", value: invalidMark(subject, invalid).describedBy))
        )
        let textarea: Node<HTML.FormContext> = .textarea(
            .id(body), .name(body), .attribute(named: "lang", value: language.tag), .attribute(named: "rows", value: channel.id == "sms" ? "3" : "6"),
            .attribute(named: "aria-invalid", value: invalidMark(body, invalid).invalid),
            .attribute(named: "aria-describedby", value: invalidMark(body, invalid).describedBy), .text(form.fields[body] ?? ""))
        return .group(channel.hasSubject ? subjectNodes : .empty, .label(.for(body), .text(bodyLabel)), textarea)
    }

    static func readability(_ scores: [TemplateScoreRow], context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .attribute(named: "aria-labelledby", value: "readability"),
            .h2(.id("readability"), .text(context.t(.readabilityHeading))),
            .p(.text(context.t(.readabilityLead))),
            .table(
                .thead(.tr(
                    .th(.attribute(named: "scope", value: "col"), .text(context.t(.readabilityVariant))),
                    .th(.attribute(named: "scope", value: "col"), .text(context.t(.readabilityScore))),
                    .th(.attribute(named: "scope", value: "col"), .text(context.t(.readabilityAssessment)))
                )),
                .tbody(.forEach(scores) { score in
                    .tr(
                        .th(.attribute(named: "scope", value: "row"), .text(variantName(score.channel, score.language, context))),
                        .td(.text(decimal(score.lix, context))),
                        .td(.text(assessment(score.lix, context)))
                    )
                })
            ),
            .forEach(scores.filter(\.warned)) { score in
                .div(.class("warning"),
                     .h3(.text(variantName(score.channel, score.language, context))),
                     .p(.strong(.text(context.t(.readabilityWarned)))),
                     .h4(.text(context.t(.readabilityLongestSentences))),
                     .ul(.forEach(score.longestSentences) { .li(.attribute(named: "lang", value: score.language), .text($0)) }),
                     .h4(.text(context.t(.readabilityLongestWords))),
                     .p(.attribute(named: "lang", value: score.language), .text(score.longestWords.joined(separator: ", "))))
            }
        )
    }

    static func decimal(_ value: Double, _ context: PageContext) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10)\(context.language == .en ? "." : ",")\(tenths % 10)"
    }

    static func assessment(_ lix: Double, _ context: PageContext) -> String {
        lix < 30 ? context.t(.readabilityVeryEasy) : lix <= 40 ? context.t(.readabilityPlain) : context.t(.readabilityHard)
    }
}
