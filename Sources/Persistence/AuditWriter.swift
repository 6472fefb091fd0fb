import Audit
import Foundation

/// Group commit for audit entries: callers that arrive while a batch is being written wait for
/// the next one, which is sealed and inserted in one transaction. Each caller resumes only when
/// its own entry is committed (or with the error that stopped it).
actor AuditWriter {
    private var pending: [(record: AuditRecord, recordedAt: Int64, withheldUntil: String?,
                           continuation: CheckedContinuation<SealedAuditEntry, any Error>)] = []
    private var writing = false
    /// The chain head after this writer's last batch (SQLite's optimistic path starts from it).
    private var head: AuditChain?
    /// The largest batch in one transaction (bounded so one commit stays short).
    static let maximumBatch = 500
    /// How many batches and entries this writer has committed (for the benchmark's report).
    private(set) var committed: (batches: Int, entries: Int) = (0, 0)

    func append(_ record: AuditRecord, recordedAt: Int64, withheldUntil: String? = nil, log: AuditLog) async throws -> SealedAuditEntry {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((record, recordedAt, withheldUntil, continuation))
            if !writing {
                writing = true
                Task { await self.drain(log) }
            }
        }
    }

    private func drain(_ log: AuditLog) async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.maximumBatch))
            pending.removeFirst(batch.count)
            do {
                let (sealed, after) = try await log.appendBatch(batch.map { ($0.record, $0.recordedAt, $0.withheldUntil) }, after: head)
                head = after
                committed = (committed.batches + 1, committed.entries + sealed.count)
                for (waiting, entry) in zip(batch, sealed) { waiting.continuation.resume(returning: entry) }
            } catch {
                head = nil
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
        writing = false
    }
}
