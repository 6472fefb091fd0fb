import ArgumentParser
import Persistence
import TverrApp

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add a deterministic synthetic population to the register.",
        discussion: "The same --seed always gives the same people. Seeding twice with one seed is refused, since the people already exist.")

    @Option(help: "How many people to add.")
    var people: Int = 10_000

    @Option(help: "Seed for the generator.")
    var seed: UInt64 = 2026

    @OptionGroup var storage: StorageOptions

    func validate() throws {
        guard (1...10_000_000).contains(people) else { throw ValidationError("--people must be from 1 to 10000000.") }
    }

    func run() async throws {
        try await reportingFailures {
            let configuration = try storage.storage()
            let started = ContinuousClock.now
            let count: Int
            do {
                count = try await Store.using(configuration, logger: storage.logger()) { store in
                    try await PopulationSeeder(store: store).seed(count: people, seed: seed, today: TverrServer.today()) { done in
                        if done % 100_000 == 0 { say("  \(done) people…") }
                    }
                }
            } catch {
                throw SeedFailure(underlying: error)
            }
            say("Added \(count) synthetic people (seed \(seed)) in \(started.duration(to: .now)).")
        }
    }
}

/// A seed that failed part-way leaves earlier batches in place; each batch is one transaction.
struct SeedFailure: Error, CustomStringConvertible {
    let underlying: any Error
    var description: String {
        if let known = underlying as? StoreError { return known.description }
        let text = String(describing: underlying)
        if text.contains("UNIQUE") || text.contains("unique") || text.contains("23505") {
            return "These people already exist in the register (same seed as before); use another --seed to add more."
        }
        return "Seeding stopped: \(text)."
    }
}
