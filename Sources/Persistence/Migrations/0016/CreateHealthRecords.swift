import FluentKit
import SQLKit

/// 0016: health records that certificates are made from, and the certificates issued.
/// - `test_results`: COVID-19 test results, one per sample (`sample_id` is unique, so that a
///   laboratory's resubmission is recognised);
/// - `vaccinations`: doses from the vaccination register;
/// - `issued_certificates`: every EU DCC issued, with the three revocation hashes, so that a
///   revoked one goes on the revocation list without the list naming anyone.
struct CreateHealthRecords: AsyncMigration {
    var name: String { "0016_CreateHealthRecords" }

    func prepare(on database: any Database) async throws {
        try await database.schema("test_results")
            .field("id", .string, .identifier(auto: false))
            .field("sample_id", .string, .required)
            .field("person", .string, .required)
            .field("test_type", .string, .required)
            .field("device", .string)
            .field("test_name", .string)
            .field("sample_collected", .int64, .required)   // seconds since 1970
            .field("detected", .bool, .required)
            .field("centre", .string, .required)
            .field("registered_by", .string, .required)
            .field("registered_at", .int64, .required)
            .unique(on: "sample_id")
            .create()
        try await database.schema("vaccinations")
            .field("id", .string, .identifier(auto: false))
            .field("person", .string, .required)
            .field("vaccine", .string, .required)
            .field("product", .string, .required)
            .field("manufacturer", .string, .required)
            .field("dose_number", .int, .required)
            .field("series_doses", .int, .required)
            .field("given_on", .string, .required)           // YYYY-MM-DD
            .field("registered_by", .string, .required)
            .field("registered_at", .int64, .required)
            .create()
        try await database.schema("issued_certificates")
            .field("id", .string, .identifier(auto: false))
            .field("uvci", .string, .required)
            .field("person", .string, .required)
            .field("kind", .string, .required)                // t | v | r
            .field("record_id", .string, .required)
            .field("kid", .string, .required)
            .field("hc1", .string, .required)
            .field("uci_hash", .string, .required)
            .field("country_uci_hash", .string, .required)
            .field("signature_hash", .string, .required)
            .field("issued_at", .int64, .required)
            .field("expires_at", .int64, .required)
            .field("revoked_at", .int64)
            .field("revocation_reason", .string)
            .unique(on: "uvci")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX test_results_person ON test_results (person, sample_collected)").run()
        try await sql.raw("CREATE INDEX vaccinations_person ON vaccinations (person)").run()
        try await sql.raw("CREATE INDEX issued_certificates_person ON issued_certificates (person, issued_at)").run()
        try await sql.raw("CREATE INDEX issued_certificates_revoked ON issued_certificates (revoked_at)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["issued_certificates", "vaccinations", "test_results"] { try await database.schema(table).delete() }
    }
}
