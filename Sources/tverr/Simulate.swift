import ArgumentParser
import Foundation
import Persistence
import TverrApp

struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Plays realistic scenarios into the database, so that tverr serve has something to show.",
                                                    subcommands: [SimulatePandemic.self, SimulateArrival.self])
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

struct SimulateArrival: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arrival",
        abstract: "A wave of refugees over the last W weeks through the arrival journey: intake, D-number, eID, decision, settlement, move-in.")

    @OptionGroup var storage: StorageOptions
    @Option(help: "People arriving (about 35,000 came to Norway from Ukraine in 2022).") var people: Int = 35_000
    @Option(help: "Weeks the wave lasts, ending now.") var weeks: Int = 40
    @Option(help: "Seed, so that a run can be repeated (a second run with the same seed is refused).") var seed: UInt64 = 2022
    @Option(help: "Synthetic residents seeded first if the register is empty (as tverr serve would), so that the demo staff are residents.")
    var residents: Int = 10_000

    func validate() throws {
        guard (1...1_000_000).contains(people) else { throw ValidationError("--people must be 1 to 1,000,000.") }
        guard (1...156).contains(weeks) else { throw ValidationError("--weeks must be 1 to 156.") }
        guard (0...5_000_000).contains(residents) else { throw ValidationError("--residents must be 0 to 5,000,000.") }
    }

    func run() async throws {
        try await reportingFailures {
            let book = RuleBook.load()
            guard let rules = book.collectiveProtection else {
                throw ValidationError("The collective-protection rules did not load: \(book.faults.joined(separator: "; "))")
            }
            let configuration = try storage.storage()
            try FileManager.default.createDirectory(atPath: storage.dataDirectory, withIntermediateDirectories: true)
            let started = Date()
            let summary = try await Store.using(configuration, logger: storage.logger()) { store in
                try await store.migrate()
                if residents > 0, try await SQLRegisterRepository(store: store).statistics().people == 0 {
                    say("Seeding \(residents) synthetic residents…")
                    _ = try await PopulationSeeder(store: store).seed(count: residents, seed: 2026, today: TverrServer.today())
                }
                try await DemoStaff.seed(store: store, today: TverrServer.today())
                say("Playing \(people) arrivals over \(weeks) weeks…")
                let summary = try await ArrivalSimulation(people: people, weeks: weeks, seed: seed).run(store: store, rules: rules, say: { say($0) })
                try await Self.report(store: store)
                return summary
            }
            let seconds = Date().timeIntervalSince(started)
            say("")
            say("Simulated on \(configuration) in \(Int(seconds)) s: \(summary.people) people in \(summary.families) families; \(summary.automatedGrants) granted by the rules at once, \(summary.routed) sent to a caseworker (\(summary.caseworkerDecisions) decided so far); \(summary.eIDs) eIDs (\(summary.expiredCodes) activation codes ran out unused); \(summary.proposals) proposals (\(summary.declines) declined), \(summary.settled) families moved in.")
            if summary.skipped > 0 { say("\(summary.skipped) families were left out: their documents were registered by an earlier run.") }
            say("Start tverr serve and look at /staff/journey (the demo staff are printed at start).")
        }
    }

    /// What /staff/journey will show, and how long reading and computing it takes.
    static func report(store: Store) async throws {
        let clock = ContinuousClock(), ledger = JourneyLedger(store: store)
        let started = clock.now
        let figures = try await ledger.current(), analytics = figures.analytics, handoffs = figures.handoffs, bottlenecks = figures.bottlenecks
        let read = started.duration(to: clock.now)
        let again = clock.now
        _ = try await ledger.current()
        let reread = again.duration(to: clock.now)
        let computing = clock.now
        let stuck = analytics.dropOuts(threshold: 14 * 86_400, now: Int64(Date().timeIntervalSince1970 * 1000))
        let computed = computing.duration(to: clock.now)
        say("")
        say("The journey of \(analytics.timelines.count) people (median and 90th percentile wait, in days):")
        for handoff in handoffs {
            say("  \(handoff.from.rawValue) → \(handoff.to.rawValue): \(handoff.volume) people, \(String(format: "%.1f", handoff.median / 86_400)) / \(String(format: "%.1f", handoff.p90 / 86_400))")
        }
        say("  stuck over two weeks: " + stuck.map { "\($0.people) at \($0.step.rawValue)" }.joined(separator: ", "))
        if let last = bottlenecks.last { say("  bottleneck in \(last.week): \(last.handoff.from.rawValue) → \(last.handoff.to.rawValue) (\(last.agency))") }
        say("The figures took \(read) to read and compute at first, \(reread) when nothing was new; who is stuck took \(computed).")
    }
}
