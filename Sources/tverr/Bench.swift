import ArgumentParser
import Foundation
import Persistence
import TverrApp

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmarks; build with -c release for real figures.",
                                                    subcommands: [BenchSeed.self])
}

struct BenchSeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "People per second into SQLite through Tverr, against raw prepared statements in one transaction.")

    @Option(help: "How many people to insert.")
    var people: Int = 100_000

    @Option(help: "Seed for the generator.")
    var seed: UInt64 = 1

    @Option(help: "Scratch folder for the two benchmark databases.")
    var directory: String = NSTemporaryDirectory()

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "warning"

    func run() async throws {
        try await reportingFailures {
            let benchmark = SeedBenchmark(people: people, seed: seed, directory: directory)
            let result = try await benchmark.run(logger: StorageOptions.logger(level: logLevel), today: TverrServer.today(), say: { say($0) })
            say("")
            say("people:                      \(result.people) (\(result.rows) rows in 4 tables)")
            say(String(format: "Tverr persistence layer:     %10.0f people/s  (%.2f s)", result.tverrPeoplePerSecond, result.tverrSeconds))
            say(String(format: "raw SQLite baseline:         %10.0f people/s  (%.2f s)", result.baselinePeoplePerSecond, result.baselineSeconds))
            say(String(format: "ratio Tverr / baseline:      %10.2f  (goal ≥ 0.50)", result.ratio))
        }
    }
}
