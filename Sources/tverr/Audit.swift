import ArgumentParser
import Audit
import Persistence

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Work with the tamper-evident audit log.",
                                                    subcommands: [AuditVerify.self])
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Walk the audit chain; exit non-zero at the first modified, deleted or reordered entry.")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await reportingFailures {
            let store = try await Store.open(try storage.storage(), logger: storage.logger())
            let entries: [SealedAuditEntry]
            do {
                try await store.migrate()
                entries = try await AuditLog(store: store).entries()
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
            let checked = try AuditVerifier.verify(entries)
            say("The audit log is intact: \(checked) entries verified.")
        }
    }
}
