import Audit
import Foundation
import Identifiers
import Identity
import Pandemic
import SQLKit

/// Entry registrations: each traveller's registration, matched with the population register
/// where possible (by number, or by name and date of birth when exactly one person has them),
/// and the municipality's list of arrivals to its area with their test status.
public struct EntryRegistrations: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// The purpose and legal basis for matching a registration and for listing arrivals.
    static let purpose = "innreise", legalBasis = "covid-19-forskriften-5a"

    /// Stores a registration; gives its reference (for the traveller) and the matched person.
    public func register(_ entry: CheckedEntry, language: String, now: Date = Date()) async throws -> (reference: String, person: String?) {
        let (person, match) = try await self.match(entry)
        let reference = Self.reference()
        let citation = ExchangeCatalogue.legalBasis(Self.legalBasis)!.citation
        let audit = person.map { [AuditRecord(actor: "service:tverr-entry", subject: $0, action: "pandemic.entry.match", purpose: Self.purpose,
                                              legalBasis: citation)] } ?? []
        try await AuditLog(store: store).audited(audit) { sql in
            try await sql.insert(into: "entry_registrations")
                .columns("id", "reference", "identity_kind", "identity_number", "passport_number", "passport_country", "given_name", "family_name",
                         "birth_date", "country_from", "arrival_date", "address", "postcode", "municipality_number", "language", "person", "match",
                         "created_at")
                .values(TimeOrderedID.make(at: now), reference, entry.identityKind, entry.identityNumber?.value, entry.passportNumber,
                        entry.passportCountry, entry.givenName, entry.familyName, entry.birthDate.description, entry.countryFrom,
                        entry.arrivalDate.description, entry.address, entry.postcode, entry.municipality, language, person, match,
                        Int64(now.timeIntervalSince1970))
                .run()
        }
        return (reference, person)
    }

    /// The person in the register this registration is about, and how they were matched.
    func match(_ entry: CheckedEntry) async throws -> (String?, String) {
        if let number = entry.identityNumber {
            let found = try await store.sql.raw("SELECT identity_number FROM persons WHERE identity_number = \(bind: number.value)").first()
            return found == nil ? (nil, "none") : (number.value, "number")
        }
        let rows = try await store.sql.raw("""
            SELECT identity_number FROM persons WHERE birth_date = \(bind: entry.birthDate.description)
              AND LOWER(given_name) = \(bind: entry.givenName.lowercased()) AND LOWER(family_name) = \(bind: entry.familyName.lowercased()) LIMIT 2
            """).all()
        guard rows.count == 1 else { return (nil, "none") }
        return (try rows[0].decode(column: "identity_number", as: String.self), "name-and-birth-date")
    }

    /// A reference the traveller can quote: `INN-` and ten characters without look-alikes.
    static func reference() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return "INN-" + String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }

    /// One arrival as the municipality sees it.
    public struct Arrival: Sendable, Equatable {
        public var reference: String, name: String, birthDate: String, countryFrom: String, arrivalDate: String, address: String
        /// How the traveller was matched with the register (`number`, `name-and-birth-date`, `none`).
        public var match: String
        /// The latest test since the day of arrival: nil for none, else whether it was positive.
        public var latestTestPositive: Bool?
        public var tested: Bool
    }

    /// The arrivals to `municipality` from `from` through `through`, newest first (at most 1,000),
    /// with the latest test since arrival of each matched traveller; a matched traveller's name and
    /// date of birth come from the population register. Each arrival shown is audited for `actor`.
    public func arrivals(municipality: String, from: CalendarDate, through: CalendarDate, actor: String) async throws -> [Arrival] {
        let rows = try await store.sql.raw("""
            SELECT e.reference, COALESCE(p.given_name, e.given_name) AS given_name, COALESCE(p.family_name, e.family_name) AS family_name,
              COALESCE(p.birth_date, e.birth_date) AS birth_date, e.country_from, e.arrival_date, e.address, e.postcode, e.person, e.match
            FROM entry_registrations e LEFT JOIN persons p ON p.identity_number = e.person
            WHERE e.municipality_number = \(bind: municipality)
              AND e.arrival_date >= \(bind: from.description) AND e.arrival_date <= \(bind: through.description)
            ORDER BY e.arrival_date DESC, e.created_at DESC LIMIT 1000
            """).all()
        // The matched travellers' tests since the earliest arrival in the list, in one query.
        let persons = try rows.compactMap { try $0.decode(column: "person", as: String?.self) }
        let earliest = Int64(from.daysSinceEpoch) * 86_400 - 2 * 3600 // the start of the Norwegian day, at the latest
        var tests: [String: [(at: Int64, detected: Bool)]] = [:]
        for row in try await store.sql.all("""
            SELECT person, sample_collected, detected FROM test_results WHERE sample_collected >= \(bind: earliest) AND
            """, where: "person", in: persons) {
            tests[try row.decode(column: "person", as: String.self), default: []].append(
                (try row.decode(column: "sample_collected", as: Int64.self), try row.decode(column: "detected", as: Bool.self)))
        }
        var arrivals: [Arrival] = [], subjects: [String] = []
        for row in rows {
            let person = try row.decode(column: "person", as: String?.self), reference = try row.decode(column: "reference", as: String.self)
            let arrival = try row.decode(column: "arrival_date", as: String.self)
            let since = CalendarDate(iso8601: arrival).map { Int64($0.daysSinceEpoch) * 86_400 - 2 * 3600 } ?? .max
            let latest = person.flatMap { tests[$0] }?.filter { $0.at >= since }.max { $0.at < $1.at }
            subjects.append(person ?? "entry:\(reference)")
            arrivals.append(Arrival(reference: reference,
                                    name: "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self))",
                                    birthDate: try row.decode(column: "birth_date", as: String.self),
                                    countryFrom: try row.decode(column: "country_from", as: String.self), arrivalDate: arrival,
                                    address: "\(try row.decode(column: "address", as: String.self)), \(try row.decode(column: "postcode", as: String.self))",
                                    match: try row.decode(column: "match", as: String.self), latestTestPositive: latest?.detected, tested: latest != nil))
        }
        let citation = ExchangeCatalogue.legalBasis(Self.legalBasis)!.citation
        try await AuditLog(store: store).appendCommitted(subjects.map {
            AuditRecord(actor: actor, subject: $0, action: "pandemic.arrivals.read", purpose: Self.purpose, legalBasis: citation)
        })
        return arrivals
    }
}
