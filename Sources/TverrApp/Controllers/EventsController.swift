import Events
import Foundation
import HTTPTypes
import Hummingbird
import Identifiers
import Identity
import Persistence

/// The events block's API: the CloudEvents feed over the outbox, and webhook subscriptions with
/// their dead-letter lists. Machine clients only; what a client sees follows its scopes and the
/// purpose and legal basis it declares, as for register reads.
struct EventsController {
    let provider: IdentityProvider?
    let hub: EventHub?
    /// Plain-http callbacks (demo mode and tests, where receivers run on loopback).
    let allowInsecureCallbacks: Bool

    static let maximumPage = 1000

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.eventTypes.path) { _, _ in try Self.catalogue() }
        router.get(SiteRoute.events.path) { request, _ in try await feed(request) }
        router.post(SiteRoute.eventSubscriptions.path) { request, _ in try await subscribe(request) }
        router.get(SiteRoute.eventSubscriptions.path) { request, _ in
            let (hub, caller) = try await owner(request)
            return try OIDCController.json(try await hub.subscriptions(clientID: caller.clientID))
        }
        router.get(SiteRoute.eventSubscription.path) { request, context in
            let (hub, caller) = try await owner(request)
            return try await Self.mapping { try OIDCController.json(try await hub.subscription(try Self.id(context), clientID: caller.clientID)) }
        }
        router.delete(SiteRoute.eventSubscription.path) { request, context in
            let (hub, caller) = try await owner(request)
            try await Self.mapping { try await hub.unsubscribe(try Self.id(context), clientID: caller.clientID) }
            return Response(status: .noContent)
        }
        router.get(SiteRoute.eventDeadLetters.path) { request, context in
            let (hub, caller) = try await owner(request)
            return try await Self.mapping { try OIDCController.json(try await hub.deadLetters(try Self.id(context), clientID: caller.clientID)) }
        }
        router.post(SiteRoute.eventRedeliver.path) { request, context in
            let (hub, caller) = try await owner(request)
            struct Body: Decodable { var deliveryIds: [Int64]? }
            let buffer = try await Self.collect(request)
            let body = buffer.readableBytes == 0 ? Body() : try Self.decode(Body.self, buffer)
            let count = try await Self.mapping { try await hub.redeliver(try Self.id(context), clientID: caller.clientID, deliveryIDs: body.deliveryIds) }
            var response = try OIDCController.json(["requeued": count])
            response.status = .accepted
            return response
        }
    }

    /// `GET /api/v1/events/types`: the published types and the scopes that receive them (public).
    static func catalogue() throws -> Response {
        struct Entry: Encodable { let type: String; let scopes: [String]; let summary: String }
        return try OIDCController.json(EventCatalogue.types.map { Entry(type: $0.name, scopes: $0.scopes.sorted(), summary: $0.summary) })
    }

    /// A machine client's token, checked.
    func machine(_ request: Request) async throws -> (EventHub, AccessTokenClaims, ExchangeCaller) {
        guard let provider, let hub else { throw Problem(.serviceUnavailable, detail: "The events API is not running in this process.") }
        let claims = try await BearerToken.verify(request, provider: provider)
        guard let consumer = claims.consumer else {
            throw Problem.oauth(OAuthError(.insufficientScope, "The events API takes machine-client tokens (JWT bearer grant), not a person's login."))
        }
        return (hub, claims, ExchangeCaller(clientID: claims.client_id, organisationNumber: consumer.organisationNumber))
    }

    /// A client that may hold subscriptions: one with a scope that receives some event type.
    func owner(_ request: Request) async throws -> (EventHub, ExchangeCaller) {
        let (hub, claims, caller) = try await machine(request)
        guard !claims.scopes.isDisjoint(with: EventCatalogue.scopes) else {
            throw Problem.oauth(OAuthError(.insufficientScope, "None of the token's scopes receives events; see /api/v1/events/types."))
        }
        return (hub, caller)
    }

    /// The event types the caller asks for (all it may see when it names none), each checked
    /// against its scopes for the declared purpose and legal basis.
    func authorisedTypes(_ request: Request, claims: AccessTokenClaims, asked: [String]) throws -> ([String], ExchangeCatalogue.Authorisation) {
        let purpose = request.headers[.tverrPurpose], basis = request.headers[.tverrLegalBasis]
        // Missing or unknown purposes and legal bases get the register API's own errors.
        _ = try RegistersController.authorise(claims.scopes.union(EventCatalogue.scopes), purpose: purpose, legalBasis: basis, needing: .identity)
        let (purposeID, basisID) = (purpose ?? "", basis ?? "")
        if ExchangeCatalogue.legalBases.first(where: { $0.id == basisID })?.isConsent == true {
            throw Problem(.forbidden, detail: "Events cannot be received on consent: consent is given person by person. Declare another legal basis.")
        }
        for name in asked where EventCatalogue.type(named: name) == nil {
            throw Problem(.badRequest, detail: "\"\(name.prefix(80))\" is not a published event type; see /api/v1/events/types.")
        }
        let visible = EventCatalogue.visibleTypes(grantedScopes: claims.scopes, purpose: purposeID, legalBasis: basisID)
        let wanted = asked.isEmpty ? visible.map(\.name) : asked
        guard let first = wanted.first, !visible.isEmpty else {
            throw Problem.oauth(OAuthError(.insufficientScope, "No granted scope receives events for the purpose \"\(purposeID)\" under this legal basis."))
        }
        for name in wanted where !visible.contains(where: { $0.name == name }) {
            throw Problem.oauth(OAuthError(.insufficientScope, "No granted scope receives \(name) for the purpose \"\(purposeID)\" under this legal basis."))
        }
        let scope = EventCatalogue.grantingScope(for: EventCatalogue.type(named: first)!, grantedScopes: claims.scopes,
                                                 purpose: purposeID, legalBasis: basisID)!
        let authorisation = try RegistersController.authorise([scope], purpose: purpose, legalBasis: basis, needing: .identity)
        return (wanted, authorisation)
    }

    /// `GET /api/v1/events?after=&type=&subject=&limit=`.
    func feed(_ request: Request) async throws -> Response {
        let (hub, claims, caller) = try await machine(request)
        let query = request.uri.queryParameters
        let asked = query.getAll("type").flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
        let (types, authorisation) = try authorisedTypes(request, claims: claims, asked: asked)
        let after: Int64
        if let text = query["after"] {
            guard let value = Int64(text), value >= 0 else { throw Problem(.badRequest, detail: "after must be a cursor from an earlier page (a whole number, 0 or more).") }
            after = value
        } else { after = 0 }
        var limit = 100
        if let text = query["limit"] {
            guard let value = Int(text), (1...Self.maximumPage).contains(value) else {
                throw Problem(.badRequest, detail: "limit must be a whole number from 1 to \(Self.maximumPage).")
            }
            limit = value
        }
        var subject: String?
        if let text = query["subject"] {
            guard let number = try? NationalIdentityNumber(String(text)) else {
                throw Problem(.badRequest, detail: "subject must be a national identity number or D-number.")
            }
            subject = number.value
        }
        let page = try await hub.feed(after: after, types: types, subject: subject, limit: limit, caller: caller, authorisation: authorisation)
        var body = "{\"events\":[" + page.events.map { $0.json() }.joined(separator: ",") + "],\"next\":\"\(page.next)\"}"
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        if page.events.count == limit {
            var next = "/api/v1/events?after=\(page.next)&limit=\(limit)"
            if !asked.isEmpty { next += "&type=" + types.joined(separator: ",") }
            if let subject { next += "&subject=\(subject)" }
            headers[HTTPField.Name("Link")!] = "<\(next)>; rel=\"next\""
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// `POST /api/v1/events/subscriptions`.
    func subscribe(_ request: Request) async throws -> Response {
        let (hub, claims, caller) = try await machine(request)
        let buffer = try await Self.collect(request)
        let body = try Self.decode(EventSubscriptionRequest.self, buffer)
        guard !body.types.isEmpty else { throw Problem(.badRequest, detail: "types must name at least one event type; see /api/v1/events/types.") }
        let (_, authorisation) = try authorisedTypes(request, claims: claims, asked: body.types)
        let subscription = try await Self.mapping {
            try await hub.subscribe(body, caller: caller, authorisation: authorisation, allowInsecureCallbacks: allowInsecureCallbacks)
        }
        var response = try OIDCController.json(subscription)
        response.status = .created
        response.headers[.location] = "/api/v1/events/subscriptions/\(subscription.id)"
        return response
    }

    static func id(_ context: TverrRequestContext) throws -> String {
        let id = context.parameters.get("id") ?? ""
        guard UUID(uuidString: id) != nil else { throw Problem(.notFound, detail: EventRefusal.notFound.description) }
        return id.lowercased()
    }

    /// The body, up to 64 KiB; larger is a 413 with problem details.
    static func collect(_ request: Request, upTo limit: Int = 64 * 1024) async throws -> ByteBuffer {
        do { return try await request.body.collect(upTo: limit) } catch {
            throw Problem(.contentTooLarge, detail: "The body is larger than \(limit >= 1024 * 1024 ? "\(limit / 1024 / 1024) MiB" : "\(limit / 1024) KiB").")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ buffer: ByteBuffer) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(buffer: buffer)) } catch {
            throw Problem(.badRequest, detail: "The body is not the JSON this route takes: \(RegistersController.describe(error)). See /openapi.json.")
        }
    }

    /// Refusals from the store as problem details.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let refusal as EventRefusal {
            switch refusal {
            case .badRequest(let detail): throw Problem(.badRequest, detail: detail)
            case .notFound: throw Problem(.notFound, detail: refusal.description)
            }
        }
    }
}
