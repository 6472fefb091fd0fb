import Foundation
import Persistence
import Testing

@Suite("Bad storage settings give one clear sentence")
struct StoreFailureTests {
    @Test("DATABASE_URL is checked before any connection is made",
          arguments: [
              ("mysql://u@h/db", StorageConfiguration.ConfigurationError.unsupportedScheme("mysql")),
              ("postgres://user@/db", .malformedDatabaseURL("the host is missing")),
              ("postgres://user@localhost:abc/db", .malformedDatabaseURL("the port is not a number")),
              ("postgres://user@localhost:5432", .malformedDatabaseURL("the database name is missing")),
              ("postgres://localhost:5432/db", .malformedDatabaseURL("the user name is missing")),
              ("not a url at all", .malformedDatabaseURL("it cannot be read as a URL")),
          ])
    func malformedURL(url: String, expected: StorageConfiguration.ConfigurationError) {
        #expect(throws: expected) { try StorageConfiguration.resolve(databaseURL: url, dataDirectory: "./data") }
    }

    @Test("Without DATABASE_URL the SQLite file lives in the data folder")
    func defaultStorage() throws {
        #expect(try StorageConfiguration.resolve(databaseURL: nil, dataDirectory: "/srv/tverr") == .sqlite(path: "/srv/tverr/tverr.sqlite"))
        #expect(try StorageConfiguration.resolve(databaseURL: "", dataDirectory: "d") == .sqlite(path: "d/tverr.sqlite"))
        let postgres = try StorageConfiguration.resolve(databaseURL: "postgres://u:secret@h:5432/db", dataDirectory: "d")
        #expect(!postgres.description.contains("secret"))
    }

    @Test("A file that is not SQLite is refused with a plain reason")
    func corruptFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tverr-corrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tverr.sqlite").path
        try Data("this is not a database, just some text that is long enough".utf8).write(to: URL(fileURLWithPath: path))
        await #expect(throws: StoreError.notAnSQLiteDatabase(path)) {
            _ = try await Store.open(.sqlite(path: path), logger: testLogger)
        }
    }

    @Test("A data folder that cannot be created is refused with a plain reason")
    func unwritableFolder() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tverr-file-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let path = file.appendingPathComponent("sub").appendingPathComponent("tverr.sqlite").path
        await #expect(throws: StoreError.dataDirectoryNotWritable(file.appendingPathComponent("sub").path)) {
            _ = try await Store.open(.sqlite(path: path), logger: testLogger)
        }
    }

    @Test("An unreachable PostgreSQL server is reported, not crashed on")
    func unreachable() async throws {
        // Port 1 on loopback has no server; the connection is refused at once.
        await #expect {
            _ = try await Store.open(.postgres(url: "postgres://tverr@127.0.0.1:1/tverr"), logger: testLogger)
        } throws: { error in
            guard case .databaseUnreachable = error as? StoreError else { return false }
            return (error as! StoreError).description.contains("DATABASE_URL")
        }
    }

    @Test("The seed benchmark inserts the same people both ways")
    func benchmarkRuns() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tverr-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try await SeedBenchmark(people: 4_500, seed: 3, directory: directory)
            .run(logger: testLogger, today: .init(year: 2026, month: 1, day: 1)!, say: { _ in })
        #expect(result.people == 4_500)
        #expect(result.rows > 9_000)
        #expect(result.tverrSeconds > 0 && result.baselineSeconds > 0)
    }
}
