import Foundation
import Logging
import Persistence

/// The databases the persistence tests run on. PostgreSQL is included when
/// `TVERR_TEST_DATABASE_URL` points at a server (the test script starts one); with
/// `TVERR_REQUIRE_POSTGRES=1` its absence is a failure rather than a skip.
public enum Backend: String, CaseIterable, Sendable {
    case sqlite, postgres

    public static var adminURL: String? { ProcessInfo.processInfo.environment["TVERR_TEST_DATABASE_URL"] }

    public static var available: [Backend] {
        if adminURL != nil { return [.sqlite, .postgres] }
        precondition(ProcessInfo.processInfo.environment["TVERR_REQUIRE_POSTGRES"] != "1",
                     "TVERR_REQUIRE_POSTGRES=1 but TVERR_TEST_DATABASE_URL is not set")
        return [.sqlite]
    }
}

public let testLogger: Logger = {
    var logger = Logger(label: "tverr-test")
    logger.logLevel = .warning
    return logger
}()

/// SPI's technique: migrate once into a template database, then clone it for each test.
public actor PostgresTemplate {
    public static let shared = PostgresTemplate()
    static let templateName = "tverr_template"

    private var preparation: Task<Void, any Error>?

    /// Migrates the template once; concurrent callers wait for the same preparation.
    private func prepareTemplate() async throws {
        if preparation == nil {
            preparation = Task {
                let admin = try await Store.open(.postgres(url: Backend.adminURL!), logger: testLogger)
                do {
                    try await admin.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: Self.templateName)").run()
                    try await admin.sql.raw("CREATE DATABASE \(unsafeRaw: Self.templateName)").run()
                } catch {
                    await admin.shutdown()
                    throw error
                }
                await admin.shutdown()
                let template = try await Store.open(.postgres(url: Self.url(for: Self.templateName)), logger: testLogger)
                do { try await template.migrate() } catch {
                    await template.shutdown()
                    throw error
                }
                await template.shutdown()
            }
        }
        try await preparation!.value
    }

    func cloneDatabase() async throws -> String {
        try await prepareTemplate()
        let admin = try await Store.open(.postgres(url: Backend.adminURL!), logger: testLogger)
        let name = "tverr_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        do {
            try await admin.sql.raw("CREATE DATABASE \(unsafeRaw: name) TEMPLATE \(unsafeRaw: Self.templateName)").run()
        } catch {
            await admin.shutdown()
            throw error
        }
        await admin.shutdown()
        return name
    }

    func drop(_ name: String) async throws {
        let admin = try await Store.open(.postgres(url: Backend.adminURL!), logger: testLogger)
        try? await admin.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name)").run()
        await admin.shutdown()
    }

    public static func url(for database: String) -> String {
        var components = URLComponents(string: Backend.adminURL!)!
        components.path = "/" + database
        return components.string!
    }
}

/// Runs `body` with a fresh, migrated store on `backend`, and removes it afterwards.
public func withStore(_ backend: Backend, _ body: (Store) async throws -> Void) async throws {
    switch backend {
    case .sqlite:
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tverr-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try await Store.open(.sqlite(path: directory + "/tverr.sqlite"), logger: testLogger)
        do {
            try await store.migrate()
            try await body(store)
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    case .postgres:
        let name: String
        do { name = try await PostgresTemplate.shared.cloneDatabase() } catch {
            throw PostgresTestFailure(detail: String(reflecting: error))
        }
        let store = try await Store.open(.postgres(url: PostgresTemplate.url(for: name)), logger: testLogger)
        do {
            try await store.migrate()
            try await body(store)
        } catch {
            await store.shutdown()
            try await PostgresTemplate.shared.drop(name)
            throw PostgresTestFailure(detail: String(reflecting: error))
        }
        await store.shutdown()
        try await PostgresTemplate.shared.drop(name)
    }
}

/// A PostgreSQL error with its full server message, which PSQLError hides from `description`.
public struct PostgresTestFailure: Error, CustomStringConvertible {
    let detail: String
    public var description: String { detail }
}
