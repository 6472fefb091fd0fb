import ArgumentParser
import Audit
import Persistence

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Work with the tamper-evident audit log.",
                                                    subcommands: [AuditVerify.self, AuditCheckpointCommand.self])
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Walk the audit chain; exit non-zero at the first modified, deleted or reordered entry.")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await reportingFailures {
            let store = try await Store.open(try storage.storage(), logger: storage.logger())
            let checked: Int
            do {
                try await store.migrate()
                checked = try await AuditLog(store: store).verify()
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
            say("The audit log is intact: \(checked) entries verified.")
        }
    }
}

struct AuditCheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign the head of the audit chain with the key in the data folder (created on first use).")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await reportingFailures {
            let key = try AuditSigningKey.loadOrCreate(dataDirectory: storage.dataDirectory)
            let store = try await Store.open(try storage.storage(), logger: storage.logger())
            let checkpoint: AuditCheckpoint?
            do {
                try await store.migrate()
                checkpoint = try await AuditLog(store: store).checkpoint(with: key)
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
            if let checkpoint {
                say("Signed checkpoint at entry \(checkpoint.sequence) with key \(checkpoint.keyID).")
            } else {
                say("Nothing to sign: the log is empty or already checkpointed at its head.")
            }
        }
    }
}
