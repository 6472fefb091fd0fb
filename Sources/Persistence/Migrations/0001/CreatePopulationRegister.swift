import FluentKit
import SQLKit

/// 0001: municipalities, by official number.
struct CreateMunicipalities: AsyncMigration {
    var name: String { "0001_CreateMunicipalities" }

    func prepare(on database: any Database) async throws {
        try await database.schema("municipalities")
            .field("number", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("county", .string, .required)
            .field("county_number", .string, .required)
            .field("centre_postcode", .string, .required)
            .field("latitude", .double, .required)
            .field("longitude", .double, .required)
            .field("population", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("municipalities").delete() }
}

/// 0001: organisations (agencies, municipalities, health services), by organisation number.
struct CreateOrganisations: AsyncMigration {
    var name: String { "0001_CreateOrganisations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("organisations")
            .field("number", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("municipality_number", .string, .references("municipalities", "number"))
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("organisations").delete() }
}

/// 0001: people in the population register.
struct CreatePersons: AsyncMigration {
    var name: String { "0001_CreatePersons" }

    func prepare(on database: any Database) async throws {
        try await database.schema("persons")
            .id()
            .field("identity_number", .string, .required)
            .field("number_kind", .string, .required)
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .field("given_name_native", .string)
            .field("family_name_native", .string)
            .field("birth_date", .string, .required)
            .field("sex", .string, .required)
            .field("citizenship", .string, .required)
            .field("registered_at", .datetime, .required)
            .unique(on: "identity_number")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("persons").delete() }
}

/// 0001: addresses with their history; the current one has no `valid_to`.
struct CreateAddresses: AsyncMigration {
    var name: String { "0001_CreateAddresses" }

    func prepare(on database: any Database) async throws {
        try await database.schema("addresses")
            .id()
            .field("person_id", .uuid, .required, .references("persons", "id", onDelete: .cascade))
            .field("street", .string, .required)
            .field("postcode", .string, .required)
            .field("municipality_number", .string, .required, .references("municipalities", "number"))
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .create()
        try await (database as! any SQLDatabase).create(index: "addresses_person_id").on("addresses").column("person_id").run()
    }

    func revert(on database: any Database) async throws { try await database.schema("addresses").delete() }
}

/// 0001: family relations; each relation is stored in both directions.
struct CreateFamilyRelations: AsyncMigration {
    var name: String { "0001_CreateFamilyRelations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("family_relations")
            .id()
            .field("person_id", .uuid, .required, .references("persons", "id", onDelete: .cascade))
            .field("relative_id", .uuid, .required, .references("persons", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .unique(on: "person_id", "relative_id", "kind")
            .create()
        try await (database as! any SQLDatabase).create(index: "family_relations_relative_id")
            .on("family_relations").column("relative_id").run()
    }

    func revert(on database: any Database) async throws { try await database.schema("family_relations").delete() }
}

/// 0001: the contact and reservation register (modelled on KRR).
struct CreateContactDetails: AsyncMigration {
    var name: String { "0001_CreateContactDetails" }

    func prepare(on database: any Database) async throws {
        try await database.schema("contact_details")
            .id()
            .field("person_id", .uuid, .required, .references("persons", "id", onDelete: .cascade))
            .field("email", .string)
            .field("mobile", .string)
            .field("is_reserved", .bool, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "person_id")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("contact_details").delete() }
}
