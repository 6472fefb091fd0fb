import FluentKit
import SQLKit

/// 0021: the refugee arrival journey. `arrival_intakes` holds what the police record at the first
/// meeting, one row per person, with the family in one `group_id`; the same identity document
/// cannot be registered twice. `protection_applications` holds each person's application for
/// collective protection, pre-filled from the intake, with the automated decision and its trace,
/// the caseworker's decision and an appeal.
struct CreateArrivalJourney: AsyncMigration {
    var name: String { "0021_CreateArrivalJourney" }

    func prepare(on database: any Database) async throws {
        try await database.schema("arrival_intakes")
            .field("id", .string, .identifier(auto: false))
            .field("reference", .string, .required)             // ANK-XXXXXXXX, one per person
            .field("group_id", .string, .required)              // the family arriving together
            .field("role", .string, .required)                  // principal | spouse | cohabitant | child | household_member
            .field("relationship_began_on", .string)
            .field("identity_number", .string, .required)       // the new D-number, or the linked person
            .field("linked", .bool, .required)                  // an existing person, not a new D-number
            .field("document_type", .string, .required)
            .field("document_number", .string)
            .field("document_country", .string)
            .field("nationality", .string, .required)           // ISO 3166-1 alpha-3
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .field("given_name_native", .string)
            .field("family_name_native", .string)
            .field("birth_date", .string, .required)
            .field("sex", .string, .required)
            .field("mobile", .string)
            .field("language", .string, .required)              // uk | en | nb
            .field("reception_centre", .string, .required)
            .field("lived_in_ukraine", .bool, .required)
            .field("left_ukraine_on", .string)
            .field("short_stay_abroad", .bool, .required)
            .field("protection_in_ukraine", .bool, .required)
            .field("lawfully_in_norway", .bool, .required)
            .field("registered_by", .string, .required)         // the officer's pid
            .field("organisation_number", .string, .required)   // the police district
            .field("registered_at", .int64, .required)
            .unique(on: "reference")
            .unique(on: "document_country", "document_type", "document_number")
            .unique(on: "identity_number")
            .create()
        try await database.schema("protection_applications")
            .field("id", .string, .identifier(auto: false))
            .field("reference", .string, .required)             // UDI-XXXXXXXX
            .field("identity_number", .string, .required)
            .field("intake_id", .string, .required, .references("arrival_intakes", "id"))
            .field("applied_on", .string, .required)            // the day the rules in force are taken from
            .field("facts", .string, .required)                 // JSON: the facts from the intake
            .field("status", .string, .required)                // granted | routed | decided | appealed
            .field("automated_outcome", .string, .required)     // grant | route
            .field("reasons", .string, .required)               // route reasons, comma-separated
            .field("rule_set", .string, .required)
            .field("rule_version", .string)
            .field("trace", .string, .required)                 // JSON DecisionTrace
            .field("outcome", .string)                          // grant | refuse, once decided
            .field("decided_by", .string)                       // rules:<set>/<version> or the caseworker's pid
            .field("decision_reason", .string)                  // the caseworker's written reason
            .field("decided_at", .int64)
            .field("appeal_deadline", .string)
            .field("appealed_at", .int64)
            .field("appeal_reason", .string)
            .field("created_at", .int64, .required)
            .unique(on: "reference")
            .unique(on: "intake_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX arrival_intakes_group ON arrival_intakes (group_id)").run()
        try await sql.raw("CREATE INDEX protection_applications_queue ON protection_applications (status, created_at)").run()
        try await sql.raw("CREATE INDEX protection_applications_person ON protection_applications (identity_number)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("protection_applications").delete()
        try await database.schema("arrival_intakes").delete()
    }
}
