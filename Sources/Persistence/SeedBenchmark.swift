import Foundation
import Identifiers
import Logging
import Population
import VaporCSQLite

/// `tverr bench seed`: people per second into SQLite through Tverr's persistence layer,
/// against the fastest plain SQLite insert (one prepared statement per table, one transaction)
/// measured in the same run on the same schema and the same rows.
public struct SeedBenchmark: Sendable {
    /// The figures one run produced.
    public struct Result: Sendable {
        public var people: Int
        public var rows: Int
        public var tverrSeconds: Double
        public var baselineSeconds: Double
        public var tverrPeoplePerSecond: Double { Double(people) / tverrSeconds }
        public var baselinePeoplePerSecond: Double { Double(people) / baselineSeconds }
        /// Tverr's throughput as a share of the baseline's (goal: 0.5 or more).
        public var ratio: Double { tverrPeoplePerSecond / baselinePeoplePerSecond }
    }

    public let people: Int
    public let seed: UInt64
    public let directory: String

    /// Creates a benchmark of `people` people that writes scratch databases under `directory`.
    public init(people: Int, seed: UInt64, directory: String) {
        self.people = people
        self.seed = seed
        self.directory = directory
    }

    /// Generates the population once, then times both paths into fresh, migrated files.
    public func run(logger: Logger, today: CalendarDate, say: @Sendable (String) -> Void) async throws -> Result {
        say("Generating \(people) synthetic people…")
        let batches = Array(PopulationBatches(count: people, seed: seed, today: today, size: PopulationSeeder.batchSize))
        let population = SyntheticHousehold(people: batches.flatMap(\.people), relations: batches.flatMap(\.relations))
        let rows = population.people.count + population.relations.count
            + population.people.reduce(0) { $0 + $1.addresses.count + ($1.contact == nil ? 0 : 1) }
        let tverrPath = try await freshDatabase("bench-tverr.sqlite", logger: logger)
        let baselinePath = try await freshDatabase("bench-baseline.sqlite", logger: logger)
        defer { for path in [tverrPath, baselinePath] { removeDatabase(path) } }

        say("Inserting through Tverr's persistence layer…")
        let store = try await Store.open(.sqlite(path: tverrPath), logger: logger)
        let seeder = PopulationSeeder(store: store)
        let tverrStart = ContinuousClock.now
        for batch in batches { try await seeder.insert(batch) }
        let tverrSeconds = (ContinuousClock.now - tverrStart).seconds
        await store.shutdown()

        say("Inserting with one prepared statement per table in one transaction (baseline)…")
        let baselineStart = ContinuousClock.now
        try RawSQLiteInsert.insert(population, path: baselinePath)
        let baselineSeconds = (ContinuousClock.now - baselineStart).seconds
        return Result(people: population.people.count, rows: rows, tverrSeconds: tverrSeconds, baselineSeconds: baselineSeconds)
    }

    func freshDatabase(_ name: String, logger: Logger) async throws -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        removeDatabase(path)
        let store = try await Store.open(.sqlite(path: path), logger: logger)
        try await store.migrate()
        await store.shutdown()
        return path
    }

    func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
