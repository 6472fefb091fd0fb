import FluentKit
import SQLKit

/// 0017: less work per delivery for the database.
/// - The index on (status, next_attempt_at) from 0011 goes: since 0014 the pending deliveries have
///   their own partial index, and nothing else asked by status. Every insert, claim and settle
///   wrote to it.
/// - On PostgreSQL the deliveries' pages are filled to 70 % (`fillfactor`), so that a claim, which
///   changes only the lease and the attempt count, can rewrite its row in the same page without
///   touching any index (a heap-only tuple). At 100 % every claim wrote a new entry into each index.
struct TuneNotifyDeliveries: AsyncMigration {
    var name: String { "0017_TuneNotifyDeliveries" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "notify_deliveries_due").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("ALTER TABLE notify_deliveries SET (fillfactor = 70)").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            try await sql.raw("ALTER TABLE notify_deliveries RESET (fillfactor)").run()
        }
        try await sql.create(index: "notify_deliveries_due").on("notify_deliveries").column("status").column("next_attempt_at").run()
    }
}
