import FluentKit
import SQLKit

/// 0020: entry registration. Each traveller arriving in Norway registers who they are (national
/// identity number, D-number or passport), where they travelled from, the arrival date and the
/// quarantine address; `person` is the match in the population register, when there is one.
struct CreateEntryRegistrations: AsyncMigration {
    var name: String { "0020_CreateEntryRegistrations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("entry_registrations")
            .field("id", .string, .identifier(auto: false))
            .field("reference", .string, .required)
            .field("identity_kind", .string, .required)        // fnr | dnr | passport
            .field("identity_number", .string)
            .field("passport_number", .string)
            .field("passport_country", .string)
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .field("birth_date", .string, .required)
            .field("country_from", .string, .required)         // ISO 3166-1 alpha-2
            .field("arrival_date", .string, .required)         // YYYY-MM-DD
            .field("address", .string, .required)
            .field("postcode", .string, .required)
            .field("municipality_number", .string, .required, .references("municipalities", "number"))
            .field("mobile", .string)
            .field("language", .string, .required)
            .field("person", .string)                          // the match in the population register
            .field("match", .string, .required)                // number | name-and-birth-date | none
            .field("created_at", .int64, .required)
            .unique(on: "reference")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX entry_registrations_area ON entry_registrations (municipality_number, arrival_date)").run()
        try await sql.raw("CREATE INDEX entry_registrations_arrival ON entry_registrations (arrival_date)").run()
        try await sql.raw("CREATE INDEX entry_registrations_person ON entry_registrations (person)").run()
    }

    func revert(on database: any Database) async throws { try await database.schema("entry_registrations").delete() }
}
