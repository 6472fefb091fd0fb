import ArgumentParser
import Foundation
import Events
import Logging
import TverrApp

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve Tverr over HTTP. Migrates the database and seeds an empty register first.")

    @Option(help: "Address to listen on (env TVERR_HOST).")
    var host: String = ProcessInfo.processInfo.environment["TVERR_HOST"] ?? "127.0.0.1"

    @Option(help: "Port to listen on (env TVERR_PORT).")
    var port: Int = Int(ProcessInfo.processInfo.environment["TVERR_PORT"] ?? "") ?? 8080

    @Option(help: "Synthetic people to seed into an empty register; 0 seeds none (env TVERR_DEMO_PEOPLE).")
    var demoPeople: Int = Int(ProcessInfo.processInfo.environment["TVERR_DEMO_PEOPLE"] ?? "") ?? 10_000

    @Option(help: "Seed for the synthetic population.")
    var seed: UInt64 = 2026

    @Option(name: .customLong("public-url"), help: "The public base URL and OpenID Connect issuer, for example https://tverr.example.no (env TVERR_PUBLIC_URL; default http://HOST:PORT).")
    var publicURL: String? = ProcessInfo.processInfo.environment["TVERR_PUBLIC_URL"]

    @Flag(name: .customLong("no-demo"), help: "Turn off demo mode (the test-ID login page with synthetic people). Env TVERR_DEMO=0 does the same.")
    var noDemo = ProcessInfo.processInfo.environment["TVERR_DEMO"] == "0"

    @Option(name: .customLong("checkpoint-interval"), help: "Seconds between signed audit checkpoints (env TVERR_CHECKPOINT_INTERVAL).")
    var checkpointInterval: Int = Int(ProcessInfo.processInfo.environment["TVERR_CHECKPOINT_INTERVAL"] ?? "") ?? 300

    @Option(name: .customLong("webhook-retry-schedule"),
            help: "Waits between webhook retries, such as 10s,30s,1m; after the last the delivery is dead-lettered (env TVERR_WEBHOOK_RETRY_SCHEDULE; default Altinn's 10s,30s,1m,5m,10m,30m,1h,3h,6h,12h,12h).")
    var webhookRetrySchedule: String? = ProcessInfo.processInfo.environment["TVERR_WEBHOOK_RETRY_SCHEDULE"]

    @Option(name: .customLong("webhook-timeout"), help: "Seconds a webhook receiver has to answer (env TVERR_WEBHOOK_TIMEOUT).")
    var webhookTimeout: Int = Int(ProcessInfo.processInfo.environment["TVERR_WEBHOOK_TIMEOUT"] ?? "") ?? 10

    @Option(name: .customLong("webhook-poll"), help: "Milliseconds between looks for due webhook deliveries when idle (env TVERR_WEBHOOK_POLL).")
    var webhookPoll: Int = Int(ProcessInfo.processInfo.environment["TVERR_WEBHOOK_POLL"] ?? "") ?? 500

    @Option(name: .customLong("sms-gateway-url"), help: "The SMS gateway's URL (env TVERR_SMS_GATEWAY_URL; without it SMS falls back to the next channel).")
    var smsGatewayURL: String? = ProcessInfo.processInfo.environment["TVERR_SMS_GATEWAY_URL"]

    @Option(name: .customLong("sms-gateway-key"), help: "Bearer key for the SMS gateway (env TVERR_SMS_GATEWAY_KEY).")
    var smsGatewayKey: String? = ProcessInfo.processInfo.environment["TVERR_SMS_GATEWAY_KEY"]

    @Option(name: .customLong("smtp"), help: "The SMTP relay as host:port (env TVERR_SMTP; without it e-mail falls back to the next channel).")
    var smtp: String? = ProcessInfo.processInfo.environment["TVERR_SMTP"]

    @Option(name: .customLong("mail-from"), help: "The sender address of e-mail (env TVERR_MAIL_FROM).")
    var mailFrom: String = ProcessInfo.processInfo.environment["TVERR_MAIL_FROM"] ?? "ikke-svar@tverr.example"

    @Option(name: .customLong("notify-retry-schedule"),
            help: "Waits between retries of a notice channel, such as 30s,2m,10m; then the next channel (env TVERR_NOTIFY_RETRY_SCHEDULE).")
    var notifyRetrySchedule: String? = ProcessInfo.processInfo.environment["TVERR_NOTIFY_RETRY_SCHEDULE"]

    @Option(name: .customLong("notify-workers"), help: "Notice worker loops in this process, 1 to 16 (env TVERR_NOTIFY_WORKERS).")
    var notifyWorkers: Int = Int(ProcessInfo.processInfo.environment["TVERR_NOTIFY_WORKERS"] ?? "") ?? NotifySettings().workers

    @Option(name: .customLong("smtp-sessions"),
            help: "SMTP connections each notice worker opens at once, 1 to 64; workers times sessions must stay under the relay's per-client limit, such as Postfix's 50 (env TVERR_SMTP_SESSIONS).")
    var smtpSessions: Int = Int(ProcessInfo.processInfo.environment["TVERR_SMTP_SESSIONS"] ?? "") ?? NotifySettings().smtpSessions

    @Option(name: .customLong("letter-font"), help: "TrueType font for letters; must cover Cyrillic (env TVERR_LETTER_FONT).")
    var letterFont: String = ProcessInfo.processInfo.environment["TVERR_LETTER_FONT"] ?? "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

    @OptionGroup var storage: StorageOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("The port must be a number from 1 to 65535.") }
        guard (1...86_400).contains(checkpointInterval) else { throw ValidationError("--checkpoint-interval must be 1 to 86400 seconds.") }
        guard (1...300).contains(webhookTimeout) else { throw ValidationError("--webhook-timeout must be 1 to 300 seconds.") }
        guard (10...60_000).contains(webhookPoll) else { throw ValidationError("--webhook-poll must be 10 to 60000 milliseconds.") }
        if let webhookRetrySchedule {
            do { _ = try RetrySchedule.parse(webhookRetrySchedule) } catch { throw ValidationError(error.description) }
        }
        if let notifyRetrySchedule {
            do { _ = try RetrySchedule.parse(notifyRetrySchedule) } catch { throw ValidationError(error.description) }
        }
        guard (1...16).contains(notifyWorkers) else { throw ValidationError("--notify-workers must be 1 to 16.") }
        guard (1...64).contains(smtpSessions) else { throw ValidationError("--smtp-sessions must be 1 to 64.") }
        if let smtp { guard Self.hostPort(smtp) != nil else { throw ValidationError("--smtp must be host:port, for example localhost:25.") } }
        if let smsGatewayURL {
            guard let url = URL(string: smsGatewayURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("--sms-gateway-url must be an http or https URL.")
            }
        }
        guard demoPeople >= 0 else { throw ValidationError("--demo-people cannot be negative.") }
        if let publicURL {
            guard let url = URL(string: publicURL), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil,
                  url.query == nil, url.fragment == nil else {
                throw ValidationError("--public-url must be an http or https URL without a query, for example https://tverr.example.no.")
            }
        }
    }

    static func hostPort(_ text: String) -> (String, Int)? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (1...65535).contains(port) else { return nil }
        return (String(parts[0]), port)
    }

    func run() async throws {
        let level = StorageOptions.logger(level: storage.logLevel).logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = storage.logger()
        try await reportingFailures {
            var configuration = AppConfiguration(host: host, port: port, storage: try storage.storage(),
                                                 dataDirectory: storage.dataDirectory, demoPeople: demoPeople, demoSeed: seed,
                                                 publicURL: publicURL, demoMode: !noDemo)
            configuration.checkpointInterval = checkpointInterval
            if let webhookRetrySchedule { configuration.webhooks.schedule = try RetrySchedule.parse(webhookRetrySchedule) }
            configuration.webhooks.timeout = .seconds(webhookTimeout)
            configuration.webhooks.pollInterval = .milliseconds(webhookPoll)
            configuration.notify.smsGatewayURL = smsGatewayURL
            configuration.notify.smsGatewayKey = smsGatewayKey
            if let smtp, let (host, port) = Self.hostPort(smtp) { configuration.notify.smtp = SMTPSettings(host: host, port: port, from: mailFrom) }
            if let notifyRetrySchedule { configuration.notify.schedule = try RetrySchedule.parse(notifyRetrySchedule) }
            configuration.notify.letterFont = letterFont
            configuration.notify.workers = notifyWorkers
            configuration.notify.smtpSessions = smtpSessions
            for fault in RuleBook.shared.faults {
                logger.error("Rule file fault; pages that decide with these rules answer 503 until it is fixed", metadata: ["fault": .string(fault)])
            }
            try await TverrServer.run(configuration, logger: logger, say: { say($0) })
        }
    }
}
