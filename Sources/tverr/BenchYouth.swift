import ArgumentParser
import Foundation
import Persistence

/// `tverr bench youth`: archive search latency over synthetic published answers, against the bare full-text match.
struct BenchYouth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "youth",
        abstract: "Archive search p50/p99 over N published answers (ung.no had about 380,000) through Tverr, against the bare full-text match. Uses DATABASE_URL if set, else a scratch SQLite file.")

    @Option(help: "Published answers to seed.") var answers: Int = 380_000
    @Option(help: "Queries in the mix.") var queries: Int = 2_000
    @Option(help: "Scratch folder for the SQLite file.") var directory: String = NSTemporaryDirectory()

    func run() async throws {
        try await reportingFailures {
            let scratch = (directory as NSString).appendingPathComponent("tverr-bench-youth-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let configuration = StorageConfiguration.benchmark(scratch: scratch)
            let benchmark = YouthArchiveBenchmark(answers: answers, queries: queries)
            let result = try await Store.using(configuration, logger: StorageOptions.logger(level: "warning")) { store in
                try await benchmark.run(store: store, say: { say($0) })
            }
            say("")
            say("database:                 \(configuration)")
            say(String(format: "answers:                  %d (stored in %.1f s)", answers, result.seedSeconds))
            say(String(format: "queries:                  %d, %.1f hits each on average (at most 20)", queries, result.hitsPerQuery))
            say(String(format: "Tverr search (ms):        p50 %6.2f   p99 %6.2f   mean %6.2f", result.tverr.percentile(0.5), result.tverr.percentile(0.99), result.tverr.mean))
            say(String(format: "bare full-text (ms):      p50 %6.2f   p99 %6.2f   mean %6.2f", result.direct.percentile(0.5), result.direct.percentile(0.99), result.direct.mean))
            say(String(format: "ratio p99 Tverr / bare:   %6.2f   (goal: Tverr's p99 under 20 ms on SQLite)", result.tverr.percentile(0.99) / max(0.001, result.direct.percentile(0.99))))
        }
    }
}
