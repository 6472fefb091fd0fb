import Foundation
import HTTPTypes
import Hummingbird
import Identity
import Localization
import Notify
import Persistence
import Reference
import WebUI

/// The editors' pages for message templates: staff log in to the portal like anyone else and hold
/// the `editor` role at an organisation; they edit that organisation's templates. Every save is a
/// new version with its LIX scores, through the same checks as the API.
struct StaffTemplatesController {
    let provider: IdentityProvider?
    let store: Store?

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.staffTemplates.path) { request, _ in
            try await editor(request) { editor in
                let rows = try await NotifyTemplates(store: editor.store).templates(organisation: editor.organisation).map { template in
                    TemplateListRow(id: template.id, name: template.name, version: template.version, channels: template.channels,
                                    hardToRead: template.readability.filter { $0.longestSentences != nil }.count)
                }
                return PortalController.page(TemplatePagesView.list(rows, organisation: editor.organisationName, context: editor.context), request: request)
            }
        }
        router.get(SiteRoute.staffTemplateNew.path) { request, _ in
            try await editor(request) { editor in
                let form = TemplateForm(id: "", isNew: true, name: "", fields: [:], version: nil)
                return page(form, scores: [], errors: [], saved: nil, editor, request)
            }
        }
        router.get(SiteRoute.staffTemplate.path) { request, context in
            try await editor(request) { editor in
                let id = context.parameters.get("id") ?? ""
                guard let template = try? await NotifyTemplates(store: editor.store).template(id, organisation: editor.organisation) else {
                    throw HTTPError(.notFound)
                }
                let saved = request.uri.queryParameters["saved"].flatMap { Int($0) }.flatMap { $0 == template.version ? $0 : nil }
                return page(Self.form(template), scores: Self.scores(template), errors: [], saved: saved, editor, request)
            }
        }
        router.post(SiteRoute.staffTemplates.path) { request, _ in try await save(request, id: nil) }
        router.post(SiteRoute.staffTemplate.path) { request, context in try await save(request, id: context.parameters.get("id") ?? "") }
    }

    /// The signed-in editor and the organisation whose templates they edit.
    struct Editor {
        let pid: String
        let organisation: String
        let organisationName: String
        let csrfToken: String
        let store: Store
        let context: PageContext
    }

    /// Runs `body` for a signed-in editor; without a session, to the login; without the role, a 403 page.
    func editor(_ request: Request, _ body: (Editor) async throws -> Response) async throws -> Response {
        guard let provider, let store else { throw Problem(.serviceUnavailable, detail: "The template pages are not running in this process.") }
        let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
        guard let cookie = request.cookies[PortalController.cookie]?.value,
              let session = try await PortalSessions(store: store).session(cookie: cookie) else { return PortalController.toLogin(request) }
        // An editor at several organisations edits the first; the role is per organisation.
        guard let organisation = try await provider.identity.roles(of: session.pid).filter({ $0.role == .editor }).map(\.organisation).first else {
            var response = PortalController.page(MessagePageView.render(title: context.t(.templatesTitle), body: context.t(.staffEditorMissing),
                                                                        context: context), request: request)
            response.status = .forbidden
            return response
        }
        let name = Organisation.all.first { $0.number.value == organisation }?.name ?? organisation
        return try await body(Editor(pid: session.pid, organisation: organisation, organisationName: name, csrfToken: session.csrfToken,
                                     store: store, context: context))
    }

    func page(_ form: TemplateForm, scores: [TemplateScoreRow], errors: [FieldError], saved: Int?, _ editor: Editor, _ request: Request) -> Response {
        PortalController.page(TemplatePagesView.edit(form, scores: scores, errors: errors, savedVersion: saved, csrfToken: editor.csrfToken,
                                                     organisation: editor.organisationName, context: editor.context), request: request)
    }

    /// Saves a new template (`id` nil: the id comes from the form) or a new version, then shows it
    /// (303, so a reload does not save again). A refusal shows the form again with the problem.
    func save(_ request: Request, id: String?) async throws -> Response {
        let posted = try? await FormBody.read(request)
        return try await editor(request) { editor in
            let fields = posted?.fields ?? [:]
            let templateID = id ?? (fields["id"] ?? "").trimmingCharacters(in: .whitespaces)
            if let id, (try? await NotifyTemplates(store: editor.store).template(id, organisation: editor.organisation)) == nil {
                throw HTTPError(.notFound)
            }
            let form = TemplateForm(id: templateID, isNew: id == nil, name: fields["name"] ?? "", fields: fields, version: nil)
            func refuse(_ errors: [FieldError], status: HTTPResponse.Status = .badRequest) -> Response {
                var response = page(form, scores: [], errors: errors, saved: nil, editor, request)
                response.status = status
                return response
            }
            guard let posted, let token = posted["csrf_token"], SecureToken.constantTimeEquals(token, editor.csrfToken) else {
                return refuse([FieldError(field: "name", message: editor.context.t(.formExpired))], status: .forbidden)
            }
            if id == nil, (try? await NotifyTemplates(store: editor.store).template(templateID, organisation: editor.organisation)) != nil {
                return refuse([FieldError(field: "id", message: editor.context.t(.templateErrorIDTaken))])
            }
            let variants = Self.variants(fields)
            guard !variants.isEmpty else {
                return refuse([FieldError(field: TemplateForm.field("mailbox", .nb, "body"), message: editor.context.t(.templateErrorNoChannel))])
            }
            do {
                let saved = try await NotifyTemplates(store: editor.store).save(id: templateID, TemplateRequest(name: form.name, variants: variants),
                                                                             organisation: editor.organisation, by: "staff:\(editor.pid)")
                return Response(status: .seeOther, headers: [.location: "\(TemplatePagesView.base)/\(saved.id)?saved=\(saved.version)"])
            } catch let refusal as TemplateRefusal {
                return refuse([Self.error(refusal, editor.context)])
            }
        }
    }

    /// The variants the form fills in: a channel with any text in it takes part (in every
    /// language, so a missing one is refused); an empty channel is left out.
    static func variants(_ fields: [String: String]) -> [TemplateRequest.Variant] {
        func value(_ name: String) -> String? {
            fields[name].map { $0.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var variants: [TemplateRequest.Variant] = []
        for channel in TemplateForm.channels {
            let parts = Language.allCases.map { (language: $0, subject: value(TemplateForm.field(channel.id, $0, "subject")),
                                                 body: value(TemplateForm.field(channel.id, $0, "body"))) }
            guard parts.contains(where: { $0.subject != nil || $0.body != nil }) else { continue }
            for part in parts where part.body != nil || part.subject != nil {
                variants.append(.init(channel: channel.id, language: part.language.rawValue, subject: channel.hasSubject ? part.subject : nil,
                                      body: part.body ?? ""))
            }
        }
        return variants
    }

    static func form(_ template: StoredTemplate) -> TemplateForm {
        var fields: [String: String] = [:]
        for variant in template.variants {
            fields["\(variant.channel)-\(variant.language)-body"] = variant.body
            if let subject = variant.subject { fields["\(variant.channel)-\(variant.language)-subject"] = subject }
        }
        return TemplateForm(id: template.id, isNew: false, name: template.name, fields: fields, version: template.version)
    }

    static func scores(_ template: StoredTemplate) -> [TemplateScoreRow] {
        let order = TemplateForm.channels.map(\.id)
        return template.readability.map { score in
            TemplateScoreRow(channel: score.channel, language: score.language, lix: score.lix, warned: score.longestSentences != nil,
                             longestSentences: score.longestSentences ?? [], longestWords: score.longestWords ?? [])
        }.sorted { (order.firstIndex(of: $0.channel) ?? 9) < (order.firstIndex(of: $1.channel) ?? 9) }
    }

    /// A refusal in the page's language, pointing at the field it is about.
    static func error(_ refusal: TemplateRefusal, _ context: PageContext) -> FieldError {
        func about(_ channel: Channel, _ language: Language, _ part: String, _ text: String) -> FieldError {
            FieldError(field: TemplateForm.field(channel.rawValue, language, part),
                       message: "\(TemplatePagesView.variantName(channel.rawValue, language.rawValue, context)): \(text)")
        }
        switch refusal.reason {
        case .id: return FieldError(field: "id", message: context.t(.templateErrorID))
        case .name: return FieldError(field: "name", message: context.t(.templateErrorName))
        case .variants: return FieldError(field: TemplateForm.field("mailbox", .nb, "body"), message: context.t(.templateErrorNoChannel))
        case .busy: return FieldError(field: "name", message: context.t(.templateErrorBusy))
        case .unknownVariant, .subjectOnSMS: return FieldError(field: "name", message: refusal.description)
        case .subjectMissing(let channel, let language): return about(channel, language, "subject", context.t(.templateErrorSubjectMissing))
        case .subjectTooLong(let channel, let language): return about(channel, language, "subject", context.t(.templateErrorSubjectTooLong))
        case .text(let channel, let language, let subject, let problem):
            let key: MessageKey = switch problem {
            case .unclosed: .templateErrorUnclosed
            case .badName: .templateErrorFieldName
            case .empty: .templateErrorEmpty
            case .tooLong: .templateErrorTooLong
            }
            return about(channel, language, subject ? "subject" : "body", context.t(key))
        case .smsSegments(let language, _): return about(.sms, language, "body", context.t(.templateErrorSMS))
        case .placeholders(let channel, let language, let field): return about(channel, language, "body", "\(context.t(.templateErrorPlaceholders)) ((\(field)))")
        case .missingLanguage(let channel, let language): return about(channel, language, "body", context.t(.templateErrorMissingLanguage))
        }
    }
}
