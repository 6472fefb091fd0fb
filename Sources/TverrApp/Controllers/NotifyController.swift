import Foundation
import HTTPTypes
import Hummingbird
import Identity
import Persistence

/// The notify block's API. Templates belong to the organisation of the machine client that
/// saves them; every save is a new version, scored for plain language.
struct NotifyController {
    let provider: IdentityProvider?
    let templates: NotifyTemplates?

    static let templatesScope = "tverr:notify/templates.write"
    static let sendScope = "tverr:notify/messages.send"

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.notifyTemplates.path) { request, _ in
            let (templates, organisation, _) = try await client(request, anyOf: [Self.templatesScope, Self.sendScope])
            return try OIDCController.json(try await templates.templates(organisation: organisation))
        }
        router.get(SiteRoute.notifyTemplate.path) { request, context in
            let (templates, organisation, _) = try await client(request, anyOf: [Self.templatesScope, Self.sendScope])
            var version: Int?
            if let text = request.uri.queryParameters["version"] {
                guard let number = Int(text), number >= 1 else { throw Problem(.badRequest, detail: "version must be a whole number, 1 or more.") }
                version = number
            }
            do {
                return try OIDCController.json(try await templates.template(context.parameters.get("id") ?? "", organisation: organisation, version: version))
            } catch NotifyFailure.templateNotFound {
                throw Problem(.notFound, detail: "Your organisation has no template with that id\(version.map { " and version \($0)" } ?? "").")
            }
        }
        router.put(SiteRoute.notifyTemplate.path) { request, context in
            let (templates, organisation, actor) = try await client(request, anyOf: [Self.templatesScope])
            let body = try EventsController.decode(TemplateRequest.self, try await EventsController.collect(request))
            let saved: StoredTemplate
            do {
                saved = try await templates.save(id: context.parameters.get("id") ?? "", body, organisation: organisation, by: actor)
            } catch let refusal as TemplateRefusal {
                throw Problem(.badRequest, detail: refusal.description)
            }
            var response = try OIDCController.json(saved)
            response.status = saved.version == 1 ? .created : .ok
            response.headers[.location] = "/api/v1/notify/templates/\(saved.id)?version=\(saved.version)"
            return response
        }
    }

    /// A machine client holding one of `scopes`: its organisation and audit actor.
    func client(_ request: Request, anyOf scopes: Set<String>) async throws -> (NotifyTemplates, String, String) {
        guard let provider, let templates else { throw Problem(.serviceUnavailable, detail: "The notify API is not running in this process.") }
        let claims = try await BearerToken.verify(request, provider: provider)
        guard let consumer = claims.consumer else {
            throw Problem.oauth(OAuthError(.insufficientScope, "The notify API takes machine-client tokens (JWT bearer grant), not a person's login."))
        }
        guard !claims.scopes.isDisjoint(with: scopes) else {
            throw Problem.oauth(OAuthError(.insufficientScope, "This needs the scope \(scopes.sorted().joined(separator: " or "))."))
        }
        return (templates, consumer.organisationNumber, ExchangeCaller(clientID: claims.client_id, organisationNumber: consumer.organisationNumber).auditActor)
    }
}
