import FluentKit
import Foundation
import Identifiers
import Population

/// Loads a synthetic population into the population register in batches, one transaction per
/// batch, with multi-row inserts (SQLKit) as the hot path.
public struct PopulationSeeder: Sendable {
    /// People per transaction.
    public static let batchSize = 10_000

    let store: Store

    /// Creates a seeder that writes to `store`.
    public init(store: Store) { self.store = store }

    /// Inserts `count` people generated from `seed` as of `today`, reporting progress after each batch.
    @discardableResult
    public func seed(
        count: Int, seed: UInt64, today: CalendarDate, progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> Int {
        var inserted = 0
        for batch in PopulationBatches(count: count, seed: seed, today: today, size: Self.batchSize) {
            try await insert(batch)
            inserted += batch.people.count
            progress(inserted)
        }
        return inserted
    }

    /// Inserts one batch of people, their addresses, contact entries and relations atomically.
    public func insert(_ batch: SyntheticHousehold) async throws {
        let rows = Self.rows(for: batch, at: Date())
        try await store.database.transaction { database in
            try await Self.persons.run(rows.persons, on: database)
            try await Self.addresses.run(rows.addresses, on: database)
            try await Self.contacts.run(rows.contacts, on: database)
            try await Self.relations.run(rows.relations, on: database)
        }
    }

    static let persons = BulkInsert(table: "persons", columns: [
        "id", "identity_number", "number_kind", "given_name", "family_name", "given_name_native",
        "family_name_native", "birth_date", "sex", "citizenship", "registered_at",
    ])
    static let addresses = BulkInsert(table: "addresses", columns: [
        "id", "person_id", "street", "postcode", "municipality_number", "valid_from", "valid_to",
    ])
    static let contacts = BulkInsert(table: "contact_details", columns: [
        "id", "person_id", "email", "mobile", "is_reserved", "updated_at",
    ], booleanColumns: ["is_reserved"])
    static let relations = BulkInsert(table: "family_relations", columns: ["id", "person_id", "relative_id", "kind"])

    struct Rows { var persons, addresses, contacts, relations: [[Cell]] }

    /// The rows of every table for `batch`; the raw benchmark baseline inserts exactly these.
    static func rows(for batch: SyntheticHousehold, at now: Date) -> Rows {
        var rows = Rows(persons: [], addresses: [], contacts: [], relations: [])
        rows.persons.reserveCapacity(batch.people.count)
        for p in batch.people {
            rows.persons.append([
                .uuid(p.id), .text(p.identityNumber.value), .text(p.identityNumber.kind.rawValue), .text(p.givenName),
                .text(p.familyName), .text(p.givenNameNative), .text(p.familyNameNative), .text(p.birthDate.description),
                .text(p.sex.rawValue), .text(p.citizenship), .time(now),
            ])
            for (index, a) in p.addresses.enumerated() {
                rows.addresses.append([
                    .uuid(derivedID(p.id, index)), .uuid(p.id), .text(a.street), .text(a.postcode),
                    .text(a.municipalityNumber), .text(a.validFrom.description), .text(a.validTo?.description),
                ])
            }
            if let c = p.contact {
                rows.contacts.append([.uuid(derivedID(p.id, 100)), .uuid(p.id), .text(c.email), .text(c.mobile),
                                      .bool(c.isReserved), .time(now)])
            }
        }
        for r in batch.relations {
            rows.relations.append([.uuid(derivedID(r.person, r.relative.hashValueStable &+ r.kind.rawValue.count)),
                                   .uuid(r.person), .uuid(r.relative), .text(r.kind.rawValue)])
        }
        return rows
    }

    /// A deterministic id for a row that belongs to a person, so that reseeding gives equal ids.
    /// It keeps the person id's first ten bytes (its time-ordered prefix) for index locality.
    static func derivedID(_ base: UUID, _ salt: Int) -> UUID {
        var bytes = base.uuid
        withUnsafeMutableBytes(of: &bytes) { raw in
            var s = UInt64(bitPattern: Int64(salt)) &* 0x9E37_79B9_7F4A_7C15 &+ 1
            for index in 10..<16 {
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

