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
            let checked = try await Store.using(try storage.storage(), logger: storage.logger()) { store in
                try await AuditLog(store: store).verify()
            }
            say("The audit log is intact: \(checked) \(checked == 1 ? "entry" : "entries") verified.")
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
            let checkpoint = try await Store.using(try storage.storage(), logger: storage.logger()) { store in
                try await AuditLog(store: store).checkpoint(with: key)
            }
            if let checkpoint {
                say("Signed checkpoint at entry \(checkpoint.sequence) with key \(checkpoint.keyID).")
            } else {
                say("Nothing to sign: the log is empty or already checkpointed at its head.")
            }
        }
    }
}
