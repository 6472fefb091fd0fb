import AsyncHTTPClient
import CertLogic
import Crypto
import Foundation
import Hummingbird
import Identifiers
import Identity
import Logging
import Pandemic
import Persistence
import SQLKit

/// `tverr bench results`: test results per second through the laboratory API, over HTTP to a
/// live server on this machine, each with its audit entry, its event and its notice (stored for
/// the workers; none run), against inserting the bare result rows alone in the same database.
public struct ResultsBenchmark: Sendable {
    public struct Result: Sendable {
        public var results: Int
        public var seconds: Double
        public var baselineSeconds: Double
        /// What the run left: results, audit entries, events, notices and tracing cases.
        public var counts: [String: Int]
        public var gatedWrites = 0
        public var gateHeldShare = 0.0
        public var perSecond: Double { Double(results) / seconds }
        public var baselinePerSecond: Double { Double(results) / baselineSeconds }
        public var ratio: Double { perSecond / baselinePerSecond }
    }

    public let results: Int
    public let people: Int
    public let batch: Int
    public let parallel: Int

    public init(results: Int, people: Int, batch: Int, parallel: Int) {
        (self.results, self.people, self.batch, self.parallel) = (results, people, batch, parallel)
    }

    static let now = Date()

    /// The `index`th result: spread over the people, 4 % positive, a third rapid tests, sampled in the last day.
    static func submission(_ index: Int, person: String) -> ResultSubmission {
        let rapid = index % 3 == 0
        let collected = ISODate.format(dateTime: now.timeIntervalSince1970 - Double(600 + index % 86_400))
        return ResultSubmission(sampleID: String(format: "BENCH-%08d", index), nationalIdentityNumber: person,
                                testType: rapid ? "LP217198-3" : "LP6464-4", device: rapid ? "1232" : nil, testName: rapid ? nil : "cobas SARS-CoV-2",
                                sampleCollected: collected, result: index % 25 == 7 ? "positive" : "negative",
                                testCentre: rapid ? "Teststasjon Oslo S" : "Fürst Medisinsk Laboratorium")
    }

    public func run(store: Store, today: CalendarDate, dataDirectory: String, logger: Logger,
                    say: @escaping @Sendable (String) -> Void) async throws -> Result {
        let existing = try await store.sql.raw("SELECT COUNT(*) AS n FROM persons").first()?.decode(column: "n", as: Int.self) ?? 0
        guard existing == 0 else { throw BenchmarkFailure("The benchmark needs an empty database; this one has \(existing) people.") }
        say("Seeding \(people) people…")
        _ = try await PopulationSeeder(store: store).seed(count: people, seed: 13, today: today)
        let numbers = try await store.sql.raw("SELECT identity_number FROM persons ORDER BY identity_number").all()
            .map { try $0.decode(column: "identity_number", as: String.self) }
        let submissions = (0..<results).map { Self.submission($0, person: numbers[($0 * 7919) % numbers.count]) }

        say("Baseline: inserting \(results) bare result rows…")
        let baseline = try await ResultInsertBaseline.measure(submissions, store: store, now: Self.now)

        say("Encoding \(results / batch) requests of \(batch) rows…")
        let bodies = try stride(from: 0, to: submissions.count, by: batch).map { try Self.body(Array(submissions[$0..<min($0 + batch, submissions.count)])) }
        let provider = IdentityProvider(issuer: "http://127.0.0.1", demoMode: false, store: store, dataDirectory: dataDirectory)
        let key = P256.Signing.PrivateKey()
        _ = try await provider.clients.registerMachineClient(name: "Benchmark laboratory", organisationNumber: "983744516",
                                                             publicJWK: PublicJWK(key.publicKey), scopes: [ResultsAPIController.writeScope],
                                                             clientID: "bench-lab")
        let gateBefore = store.writeGateStatistics
        let (seconds, rejected) = try await LocalServer.with(store: store, provider: provider, logger: logger) { base, client in
            say("Submitting through POST \(SiteRoute.pandemicResults.rawValue), \(parallel) requests at a time…")
            let clock = ContinuousClock()
            let start = clock.now
            let rejected = try await LocalServer.concurrently(bodies, parallel: parallel) { body in
                // A token lasts minutes; like a laboratory's client, each request gets a fresh one.
                let token = try await LocalServer.machineToken(client, base: base, clientID: "bench-lab", key: key, scope: ResultsAPIController.writeScope,
                                                               issuer: provider.issuer)
                let answer = try await LocalServer.post(client, base + SiteRoute.pandemicResults.rawValue, token: token, body: body)
                struct Counts: Decodable { let accepted: Int; let rejected: Int }
                return try JSONDecoder().decode(Counts.self, from: answer).rejected
            }
            return (clock.now - start, rejected.reduce(0, +))
        }
        guard rejected == 0 else { throw BenchmarkFailure("\(rejected) results were rejected; the run is not a fair measure.") }
        var counts: [String: Int] = [:]
        for (name, query) in [("results", "SELECT COUNT(*) AS n FROM test_results"),
                              ("audit entries", "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'pandemic.result.register'"),
                              ("events", "SELECT COUNT(*) AS n FROM outbox_events WHERE type = 'no.tverr.pandemic.test-result-registered.v1'"),
                              ("notices", "SELECT COUNT(*) AS n FROM notify_messages WHERE template_id = 'test-result-ready'"),
                              ("tracing cases", "SELECT COUNT(*) AS n FROM tracing_cases")] {
            counts[name] = try await store.sql.raw(SQLQueryString(query)).first()!.decode(column: "n", as: Int.self)
        }
        for name in ["results", "audit entries", "events", "notices"] where counts[name] != results {
            throw BenchmarkFailure("Expected \(results) \(name), found \(counts[name] ?? 0).")
        }
        let gate = store.writeGateStatistics
        var result = Result(results: results, seconds: seconds.seconds, baselineSeconds: baseline, counts: counts)
        result.gatedWrites = gate.writes - gateBefore.writes
        result.gateHeldShare = (gate.held - gateBefore.held).seconds / seconds.seconds
        return result
    }

    static func body(_ rows: [ResultSubmission]) throws -> Data {
        struct Row: Encodable {
            let sampleId: String?, nationalIdentityNumber: String?, testType: String?, device: String?, testName: String?
            let sampleCollected: String?, result: String?, testCentre: String?
        }
        struct Batch: Encodable { let results: [Row] }
        return try JSONEncoder().encode(Batch(results: rows.map {
            Row(sampleId: $0.sampleID, nationalIdentityNumber: $0.nationalIdentityNumber, testType: $0.testType, device: $0.device,
                testName: $0.testName, sampleCollected: $0.sampleCollected, result: $0.result, testCentre: $0.testCentre)
        }))
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
