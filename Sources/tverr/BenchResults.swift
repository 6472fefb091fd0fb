import ArgumentParser
import Foundation
import Persistence
import TverrApp

struct BenchResults: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Test results per second through the laboratory API over HTTP, each with its audit entry, event and notice, against inserting the bare result rows alone. Uses DATABASE_URL if set, else a scratch SQLite file.")

    @Option(help: "Results to submit.") var results: Int = 1_000_000
    @Option(help: "People to seed into the register.") var people: Int = 100_000
    @Option(help: "Results per request (at most 10000).") var batch: Int = 10_000
    @Option(help: "Requests in flight at once.") var parallel: Int = 2
    @Option(help: "Scratch folder for the SQLite file and keys.") var directory: String = NSTemporaryDirectory()
    @Option(help: "Log level.") var logLevel: String = "warning"

    func validate() throws {
        guard results > 0, people > 0, (1...10_000).contains(batch), parallel > 0 else {
            throw ValidationError("--results and --people must be positive, --batch 1 to 10000, --parallel at least 1.")
        }
    }

    func run() async throws {
        try await reportingFailures {
            let logger = StorageOptions.logger(level: logLevel)
            let scratch = (directory as NSString).appendingPathComponent("tverr-bench-results-\(UUID().uuidString)")
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let configuration = StorageConfiguration.benchmark(scratch: scratch)
            let benchmark = ResultsBenchmark(results: results, people: people, batch: batch, parallel: parallel)
            let result = try await Store.using(configuration, logger: logger) { store in
                try await benchmark.run(store: store, today: TverrServer.today(), dataDirectory: scratch, logger: logger, say: { say($0) })
            }
            say("")
            say("database:                    \(configuration)")
            say("results:                     \(result.results) in requests of \(batch), \(parallel) at a time")
            for (name, count) in result.counts.sorted(by: { $0.key < $1.key }) {
                say("  \(name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(count)")
            }
            say(String(format: "through the laboratory API:  %10.0f results/s  (%.2f s)  (goal ≥ 10000 on SQLite)", result.perSecond, result.seconds))
            say(String(format: "bare result rows alone:      %10.0f results/s  (%.2f s)", result.baselinePerSecond, result.baselineSeconds))
            say(String(format: "ratio API / bare rows:       %10.2f", result.ratio))
            if result.gatedWrites > 0 {
                say(String(format: "SQLite writer:               %10d transactions, busy %.0f %% of the run", result.gatedWrites, result.gateHeldShare * 100))
            }
        }
    }
}
