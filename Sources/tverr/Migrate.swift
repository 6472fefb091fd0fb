import ArgumentParser
import Persistence

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date, then exit.")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await reportingFailures {
            let configuration = try storage.storage()
            let store = try await Store.open(configuration, logger: storage.logger())
            do { try await store.migrate() } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
            say("The database (\(configuration)) is up to date.")
        }
    }
}
