import ArgumentParser
import Foundation
import Persistence
import TverrApp
import Audit

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmarks; build with -c release for real figures.",
                                                    subcommands: [BenchSeed.self, BenchAudit.self])
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

struct BenchAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit entries sealed into the hash chain per second, against raw SHA-256 over the same bytes.")

    @Option(help: "How many entries to seal.")
    var entries: Int = 1_000_000

    func run() async throws {
        let result = AuditBenchmark.run(count: entries)
        say("entries:                     \(result.entries) (in memory; the database write is measured separately)")
        say(String(format: "audit chain sealing:         %10.0f entries/s  (%.2f s)", result.chainPerSecond, result.chainSeconds))
        say(String(format: "raw SHA-256, same bytes:     %10.0f hashes/s   (%.2f s)", result.rawPerSecond, result.rawSeconds))
        say(String(format: "ratio chain / raw:           %10.2f", result.ratio))
    }
}
