import Localization
import Plot

/// The police intake form: values as typed (by field name), faults, and the lists to choose from.
public struct IntakePageModel: Sendable {
    public var csrfToken: String
    /// The officer, as shown at the top.
    public var officer: String
    /// Field name to value; family members' fields are `members.N.field` (N from 1).
    public var values: [String: String]
    public var errors: [FieldError] = []
    /// A refusal after the checks, with the registration it points to.
    public var refusal: (message: String, reference: String?)?
    public var countries: [Choice]
    public var centres: [Choice]
    /// How many family member rows to show.
    public var memberRows: Int

    public init(csrfToken: String, officer: String, values: [String: String], countries: [Choice], centres: [Choice], memberRows: Int) {
        (self.csrfToken, self.officer, self.values, self.countries, self.centres, self.memberRows) = (csrfToken, officer, values, countries, centres, memberRows)
    }
}

/// One person on the intake receipt.
public struct IntakeReceiptRow: Sendable, Equatable {
    public var name: String, dNumber: String, linked: Bool, reference: String, application: String, granted: Bool
    public var activationCode: String?
    public init(name: String, dNumber: String, linked: Bool, reference: String, application: String, granted: Bool, activationCode: String?) {
        (self.name, self.dNumber, self.linked, self.reference, self.application, self.granted, self.activationCode) = (name, dNumber, linked, reference, application, granted, activationCode)
    }
}

/// The police intake at the first meeting, made for a phone: one column, no JavaScript.
public enum IntakePages {
    public static func form(_ model: IntakePageModel, context: PageContext) -> String {
        let invalid = Set(model.errors.map(\.field))
        func value(_ name: String) -> String { model.values[name] ?? "" }
        func field(_ name: String, _ label: MessageKey, autocomplete: String = "off", lang: String = "", hint: MessageKey? = nil) -> Node<HTML.FormContext> {
            let mark = TemplatePagesView.invalidMark(name, invalid)
            return .group(.label(.for(name), .text(context.t(label))),
                          .if(hint != nil, .p(.class("hint"), .id("\(name)-hint"), .text(hint.map(context.t) ?? ""))),
                          .input(.type(.text), .id(name), .name(name), .value(HTMLEscaping.attribute(value(name))),
                                 .attribute(named: "autocomplete", value: autocomplete), .attribute(named: "lang", value: lang),
                                 .attribute(named: "aria-invalid", value: mark.invalid),
                                 .attribute(named: "aria-describedby", value: hint != nil ? "\(name)-hint" : mark.describedBy)))
        }
        func select(_ name: String, _ label: MessageKey, _ choices: [(String, MessageKey)]) -> Node<HTML.FormContext> {
            SelfServiceView.select(name, label: context.t(label),
                                   choices: [Choice(value: "", label: context.t(.intakeChoose))] + choices.map { Choice(value: $0.0, label: context.t($0.1)) },
                                   selected: value(name))
        }
        func list(_ name: String, _ label: MessageKey, _ choices: [Choice]) -> Node<HTML.FormContext> {
            SelfServiceView.select(name, label: context.t(label), choices: [Choice(value: "", label: context.t(.intakeChoose))] + choices, selected: value(name))
        }
        func check(_ name: String, _ label: MessageKey) -> Node<HTML.FormContext> {
            .div(.class("checkbox"), .input(.type(.checkbox), .id(name), .name(name), .value("yes"), .checked(value(name) == "yes")),
                 .label(.for(name), .text(context.t(label))))
        }
        func person(_ p: String) -> Node<HTML.FormContext> {
            .group(
                field(p + "givenNameNative", .intakeGivenNameNative, lang: "uk"),
                field(p + "familyNameNative", .intakeFamilyNameNative, lang: "uk"),
                field(p + "givenName", .intakeGivenName, hint: p.isEmpty ? .intakeNamesHint : nil),
                field(p + "familyName", .intakeFamilyName),
                field(p + "birthDate", .intakeBirthDate),
                select(p + "sex", .intakeSex, [("female", .intakeFemale), ("male", .intakeMale)]),
                list(p + "nationality", .intakeNationality, model.countries),
                select(p + "documentType", .intakeDocumentType, documents),
                field(p + "documentNumber", .intakeDocumentNumber),
                list(p + "documentCountry", .intakeDocumentCountry, model.countries),
                field(p + "existingNumber", .intakeExistingNumber)
            )
        }
        let members: [Node<HTML.FormContext>] = (1...max(1, model.memberRows)).map { n in
            let p = "members.\(n)."
            return .fieldset(.element(named: "legend", nodes: [.text("\(context.t(.intakeMember)) \(n)")]),
                             select(p + "relationship", .intakeRelationship, [("spouse", .intakeRelSpouse), ("cohabitant", .intakeRelCohabitant),
                                                                              ("child", .intakeRelChild), ("household_member", .intakeRelHousehold)]),
                             field(p + "relationshipBeganOn", .intakeRelationshipBegan),
                             person(p))
        }
        return Layout.page(title: context.t(.intakeTitle), context: context, content: .group(
            .h1(.text(context.t(.intakeTitle))),
            .p(.class("hint"), .text(model.officer)),
            .p(.text(context.t(.intakeLead))),
            .if(model.refusal != nil, .div(.class("error-summary"), .id("error-summary"), .attribute(named: "role", value: "alert"),
                                           .p(.text(model.refusal?.message ?? ""), .text(" "), .strong(.text(model.refusal?.reference ?? ""))))),
            .if(!model.errors.isEmpty, .div(.class("error-summary"), .id("error-summary"), .attribute(named: "role", value: "alert"),
                                            .h2(.text(context.t(.intakeErrorTitle))),
                                            .ul(.forEach(model.errors) { error in .li(.a(.href("#\(error.field)"), .text(error.message))) }))),
            .form(.method(.post), .action("/staff/arrival?members=\(model.memberRows)"),
                  .input(.type(.hidden), .name("csrf_token"), .value(HTMLEscaping.attribute(model.csrfToken))),
                  .fieldset(.element(named: "legend", nodes: [.text(context.t(.intakePerson))]), person("")),
                  .fieldset(.element(named: "legend", nodes: [.text(context.t(.intakeJourney))]),
                            check("livedInUkraine", .intakeLivedInUkraine),
                            field("leftUkraineOn", .intakeLeftUkraineOn),
                            check("shortStayAbroad", .intakeShortStay),
                            check("protectionInUkraine", .intakeProtection),
                            check("lawfullyInNorway", .intakeLawful)),
                  field("mobile", .intakeMobile, autocomplete: "tel"),
                  select("language", .intakeLanguage, [("uk", .intakeLanguageUk), ("en", .intakeLanguageEn), ("nb", .intakeLanguageNb)]),
                  list("receptionCentre", .intakeCentre, model.centres),
                  .h2(.text(context.t(.intakeMembers))),
                  .group(members),
                  .p(.a(.href("/staff/arrival?members=\(min(model.memberRows + 3, 15))"), .text(context.t(.intakeMoreMembers)))),
                  .button(.type(.submit), .class("button"), .text(context.t(.intakeSubmit))))
        ))
    }

    static let documents: [(String, MessageKey)] = [
        ("passport", .intakeDocPassport), ("national-id", .intakeDocNationalID), ("birth-certificate", .intakeDocBirthCertificate),
        ("other-document", .intakeDocOther), ("none", .intakeDocNone),
    ]

    public static func receipt(_ rows: [IntakeReceiptRow], context: PageContext) -> String {
        Layout.page(title: context.t(.intakeReceiptTitle), context: context, content: .group(
            .h1(.text(context.t(.intakeReceiptTitle))),
            .div(.class("notice"), .attribute(named: "role", value: "status"), .p(.text(context.t(.intakeReceiptLead)))),
            .forEach(rows) { row in
                .section(.h2(.text(row.name)),
                         .dl(.dt(.text(context.t(.intakeDNumber))), .dd(.text(row.dNumber + (row.linked ? " (\(context.t(.intakeLinked)))" : ""))),
                             .dt(.text(context.t(.intakeReference))), .dd(.text(row.reference)),
                             .dt(.text(context.t(.intakeApplication))),
                             .dd(.text("\(row.application): \(context.t(row.granted ? .intakeGranted : .intakeRouted))")),
                             .dt(.text(context.t(.intakeActivation))),
                             .dd(row.activationCode.map { .strong(.class("code"), .text($0)) } ?? .text(context.t(.intakeNoActivation)))),
                         .if(row.activationCode != nil, .p(.class("hint"), .text(context.t(.intakeActivationHint)))))
            },
            .p(.a(.href("/staff/arrival"), .text(context.t(.intakeAnother))))
        ))
    }
}
