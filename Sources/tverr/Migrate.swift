import ArgumentParser
import Persistence

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date, then exit.")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await reportingFailures {
            let configuration = try storage.storage()
            try await Store.using(configuration, logger: storage.logger()) { _ in }
            say("The database (\(configuration)) is up to date.")
        }
    }
}
