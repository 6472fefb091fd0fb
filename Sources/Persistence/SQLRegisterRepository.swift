import Foundation
import Identifiers
import Reference
import SQLKit

/// The register on SQLite or PostgreSQL, read with SQLKit.
public struct SQLRegisterRepository: RegisterRepository {
    let store: Store

    /// Creates a repository reading from `store`.
    public init(store: Store) { self.store = store }

    public func municipalities() async throws -> [Municipality] {
        let numbers = try await store.sql.select().column("number").from("municipalities").orderBy("number").all()
            .map { try $0.decode(column: "number", as: String.self) }
        return numbers.compactMap { try? Municipality.lookup($0) }
    }

    public func organisations(kind: Organisation.Kind?) async throws -> [Organisation] {
        var query = store.sql.select().columns("number", "name", "kind", "municipality_number").from("organisations")
        if let kind { query = query.where("kind", .equal, kind.rawValue) }
        return try await query.orderBy("number").all().compactMap { row in
            guard let number = try? OrganisationNumber(row.decode(column: "number", as: String.self)),
                  let kind = Organisation.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return Organisation(number: number, name: try row.decode(column: "name", as: String.self), kind: kind,
                                municipalityNumber: try row.decode(column: "municipality_number", as: String?.self))
        }
    }

    public func statistics() async throws -> RegisterStatistics {
        func count(_ table: String) async throws -> Int {
            try await store.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return RegisterStatistics(people: try await count("persons"), municipalities: try await count("municipalities"),
                                  organisations: try await count("organisations"))
    }

    static let personColumns: SQLQueryString = """
        p.id, p.identity_number, p.given_name, p.family_name, p.given_name_native, p.family_name_native,
        p.birth_date, p.citizenship, c.is_reserved,
        (SELECT a.municipality_number FROM addresses a WHERE a.person_id = p.id AND a.valid_to IS NULL LIMIT 1) AS municipality_number
        FROM persons p LEFT JOIN contact_details c ON c.person_id = p.id
        """

    public func person(_ number: NationalIdentityNumber) async throws -> RegisteredPerson? {
        try await store.sql.raw("SELECT \(Self.personColumns) WHERE p.identity_number = \(bind: number.value)")
            .first().flatMap(Self.decodePerson)
    }

    public func demoIdentities(today: CalendarDate) async throws -> [RegisteredPerson] {
        let adultBorn = today.adding(days: -30 * 365).description
        let youthBorn = today.adding(days: -16 * 365).description
        let conditions: [SQLQueryString] = [
            "p.citizenship = 'NOR' AND p.birth_date < \(bind: adultBorn) AND c.is_reserved = \(bind: false)",
            "p.number_kind = 'dnr' AND p.citizenship = 'UKR'",
            "c.is_reserved = \(bind: true)",
            "p.birth_date > \(bind: youthBorn) AND c.person_id IS NOT NULL",
        ]
        var found: [RegisteredPerson] = []
        for condition in conditions {
            if let person = try await store.sql.raw("SELECT \(Self.personColumns) WHERE \(condition) ORDER BY p.identity_number LIMIT 1")
                .first().flatMap(Self.decodePerson) {
                found.append(person)
            }
        }
        return found
    }

    static func decodePerson(_ row: any SQLRow) throws -> RegisteredPerson? {
        guard let number = try? NationalIdentityNumber(row.decode(column: "identity_number", as: String.self)),
              let birthDate = CalendarDate(iso8601: try row.decode(column: "birth_date", as: String.self)) else { return nil }
        return RegisteredPerson(
            id: try row.decode(column: "id", as: UUID.self), identityNumber: number,
            givenName: try row.decode(column: "given_name", as: String.self),
            familyName: try row.decode(column: "family_name", as: String.self),
            givenNameNative: try row.decode(column: "given_name_native", as: String?.self),
            familyNameNative: try row.decode(column: "family_name_native", as: String?.self),
            birthDate: birthDate, citizenship: try row.decode(column: "citizenship", as: String.self),
            currentMunicipalityNumber: try row.decode(column: "municipality_number", as: String?.self),
            isReserved: try row.decode(column: "is_reserved", as: Bool?.self))
    }
}
