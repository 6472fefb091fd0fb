import Crypto
import Foundation

/// Audit entries sealed per second, against raw SHA-256 over the same bytes in the same run.
public enum AuditBenchmark {
    /// The figures one run produced.
    public struct Result: Sendable {
        public var entries: Int
        public var chainSeconds: Double
        public var rawSeconds: Double
        public var chainPerSecond: Double { Double(entries) / chainSeconds }
        public var rawPerSecond: Double { Double(entries) / rawSeconds }
        public var ratio: Double { chainPerSecond / rawPerSecond }
    }

    /// Seals `count` realistic records, then hashes the very same byte strings with SHA-256 alone.
    public static func run(count: Int) -> Result {
        let records = (0..<count).map { index in
            AuditRecord(actor: "client:974760673/nav-\(index % 7)", subject: String(10_000_000_000 + index * 7919 % 89_999_999_999),
                        action: "registers.person.read", purpose: "smittesporing", legalBasis: "smittevernloven § 7-3")
        }
        let clock = ContinuousClock()
        var chain = AuditChain()
        var sealed: [SealedAuditEntry] = []
        sealed.reserveCapacity(count)
        let chainTime = clock.measure {
            for (index, record) in records.enumerated() {
                sealed.append(chain.append(record, recordedAt: 1_790_000_000_000 + Int64(index)))
            }
        }
        // The baseline hashes exactly what the chain hashed: previous hash + canonical bytes.
        var previous = AuditChain.genesis
        let inputs = sealed.map { entry -> Data in
            defer { previous = entry.hash }
            return previous + entry.canonicalBytes
        }
        var digests: [SHA256.Digest] = []
        digests.reserveCapacity(count)
        let rawTime = clock.measure {
            for input in inputs { digests.append(SHA256.hash(data: input)) }
        }
        // The comparison proves both loops hashed the same bytes (and keeps the work observable).
        precondition(zip(digests, sealed).allSatisfy { Data($0.0) == $0.1.hash }, "baseline and chain hashes differ")
        return Result(entries: count, chainSeconds: chainTime.seconds, rawSeconds: rawTime.seconds)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
