import Foundation
import HTTPTypes
import Hummingbird
import Identity
import Notify
import Persistence

/// The notify block's API. Templates belong to the organisation of the machine client that
/// saves them; every save is a new version, scored for plain language.
struct NotifyController {
    let provider: IdentityProvider?
    let templates: NotifyTemplates?
    let messages: NotifyMessages?
    let limiter: SendingLimiter

    static let templatesScope = "tverr:notify/templates.write"
    static let sendScope = "tverr:notify/messages.send"

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.post(SiteRoute.notifyMessages.path) { request, _ in try await send(request) }
        router.post(SiteRoute.notifyBatch.path) { request, _ in try await sendBatch(request) }
        router.get(SiteRoute.notifyMessage.path) { request, context in
            let (_, organisation, _) = try await client(request, anyOf: [Self.sendScope])
            guard let messages else { throw Problem(.serviceUnavailable, detail: "The notify API is not running in this process.") }
            do { return try OIDCController.json(try await messages.status(context.parameters.get("id") ?? "", organisation: organisation)) }
            catch let refusal as MessageRefusal { throw Self.problem(refusal) }
        }
        router.get(SiteRoute.notifyStatusFeed.path) { request, _ in
            let (_, organisation, _) = try await client(request, anyOf: [Self.sendScope])
            guard let messages else { throw Problem(.serviceUnavailable, detail: "The notify API is not running in this process.") }
            let (after, limit) = try Self.feedCursor(request.uri.queryParameters["after"].map(String.init),
                                                     request.uri.queryParameters["limit"].map(String.init))
            return try OIDCController.json(try await messages.statusFeed(organisation: organisation, after: after, limit: limit))
        }
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

    /// `POST /api/v1/notify/messages`.
    func send(_ request: Request) async throws -> Response {
        guard let provider, let messages else { throw Problem(.serviceUnavailable, detail: "The notify API is not running in this process.") }
        let claims = try await BearerToken.verify(request, provider: provider)
        guard let consumer = claims.consumer, claims.scopes.contains(Self.sendScope) else {
            throw Problem.oauth(OAuthError(.insufficientScope, "Sending needs a machine token with the scope \(Self.sendScope)."))
        }
        if let wait = await limiter.take(claims.client_id) {
            var problem = Problem(.tooManyRequests, detail: "This client is sending faster than its limit; try again in \(Int(wait.rounded(.up))) s.")
            problem.retryAfter = Int(wait.rounded(.up))
            throw problem
        }
        let body = try EventsController.decode(MessageRequest.self, try await EventsController.collect(request, upTo: Self.maximumMessageBody))
        var authorisation: ExchangeCatalogue.Authorisation?
        if body.to.nationalIdentityNumber != nil {
            do {
                authorisation = try ExchangeCatalogue.authorise(grantedScopes: [Self.sendScope], purpose: request.headers[.tverrPurpose],
                                                                legalBasis: request.headers[.tverrLegalBasis], needing: .contact, write: true)
            } catch { throw Problem.oauth(error) }
        }
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        if let key, !(1...200).contains(key.count) { throw Problem(.badRequest, detail: "Idempotency-Key must be 1 to 200 characters.") }
        let caller = ExchangeCaller(clientID: claims.client_id, organisationNumber: consumer.organisationNumber)
        do {
            let (status, created) = try await messages.send(body, caller: caller, authorisation: authorisation, idempotencyKey: key)
            var response = try OIDCController.json(status)
            response.status = created ? .created : .ok
            response.headers[.location] = "/api/v1/notify/messages/\(status.id)"
            return response
        } catch let refusal as MessageRefusal {
            throw Self.problem(refusal)
        }
    }

    /// The status feed's `after` (a cursor, 0 or more; default 0) and `limit` (1 to 1,000; default 100).
    static func feedCursor(_ after: String?, _ limit: String?) throws -> (Int64, Int) {
        guard let cursor = after.map({ Int64($0) }) ?? 0, cursor >= 0 else {
            throw Problem(.badRequest, detail: "after must be a whole number, 0 or more: the seq of the last entry you have read.")
        }
        guard let count = limit.map({ Int($0) }) ?? 100, (1...1000).contains(count) else {
            throw Problem(.badRequest, detail: "limit must be a whole number from 1 to 1000.")
        }
        return (cursor, count)
    }

    /// The largest single message (room for 10 MiB of attachments in base64).
    static let maximumMessageBody = 16 * 1024 * 1024

    /// The largest batch, and its body.
    static let maximumBatch = 10_000, maximumBatchBody = 16 * 1024 * 1024

    /// `POST /api/v1/notify/messages/batch`: up to 10,000 messages, each with its own optional
    /// idempotency key; the answer reports every message by its index.
    func sendBatch(_ request: Request) async throws -> Response {
        guard let provider, let messages else { throw Problem(.serviceUnavailable, detail: "The notify API is not running in this process.") }
        let claims = try await BearerToken.verify(request, provider: provider)
        guard let consumer = claims.consumer, claims.scopes.contains(Self.sendScope) else {
            throw Problem.oauth(OAuthError(.insufficientScope, "Sending needs a machine token with the scope \(Self.sendScope)."))
        }
        struct Item: Decodable {
            var message: MessageRequest
            var idempotencyKey: String?
            enum CodingKeys: String, CodingKey { case idempotencyKey }
            init(from decoder: any Decoder) throws {
                message = try MessageRequest(from: decoder)
                idempotencyKey = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .idempotencyKey)
            }
        }
        struct Batch: Decodable { var messages: [Item] }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: Self.maximumBatchBody) } catch {
            throw Problem(.contentTooLarge, detail: "The batch is larger than 16 MiB.")
        }
        let batch = try EventsController.decode(Batch.self, buffer)
        guard (1...Self.maximumBatch).contains(batch.messages.count) else {
            throw Problem(.badRequest, detail: "messages must hold 1 to \(Self.maximumBatch) messages.")
        }
        if let key = batch.messages.compactMap(\.idempotencyKey).first(where: { !(1...200).contains($0.count) }) {
            throw Problem(.badRequest, detail: "An idempotencyKey of \(key.count) characters: each must be 1 to 200.")
        }
        if let wait = await limiter.take(claims.client_id, count: Double(batch.messages.count)) {
            var problem = Problem(.tooManyRequests, detail: "This batch is over the client's sending limit; try again in \(Int(wait.rounded(.up))) s.")
            problem.retryAfter = Int(wait.rounded(.up))
            throw problem
        }
        var authorisation: ExchangeCatalogue.Authorisation?
        if batch.messages.contains(where: { $0.message.to.nationalIdentityNumber != nil }) {
            do {
                authorisation = try ExchangeCatalogue.authorise(grantedScopes: [Self.sendScope], purpose: request.headers[.tverrPurpose],
                                                                legalBasis: request.headers[.tverrLegalBasis], needing: .contact, write: true)
            } catch { throw Problem.oauth(error) }
        }
        let caller = ExchangeCaller(clientID: claims.client_id, organisationNumber: consumer.organisationNumber)
        let results = await messages.sendBatch(batch.messages.map { ($0.message, $0.idempotencyKey) }, caller: caller, authorisation: authorisation)
        struct Answer: Encodable { let created: Int; let duplicates: Int; let rejected: Int; let results: [NotifyMessages.BatchResult] }
        return try OIDCController.json(Answer(created: results.filter { $0.status == "created" }.count,
                                              duplicates: results.filter { $0.status == "duplicate" }.count,
                                              rejected: results.filter { $0.status == "rejected" }.count, results: results))
    }

    static func problem(_ refusal: MessageRefusal) -> Problem {
        switch refusal {
        case .badRequest(let detail): Problem(.badRequest, detail: detail)
        case .placeholder(let name, let detail): Problem(.badRequest, type: "https://tverr.example/problems/placeholder", title: "Placeholder: \(name)", detail: detail)
        case .notFound(let detail): Problem(.notFound, detail: detail)
        case .idempotencyConflict: Problem(.conflict, detail: refusal.description)
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

/// Per-client token buckets (in this process: two processes each allow the full rate).
actor SendingLimiter {
    let capacity: Double
    let rate: Double
    private var buckets: [String: TokenBucket] = [:]

    init(capacity: Double, rate: Double) {
        self.capacity = capacity
        self.rate = rate
    }

    /// nil when the client may go ahead; else the seconds to wait.
    func take(_ client: String, count: Double = 1) -> Double? {
        let now = Date().timeIntervalSince1970
        var bucket = buckets[client] ?? TokenBucket(capacity: capacity, rate: rate, now: now)
        let wait = bucket.take(count, now: now)
        buckets[client] = bucket
        return wait
    }
}
