import FluentKit
import Reference
import SQLKit

/// 0027: the youth front door's directorate (Bufdir) in `organisations`, for databases made
/// before it was in the shipped list (0002 seeds the list as it is when it runs, so a new
/// database has it already).
struct AddYouthAgencies: AsyncMigration {
    var name: String { "0027_AddYouthAgencies" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for o in Organisation.youthAgencies
        where try await sql.raw("SELECT 1 AS found FROM organisations WHERE number = \(bind: o.number.value)").first() == nil {
            try await sql.insert(into: "organisations").columns("number", "name", "kind", "municipality_number")
                .values(o.number.value, o.name, o.kind.rawValue, o.municipalityNumber).run()
        }
    }

    /// Leaves the row: staff roles may point at it, and 0002's revert removes every organisation.
    func revert(on database: any Database) async throws {}
}
