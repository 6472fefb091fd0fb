import Foundation
import Population
import VaporCSQLite

/// The benchmark baseline: SQLite's C API directly, one prepared statement per table, every row
/// in one transaction. The same rows and schema as `PopulationSeeder`.
enum RawSQLiteInsert {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func insert(_ population: SyntheticHousehold, path: String) throws {
        var handle: OpaquePointer?
        guard sqlite_nio_sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK,
              let db = handle else { throw Failure(description: "cannot open \(path)") }
        defer { sqlite_nio_sqlite3_close_v2(db) }
        try exec(db, "PRAGMA foreign_keys=ON")
        try exec(db, "BEGIN")
        let persons = try prepare(db, "INSERT INTO persons (id, identity_number, number_kind, given_name, family_name, given_name_native, family_name_native, birth_date, sex, citizenship, registered_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
        let addresses = try prepare(db, "INSERT INTO addresses (id, person_id, street, postcode, municipality_number, valid_from, valid_to) VALUES (?,?,?,?,?,?,?)")
        let contacts = try prepare(db, "INSERT INTO contact_details (id, person_id, email, mobile, is_reserved, updated_at) VALUES (?,?,?,?,?,?)")
        let relations = try prepare(db, "INSERT INTO family_relations (id, person_id, relative_id, kind) VALUES (?,?,?,?)")
        defer { for statement in [persons, addresses, contacts, relations] { sqlite_nio_sqlite3_finalize(statement) } }
        let now = Date().timeIntervalSince1970
        for p in population.people {
            let id = p.id.uuidString
            try step(db, persons, [.text(id), .text(p.identityNumber.value), .text(p.identityNumber.kind.rawValue),
                                   .text(p.givenName), .text(p.familyName), .optional(p.givenNameNative),
                                   .optional(p.familyNameNative), .text(p.birthDate.description), .text(p.sex.rawValue),
                                   .text(p.citizenship), .real(now)])
            for (index, a) in p.addresses.enumerated() {
                try step(db, addresses, [.text(PopulationSeeder.derivedID(p.id, index).uuidString), .text(id), .text(a.street),
                                         .text(a.postcode), .text(a.municipalityNumber), .text(a.validFrom.description),
                                         .optional(a.validTo?.description)])
            }
            if let c = p.contact {
                try step(db, contacts, [.text(PopulationSeeder.derivedID(p.id, 100).uuidString), .text(id), .optional(c.email),
                                        .optional(c.mobile), .integer(c.isReserved ? 1 : 0), .real(now)])
            }
        }
        for r in population.relations {
            try step(db, relations, [.text(PopulationSeeder.derivedID(r.person, r.relative.hashValueStable &+ r.kind.rawValue.count).uuidString),
                                     .text(r.person.uuidString), .text(r.relative.uuidString), .text(r.kind.rawValue)])
        }
        try exec(db, "COMMIT")
    }

    enum Value {
        case text(String), optional(String?), integer(Int64), real(Double)
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

    static func step(_ db: OpaquePointer, _ statement: OpaquePointer, _ values: [Value]) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .text(let text): sqlite_nio_sqlite3_bind_text(statement, index, text, -1, transient)
            case .optional(let text?): sqlite_nio_sqlite3_bind_text(statement, index, text, -1, transient)
            case .optional(nil): sqlite_nio_sqlite3_bind_null(statement, index)
            case .integer(let number): sqlite_nio_sqlite3_bind_int64(statement, index, number)
            case .real(let number): sqlite_nio_sqlite3_bind_double(statement, index, number)
            }
        }
        guard sqlite_nio_sqlite3_step(statement) == SQLITE_DONE else {
            throw Failure(description: String(cString: sqlite_nio_sqlite3_errmsg(db)))
        }
        sqlite_nio_sqlite3_reset(statement)
    }
}
