import Audit
import FluentKit
import FluentPostgresDriver
import Foundation
import Identifiers
import SQLKit

/// The audit log in the database: every access to personal data is appended here, sealed into
/// the hash chain, in the same transaction as the work it records when one is given.
public struct AuditLog: Sendable {
    let store: Store

    /// Creates the log over `store`.
    public init(store: Store) { self.store = store }

    /// Appends `record` as the next entry. Appends are serialised: on PostgreSQL by a transaction
    /// lock that every instance shares, on SQLite by the single writer, with a retry when another
    /// connection sealed first. Sequence numbers never repeat or skip.
    @discardableResult
    public func append(_ record: AuditRecord, at date: Date = Date()) async throws -> SealedAuditEntry {
        let recordedAt = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var attempt = 0
        while true {
            do {
                return try await store.database.transaction { database in
                    try await Self.append(record, recordedAt: recordedAt, on: database as! any SQLDatabase, postgres: store.isPostgres)
                }
            } catch where !store.isPostgres && attempt < 50 {
                // Another connection sealed the same sequence first (unique violation or a stale snapshot).
                attempt += 1
                try await Task.sleep(for: .milliseconds(1 + attempt))
            }
        }
    }

    /// Runs `body` and appends `records` in one transaction: the work and its audit entries
    /// are committed together or not at all. An error from `body` rolls back both and is
    /// rethrown as is. On SQLite the entries are sealed first, so the transaction holds the single
    /// writer from the start (a conflict then retries before any work is done); on PostgreSQL they
    /// are sealed last, so the log's lock is held only for the append.
    public func audited<T: Sendable>(_ records: [AuditRecord], at date: Date = Date(),
                                     _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let recordedAt = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let postgres = store.isPostgres
        var attempt = 0
        while true {
            do {
                return try await store.writeTransaction { sql in
                    if postgres {
                        let value = try await body(sql)
                        try await Self.append(records, recordedAt: recordedAt, on: sql, postgres: true)
                        return value
                    }
                    do {
                        try await Self.append(records, recordedAt: recordedAt, on: sql, postgres: false)
                    } catch { throw SealConflict() }
                    return try await body(sql)
                }
            } catch is SealConflict where attempt < 50 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(1 + attempt))
            }
        }
    }

    struct SealConflict: Error {}

    /// The chain head, read inside the caller's transaction after taking the log's lock
    /// (PostgreSQL; one lock key for the whole log, held until the transaction ends).
    static func lockedHead(_ sql: any SQLDatabase, postgres: Bool) async throws -> AuditChain {
        if postgres { try await sql.raw("SELECT pg_advisory_xact_lock(7254911)").run() }
        guard let head = try await sql.raw("SELECT sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1").first()
        else { return AuditChain() }
        return AuditChain(sequence: try head.decode(column: "sequence", as: Int64.self),
                          hash: try head.decode(column: "hash", as: Data.self))
    }

    /// Appends `record` through the store's group-committing writer: concurrent callers share one
    /// transaction, and each returns only once its entry is committed. Use this for reads, so that
    /// no data leaves before its audit entry is stored; use `audited` for changes.
    ///
    /// `withheldUntil` (a date) keeps the entry out of the person's "who used my data" until then;
    /// it is committed with the entry, so the entry is never visible without it.
    @discardableResult
    public func appendCommitted(_ record: AuditRecord, withheldUntil: CalendarDate? = nil, at date: Date = Date()) async throws -> SealedAuditEntry {
        try await store.auditWriter.append(record, recordedAt: Int64((date.timeIntervalSince1970 * 1000).rounded()),
                                           withheldUntil: withheldUntil?.description, log: self)
    }

    /// Appends several entries through the group-committing writer and returns once every one
    /// is committed (for a page of the event feed, or a batch of webhook deliveries).
    public func appendCommitted(_ records: [AuditRecord], at date: Date = Date()) async throws {
        try await store.auditWriter.appendAll(records, recordedAt: Int64((date.timeIntervalSince1970 * 1000).rounded()), log: self)
    }

    /// Seals and inserts a batch; returns the entries and the chain head after them.
    ///
    /// On PostgreSQL: one transaction under the log's advisory lock. On SQLite: optimistic. The batch
    /// is sealed after `cached` (the head the writer remembers) and inserted with one multi-row
    /// statement, which is atomic by itself; if anyone else appended meanwhile, the unique
    /// `sequence` makes the insert fail, and the batch is sealed again after the real head.
    func appendBatch(_ batch: [(record: AuditRecord, recordedAt: Int64, withheldUntil: String?)],
                     after cached: AuditChain?) async throws -> ([SealedAuditEntry], AuditChain) {
        let withholds = batch.contains(where: { $0.withheldUntil != nil })
        // PostgreSQL's fast path: one statement, sealed after the remembered head, that takes the
        // log's advisory lock for its own transaction. If another writer moved the head, the unique
        // `sequence` refuses it and the locked transaction below reads the real head.
        if store.isPostgres, !withholds, var chain = cached {
            let entries = batch.map { chain.append($0.record, recordedAt: $0.recordedAt) }
            do {
                try await Self.insertUnderLock(entries, on: store.sql)
                return (entries, chain)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {}
        }
        // With a withholding the entry and its withholding need one transaction (rare: covert reads).
        if store.isPostgres || withholds {
            var attempt = 0
            while true {
                do {
                    return try await store.database.transaction { database in
                        let sql = database as! any SQLDatabase
                        var chain = try await Self.lockedHead(sql, postgres: store.isPostgres)
                        let entries = batch.map { chain.append($0.record, recordedAt: $0.recordedAt) }
                        try await Self.insert(entries, on: sql)
                        for (entry, item) in zip(entries, batch) {
                            guard let until = item.withheldUntil else { continue }
                            try await sql.insert(into: "audit_withholdings").columns("sequence", "withheld_until").values(entry.sequence, until).run()
                        }
                        return (entries, chain)
                    }
                } catch where !store.isPostgres && attempt < 50 {
                    attempt += 1
                    try await Task.sleep(for: .milliseconds(attempt))
                }
            }
        }
        var head = cached
        var attempt = 0
        while true {
            var chain: AuditChain
            if let head { chain = head } else { chain = try await Self.lockedHead(store.sql, postgres: false) }
            let entries = batch.map { chain.append($0.record, recordedAt: $0.recordedAt) }
            do {
                try await Self.insert(entries, on: store.sql)
                return (entries, chain)
            } catch where attempt < 50 {
                attempt += 1
                head = nil
                try await Task.sleep(for: .milliseconds(attempt))
            }
        }
    }

    static let entryTable = BulkInsert(table: "audit_entries", columns: [
        "sequence", "recorded_at", "actor", "subject", "action", "purpose", "legal_basis", "hash",
    ])

    /// Inserts sealed entries with multi-row statements (on SQLite bound directly, without SQLKit's serializer).
    static func insert(_ entries: [SealedAuditEntry], on sql: any SQLDatabase) async throws {
        try await entryTable.run(entries.map { entry in
            let r = entry.record
            return [.integer(Int(entry.sequence)), .integer(Int(entry.recordedAt)), .text(r.actor), .text(r.subject), .text(r.action),
                    .text(r.purpose), .text(r.legalBasis), .blob(entry.hash)]
        }, on: sql)
    }

    /// One PostgreSQL statement: the advisory lock (held to the end of the statement's own
    /// transaction, so it waits for any locked append in progress) and the rows.
    static func insertUnderLock(_ entries: [SealedAuditEntry], on sql: any SQLDatabase) async throws {
        var query = SQLQueryString("INSERT INTO audit_entries (sequence, recorded_at, actor, subject, action, purpose, legal_basis, hash) ")
        query.appendLiteral("SELECT v.* FROM (SELECT pg_advisory_xact_lock(7254911)) AS l, (VALUES ")
        for (index, entry) in entries.enumerated() {
            let r = entry.record
            if index > 0 { query.appendLiteral(", ") }
            query.appendInterpolation(unsafeRaw: "(")
            query.appendInterpolation(bind: entry.sequence)
            query.appendLiteral("::bigint, ")
            query.appendInterpolation(bind: entry.recordedAt)
            query.appendLiteral("::bigint, ")
            query.appendInterpolation(binds: [r.actor, r.subject, r.action, r.purpose, r.legalBasis])
            query.appendLiteral(", ")
            query.appendInterpolation(bind: entry.hash)
            query.appendLiteral(")")
        }
        query.appendLiteral(") AS v (sequence, recorded_at, actor, subject, action, purpose, legal_basis, hash)")
        try await sql.raw(query).run()
    }

    /// Seals `records` after the locked head and inserts them, 500 rows a statement (a batch of
    /// messages writes one entry per person in one go).
    static func append(_ records: [AuditRecord], recordedAt: Int64, on sql: any SQLDatabase, postgres: Bool) async throws {
        guard !records.isEmpty else { return }
        var chain = try await lockedHead(sql, postgres: postgres)
        for piece in records.map({ chain.append($0, recordedAt: recordedAt) }).pieces() { try await insert(Array(piece), on: sql) }
    }

    @discardableResult
    static func append(_ record: AuditRecord, recordedAt: Int64, on sql: any SQLDatabase, postgres: Bool) async throws -> SealedAuditEntry {
        var chain = try await lockedHead(sql, postgres: postgres)
        let entry = chain.append(record, recordedAt: recordedAt)
        try await sql.insert(into: "audit_entries")
            .columns("sequence", "recorded_at", "actor", "subject", "action", "purpose", "legal_basis", "hash")
            .values(entry.sequence, entry.recordedAt, record.actor, record.subject, record.action, record.purpose,
                    record.legalBasis, entry.hash)
            .run()
        return entry
    }

    /// Every entry in storage order, as the verifier must see them.
    public func entries() async throws -> [SealedAuditEntry] {
        try await store.sql.raw("SELECT * FROM audit_entries ORDER BY position").all().map(Self.decode)
    }

    /// The entries about one person, oldest first (every one: for audit and oversight).
    public func entries(about subject: String) async throws -> [SealedAuditEntry] {
        try await store.sql.raw("SELECT * FROM audit_entries WHERE subject = \(bind: subject) ORDER BY sequence").all().map(Self.decode)
    }

    /// The entries the person may see in "who used my data" on `today`: all except those withheld
    /// until a later date.
    public func entriesVisible(to subject: String, today: CalendarDate) async throws -> [SealedAuditEntry] {
        try await store.sql.raw("""
            SELECT e.* FROM audit_entries e LEFT JOIN audit_withholdings w ON w.sequence = e.sequence
            WHERE e.subject = \(bind: subject) AND (w.sequence IS NULL OR w.withheld_until <= \(bind: today.description))
            ORDER BY e.sequence
            """).all().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> SealedAuditEntry {
        SealedAuditEntry(
            sequence: try row.decode(column: "sequence", as: Int64.self),
            recordedAt: try row.decode(column: "recorded_at", as: Int64.self),
            record: AuditRecord(actor: try row.decode(column: "actor", as: String.self),
                                subject: try row.decode(column: "subject", as: String.self),
                                action: try row.decode(column: "action", as: String.self),
                                purpose: try row.decode(column: "purpose", as: String.self),
                                legalBasis: try row.decode(column: "legal_basis", as: String.self)),
            hash: try row.decode(column: "hash", as: Data.self))
    }
}
