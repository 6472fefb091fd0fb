import Arrival
import Foundation
import Identity
import Notify
import SQLKit

/// The agencies' network on the arrival journey: updates posted by agencies (one or two a week
/// each), and the subscribers of the weekly digest. Updates are about the agencies' work, not
/// about people, so they carry no personal data; a subscriber's e-mail address is kept only to
/// send the digest and is deleted when they unsubscribe.
public struct AgencyNetwork: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// Why a post, a withdrawal or a subscription was refused (the post's text and services are
    /// checked before, by `NetworkPost.check`).
    public enum Refusal: Error, Equatable {
        /// The agency has posted its one or two updates this week.
        case weekFull
        case badEmail
        case unknownLanguage
        /// No subscription has this token (unsubscribed already, or a mistyped link).
        case unknownToken
        /// No update has this id (withdrawn already).
        case unknownUpdate
        /// The update is another agency's.
        case notYours
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// Posts an update for `organisation`, at most `NetworkPost.perAgencyPerWeek` a week per agency.
    @discardableResult
    public func post(_ post: NetworkPost, for organisation: String, by actor: String, at date: Date = Date()) async throws -> NetworkUpdate {
        let at = Self.milliseconds(date), week = JourneyAnalytics.week(at), id = UUID().uuidString.lowercased()
        try await store.database.transaction { database in
            let sql = database as! any SQLDatabase
            // One writer at a time per agency and week: count, then insert, under the same lock on PostgreSQL.
            if sql.dialect.name == "postgresql" {
                try await sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "network:\(organisation):\(week)")))").run()
            }
            let posted = try await sql.raw("""
                SELECT COUNT(*) AS n FROM network_updates WHERE week = \(bind: week) AND organisation_number = \(bind: organisation)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            guard posted < NetworkPost.perAgencyPerWeek else { throw Refusal.weekFull }
            try await sql.insert(into: "network_updates").columns("id", "organisation_number", "text", "services", "week", "posted_by", "posted_at")
                .values(id, organisation, post.text, post.services.map(\.rawValue).joined(separator: ","), week, actor, at).run()
        }
        return NetworkUpdate(id: id, organisation: organisation, text: post.text, services: post.services, postedAt: at, week: week)
    }

    /// The updates posted at or after `since` (milliseconds), newest first; or those of one ISO week.
    public func updates(since: Int64 = 0, week: String? = nil, limit: Int = 200) async throws -> [NetworkUpdate] {
        let rows = try await store.sql.raw("""
            SELECT id, organisation_number, text, services, week, posted_at FROM network_updates
            WHERE posted_at >= \(bind: since) AND (\(bind: week == nil) OR week = \(bind: week ?? ""))
            ORDER BY posted_at DESC, id LIMIT \(bind: limit)
            """).all()
        return try rows.map { row in
            NetworkUpdate(id: try row.decode(column: "id", as: String.self), organisation: try row.decode(column: "organisation_number", as: String.self),
                          text: try row.decode(column: "text", as: String.self),
                          services: try row.decode(column: "services", as: String.self).split(separator: ",").compactMap { JourneyStep(rawValue: String($0)) },
                          postedAt: try row.decode(column: "posted_at", as: Int64.self), week: try row.decode(column: "week", as: String.self))
        }
    }

    /// Withdraws (deletes) an update, if it was posted for one of `organisations`. A digest
    /// already sent with it is not recalled.
    public func withdraw(_ id: String, for organisations: [String]) async throws {
        guard id.utf8.count <= 64, let row = try await store.sql.raw("SELECT organisation_number FROM network_updates WHERE id = \(bind: id)").first() else {
            throw Refusal.unknownUpdate
        }
        guard organisations.contains(try row.decode(column: "organisation_number", as: String.self)) else { throw Refusal.notYours }
        try await store.sql.raw("DELETE FROM network_updates WHERE id = \(bind: id)").run()
    }

    // MARK: Subscribers

    /// A subscription to the weekly digest.
    public struct Subscriber: Sendable, Equatable {
        public let id: String
        public let email: String
        public let language: String
        public let token: String
    }

    /// Subscribes `email` to the digest in `language` (nb, nn, en or uk), or changes the language
    /// of an existing subscription. Returns the subscription.
    @discardableResult
    public func subscribe(_ email: String, language: String, by pid: String, at date: Date = Date()) async throws -> Subscriber {
        // One subscription per address, whatever its case.
        guard let address = try? EmailAddress(email).value.lowercased() else { throw Refusal.badEmail }
        guard ["nb", "nn", "en", "uk"].contains(language) else { throw Refusal.unknownLanguage }
        if let existing = try await subscriber(email: address) {
            try await store.sql.raw("UPDATE network_subscribers SET language = \(bind: language) WHERE id = \(bind: existing.id)").run()
            return Subscriber(id: existing.id, email: address, language: language, token: existing.token)
        }
        let subscriber = Subscriber(id: UUID().uuidString.lowercased(), email: address, language: language, token: SecureToken.generate())
        do {
            try await store.sql.insert(into: "network_subscribers").columns("id", "email", "language", "subscribed_by", "unsubscribe_token", "created_at")
                .values(subscriber.id, address, language, pid, subscriber.token, Self.milliseconds(date)).run()
        } catch where Store.isUniqueViolation(error, column: "email") {
            return try await subscribe(email, language: language, by: pid, at: date) // subscribed at the same moment elsewhere
        }
        return subscriber
    }

    /// The subscription of an address, if any.
    public func subscriber(email: String) async throws -> Subscriber? {
        try await store.sql.raw("SELECT id, email, language, unsubscribe_token FROM network_subscribers WHERE email = \(bind: email.lowercased())").first()
            .map(Self.subscriber)
    }

    /// The subscriptions a staff member made.
    public func subscriptions(by pid: String) async throws -> [Subscriber] {
        try await store.sql.raw("SELECT id, email, language, unsubscribe_token FROM network_subscribers WHERE subscribed_by = \(bind: pid) ORDER BY email")
            .all().map(Self.subscriber)
    }

    static func subscriber(_ row: any SQLRow) throws -> Subscriber {
        Subscriber(id: try row.decode(column: "id", as: String.self), email: try row.decode(column: "email", as: String.self),
                   language: try row.decode(column: "language", as: String.self), token: try row.decode(column: "unsubscribe_token", as: String.self))
    }

    /// Ends the subscription whose unsubscribe link carries `token`; the address is deleted.
    /// Returns the address that was unsubscribed.
    @discardableResult
    public func unsubscribe(token: String) async throws -> String {
        guard token.utf8.count <= 100, let row = try await store.sql.raw("""
            DELETE FROM network_subscribers WHERE unsubscribe_token = \(bind: token) RETURNING id, email
            """).first() else { throw Refusal.unknownToken }
        try await store.sql.raw("DELETE FROM network_digests WHERE subscriber_id = \(bind: try row.decode(column: "id", as: String.self))").run()
        return try row.decode(column: "email", as: String.self)
    }

    /// The subscribers who have not had `week`'s digest yet.
    public func due(week: String) async throws -> [Subscriber] {
        try await store.sql.raw("""
            SELECT id, email, language, unsubscribe_token FROM network_subscribers s
            WHERE NOT EXISTS (SELECT 1 FROM network_digests d WHERE d.week = \(bind: week) AND d.subscriber_id = s.id) ORDER BY id
            """).all().map(Self.subscriber)
    }

    /// Records that `week`'s digest went to the subscriber (in `messageID`, or nil when there was nothing to send).
    public func recordDigest(week: String, subscriber: String, messageID: String?, at date: Date = Date()) async throws {
        do {
            try await store.sql.insert(into: "network_digests").columns("week", "subscriber_id", "message_id", "sent_at")
                .values(week, subscriber, messageID, Self.milliseconds(date)).run()
        } catch where Store.isUniqueViolation(error, column: "week") {
            // recorded by another server meanwhile; the message's idempotency key kept it to one e-mail
        }
    }
}
