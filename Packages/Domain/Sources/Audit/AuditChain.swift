import Foundation

/// The head of the tamper-evident audit log: appending seals a record with the next sequence
/// number and a SHA-256 hash over the previous hash and the record's canonical bytes, as X-Road's
/// message log does for exchanges.
public struct AuditChain: Sendable, Equatable {
    /// The hash before the first entry: 32 zero bytes.
    public static let genesis = Data(repeating: 0, count: 32)

    /// The last sequence number, 0 for an empty chain.
    public private(set) var sequence: Int64
    /// The last entry's hash, or `genesis`.
    public private(set) var hash: Data

    /// A chain that continues after `sequence` and `hash` (an empty chain by default).
    public init(sequence: Int64 = 0, hash: Data = AuditChain.genesis) {
        self.sequence = sequence
        self.hash = hash
    }

    /// Seals `record` as the next entry, recorded at `recordedAt` (milliseconds since 1970).
    public mutating func append(_ record: AuditRecord, recordedAt: Int64) -> SealedAuditEntry {
        var entry = SealedAuditEntry(sequence: sequence + 1, recordedAt: recordedAt, record: record, hash: Data())
        entry.hash = entry.computedHash(after: hash)
        sequence = entry.sequence
        hash = entry.hash
        return entry
    }
}
