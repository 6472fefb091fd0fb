import FluentKit
import SQLKit

/// 0024: the journey analytics read the outbox by event type from a position on; with an index on
/// (type, position) the first read after a start touches only the journey's events, not every
/// event ever raised. The waiting list for settlement filters applications by outcome.
struct IndexJourneyEvents: AsyncMigration {
    var name: String { "0024_IndexJourneyEvents" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "outbox_events_type_position").on("outbox_events").column("type").column("position").run()
        try await sql.create(index: "protection_applications_outcome").on("protection_applications").column("outcome").column("status").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "protection_applications_outcome").run()
        try await sql.drop(index: "outbox_events_type_position").run()
    }
}
