import Audit
import Foundation
import NIOCore
import NIOPosix
import SQLiteNIO

/// Group commit for audit entries. A caller that finds the writer idle writes its entry at once;
/// callers that arrive while a batch is being written wait for the next one, which is sealed and
/// inserted with one statement. Each caller resumes only when its own entry is committed (or with
/// the error that stopped it).
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
        if writing {
            return try await withCheckedThrowingContinuation { pending.append((record, recordedAt, withheldUntil, $0)) }
        }
        // Nobody is writing: this caller writes its own entry at once, with no hand-off. Callers
        // that arrive meanwhile queue, and a task drains them in batches.
        writing = true
        let result: Result<SealedAuditEntry, any Error>
        do { result = .success(try await write([(record, recordedAt, withheldUntil)], log: log)[0]) } catch { result = .failure(error) }
        if pending.isEmpty { writing = false } else { Task { await self.drain(log) } }
        return try result.get()
    }

    /// Appends several entries and returns when all are committed: as one batch (or a few, of
    /// `maximumBatch` each) when the writer is idle, else in the queue's next batches.
    func appendAll(_ records: [AuditRecord], recordedAt: Int64, log: AuditLog) async throws {
        guard !records.isEmpty else { return }
        if writing {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for record in records { group.addTask { _ = try await self.append(record, recordedAt: recordedAt, log: log) } }
                try await group.waitForAll()
            }
            return
        }
        writing = true
        var failure: (any Error)?
        for start in stride(from: 0, to: records.count, by: Self.maximumBatch) {
            let chunk = records[start..<min(start + Self.maximumBatch, records.count)]
            do { _ = try await write(chunk.map { ($0, recordedAt, nil) }, log: log) } catch { failure = error; break }
        }
        if pending.isEmpty { writing = false } else { Task { await self.drain(log) } }
        if let failure { throw failure }
    }

    /// Seals and commits one batch; on failure the remembered head is dropped (read again next time).
    private func write(_ batch: [(record: AuditRecord, recordedAt: Int64, withheldUntil: String?)], log: AuditLog) async throws -> [SealedAuditEntry] {
        do {
            let sealed: [SealedAuditEntry]
            if case .sqlite(let path) = log.store.configuration, !batch.contains(where: { $0.withheldUntil != nil }) {
                sealed = try await appendSQLite(batch.map { ($0.record, $0.recordedAt) }, path: path)
            } else {
                let (entries, after) = try await log.appendBatch(batch, after: head)
                sealed = entries
                head = after
            }
            committed = (committed.batches + 1, committed.entries + sealed.count)
            return sealed
        } catch {
            head = nil
            throw error
        }
    }

    /// On SQLite, the writer's own connection: it never waits for a pooled connection that a
    /// read holds, and its statement goes straight to the thread pool.
    private var connection: SQLiteConnection?

    /// Closes the writer's connection (the store calls this when it shuts down).
    func close() async {
        try? await connection?.close()
        connection = nil
    }

    private func sqliteConnection(path: String) async throws -> SQLiteConnection {
        if let connection { return connection }
        let opened = try await SQLiteConnection.open(storage: .file(path: path), threadPool: Store.sqliteThreads,
                                                     on: MultiThreadedEventLoopGroup.singleton.any()).get()
        try await opened.query("PRAGMA busy_timeout=\(Store.sqliteBusyTimeout)", []) { _ in }
        try await opened.query("PRAGMA synchronous=NORMAL", []) { _ in }
        connection = opened
        return opened
    }

    /// The SQLite path: seal after the remembered head and insert the batch with one statement
    /// (atomic by itself). Another writer that got there first makes the unique `sequence` fail;
    /// then the real head is read and the batch sealed again.
    private func appendSQLite(_ batch: [(record: AuditRecord, recordedAt: Int64)], path: String) async throws -> [SealedAuditEntry] {
        let connection = try await sqliteConnection(path: path)
        var attempt = 0
        while true {
            var chain: AuditChain
            if let head { chain = head } else { chain = try await Self.head(on: connection) }
            let entries = batch.map { chain.append($0.record, recordedAt: $0.recordedAt) }
            var binds: [SQLiteData] = []
            binds.reserveCapacity(entries.count * 8)
            for entry in entries {
                let r = entry.record
                binds += [.integer(SQLiteInt64(entry.sequence)), .integer(SQLiteInt64(entry.recordedAt)), .text(r.actor), .text(r.subject),
                          .text(r.action), .text(r.purpose), .text(r.legalBasis), .blob(ByteBuffer(bytes: entry.hash))]
            }
            let rows = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: entries.count).joined(separator: ", ")
            do {
                try await connection.query("""
                    INSERT INTO audit_entries (sequence, recorded_at, actor, subject, action, purpose, legal_basis, hash) VALUES \(rows)
                    """, binds) { _ in }
                head = chain
                return entries
            } catch let error as SQLiteError where attempt < 50 && Self.retriable.contains(error.reason) {
                attempt += 1
                head = nil
                try await Task.sleep(for: .milliseconds(attempt))
            }
        }
    }

    /// Another writer got there first (the unique `sequence`), or held the lock past the timeout.
    private static let retriable: [SQLiteError.Reason] = [.constraint, .constraintUniqueFailed, .constraintPrimaryKeyFailed, .busy, .busyTimeout]

    private static func head(on connection: SQLiteConnection) async throws -> AuditChain {
        nonisolated(unsafe) var found: AuditChain?
        try await connection.query("SELECT sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1", []) { row in
            if let sequence = row.column("sequence")?.integer, let hash = row.column("hash")?.blob {
                found = AuditChain(sequence: Int64(sequence), hash: Data(buffer: hash))
            }
        }
        return found ?? AuditChain()
    }

    private func drain(_ log: AuditLog) async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.maximumBatch))
            pending.removeFirst(batch.count)
            do {
                let sealed = try await write(batch.map { ($0.record, $0.recordedAt, $0.withheldUntil) }, log: log)
                for (waiting, entry) in zip(batch, sealed) { waiting.continuation.resume(returning: entry) }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
        writing = false
    }
}
