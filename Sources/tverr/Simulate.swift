import ArgumentParser
import Foundation
import Persistence
import TverrApp

struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Plays realistic scenarios into the database, so that tverr serve has something to show.",
                                                    subcommands: [SimulatePandemic.self])
}

struct SimulatePandemic: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pandemic",
        abstract: "An epidemic wave over the last D days: test results through the laboratory API, arrivals, bookings and tracing, into the same database tverr serve uses.")

    @OptionGroup var storage: StorageOptions
    @Option(help: "People in the register: the synthetic population is seeded with this many if the register is empty.") var people: Int = 10_000
    @Option(help: "Days the wave lasts, ending today.") var days: Int = 28
    @Option(help: "Seed, so that a run can be repeated.") var seed: UInt64 = 7

    func validate() throws {
        guard (100...5_000_000).contains(people) else { throw ValidationError("--people must be 100 to 5,000,000.") }
        guard (1...366).contains(days) else { throw ValidationError("--days must be 1 to 366.") }
    }

    func run() async throws {
        try await reportingFailures {
            let logger = storage.logger()
            let configuration = try storage.storage()
            try FileManager.default.createDirectory(atPath: storage.dataDirectory, withIntermediateDirectories: true)
            let summary = try await Store.using(configuration, logger: logger) { store in
                try await store.migrate()
                if try await SQLRegisterRepository(store: store).statistics().people == 0 {
                    say("Seeding \(people) synthetic people…")
                    _ = try await PopulationSeeder(store: store).seed(count: people, seed: seed, today: TverrServer.today())
                }
                try await DemoStaff.seed(store: store, today: TverrServer.today())
                try await DemoTestStations.seed(store: store)
                return try await PandemicSimulation(days: days, seed: seed).run(store: store, dataDirectory: storage.dataDirectory, logger: logger,
                                                                                 say: { say($0) })
            }
            say("")
            say("Simulated \(days) days on \(configuration): \(summary.results) test results (\(summary.positives) positive), \(summary.arrivals) arrivals, \(summary.bookings) bookings, \(summary.contacts) close contacts traced, \(summary.closedCases) cases closed.")
            say("Start tverr serve and look at /staff/dashboard, /staff/tracing and /staff/arrivals (the demo staff are printed at start).")
        }
    }
}
