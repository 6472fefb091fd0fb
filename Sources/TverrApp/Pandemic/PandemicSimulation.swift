import Booking
import CertLogic
import Crypto
import Foundation
import Identifiers
import Identity
import Logging
import Pandemic
import Persistence
import Population
import Reference
import SQLKit

/// `tverr simulate pandemic`: plays an epidemic wave of `days` days into a Tverr database, so
/// that a fresh `tverr serve` has queues and dashboards worth looking at. Test results go in
/// through the laboratory API over HTTP (a local server with a laboratory's machine client),
/// exactly as a laboratory sends them; arrivals, bookings and tracing go through their blocks'
/// own code with the same checks the pages use (they need a person's or a tracer's login on the
/// web). The wave is a bell curve peaking two thirds of the way through; positivity follows it.
/// Deterministic for a given seed.
public struct PandemicSimulation: Sendable {
    public let days: Int
    public let seed: UInt64

    public init(days: Int, seed: UInt64) { (self.days, self.seed) = (days, seed) }

    /// What the simulation put in.
    public struct Summary: Sendable {
        public var results = 0, positives = 0, arrivals = 0, bookings = 0, contacts = 0, closedCases = 0
    }

    /// The share of the population tested on day `day` and the share of those tests positive.
    func intensity(_ day: Int) -> (tested: Double, positive: Double) {
        let peak = Double(days) * 2 / 3, width = max(Double(days) / 5, 1)
        let curve = exp(-pow((Double(day) - peak) / width, 2) / 2)
        return (0.004 + 0.016 * curve, 0.02 + 0.16 * curve)
    }

    public func run(store: Store, dataDirectory: String, logger: Logger, say: @escaping @Sendable (String) -> Void) async throws -> Summary {
        var random = SeededGenerator(seed: seed)
        let people = try await store.sql.raw("SELECT identity_number FROM persons ORDER BY identity_number").all()
            .map { try $0.decode(column: "identity_number", as: String.self) }
        guard !people.isEmpty else { throw BenchmarkFailure("The register is empty; run tverr serve once, or seed it, first.") }
        let today = SlotSchedule.wallClock(Int64(Date().timeIntervalSince1970), in: SlotSchedule.norway).date
        let now = Date().timeIntervalSince1970
        var summary = Summary()
        // Test results, day by day, through the laboratory API.
        var batches: [Data] = []
        for day in 0..<days {
            let date = today.adding(days: day - days + 1)
            let (tested, positive) = intensity(day)
            let count = Int(Double(people.count) * tested)
            var rows: [ResultSubmission] = []
            for index in 0..<count {
                let minute = 7 * 60 + random.below(12 * 60)
                guard let instant = SlotSchedule.instant(date, minute: minute, in: SlotSchedule.norway), Double(instant) < now - 600 else { continue }
                let rapid = random.chance(0.6), isPositive = random.chance(positive)
                rows.append(ResultSubmission(sampleID: "SIM-\(seed)-\(date)-\(index)", nationalIdentityNumber: people[random.below(people.count)],
                                             testType: rapid ? "rapid" : "pcr", device: rapid ? ["1232", "1468", "1065"][random.below(3)] : nil,
                                             testName: rapid ? nil : "cobas SARS-CoV-2", sampleCollected: ISODate.format(dateTime: Double(instant)),
                                             result: isPositive ? "positive" : "negative",
                                             testCentre: rapid ? "Teststasjon Oslo S" : "Fürst Medisinsk Laboratorium"))
                if isPositive { summary.positives += 1 }
            }
            summary.results += rows.count
            for first in stride(from: 0, to: rows.count, by: TestResults.maximumBatch) {
                batches.append(try ResultsBenchmark.body(Array(rows[first..<min(first + TestResults.maximumBatch, rows.count)])))
            }
        }
        say("Sending \(summary.results) test results (\(summary.positives) positive) through the laboratory API…")
        let provider = IdentityProvider(issuer: "http://127.0.0.1", demoMode: false, store: store, dataDirectory: dataDirectory)
        let key = P256.Signing.PrivateKey(), clientID = "simulated-lab-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await provider.clients.registerMachineClient(name: "Simulated laboratory", organisationNumber: "983744516",
                                                             publicJWK: PublicJWK(key.publicKey), scopes: [ResultsAPIController.writeScope], clientID: clientID)
        let bodies = batches
        try await LocalServer.with(store: store, provider: provider, logger: logger) { base, client in
            for body in bodies {
                let token = try await LocalServer.machineToken(client, base: base, clientID: clientID, key: key, scope: ResultsAPIController.writeScope,
                                                               issuer: provider.issuer)
                _ = try await LocalServer.post(client, base + SiteRoute.pandemicResults.rawValue, token: token, body: body)
            }
        }
        summary.arrivals = try await arrivals(people, today: today, store: store, random: &random)
        say("Registered \(summary.arrivals) arrivals.")
        summary.bookings = try await bookings(people, store: store, random: &random)
        say("Booked \(summary.bookings) tests for the coming days.")
        (summary.contacts, summary.closedCases) = try await tracing(today: today, store: store, random: &random)
        say("Traced \(summary.contacts) close contacts and closed \(summary.closedCases) cases.")
        return summary
    }
}
