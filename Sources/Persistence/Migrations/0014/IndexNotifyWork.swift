import FluentKit
import SQLKit

/// 0014: indexes for the notice workers.
/// - The mailbox's and the print queue's pointers to a message. Without them every message deleted
///   (retention, or a cleared benchmark) scanned both tables whole to check the foreign key:
///   50,000 messages took 15 s to delete on PostgreSQL (3.6 s with them).
/// - The pending deliveries in the order they are claimed, so that a claim reads its 500 rows
///   from the front of the index instead of sorting every pending delivery (42 ms a claim with
///   10,000 pending on PostgreSQL).
struct IndexNotifyWork: AsyncMigration {
    var name: String { "0014_IndexNotifyWork" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "mailbox_messages_message").on("mailbox_messages").column("message_id").run()
        try await sql.create(index: "print_queue_message").on("print_queue").column("message_id").run()
        try await sql.raw("CREATE INDEX notify_deliveries_pending ON notify_deliveries (next_attempt_at, id) WHERE status = 'pending'").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in ["mailbox_messages_message", "print_queue_message", "notify_deliveries_pending"] { try await sql.drop(index: index).run() }
    }
}
