import Audit
import Crypto
import Foundation
import Identifiers
import Identity
import Logging
import SQLKit

/// Register look-ups per second with the audit write in the same transaction, against the same
/// look-ups without it; and audit entries appended to the database per second, against raw
/// SHA-256 over the same bytes. Runs on a fresh store (SQLite in a scratch folder by default).
public struct ExchangeBenchmark: Sendable {
    public struct Result: Sendable {
        public var lookups: Int
        public var concurrency: Int
        public var auditedSeconds: Double
        public var plainSeconds: Double
        public var auditBatches: Int
        public var appends: Int
        public var appendSeconds: Double
        public var hashSeconds: Double
        public var auditedPerSecond: Double { Double(lookups) / auditedSeconds }
        public var plainPerSecond: Double { Double(lookups) / plainSeconds }
        public var lookupRatio: Double { auditedPerSecond / plainPerSecond }
        public var appendsPerSecond: Double { Double(appends) / appendSeconds }
        public var hashesPerSecond: Double { Double(appends) / hashSeconds }
    }

    public let people: Int
    public let lookups: Int
    public let concurrency: Int
    public let appends: Int

    public init(people: Int, lookups: Int, concurrency: Int, appends: Int) {
        self.people = people
        self.lookups = lookups
        self.concurrency = concurrency
        self.appends = appends
    }

    public func run(store: Store, today: CalendarDate, say: @Sendable (String) -> Void) async throws -> Result {
        say("Seeding \(people) people…")
        _ = try await PopulationSeeder(store: store).seed(count: people, seed: 5, today: today)
        let numbers = try await store.sql.raw("SELECT identity_number FROM persons ORDER BY identity_number LIMIT 1000").all()
            .compactMap { try? NationalIdentityNumber($0.decode(column: "identity_number", as: String.self)) }
        let exchange = RegisterExchange(store: store)
        let authorisation = try ExchangeCatalogue.authorise(grantedScopes: ["tverr:registers/person.read"], purpose: "smittesporing",
                                                            legalBasis: "smittevernloven-3-6", needing: .identity)
        let caller = ExchangeCaller(clientID: "bench", organisationNumber: "983744516")
        let fields = authorisation.fields
        let clock = ContinuousClock()
        let (lookups, concurrency) = (self.lookups, self.concurrency)

        func measure(_ body: @escaping @Sendable (NationalIdentityNumber) async throws -> PersonRecord) async throws -> Double {
            let start = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        for index in stride(from: worker, to: lookups, by: concurrency) {
                            let record = try await body(numbers[index % numbers.count])
                            precondition(record.identityNumber == numbers[index % numbers.count].value)
                        }
                    }
                }
                try await group.waitForAll()
            }
            return start.duration(to: clock.now).seconds
        }
        say("Look-ups without the audit write…")
        _ = try await measure { try await exchange.personWithoutAudit($0, fields: fields) } // warm the cache
        let plain = try await measure { try await exchange.personWithoutAudit($0, fields: fields) }
        say("Look-ups with the audit write…")
        let before = await store.auditWriter.committed
        let audited = try await measure {
            try await exchange.person($0, authorisation: authorisation, caller: caller, action: "registers.person.read")
        }
        let batches = await store.auditWriter.committed.batches - before.batches

        say("Audit appends…")
        let log = AuditLog(store: store)
        let records = (0..<appends).map { index in
            AuditRecord(actor: caller.auditActor, subject: numbers[index % numbers.count].value, action: "registers.person.read",
                        purpose: "smittesporing", legalBasis: "smittevernloven § 3-6")
        }
        let appendStart = clock.now
        for record in records { try await log.append(record) }
        let appendTime = start(appendStart, clock)
        // The baseline hashes the very bytes the chain hashed for those entries.
        let tail = try await log.entries().suffix(appends)
        var previous = try await store.sql.raw("SELECT hash FROM audit_entries WHERE sequence = \(bind: (tail.first?.sequence ?? 1) - 1)").first()?
            .decode(column: "hash", as: Data.self) ?? AuditChain.genesis
        let inputs = tail.map { entry -> Data in
            defer { previous = entry.hash }
            return previous + entry.canonicalBytes
        }
        var digests: [SHA256.Digest] = []
        digests.reserveCapacity(inputs.count)
        let hashTime = clock.measure { for input in inputs { digests.append(SHA256.hash(data: input)) } }
        precondition(zip(digests, tail).allSatisfy { Data($0.0) == $0.1.hash }, "baseline and chain hashes differ")
        let verified = try await log.verify()
        precondition(verified >= Int64(appends + lookups), "the chain must hold every audited look-up and append")
        return Result(lookups: lookups, concurrency: concurrency, auditedSeconds: audited, plainSeconds: plain, auditBatches: batches,
                      appends: appends, appendSeconds: appendTime, hashSeconds: hashTime.seconds)
    }

    private func start(_ instant: ContinuousClock.Instant, _ clock: ContinuousClock) -> Double { instant.duration(to: clock.now).seconds }
}
