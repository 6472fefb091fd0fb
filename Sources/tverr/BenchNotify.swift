import ArgumentParser
import Foundation
import Persistence
import TverrApp

struct BenchNotify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Notifications per second end to end, through a real SMTP server and SMS gateway, against inserting the same outbox rows alone. Uses DATABASE_URL if set, else a scratch SQLite file. scripts/bench_notify starts the servers and runs it on both databases.")

    @Option(help: "Messages to send (half to people in the register, half to e-mail addresses).") var messages: Int = 100_000
    @Option(help: "People to seed into the register.") var people: Int = 50_000
    @Option(help: "Messages per batch request.") var batch: Int = 10_000
    @Option(help: "The SMTP server as host:port.") var smtp: String
    @Option(name: .customLong("sms-gateway-url"), help: "The SMS gateway's URL.") var smsGatewayURL: String
    @Option(name: .customLong("sms-gateway-key"), help: "Bearer key for the SMS gateway.") var smsGatewayKey: String?
    @Option(help: "Worker loops.") var workers: Int = NotifySettings().workers
    @Option(help: "SMTP sessions each worker batch shares its e-mail over.") var smtpSessions: Int = NotifySettings().smtpSessions
    @Option(help: "Scratch folder for the SQLite file.") var directory: String = NSTemporaryDirectory()
    @Option(help: "Log level: debug shows each worker batch's timings.") var logLevel: String = "warning"

    func validate() throws {
        guard messages > 0, people > 0, (1...10_000).contains(batch), workers > 0, smtpSessions > 0 else {
            throw ValidationError("--messages and --people must be positive, --batch 1 to 10000, --workers and --smtp-sessions at least 1.")
        }
        guard Serve.hostPort(smtp) != nil else { throw ValidationError("--smtp must be host:port, for example localhost:2525.") }
    }

    func run() async throws {
        try await reportingFailures {
            let logger = StorageOptions.logger(level: logLevel)
            let scratch = (directory as NSString).appendingPathComponent("tverr-bench-notify-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let configuration = StorageConfiguration.benchmark(scratch: scratch)
            var settings = NotifySettings()
            let (host, port) = Serve.hostPort(smtp)!
            settings.smtp = SMTPSettings(host: host, port: port, from: "ikke-svar@tverr.example")
            settings.smsGatewayURL = smsGatewayURL
            settings.smsGatewayKey = smsGatewayKey
            settings.workers = workers
            settings.smtpSessions = smtpSessions
            let benchmark = NotifyBenchmark(messages: messages, people: people, batch: batch, settings: settings)
            let result = try await Store.using(configuration, logger: logger) { store in
                try await benchmark.run(store: store, today: TverrServer.today(), logger: logger, say: { say($0) })
            }
            say("")
            say("database:                    \(configuration)")
            say("messages:                    \(result.messages) in batches of \(batch), \(workers) worker loops, \(smtpSessions) SMTP sessions each")
            for (key, count) in result.deliveries.sorted(by: { $0.key < $1.key }) {
                say("  deliveries \(key.padding(toLength: 17, withPad: " ", startingAt: 0)) \(count)")
            }
            say(String(format: "stored (batch path):         %10.0f messages/s  (%.2f s)", Double(result.messages) / result.storeSeconds, result.storeSeconds))
            say(String(format: "end to end (delivered):      %10.0f messages/s  (%.2f s)  (goal ≥ 2000)", result.perSecond, result.endToEndSeconds))
            say(String(format: "outbox rows inserted alone:  %10.0f messages/s  (%.2f s)", result.baselinePerSecond, result.baselineSeconds))
            say(String(format: "ratio end to end / inserts:  %10.2f", result.ratio))
            if result.gatedWrites > 0 {
                say(String(format: "SQLite writer:               %10d transactions, busy %.0f %% of the run", result.gatedWrites, result.gateHeldShare * 100))
            }
        }
    }
}
