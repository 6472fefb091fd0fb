import Audit
import Events
import Foundation
import Identifiers
import Identity
import SQLKit

/// What a subscriber asks for (`POST /api/v1/events/subscriptions`).
public struct EventSubscriptionRequest: Decodable, Sendable {
    public var types: [String]
    public var callbackUrl: String
    public var subject: String?
    public var secret: String?

    public init(types: [String], callbackUrl: String, subject: String? = nil, secret: String? = nil) {
        self.types = types
        self.callbackUrl = callbackUrl
        self.subject = subject
        self.secret = secret
    }
}

/// A webhook subscription as its owner sees it. The secret is shown once, when it is created.
public struct EventSubscription: Codable, Sendable, Equatable {
    public var id: String
    public var types: [String]
    public var callbackUrl: String
    public var subject: String?
    public var purpose: String
    public var legalBasis: String
    public var createdAt: String
    public var secret: String?
    public var deliveries: Counts?

    public struct Counts: Codable, Sendable, Equatable {
        public var pending: Int
        public var delivered: Int
        public var dead: Int
    }
}

/// A delivery that ran out of retries: what it was and why it failed. No personal data (the
/// event's subject and data go out again, audited, when it is redelivered).
public struct DeadLetter: Codable, Sendable, Equatable {
    public var deliveryId: Int64
    public var eventId: String
    public var type: String
    public var time: String
    public var attempts: Int
    public var lastError: String?
}

/// A page of the feed and the cursor for the next one.
public struct EventPage: Sendable {
    public var events: [CloudEvent]
    public var next: Int64
}

/// Refusals the API shows as problem details.
public enum EventRefusal: Error, Equatable, CustomStringConvertible {
    case badRequest(String)
    case notFound
    public var description: String {
        switch self {
        case .badRequest(let text): text
        case .notFound: "There is no such subscription for this client."
        }
    }
}

/// A delivery claimed by a worker, with what it needs to send it.
public struct ClaimedDelivery: Sendable {
    public var id: Int64
    public var attempt: Int
    public var subscriptionID: String
    public var callbackURL: String
    public var secret: String
    public var caller: ExchangeCaller
    public var purpose: String
    public var legalBasisCitation: String
    public var event: CloudEvent
}

/// The events block's storage: the feed over the outbox, webhook subscriptions, and the delivery
/// rows the workers claim and settle.
public struct EventHub: Sendable {
    let store: Store
    let audit: AuditLog

    public init(store: Store) {
        self.store = store
        self.audit = AuditLog(store: store)
    }

    public static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    // MARK: The feed

    /// Events after the cursor, of the given types (already authorised) and optionally one
    /// subject, oldest first. Each event returned is an access to its subject's data and is
    /// audited before the page is returned.
    public func feed(after cursor: Int64, types: [String], subject: String?, limit: Int, caller: ExchangeCaller,
                     authorisation: ExchangeCatalogue.Authorisation) async throws -> EventPage {
        guard !types.isEmpty else { return EventPage(events: [], next: cursor) }
        var query = SQLQueryString("SELECT position, event_id, type, source, subject, time, data FROM outbox_events WHERE position > ")
        query.appendInterpolation(bind: cursor)
        query.appendLiteral(" AND type IN (")
        query.appendInterpolation(binds: types)
        query.appendLiteral(")")
        if let subject {
            query.appendLiteral(" AND subject = ")
            query.appendInterpolation(bind: subject)
        }
        query.appendLiteral(" ORDER BY position LIMIT ")
        query.appendInterpolation(bind: limit)
        let events = try await store.sql.raw(query).all().map(Self.event)
        try await audit.appendCommitted(events.map { event in
            AuditRecord(actor: caller.auditActor, subject: event.subject, action: "events.feed.read",
                        purpose: authorisation.purpose.id, legalBasis: authorisation.legalBasis.citation)
        })
        return EventPage(events: events, next: events.last?.sequence ?? cursor)
    }

    static func event(_ row: any SQLRow) throws -> CloudEvent {
        CloudEvent(id: try row.decode(column: "event_id", as: String.self), source: try row.decode(column: "source", as: String.self),
                   type: try row.decode(column: "type", as: String.self), subject: try row.decode(column: "subject", as: String.self),
                   timeMilliseconds: try row.decode(column: "time", as: Int64.self), data: try row.decode(column: "data", as: String.self),
                   sequence: try row.decode(column: "position", as: Int64.self))
    }

    // MARK: Subscriptions

    /// Stores a subscription. `types` must already be checked against the caller's scopes.
    public func subscribe(_ request: EventSubscriptionRequest, caller: ExchangeCaller, authorisation: ExchangeCatalogue.Authorisation,
                          allowInsecureCallbacks: Bool) async throws -> EventSubscription {
        let types = Array(Set(request.types)).sorted()
        guard !types.isEmpty, types.count <= 50 else { throw EventRefusal.badRequest("types must name between 1 and 50 event types.") }
        let callback: CallbackURL
        do { callback = try CallbackURL(request.callbackUrl, allowInsecure: allowInsecureCallbacks) } catch {
            throw EventRefusal.badRequest(error.description)
        }
        if let subject = request.subject, (try? NationalIdentityNumber(subject)) == nil {
            throw EventRefusal.badRequest("subject must be a national identity number or D-number.")
        }
        let secret: String
        if let given = request.secret {
            guard (24...200).contains(given.count), given.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw EventRefusal.badRequest("secret must be 24 to 200 printable ASCII characters (or leave it out and Tverr makes one).")
            }
            secret = given
        } else {
            secret = Base64URL.encode(Data((0..<32).map { _ in UInt8.random(in: .min ... .max) }))
        }
        let id = UUID().uuidString.lowercased()
        let now = Self.now()
        try await store.database.transaction { database in
            let sql = database as! any SQLDatabase
            try await sql.insert(into: "event_subscriptions")
                .columns("id", "client_id", "organisation_number", "callback_url", "secret", "subject", "purpose", "legal_basis", "created_at")
                .values(id, caller.clientID, caller.organisationNumber, callback.url.absoluteString, secret, request.subject,
                        authorisation.purpose.id, authorisation.legalBasis.id, now)
                .run()
            var insert = sql.insert(into: "event_subscription_types").columns("subscription_id", "type")
            for type in types { insert = insert.values(id, type) }
            try await insert.run()
        }
        var subscription = try await self.subscription(id, clientID: caller.clientID)
        subscription.secret = secret
        return subscription
    }

    /// The caller's live subscriptions, newest first.
    public func subscriptions(clientID: String) async throws -> [EventSubscription] {
        let ids = try await store.sql.raw("""
            SELECT id FROM event_subscriptions WHERE client_id = \(bind: clientID) AND deleted_at IS NULL ORDER BY created_at DESC, id
            """).all().map { try $0.decode(column: "id", as: String.self) }
        var list: [EventSubscription] = []
        for id in ids { list.append(try await subscription(id, clientID: clientID)) }
        return list
    }

    /// One of the caller's subscriptions, with delivery counts.
    public func subscription(_ id: String, clientID: String) async throws -> EventSubscription {
        guard let row = try await store.sql.raw("""
            SELECT id, callback_url, subject, purpose, legal_basis, created_at FROM event_subscriptions
            WHERE id = \(bind: id) AND client_id = \(bind: clientID) AND deleted_at IS NULL
            """).first() else { throw EventRefusal.notFound }
        let types = try await store.sql.raw("SELECT type FROM event_subscription_types WHERE subscription_id = \(bind: id) ORDER BY type")
            .all().map { try $0.decode(column: "type", as: String.self) }
        var counts = EventSubscription.Counts(pending: 0, delivered: 0, dead: 0)
        for row in try await store.sql.raw("""
            SELECT status, COUNT(*) AS n FROM event_deliveries WHERE subscription_id = \(bind: id) GROUP BY status
            """).all() {
            let n = try row.decode(column: "n", as: Int.self)
            switch try row.decode(column: "status", as: String.self) {
            case "pending": counts.pending = n
            case "delivered": counts.delivered = n
            case "dead": counts.dead = n
            default: break
            }
        }
        return EventSubscription(id: id, types: types, callbackUrl: try row.decode(column: "callback_url", as: String.self),
                                 subject: try row.decode(column: "subject", as: String?.self),
                                 purpose: try row.decode(column: "purpose", as: String.self),
                                 legalBasis: try row.decode(column: "legal_basis", as: String.self),
                                 createdAt: CloudEvent.rfc3339(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
                                 deliveries: counts)
    }

    /// Ends a subscription: nothing more is sent, and deliveries not yet made are cancelled.
    public func unsubscribe(_ id: String, clientID: String) async throws {
        _ = try await subscription(id, clientID: clientID)
        let now = Self.now()
        try await store.database.transaction { database in
            let sql = database as! any SQLDatabase
            try await sql.raw("UPDATE event_subscriptions SET deleted_at = \(bind: now) WHERE id = \(bind: id)").run()
            try await sql.raw("""
                UPDATE event_deliveries SET status = 'cancelled', claimed_until = NULL WHERE subscription_id = \(bind: id) AND status = 'pending'
                """).run()
        }
    }

    /// The subscription's dead-letter list, oldest first.
    public func deadLetters(_ id: String, clientID: String, limit: Int = 500) async throws -> [DeadLetter] {
        _ = try await subscription(id, clientID: clientID)
        return try await store.sql.raw("""
            SELECT d.id, d.event_id, d.attempts, d.last_error, e.type, e.time FROM event_deliveries d
            JOIN outbox_events e ON e.event_id = d.event_id
            WHERE d.subscription_id = \(bind: id) AND d.status = 'dead' ORDER BY d.id LIMIT \(bind: limit)
            """).all().map { row in
                DeadLetter(deliveryId: try row.decode(column: "id", as: Int64.self), eventId: try row.decode(column: "event_id", as: String.self),
                           type: try row.decode(column: "type", as: String.self),
                           time: CloudEvent.rfc3339(milliseconds: try row.decode(column: "time", as: Int64.self)),
                           attempts: try row.decode(column: "attempts", as: Int.self),
                           lastError: try row.decode(column: "last_error", as: String?.self))
            }
    }

    /// Puts dead deliveries back in the queue with a fresh set of retries: the given ones, or all.
    /// Returns how many were requeued.
    public func redeliver(_ id: String, clientID: String, deliveryIDs: [Int64]?) async throws -> Int {
        _ = try await subscription(id, clientID: clientID)
        if let deliveryIDs, deliveryIDs.isEmpty || deliveryIDs.count > 1000 {
            throw EventRefusal.badRequest("deliveryIds must list 1 to 1,000 deliveries (or leave it out to redeliver every dead letter).")
        }
        var query = SQLQueryString("UPDATE event_deliveries SET status = 'pending', attempts = 0, claimed_until = NULL, next_attempt_at = ")
        query.appendInterpolation(bind: Self.now())
        query.appendLiteral(" WHERE subscription_id = ")
        query.appendInterpolation(bind: id)
        query.appendLiteral(" AND status = 'dead'")
        if let deliveryIDs {
            query.appendLiteral(" AND id IN (")
            query.appendInterpolation(binds: deliveryIDs)
            query.appendLiteral(")")
        }
        query.appendLiteral(" RETURNING id")
        return try await store.sql.raw(query).all().count
    }

    // MARK: Workers

    /// Claims up to `limit` due deliveries for `lease` milliseconds and counts the attempt. On
    /// PostgreSQL rows locked by another worker are skipped (`FOR UPDATE SKIP LOCKED`), so two
    /// processes never claim the same delivery; an expired lease (a worker that died) is claimable again.
    public func claim(limit: Int, lease: Int64, now: Int64 = EventHub.now()) async throws -> [ClaimedDelivery] {
        // Subscriptions whose client was disabled get nothing more.
        try await store.sql.raw("""
            UPDATE event_deliveries SET status = 'dead', last_error = 'The client is disabled.'
            WHERE status = 'pending' AND subscription_id IN
              (SELECT s.id FROM event_subscriptions s JOIN clients c ON c.client_id = s.client_id WHERE c.disabled_at IS NOT NULL)
            """).run()
        let lock = store.isPostgres ? " FOR UPDATE SKIP LOCKED" : ""
        let claimed = try await store.sql.raw("""
            UPDATE event_deliveries SET claimed_until = \(bind: now + lease), attempts = attempts + 1
            WHERE id IN (SELECT id FROM event_deliveries WHERE status = 'pending' AND next_attempt_at <= \(bind: now)
                         AND (claimed_until IS NULL OR claimed_until < \(bind: now))
                         ORDER BY next_attempt_at, id LIMIT \(bind: limit)\(unsafeRaw: lock))
            RETURNING id
            """).all().map { try $0.decode(column: "id", as: Int64.self) }
        guard !claimed.isEmpty else { return [] }
        var query = SQLQueryString("""
            SELECT d.id AS delivery_id, d.attempts, s.id AS subscription_id, s.callback_url, s.secret, s.client_id, s.organisation_number,
            s.purpose, s.legal_basis, e.position, e.event_id, e.type, e.source, e.subject, e.time, e.data
            FROM event_deliveries d JOIN event_subscriptions s ON s.id = d.subscription_id JOIN outbox_events e ON e.event_id = d.event_id
            WHERE d.id IN (
            """)
        query.appendInterpolation(binds: claimed)
        query.appendLiteral(") ORDER BY d.id")
        return try await store.sql.raw(query).all().map { row in
            let basis = try row.decode(column: "legal_basis", as: String.self)
            return ClaimedDelivery(id: try row.decode(column: "delivery_id", as: Int64.self), attempt: try row.decode(column: "attempts", as: Int.self),
                                   subscriptionID: try row.decode(column: "subscription_id", as: String.self),
                                   callbackURL: try row.decode(column: "callback_url", as: String.self),
                                   secret: try row.decode(column: "secret", as: String.self),
                                   caller: ExchangeCaller(clientID: try row.decode(column: "client_id", as: String.self),
                                                          organisationNumber: try row.decode(column: "organisation_number", as: String.self)),
                                   purpose: try row.decode(column: "purpose", as: String.self),
                                   legalBasisCitation: ExchangeCatalogue.legalBases.first { $0.id == basis }?.citation ?? basis,
                                   event: try Self.event(row))
        }
    }

    /// Audits the attempts about to be sent: the event leaves Tverr only after this is committed.
    public func auditAttempts(_ claims: [ClaimedDelivery]) async throws {
        try await audit.appendCommitted(claims.map { claim in
            AuditRecord(actor: claim.caller.auditActor, subject: claim.event.subject, action: "events.webhook.send",
                        purpose: claim.purpose, legalBasis: claim.legalBasisCitation)
        })
    }

    /// Settles a claimed delivery: delivered, or failed and retried per the schedule, or dead
    /// after the last attempt. Returns the new status.
    @discardableResult
    public func settle(_ claim: ClaimedDelivery, error: String?, schedule: RetrySchedule, now: Int64 = EventHub.now()) async throws -> String {
        let reason = error.map { String($0.prefix(500)) }
        if reason == nil {
            try await store.sql.raw("""
                UPDATE event_deliveries SET status = 'delivered', delivered_at = \(bind: now), claimed_until = NULL, last_error = NULL
                WHERE id = \(bind: claim.id) AND status = 'pending'
                """).run()
            return "delivered"
        }
        if let wait = schedule.delay(afterAttempt: claim.attempt, random: { Double.random(in: 0..<1) }) {
            try await store.sql.raw("""
                UPDATE event_deliveries SET next_attempt_at = \(bind: now + wait), claimed_until = NULL, last_error = \(bind: reason)
                WHERE id = \(bind: claim.id) AND status = 'pending'
                """).run()
            return "pending"
        }
        try await store.sql.raw("""
            UPDATE event_deliveries SET status = 'dead', claimed_until = NULL, last_error = \(bind: reason)
            WHERE id = \(bind: claim.id) AND status = 'pending'
            """).run()
        return "dead"
    }
}
