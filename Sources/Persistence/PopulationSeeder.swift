import FluentKit
import Foundation
import Identifiers
import Population
import SQLKit

/// Loads a synthetic population into the population register in batches, one transaction per
/// batch, with multi-row inserts (SQLKit) as the hot path.
public struct PopulationSeeder: Sendable {
    /// People per transaction.
    public static let batchSize = 2_000
    /// Rows per INSERT statement, well below SQLite's and PostgreSQL's bind-parameter limits.
    static let rowsPerStatement = 500

    let store: Store

    /// Creates a seeder that writes to `store`.
    public init(store: Store) { self.store = store }

    /// Inserts `count` people generated from `seed` as of `today`, reporting progress after each batch.
    @discardableResult
    public func seed(
        count: Int, seed: UInt64, today: CalendarDate, progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> Int {
        var generator = PopulationGenerator(seed: seed, today: today)
        var inserted = 0
        var batch = SyntheticHousehold(people: [], relations: [])
        while inserted + batch.people.count < count {
            let household = generator.nextHousehold().prefix(count - inserted - batch.people.count)
            batch = SyntheticHousehold(people: batch.people + household.people, relations: batch.relations + household.relations)
            if batch.people.count >= Self.batchSize {
                try await insert(batch)
                inserted += batch.people.count
                batch = SyntheticHousehold(people: [], relations: [])
                progress(inserted)
            }
        }
        if !batch.people.isEmpty {
            try await insert(batch)
            inserted += batch.people.count
            progress(inserted)
        }
        return inserted
    }

    /// Inserts one batch of people, their addresses, contact entries and relations atomically.
    public func insert(_ batch: SyntheticHousehold) async throws {
        let now = Date()
        try await store.database.transaction { database in
            let sql = database as! any SQLDatabase
            try await Self.insertRows(sql, into: "persons", columns: [
                "id", "identity_number", "number_kind", "given_name", "family_name", "given_name_native",
                "family_name_native", "birth_date", "sex", "citizenship", "registered_at",
            ], rows: batch.people.map { p in [
                p.id, p.identityNumber.value, p.identityNumber.kind.rawValue, p.givenName, p.familyName,
                p.givenNameNative, p.familyNameNative, p.birthDate.description, p.sex.rawValue, p.citizenship, now,
            ] })
            try await Self.insertRows(sql, into: "addresses", columns: [
                "id", "person_id", "street", "postcode", "municipality_number", "valid_from", "valid_to",
            ], rows: batch.people.flatMap { p in p.addresses.enumerated().map { index, a in [
                Self.derivedID(p.id, index), p.id, a.street, a.postcode, a.municipalityNumber,
                a.validFrom.description, a.validTo?.description,
            ] } })
            try await Self.insertRows(sql, into: "contact_details", columns: [
                "id", "person_id", "email", "mobile", "is_reserved", "updated_at",
            ], rows: batch.people.compactMap { p in p.contact.map { c in [
                Self.derivedID(p.id, 100), p.id, c.email, c.mobile, c.isReserved, now,
            ] } })
            try await Self.insertRows(sql, into: "family_relations", columns: [
                "id", "person_id", "relative_id", "kind",
            ], rows: batch.relations.map { r in [
                Self.derivedID(r.person, r.relative.hashValueStable &+ r.kind.rawValue.count), r.person, r.relative, r.kind.rawValue,
            ] })
        }
    }

    static func insertRows(
        _ sql: any SQLDatabase, into table: String, columns: [String], rows: [[any Encodable & Sendable]]
    ) async throws {
        var start = 0
        while start < rows.count {
            let end = min(start + rowsPerStatement, rows.count)
            var insert = sql.insert(into: table).columns(columns)
            for row in rows[start..<end] { insert = insert.values(row) }
            try await insert.run()
            start = end
        }
    }

    /// A deterministic id for a row that belongs to a person, so that reseeding gives equal ids.
    static func derivedID(_ base: UUID, _ salt: Int) -> UUID {
        var bytes = base.uuid
        withUnsafeMutableBytes(of: &bytes) { raw in
            var s = UInt64(bitPattern: Int64(salt)) &* 0x9E37_79B9_7F4A_7C15 &+ 1
            for index in 0..<16 where index != 6 && index != 8 {
                raw[index] ^= UInt8(truncatingIfNeeded: s)
                s = (s >> 8) | (s << 56)
            }
        }
        return UUID(uuid: bytes)
    }
}

extension UUID {
    /// A hash that, unlike `hashValue`, is the same in every process.
    var hashValueStable: Int {
        withUnsafeBytes(of: uuid) { raw in
            raw.loadUnaligned(fromByteOffset: 0, as: Int.self) ^ raw.loadUnaligned(fromByteOffset: 8, as: Int.self)
        }
    }
}
