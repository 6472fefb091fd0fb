import Foundation
import Identifiers
import Persistence
import Population
import Reference
import SQLKit
import Testing

@Suite("Store and population register")
struct StoreTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 23)!

    @Test("Migrations load the reference data and can run again without change", arguments: Backend.available)
    func migrations(backend: Backend) async throws {
        try await withStore(backend) { store in
            try await store.migrate()
            let repository = SQLRegisterRepository(store: store)
            let statistics = try await repository.statistics()
            #expect(statistics == RegisterStatistics(people: 0, municipalities: 42, organisations: Organisation.all.count))
            #expect(try await repository.municipalities().map(\.number) == Municipality.all.map(\.number).sorted())
            let agencies = try await repository.organisations(kind: .agency)
            #expect(agencies.count == Organisation.agencies.count + Organisation.journeyAgencies.count + Organisation.youthAgencies.count)
        }
    }

    @Test("The SQLite file runs in WAL mode with foreign keys enforced")
    func sqliteSettings() async throws {
        try await withStore(.sqlite) { store in
            let mode = try await store.sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(mode == "wal")
            await #expect(throws: (any Error).self) {
                try await store.sql.raw("INSERT INTO addresses (id, person_id, street, postcode, municipality_number, valid_from) VALUES ('a', 'nobody', 's', '0150', '0301', '2020-01-01')").run()
            }
        }
    }

    @Test("Seeding stores every person, address, contact entry and relation the generator made", arguments: Backend.available)
    func seeding(backend: Backend) async throws {
        var generator = PopulationGenerator(seed: 99, today: Self.today)
        let expected = generator.generate(count: 2_500)
        try await withStore(backend) { store in
            let inserted = try await PopulationSeeder(store: store).seed(count: 2_500, seed: 99, today: Self.today)
            #expect(inserted == 2_500)
            let sql = store.sql
            func count(_ table: String) async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(column: "n", as: Int.self)
            }
            #expect(try await count("persons") == 2_500)
            #expect(try await count("addresses") == expected.people.reduce(0) { $0 + $1.addresses.count })
            #expect(try await count("contact_details") == expected.people.filter { $0.contact != nil }.count)
            #expect(try await count("family_relations") == expected.relations.count)

            let repository = SQLRegisterRepository(store: store)
            let sample = expected.people[1234]
            let found = try #require(try await repository.person(sample.identityNumber))
            #expect(found.id == sample.id)
            #expect(found.givenName == sample.givenName && found.familyName == sample.familyName)
            #expect(found.birthDate == sample.birthDate)
            #expect(found.currentMunicipalityNumber == sample.addresses.last?.municipalityNumber)
            #expect(found.isReserved == sample.contact?.isReserved)
            let unknown = try NationalIdentityNumber("31129956715")
            #expect(try await repository.person(unknown) == nil)
        }
    }

    @Test("Seeding the same people twice fails whole, leaving no partial batch", arguments: Backend.available)
    func noPartialWrites(backend: Backend) async throws {
        try await withStore(backend) { store in
            let seeder = PopulationSeeder(store: store)
            try await seeder.seed(count: 300, seed: 5, today: Self.today)
            await #expect(throws: (any Error).self) {
                try await seeder.seed(count: 300, seed: 5, today: Self.today)
            }
            #expect(try await SQLRegisterRepository(store: store).statistics().people == 300)
            let addresses = try await store.sql.raw("SELECT COUNT(*) AS n FROM addresses").first()!.decode(column: "n", as: Int.self)
            var generator = PopulationGenerator(seed: 5, today: Self.today)
            #expect(addresses == generator.generate(count: 300).people.reduce(0) { $0 + $1.addresses.count })
        }
    }

    @Test("Demo identities include a D-number holder and a reserved person", arguments: Backend.available)
    func demoIdentities(backend: Backend) async throws {
        try await withStore(backend) { store in
            try await PopulationSeeder(store: store).seed(count: 3_000, seed: 2026, today: Self.today)
            let demo = try await SQLRegisterRepository(store: store).demoIdentities(today: Self.today)
            #expect(demo.count == 4)
            #expect(demo.contains { $0.identityNumber.kind == .dNumber && $0.givenNameNative != nil })
            #expect(demo.contains { $0.isReserved == true })
            #expect(demo.allSatisfy { $0.identityNumber.isSynthetic })
        }
    }
}
