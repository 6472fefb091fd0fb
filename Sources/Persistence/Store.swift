import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteNIO

/// The database behind every block: FluentKit without a web framework, on SQLite or PostgreSQL,
/// with the same migrations on both.
public final class Store: Sendable {
    /// What the store was opened with.
    public let configuration: StorageConfiguration
    let databases: Databases
    let logger: Logger
    /// The one group-committing writer of audit entries for this store.
    let auditWriter: AuditWriter
    /// Queues this process's SQLite write transactions (see `WriteGate`).
    let writeGate = WriteGate()

    private init(configuration: StorageConfiguration, databases: Databases, logger: Logger) {
        self.configuration = configuration
        self.databases = databases
        self.logger = logger
        self.auditWriter = AuditWriter()
    }

    /// Opens the store and checks that the database answers.
    public static func open(_ configuration: StorageConfiguration, logger: Logger) async throws(StoreError) -> Store {
        let databases = Databases(threadPool: Self.sqliteThreads, on: MultiThreadedEventLoopGroup.singleton)
        switch configuration {
        case .sqlite(let path):
            try prepareSQLiteFile(at: path)
            databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
        case .sqliteInMemory:
            databases.use(.sqlite(.memory, sqlLogLevel: .trace), as: .sqlite)
        case .postgres(let url):
            do {
                databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(30), sqlLogLevel: .trace), as: .psql)
            } catch {
                await databases.shutdownAsync()
                throw .databaseUnreachable(configuration.description, reason: "the URL was not accepted (\(error))")
            }
        }
        let store = Store(configuration: configuration, databases: databases, logger: logger)
        // The first contact is reported by the error below; the pool's own log line would only repeat it.
        var quiet = logger
        quiet.logLevel = .critical
        let probe = databases.database(logger: quiet, on: MultiThreadedEventLoopGroup.singleton.any()) as! any SQLDatabase
        do {
            if case .sqlite = configuration {
                // WAL lets readers run alongside the writer; the setting is stored in the file.
                try await probe.raw("PRAGMA journal_mode=WAL").run()
                // The page cache is per connection; the pool keeps one connection per event loop.
                for loop in MultiThreadedEventLoopGroup.singleton.makeIterator() {
                    let connection = databases.database(logger: quiet, on: loop) as! any SQLDatabase
                    try await connection.raw("PRAGMA cache_size=\(unsafeRaw: String(Self.sqliteCacheSize))").run()
                    // In WAL mode NORMAL syncs at checkpoints, not at every commit: a power cut can lose
                    // the last commits but never corrupts the file (a process crash loses nothing).
                    try await connection.raw("PRAGMA synchronous=NORMAL").run()
                    // sqlite-nio's own busy handler retries at once and for ever, spinning on a
                    // thread-pool thread; with every thread spinning, the writer they wait for
                    // could never commit. SQLite's timeout handler sleeps between tries and gives up.
                    try await connection.raw("PRAGMA busy_timeout=\(unsafeRaw: String(Self.sqliteBusyTimeout))").run()
                    // Statement journals and temporary indexes in memory, not in temporary files;
                    // and the file mapped, so that a page outside the cache is read without a copy.
                    try await connection.raw("PRAGMA temp_store=MEMORY").run()
                    try await connection.raw("PRAGMA mmap_size=\(unsafeRaw: String(Self.sqliteMapSize))").run()
                    // Checkpoint every 16,384 pages (64 MiB of WAL) rather than SQLite's 1,000: a page
                    // written by many commits is copied back once, and commits rarely wait for it.
                    try await connection.raw("PRAGMA wal_autocheckpoint=\(unsafeRaw: String(Self.sqliteCheckpointPages))").run()
                }
            }
            try await probe.raw("SELECT 1").run()
        } catch {
            await databases.shutdownAsync()
            if case .sqlite(let path) = configuration { throw .notAnSQLiteDatabase(path) }
            throw .databaseUnreachable(configuration.description, reason: Self.plainReason(error))
        }
        return store
    }

    /// How long an SQLite statement waits for another writer's lock, in milliseconds.
    public static let sqliteBusyTimeout = 10_000

    /// The threads SQLite's blocking calls run on. More than the cores: a statement that waits
    /// for another writer's lock sleeps on its thread, and the writer still needs one to commit.
    static let sqliteThreads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(8, System.coreCount * 4))
        pool.start()
        return pool
    }()

    /// WAL pages between automatic checkpoints.
    public static let sqliteCheckpointPages = 16_384

    /// How much of the SQLite file each connection maps into memory (1 GiB; the file may be larger).
    public static let sqliteMapSize = 1 << 30

    /// SQLite's page cache per connection, in KiB when negative (64 MiB; SQLite's default is 2 MiB).
    public static let sqliteCacheSize = -65_536

    /// Opens the store, brings it up to date, runs `body`, and always closes it again.
    public static func using<T: Sendable>(
        _ configuration: StorageConfiguration, logger: Logger, _ body: (Store) async throws -> T
    ) async throws -> T {
        let store = try await open(configuration, logger: logger)
        do {
            try await store.migrate()
            let result = try await body(store)
            await store.shutdown()
            return result
        } catch {
            await store.shutdown()
            throw error
        }
    }

    /// A database handle for one unit of work.
    public var database: any Database {
        databases.database(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())!
    }

    /// The same handle as SQLKit, for hot paths.
    public var sql: any SQLDatabase { database as! any SQLDatabase }

    /// Whether this store runs on PostgreSQL.
    public var isPostgres: Bool {
        if case .postgres = configuration { return true }
        return false
    }

    /// Brings the schema up to date. Safe to run any number of times.
    public func migrate() async throws(StoreError) {
        let migrations = Migrations()
        migrations.add(TverrMigrations.all)
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger,
                                on: MultiThreadedEventLoopGroup.singleton.any())
        do {
            try await migrator.setupIfNeeded().get()
            try await migrator.prepareBatch().get()
        } catch {
            throw .migrationFailed(Self.plainReason(error))
        }
    }

    /// Whether the database answers a trivial query, for readiness checks.
    public func isReady() async -> Bool {
        (try? await sql.raw("SELECT 1").run()) != nil
    }

    /// Closes every connection. Call once, at the end.
    public func shutdown() async {
        await auditWriter.close()
        await databases.shutdownAsync()
    }

    static func prepareSQLiteFile(at path: String) throws(StoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        let files = FileManager.default
        if !directory.isEmpty {
            do { try files.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw .dataDirectoryNotWritable(directory)
            }
            guard files.isWritableFile(atPath: directory) else { throw .dataDirectoryNotWritable(directory) }
        }
        // An existing, non-empty file must start with the SQLite header.
        if let handle = FileHandle(forReadingAtPath: path) {
            defer { try? handle.close() }
            let header = (try? handle.read(upToCount: 16)) ?? Data()
            if !header.isEmpty, header != Data("SQLite format 3\0".utf8) { throw .notAnSQLiteDatabase(path) }
        }
    }

    /// Whether `error` is a unique-index violation on `column` (PostgreSQL or SQLite).
    public static func isUniqueViolation(_ error: any Error, column: String) -> Bool {
        if let psql = error as? PSQLError {
            // "Key (organisation_number, template_id, version)=(…) already exists."
            return psql.serverInfo?[.sqlState] == "23505" && (psql.serverInfo?[.detail] ?? "").prefix(while: { $0 != "=" }).contains(column)
        }
        if let sqlite = error as? SQLiteError {
            return [.constraint, .constraintUniqueFailed, .constraintPrimaryKeyFailed].contains(sqlite.reason) && sqlite.message.contains(column)
        }
        return false
    }

    static func plainReason(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return message }
            if psql.code == .connectionError {
                let text = psql.underlying.map { String(describing: $0) } ?? ""
                if text.contains("refused") { return "the connection was refused" }
                if text.contains("resolve") || text.contains("DNS") { return "the host name could not be found" }
                return "no connection could be made"
            }
            return psql.code.description
        }
        return String(describing: error)
    }
}
