import FluentKit
import SQLKit

/// 0015: the certificates of the EU DCC signing keys (the CSCA and the document signers), as the
/// trust list publishes them. The private keys stay in the data folder; every instance reads the
/// list from here, so all of them publish the same one.
struct CreateCredentialSigners: AsyncMigration {
    var name: String { "0015_CreateCredentialSigners" }

    func prepare(on database: any Database) async throws {
        try await database.schema("credential_signers")
            .field("kid", .string, .identifier(auto: false))
            .field("role", .string, .required)          // csca | dsc
            .field("country", .string, .required)
            .field("der", .data, .required)
            .field("status", .string, .required)        // active | retired
            .field("created_at", .int64, .required)
            .field("retired_at", .int64)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("credential_signers").delete()
    }
}
