import Foundation
import SQLKit

/// One entry of the notify status feed: a delivery that was delivered or finally failed.
public struct StatusFeedEntry: Codable, Sendable, Equatable {
    /// The cursor: read on with `after=seq`.
    public var seq: Int64
    public var messageId: String
    public var channel: String
    public var role: String
    /// `delivered` or `failed` (after its retries; a fallback channel may follow).
    public var status: String
    public var error: String?
    public var time: String
}

/// A page of the status feed and the cursor for the next one.
public struct StatusFeedPage: Codable, Sendable, Equatable {
    public var items: [StatusFeedEntry]
    public var next: Int64
}

/// The status feed's rows, written in the transaction that settles the deliveries they describe.
enum NotifyStatusFeed {
    /// Orders feed numbers on PostgreSQL by commit (the audit log uses 7254911, events 7254912).
    static let lock = 7_254_913
    static let table = BulkInsert(table: "notify_status_feed",
                                  columns: ["organisation_number", "message_id", "channel", "role", "status", "error", "recorded_at"])

    /// The row for one settled delivery.
    static func row(_ notice: ClaimedNotice, status: String, error: String?, at now: Int64) -> [Cell] {
        [.text(notice.organisation), .text(notice.messageID), .text(notice.channel.rawValue), .text(notice.role), .text(status),
         .text(error.map { String($0.prefix(500)) }), .integer(Int(now))]
    }

    /// Appends rows. A reader must never see number n+1 before n has committed, or its cursor
    /// would pass n for ever: SQLite has one writer at a time, and on PostgreSQL the lock, held to
    /// the end of the transaction, makes feed-writing transactions take numbers in commit order.
    static func append(_ rows: [[Cell]], on sql: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        if sql.dialect.name == "postgresql" { try await sql.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(lock)))").run() }
        try await table.run(rows, on: sql)
    }
}

extension NotifyMessages {
    /// The organisation's feed entries after `cursor`, oldest first.
    public func statusFeed(organisation: String, after cursor: Int64, limit: Int) async throws -> StatusFeedPage {
        let items = try await store.sql.raw("""
            SELECT seq, message_id, channel, role, status, error, recorded_at FROM notify_status_feed
            WHERE organisation_number = \(bind: organisation) AND seq > \(bind: cursor) ORDER BY seq LIMIT \(bind: limit)
            """).all().map { row in
                StatusFeedEntry(seq: try row.decode(column: "seq", as: Int64.self), messageId: try row.decode(column: "message_id", as: String.self),
                                channel: try row.decode(column: "channel", as: String.self), role: try row.decode(column: "role", as: String.self),
                                status: try row.decode(column: "status", as: String.self), error: try row.decode(column: "error", as: String?.self),
                                time: NotifyTemplates.iso(try row.decode(column: "recorded_at", as: Int64.self)))
            }
        return StatusFeedPage(items: items, next: items.last?.seq ?? cursor)
    }
}
