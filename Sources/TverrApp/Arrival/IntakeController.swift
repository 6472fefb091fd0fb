import Arrival
import Foundation
import Hummingbird
import Identifiers
import Identity
import Localization
import Logging
import Persistence
import Reference
import Rules
import WebUI

/// The police intake at the first meeting (seed 000): staff log in to the portal at
/// `idporten-loa-high` and hold the `police` role. The form works on a phone without JavaScript;
/// a complete form registers the person and the family with them in one transaction (see
/// `ArrivalIntakes`), and the receipt shows each D-number, application and eID activation code.
struct IntakeController {
    let provider: IdentityProvider?
    let store: Store?
    let rules: RuleBook
    /// Sends the decision letters of the applications the rules granted.
    let letters: DecisionLetterSender?

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.staffArrival.path) { request, _ in
            try await PortalStaffAccess.check(request, provider: provider, store: store, role: .police, title: .intakeTitle, noRole: .intakeNoRole) { access in
                PortalController.page(IntakePages.form(try await model(access, request, values: [:]), context: access.context), request: request)
            }
        }
        router.post(SiteRoute.staffArrival.path) { request, context in
            try await PortalStaffAccess.check(request, provider: provider, store: store, role: .police, title: .intakeTitle, noRole: .intakeNoRole,
                                        posting: true) { access in
                try await register(request, access, logger: context.logger)
            }
        }
    }

    static func memberRows(_ request: Request) -> Int {
        min(IntakeCheck.maximumMembers, max(3, request.uri.queryParameters.get("members").flatMap { Int($0) } ?? 3))
    }

    func model(_ access: PortalStaffAccess, _ request: Request, values: [String: String]) async throws -> IntakePageModel {
        let language = access.context.language.rawValue
        let countries = Countries.all.map { Choice(value: $0.alpha3, label: $0.name(language: language)) }.sorted { $0.label < $1.label }
        let centres = ReceptionCentre.all.map { Choice(value: $0.id, label: "\($0.name), \($0.street), \($0.postcode)") }
        var values = values
        if values.isEmpty { (values["language"], values["livedInUkraine"], values["nationality"], values["documentCountry"]) = ("uk", "yes", "UKR", "UKR") }
        return IntakePageModel(csrfToken: access.session.csrfToken, officer: access.line, values: values, countries: countries, centres: centres,
                               memberRows: Self.memberRows(request))
    }

    func register(_ request: Request, _ access: PortalStaffAccess, logger: Logger) async throws -> Response {
        guard let store, let ruleSet = rules.collectiveProtection else {
            throw Problem(.serviceUnavailable, detail: "The collective-protection rules are not loaded: \(rules.faults.joined(separator: "; "))")
        }
        let form = access.form!
        let values = form.fields.filter { $0.key != "csrf_token" }
        let context = access.context
        func again(_ errors: [FieldError], refusal: (String, String?)? = nil, status: HTTPResponse.Status) async throws -> Response {
            var model = try await model(access, request, values: values)
            (model.errors, model.refusal) = (errors, refusal)
            var response = PortalController.page(IntakePages.form(model, context: context), request: request)
            response.status = status
            return response
        }
        let today = TverrServer.today()
        let intake: CheckedIntake
        do {
            intake = try IntakeCheck.check(Self.intakeForm(values), today: today)
        } catch {
            return try await again(error.problems.map { Self.fieldError($0, context) }, status: .unprocessableContent)
        }
        let officer = ArrivalIntakes.Officer(pid: access.session.pid, organisationNumber: access.organisations[0])
        do {
            let registered = try await ArrivalIntakes(store: store, rules: ruleSet)
                .register(intake, by: officer, today: today, synthetic: provider?.demoMode ?? true)
            do {
                try await ArrivalIntakes(store: store, rules: ruleSet).notify(registered, language: intake.language.rawValue, by: officer)
            } catch {
                logger.error("The message after the intake was not sent", metadata: ["reference": .string(registered.people[0].reference), "error": .string("\(error)")])
            }
            do {
                try await letters?.send(registered.people.filter { $0.outcome == .grant }.map(\.applicationReference))
            } catch {
                // They stay owed: DecisionLetterService sends them at its next run.
                logger.error("A decision letter after the intake was not sent", metadata: ["error": .string("\(error)")])
            }
            let rows = registered.people.map {
                IntakeReceiptRow(name: $0.name, dNumber: $0.identityNumber, linked: $0.linked, reference: $0.reference,
                                 application: $0.applicationReference, granted: $0.outcome == .grant, activationCode: $0.activationCode)
            }
            var response = PortalController.page(IntakePages.receipt(rows, context: context), request: request)
            response.status = .created
            return response
        } catch let refusal as ArrivalIntakes.Refusal {
            let (field, key, reference): (String, MessageKey, String?) = switch refusal {
            case .duplicateDocument(let field, let reference): (field, .intakeDuplicate, reference)
            case .registeredElsewhere(let field, let reference): (field, .intakeRegisteredElsewhere, reference)
            case .unknownExistingNumber(let field): (field, .intakeUnknownExisting, nil)
            case .repeatedOnForm(let field): (field, .intakeRepeated, nil)
            }
            return try await again([FieldError(field: field, message: context.t(key) + (reference.map { " \($0)" } ?? ""))],
                                   refusal: (context.t(key), reference), status: .conflict)
        }
    }

    /// The form's fields as the intake check reads them.
    static func intakeForm(_ values: [String: String]) -> IntakeForm {
        func v(_ name: String) -> String { values[name] ?? "" }
        var form = IntakeForm()
        (form.documentType, form.documentNumber, form.documentCountry, form.nationality) = (v("documentType"), v("documentNumber"), v("documentCountry"), v("nationality"))
        (form.givenName, form.familyName, form.givenNameNative, form.familyNameNative) = (v("givenName"), v("familyName"), v("givenNameNative"), v("familyNameNative"))
        (form.birthDate, form.sex, form.mobile, form.language, form.receptionCentre) = (v("birthDate"), v("sex"), v("mobile"), v("language"), v("receptionCentre"))
        (form.livedInUkraine, form.leftUkraineOn, form.shortStayAbroad) = (v("livedInUkraine") == "yes", v("leftUkraineOn"), v("shortStayAbroad") == "yes")
        (form.protectionInUkraine, form.lawfullyInNorway, form.existingNumber) = (v("protectionInUkraine") == "yes", v("lawfullyInNorway") == "yes", v("existingNumber"))
        form.members = (1...IntakeCheck.maximumMembers + 1).map { n in
            let p = "members.\(n)."
            var member = MemberForm()
            (member.relationship, member.relationshipBeganOn, member.givenName, member.familyName) = (v(p + "relationship"), v(p + "relationshipBeganOn"), v(p + "givenName"), v(p + "familyName"))
            (member.givenNameNative, member.familyNameNative, member.birthDate, member.sex) = (v(p + "givenNameNative"), v(p + "familyNameNative"), v(p + "birthDate"), v(p + "sex"))
            (member.nationality, member.documentType, member.documentNumber) = (v(p + "nationality"), v(p + "documentType"), v(p + "documentNumber"))
            (member.documentCountry, member.existingNumber) = (v(p + "documentCountry"), v(p + "existingNumber"))
            return member
        }
        return form
    }

    /// A problem as the page names it: the field's id, and the sentence in the page's language.
    static func fieldError(_ problem: IntakeProblem, _ context: PageContext) -> FieldError {
        let field = problem.field.hasSuffix("nativeNames") ? problem.field.replacingOccurrences(of: "nativeNames", with: "givenNameNative")
            : problem.field.hasSuffix("names") ? problem.field.replacingOccurrences(of: "names", with: "givenName")
            : problem.field == "members" ? "members.1.relationship" : problem.field
        let key: MessageKey = switch problem.code {
        case .documentType: .intakeProblemDocumentType
        case .documentNumber: .intakeProblemDocumentNumber
        case .unknownCountry: .intakeProblemUnknownCountry
        case .names: .intakeProblemNames
        case .nativeNames: .intakeProblemNativeNames
        case .birthDate: .intakeProblemBirthDate
        case .impossibleBirthDate: .intakeProblemImpossibleBirthDate
        case .sex: .intakeProblemSex
        case .mobile: .intakeProblemMobile
        case .language: .intakeProblemLanguage
        case .receptionCentre: .intakeProblemReceptionCentre
        case .leftUkraineOn: .intakeProblemLeftUkraineOn
        case .relationship: .intakeProblemRelationship
        case .relationshipBeganOn: .intakeProblemRelationshipBeganOn
        case .tooManyMembers: .intakeProblemTooManyMembers
        case .existingNumber: .intakeProblemExistingNumber
        }
        let who = problem.field.hasPrefix("members.") ? "\(context.t(.intakeMember)) \(problem.field.split(separator: ".")[1]): " : ""
        return FieldError(field: field, message: who + context.t(key))
    }
}
