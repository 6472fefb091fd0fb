import Foundation
import Population
import VaporCSQLite

/// The benchmark baseline: SQLite's C API directly, one prepared statement per table, every row
/// in one transaction. It inserts the very rows `PopulationSeeder` builds, into the same schema.
enum RawSQLiteInsert {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func insert(_ population: SyntheticHousehold, path: String) throws {
        var handle: OpaquePointer?
        guard sqlite_nio_sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK,
              let db = handle else { throw Failure(description: "cannot open \(path)") }
        defer { sqlite_nio_sqlite3_close_v2(db) }
        try exec(db, "PRAGMA foreign_keys=ON")
        try exec(db, "PRAGMA cache_size=\(Store.sqliteCacheSize)") // the same connection settings as Store
        let rows = PopulationSeeder.rows(for: population, at: Date())
        try exec(db, "BEGIN")
        for (table, tableRows) in [(PopulationSeeder.persons, rows.persons), (PopulationSeeder.addresses, rows.addresses),
                                   (PopulationSeeder.contacts, rows.contacts), (PopulationSeeder.relations, rows.relations)] {
            let statement = try prepare(db, table.statement(rows: 1))
            defer { sqlite_nio_sqlite3_finalize(statement) }
            for row in tableRows { try step(db, statement, row) }
        }
        try exec(db, "COMMIT")
    }

    static func exec(_ db: OpaquePointer, _ sql: String) throws {
        guard sqlite_nio_sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw Failure(description: String(cString: sqlite_nio_sqlite3_errmsg(db)))
        }
    }

    static func prepare(_ db: OpaquePointer, _ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw Failure(description: String(cString: sqlite_nio_sqlite3_errmsg(db)))
        }
        return statement
    }

    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func step(_ db: OpaquePointer, _ statement: OpaquePointer, _ row: [Cell]) throws {
        for (offset, cell) in row.enumerated() {
            let index = Int32(offset + 1)
            switch cell.sqlite {
            case .text(let text): sqlite_nio_sqlite3_bind_text(statement, index, text, -1, transient)
            case .integer(let number): sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
            case .float(let number): sqlite_nio_sqlite3_bind_double(statement, index, number)
            case .null: sqlite_nio_sqlite3_bind_null(statement, index)
            case .blob: throw Failure(description: "blobs are not used by the register")
            }
        }
        guard sqlite_nio_sqlite3_step(statement) == SQLITE_DONE else {
            throw Failure(description: String(cString: sqlite_nio_sqlite3_errmsg(db)))
        }
        sqlite_nio_sqlite3_reset(statement)
    }
}
