import ArgumentParser
import Foundation
import Logging
import Persistence
import TverrApp

@main
struct Tverr: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tverr",
        abstract: "Tverr: shared building blocks for joined-up public services.",
        discussion: "Run `tverr serve` to start the platform on an embedded SQLite file under ./data, seeded with a synthetic demo population. Set DATABASE_URL=postgres://… to use PostgreSQL instead.",
        subcommands: [Serve.self, Migrate.self, Seed.self, ClientsCommand.self, KeysCommand.self, RolesCommand.self, EIDCommand.self, AuditCommand.self, DCCCommand.self, Verify.self, RulesCommand.self, Bench.self, Simulate.self],
        defaultSubcommand: nil
    )
}

/// Options every command that touches the database shares.
struct StorageOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Folder for the SQLite file and keys (env TVERR_DATA_DIR).")
    var dataDirectory: String = ProcessInfo.processInfo.environment["TVERR_DATA_DIR"] ?? "./data"

    @Option(help: "Log level: trace, debug, info, notice, warning, error (env LOG_LEVEL).")
    var logLevel: String = ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "info"

    func storage() throws -> StorageConfiguration {
        try StorageConfiguration.resolve(databaseURL: ProcessInfo.processInfo.environment["DATABASE_URL"], dataDirectory: dataDirectory)
    }

    func logger() -> Logger { Self.logger(level: logLevel) }

    static func logger(level: String) -> Logger {
        var logger = Logger(label: "tverr")
        logger.logLevel = Logger.Level(rawValue: level.lowercased()) ?? .info
        return logger
    }
}

/// Runs `body`, turning every known failure into one clear sentence and a non-zero exit.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as any CustomStringConvertible & Error {
        FileHandle.standardError.write(Data("tverr: \(error.description)\n".utf8))
        throw ExitCode.failure
    }
}

func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
