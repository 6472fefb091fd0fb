import Events
import Foundation
import SQLKit

/// The outbox: events written in the same transaction as the change they describe (CloudEvents
/// 1.0 attributes), with a delivery row for every webhook subscription that wants the event.
/// Call it inside the change's transaction.
public enum Outbox {
    /// The advisory lock that orders feed positions on PostgreSQL (the audit log uses 7254911).
    static let feedLock = 7_254_912

    public static func append(type: String, subject: String, data: some Encodable, on sql: any SQLDatabase,
                              at date: Date = Date(), source: String = "/tverr/registers") async throws {
        let json = String(decoding: try JSONEncoder().encode(data), as: UTF8.self)
        // A reader of the feed must never see position n+1 before n has committed, or its cursor
        // would pass n for ever. SQLite has one writer at a time; on PostgreSQL the lock, held to
        // the end of this transaction, makes event-writing transactions take positions in commit order.
        if sql.dialect.name == "postgresql" { try await sql.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(feedLock)))").run() }
        let id = UUID().uuidString.lowercased()
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        try await sql.insert(into: "outbox_events").columns("event_id", "type", "source", "subject", "time", "data")
            .values(id, type, source, subject, milliseconds, json)
            .run()
        guard EventCatalogue.type(named: type) != nil else { return }
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        try await sql.raw("""
            INSERT INTO event_deliveries (subscription_id, event_id, status, attempts, next_attempt_at, created_at)
            SELECT s.id, \(bind: id), 'pending', 0, \(bind: now), \(bind: now)
            FROM event_subscriptions s JOIN event_subscription_types t ON t.subscription_id = s.id
            WHERE t.type = \(bind: type) AND s.deleted_at IS NULL AND (s.subject IS NULL OR s.subject = \(bind: subject))
            """).run()
    }

    /// An event to append with others.
    struct Pending: Sendable {
        var type: String
        var subject: String
        /// The data, already JSON.
        var json: String
        var time: Date
    }

    static let eventTable = BulkInsert(table: "outbox_events", columns: ["event_id", "type", "source", "subject", "time", "data"])

    /// Appends many events in the caller's transaction, with multi-row inserts and one delivery
    /// statement per published type, under the same feed lock as `append`.
    static func appendAll(_ events: [Pending], on sql: any SQLDatabase, source: String) async throws {
        guard !events.isEmpty else { return }
        if sql.dialect.name == "postgresql" { try await sql.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(feedLock)))").run() }
        var rows: [[Cell]] = [], published: [String: [String]] = [:]
        for event in events {
            let id = TimeOrderedID.make()
            rows.append([.text(id), .text(event.type), .text(source), .text(event.subject),
                         .integer(Int((event.time.timeIntervalSince1970 * 1000).rounded())), .text(event.json)])
            if EventCatalogue.type(named: event.type) != nil { published[event.type, default: []].append(id) }
        }
        try await eventTable.run(rows, on: sql)
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        for (type, ids) in published.sorted(by: { $0.key < $1.key }) {
            // Most deployments have no subscription for a type: skip the join then.
            guard try await sql.raw("""
                SELECT 1 AS ok FROM event_subscription_types t JOIN event_subscriptions s ON s.id = t.subscription_id
                WHERE t.type = \(bind: type) AND s.deleted_at IS NULL LIMIT 1
                """).first() != nil else { continue }
            try await sql.run("""
                INSERT INTO event_deliveries (subscription_id, event_id, status, attempts, next_attempt_at, created_at)
                SELECT s.id, e.event_id, 'pending', 0, \(bind: now), \(bind: now)
                FROM event_subscriptions s JOIN event_subscription_types t ON t.subscription_id = s.id
                JOIN outbox_events e ON e.type = t.type AND (s.subject IS NULL OR s.subject = e.subject)
                WHERE t.type = \(bind: type) AND s.deleted_at IS NULL AND e.event_id IN
                """, in: ids)
        }
    }
}
