import Foundation
import Identifiers
import Identity
import Logging
import Persistence
import SQLKit

/// `tverr bench notify`: messages per second end to end (stored through the batch path, then
/// delivered by the workers over real SMTP and the SMS gateway, or queued as letters), against
/// inserting the same outbox rows alone. Half the messages go to people in a seeded register
/// (mailbox with an SMS or e-mail pointer, or a letter), half to e-mail addresses.
public struct NotifyBenchmark: Sendable {
    public struct Result: Sendable {
        public var messages: Int
        public var storeSeconds: Double
        public var endToEndSeconds: Double
        public var baselineSeconds: Double
        /// Deliveries by channel and status at the end (`sms/delivered`, …).
        public var deliveries: [String: Int]
        /// SQLite only: the write transactions that queued at the write gate, and the share of the
        /// run it was held (near 1: the single SQLite writer is what limits the run).
        public var gatedWrites = 0
        public var gateHeldShare = 0.0
        public var perSecond: Double { Double(messages) / endToEndSeconds }
        public var baselinePerSecond: Double { Double(messages) / baselineSeconds }
        public var ratio: Double { perSecond / baselinePerSecond }
    }

    public let messages: Int
    public let people: Int
    public let batch: Int
    public let settings: NotifySettings

    public init(messages: Int, people: Int, batch: Int, settings: NotifySettings) {
        self.messages = messages
        self.people = people
        self.batch = batch
        self.settings = settings
    }

    public func run(store: Store, today: CalendarDate, logger: Logger, say: @escaping @Sendable (String) -> Void) async throws -> Result {
        let existing = try await store.sql.raw("SELECT COUNT(*) AS n FROM persons").first()?.decode(column: "n", as: Int.self) ?? 0
        guard existing == 0 else {
            throw BenchmarkFailure("The benchmark needs an empty database (its baseline empties the notify tables); this one has \(existing) people.")
        }
        say("Seeding \(people) people…")
        _ = try await PopulationSeeder(store: store).seed(count: people, seed: 11, today: today)
        let numbers = try await store.sql.raw("SELECT identity_number FROM persons ORDER BY identity_number").all()
            .map { try $0.decode(column: "identity_number", as: String.self) }
        let caller = ExchangeCaller(clientID: "bench-notify", organisationNumber: "889640782")
        _ = try await NotifyTemplates(store: store).save(id: "bench", Self.template, organisation: caller.organisationNumber, by: "bench")
        let authorisation = try ExchangeCatalogue.authorise(grantedScopes: ["tverr:notify/messages.send"], purpose: "varsling",
                                                            legalBasis: "eforvaltningsforskriften-kap-8", needing: .contact, write: true)
        let requests = (0..<messages).map { index -> (MessageRequest, key: String?) in
            let to = index % 2 == 0 ? MessageRequest.Recipient(nationalIdentityNumber: numbers[(index / 2) % numbers.count])
                : MessageRequest.Recipient(email: "mottaker\(index)@bench.test")
            return (MessageRequest(template: "bench", to: to, personalisation: ["n": String(index)], language: index % 10 == 3 ? "uk" : "nb"),
                    "bench-\(index)")
        }
        let notify = NotifyMessages(store: store)
        let dispatcher = NotifyDispatcher(messages: notify, settings: settings, logger: logger)
        let clock = ContinuousClock()
        let start = clock.now
        let gateBefore = store.writeGateStatistics
        // The workers run while the batches are stored, as in `tverr serve`.
        let workers = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<max(1, settings.workers) {
                    group.addTask {
                        while !Task.isCancelled {
                            if await dispatcher.runOnce() < settings.batchSize { try? await Task.sleep(for: .milliseconds(20)) }
                        }
                    }
                }
            }
        }
        var rejected = 0
        for first in stride(from: 0, to: requests.count, by: batch) {
            let results = await notify.sendBatch(Array(requests[first..<min(first + batch, requests.count)]), caller: caller,
                                                 authorisation: authorisation)
            rejected += results.filter { $0.status != "created" }.count
        }
        let stored = clock.now - start
        say(String(format: "Stored %d messages in %.2f s; delivering…", messages, Self.seconds(stored)))
        guard rejected == 0 else { workers.cancel(); throw BenchmarkFailure("\(rejected) messages were not created.") }
        while try await anyPending(store) { try await Task.sleep(for: .milliseconds(50)) }
        let finished = clock.now - start
        let gate = store.writeGateStatistics
        workers.cancel()
        await workers.value
        await dispatcher.shutdown()
        var deliveries: [String: Int] = [:]
        for row in try await store.sql.raw("SELECT channel, status, COUNT(*) AS n FROM notify_deliveries GROUP BY channel, status").all() {
            deliveries["\(try row.decode(column: "channel", as: String.self))/\(try row.decode(column: "status", as: String.self))"] =
                try row.decode(column: "n", as: Int.self)
        }
        say("Baseline: the same outbox rows inserted alone…")
        let baseline = try await OutboxInsertBaseline.measure(store: store)
        return Result(messages: messages, storeSeconds: Self.seconds(stored), endToEndSeconds: Self.seconds(finished),
                      baselineSeconds: baseline.seconds, deliveries: deliveries, gatedWrites: gate.writes - gateBefore.writes,
                      gateHeldShare: Self.seconds(gate.held - gateBefore.held) / Self.seconds(finished))
    }

    /// Whether any delivery is still pending: one index probe, not a count of them all (counting
    /// every 50 ms cost PostgreSQL 3 s of the two cores in a 35 s run).
    func anyPending(_ store: Store) async throws -> Bool {
        try await store.sql.raw("SELECT 1 AS one FROM notify_deliveries WHERE status = 'pending' LIMIT 1").first() != nil
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// One template with every channel in all four languages.
    static let template = TemplateRequest(name: "Benchmark", variants: ["nb", "nn", "en", "uk"].flatMap { language -> [TemplateRequest.Variant] in
        let (subject, body, pointer) = language == "uk"
            ? ("Нове повідомлення ((n))", "Ви маєте нове повідомлення ((n)).", "Нове повідомлення ((n)) на Моїй сторінці.")
            : ("Ny melding ((n))", "Du har en ny melding. Den har nummer ((n)).", "Du har en ny melding på Min side. Nummer ((n)).")
        return [
            .init(channel: "mailbox", language: language, subject: subject, body: body),
            .init(channel: "letter", language: language, subject: subject, body: body),
            .init(channel: "email", language: language, subject: subject, body: pointer),
            .init(channel: "sms", language: language, body: pointer),
        ]
    })
}

/// Why a benchmark run could not give figures.
public struct BenchmarkFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
