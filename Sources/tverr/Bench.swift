import ArgumentParser
import Foundation
import Persistence
import TverrApp
import Audit
import Identity

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmarks; build with -c release for real figures.",
                                                    subcommands: [BenchSeed.self, BenchAudit.self, BenchTokens.self, BenchExchange.self, BenchNotify.self, BenchDCC.self, BenchResults.self, BenchDecide.self, BenchYouth.self])
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

struct BenchTokens: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Access tokens issued per second, against raw ES256 signatures over the same bytes.")

    @Option(help: "How many tokens to issue.")
    var count: Int = 20_000

    func run() async throws {
        let result = try await TokenBenchmark.run(count: count)
        say("tokens:                      \(result.tokens)")
        say(String(format: "access tokens issued:        %10.0f tokens/s  (%.2f s)", result.issuerPerSecond, result.issuerSeconds))
        say(String(format: "raw ES256 signatures:        %10.0f sigs/s    (%.2f s)", result.rawPerSecond, result.rawSeconds))
        say(String(format: "ratio tokens / raw:          %10.2f", result.ratio))
    }
}

struct BenchExchange: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange",
        abstract: "Register look-ups per second with the audit write against without it, and audit appends per second against raw SHA-256. Uses DATABASE_URL if set, else a scratch SQLite file.")

    @Option(help: "People to seed.") var people: Int = 10_000
    @Option(help: "Look-ups in each of the two runs.") var lookups: Int = 20_000
    @Option(help: "Concurrent callers.") var concurrency: Int = 4
    @Option(help: "Audit entries to append one by one.") var appends: Int = 10_000
    @Option(help: "Scratch folder for the SQLite file.") var directory: String = NSTemporaryDirectory()

    func run() async throws {
        try await reportingFailures {
            let logger = StorageOptions.logger(level: "warning")
            let scratch = (directory as NSString).appendingPathComponent("tverr-bench-exchange-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let configuration = StorageConfiguration.benchmark(scratch: scratch)
            let benchmark = ExchangeBenchmark(people: people, lookups: lookups, concurrency: concurrency, appends: appends)
            let result = try await Store.using(configuration, logger: logger) { store in
                try await benchmark.run(store: store, today: TverrServer.today(), say: { say($0) })
            }
            say("")
            say("database:                    \(configuration)")
            say("look-ups:                    \(result.lookups) per run, \(result.concurrency) concurrent callers")
            say(String(format: "with the audit write:        %10.0f look-ups/s  (%.2f s)", result.auditedPerSecond, result.auditedSeconds))
            say(String(format: "without it:                  %10.0f look-ups/s  (%.2f s)", result.plainPerSecond, result.plainSeconds))
            say(String(format: "ratio with / without:        %10.2f  (goal ≥ 0.70: the audit write costs under 30%%)", result.lookupRatio))
            say(String(format: "audit commits:               %10d  (%.1f entries each)", result.auditBatches,
                       Double(result.lookups) / Double(max(1, result.auditBatches))))
            say(String(format: "audit appends (own txn):     %10.0f entries/s   (%.2f s for %d)", result.appendsPerSecond, result.appendSeconds, result.appends))
            say(String(format: "raw SHA-256, same bytes:     %10.0f hashes/s", result.hashesPerSecond))
            say(String(format: "ratio appends / raw:         %10.4f", result.appendsPerSecond / result.hashesPerSecond))
        }
    }
}

extension StorageConfiguration {
    /// Where a benchmark runs: PostgreSQL when `DATABASE_URL` is set, else a SQLite file in `scratch`.
    static func benchmark(scratch: String) -> StorageConfiguration {
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"] { return .postgres(url: url) }
        return .sqlite(path: (scratch as NSString).appendingPathComponent("bench.sqlite"))
    }
}
