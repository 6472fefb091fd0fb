import Foundation
import SQLKit

/// The baseline of `tverr bench notify`: the rows a run of messages left behind (messages,
/// mailbox entries and deliveries), taken out and inserted again with raw multi-row statements,
/// `chunk` messages to a transaction. Nothing else is done: no checks, no look-ups, no audit.
public enum OutboxInsertBaseline {
    /// Reads every notify row, deletes them (and the print queue that refers to them), then times
    /// inserting the same rows again. Returns the messages and the seconds the inserts took.
    public static func measure(store: Store, chunk: Int = NotifyMessages.chunkSize) async throws -> (messages: Int, seconds: Double) {
        let messages = try await read(store.sql, table: OutboxRows.messageTable, numbers: ["template_version", "created_at", "updated_at"],
                                      order: "id")
        let mailbox = try await read(store.sql, table: OutboxRows.mailboxTable, numbers: ["created_at"], order: "message_id")
        let deliveryTable = BulkInsert(table: "notify_deliveries", columns: ["id"] + OutboxRows.deliveryTable.columns)
        let deliveries = try await read(store.sql, table: deliveryTable,
                                        numbers: ["id", "attempts", "next_attempt_at", "created_at", "delivered_at"], order: "message_id")
        for table in ["print_queue", "mailbox_messages", "notify_deliveries", "notify_messages"] {
            try await store.sql.raw("DELETE FROM \(unsafeRaw: table)").run()
        }
        // Rows of one message stay in its chunk, as in the real run.
        let mailboxByMessage = Dictionary(grouping: mailbox, by: { text($0[2]) })
        let deliveriesByMessage = Dictionary(grouping: deliveries, by: { text($0[1]) })
        let clock = ContinuousClock()
        let start = clock.now
        for piece in messages.pieces(of: chunk) {
            let group = Array(piece)
            let ids = group.map { text($0[0]) }
            try await store.database.transaction { database in
                let sql = database as! any SQLDatabase
                try await OutboxRows.messageTable.run(group, on: sql)
                try await OutboxRows.mailboxTable.run(ids.flatMap { mailboxByMessage[$0] ?? [] }, on: sql)
                try await deliveryTable.run(ids.flatMap { deliveriesByMessage[$0] ?? [] }, on: sql)
            }
        }
        let elapsed = clock.now - start
        return (messages.count, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    static func text(_ cell: Cell) -> String { if case .text(let value) = cell { value } else { "" } }

    /// Every row of `table` in its bulk-insert columns, numbers as numbers and the rest as text.
    static func read(_ sql: any SQLDatabase, table: BulkInsert, numbers: Set<String>, order: String) async throws -> [[Cell]] {
        let columns = table.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        return try await sql.raw("SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table.table) ORDER BY \(unsafeRaw: order)").all().map { row in
            try table.columns.map { column in
                numbers.contains(column) ? .number(try row.decode(column: column, as: Int64?.self))
                    : .text(try row.decode(column: column, as: String?.self))
            }
        }
    }
}

