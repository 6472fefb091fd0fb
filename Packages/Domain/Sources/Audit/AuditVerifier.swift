import Crypto
import Foundation

/// The first place where a stored audit chain stops being the chain that was written.
public enum AuditChainBreak: Error, Equatable, Sendable, CustomStringConvertible {
    /// The entry at `position` (0-based, in storage order) does not hash to its stored hash.
    case modified(position: Int, sequence: Int64)
    /// Entry `expected` is gone: the entry at `position` follows a gap.
    case deleted(position: Int, expected: Int64)
    /// The entry at `position` is out of order: entry `expected` is stored later.
    case reordered(position: Int, expected: Int64, found: Int64)
    /// A checkpoint's signature is not valid under any trusted key.
    case badCheckpointSignature(sequence: Int64)
    /// The chain's hash at a signed checkpoint differs from the signed hash: the tail was rewritten.
    case checkpointMismatch(sequence: Int64)
    /// A checkpoint names an entry the chain no longer has.
    case truncated(checkpointSequence: Int64, lastSequence: Int64)

    public var description: String {
        switch self {
        case .modified(let position, let sequence):
            "Entry \(sequence) (row \(position + 1)) was modified: its content does not match its hash."
        case .deleted(let position, let expected):
            "Entry \(expected) was deleted: row \(position + 1) follows a gap."
        case .reordered(let position, let expected, let found):
            "Entries were reordered: row \(position + 1) holds entry \(found) where entry \(expected) belongs."
        case .badCheckpointSignature(let sequence):
            "The checkpoint at entry \(sequence) has an invalid signature."
        case .checkpointMismatch(let sequence):
            "The chain up to entry \(sequence) was rewritten: it no longer matches the signed checkpoint."
        case .truncated(let checkpointSequence, let lastSequence):
            "Entries after \(lastSequence) were deleted: a signed checkpoint covers entry \(checkpointSequence)."
        }
    }
}

/// Walks a stored audit chain and reports the first break, if any.
public enum AuditVerifier {
    /// Verifies `entries` in storage order from the genesis, and every checkpoint against `keys`
    /// (key id → public key). Returns how many entries were checked.
    @discardableResult
    public static func verify(
        _ entries: [SealedAuditEntry], checkpoints: [AuditCheckpoint] = [],
        keys: [String: P256.Signing.PublicKey] = [:]
    ) throws(AuditChainBreak) -> Int {
        for checkpoint in checkpoints {
            guard let key = keys[checkpoint.keyID], checkpoint.isSigned(by: key) else {
                throw .badCheckpointSignature(sequence: checkpoint.sequence)
            }
        }
        let signed = Dictionary(checkpoints.map { ($0.sequence, $0.hash) }, uniquingKeysWith: { first, _ in first })
        let stored = Set(entries.map(\.sequence))
        var running = AuditChain.genesis
        var expected: Int64 = 1
        for (position, entry) in entries.enumerated() {
            if entry.sequence != expected {
                if stored.contains(expected) || entry.sequence < expected {
                    throw .reordered(position: position, expected: expected, found: entry.sequence)
                }
                throw .deleted(position: position, expected: expected)
            }
            running = entry.computedHash(after: running)
            guard running == entry.hash else { throw .modified(position: position, sequence: entry.sequence) }
            if let signedHash = signed[entry.sequence], signedHash != running {
                throw .checkpointMismatch(sequence: entry.sequence)
            }
            expected += 1
        }
        if let latest = checkpoints.map(\.sequence).max(), latest >= expected {
            throw .truncated(checkpointSequence: latest, lastSequence: expected - 1)
        }
        return entries.count
    }
}
