import FluentKit
import Reference
import SQLKit

/// 0002: the shipped municipalities and organisations.
struct SeedReferenceData: AsyncMigration {
    var name: String { "0002_SeedReferenceData" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        var municipalities = sql.insert(into: "municipalities")
            .columns("number", "name", "county", "county_number", "centre_postcode", "latitude", "longitude", "population")
        for m in Municipality.all {
            municipalities = municipalities.values(m.number, m.name, m.county, m.countyNumber, m.centrePostcode,
                                                   m.latitude, m.longitude, m.population)
        }
        try await municipalities.run()
        var organisations = sql.insert(into: "organisations").columns("number", "name", "kind", "municipality_number")
        for o in Organisation.all {
            organisations = organisations.values(o.number.value, o.name, o.kind.rawValue, o.municipalityNumber)
        }
        try await organisations.run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.delete(from: "organisations").run()
        try await sql.delete(from: "municipalities").run()
    }
}
