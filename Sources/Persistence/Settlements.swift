import Audit
import Foundation
import Identifiers
import Reference
import SQLKit

/// Settlement after protection is granted (seed 000): the integration directorate (IMDi) proposes
/// a municipality for each family within the places the municipalities have stated for the year;
/// the municipality accepts or declines; when the family moves in, the municipality registers the
/// new address in the population register, and the address change reaches every subscriber as
/// `no.tverr.registers.address-changed.v1`. A family is settled together; each step is audited and
/// raises an event.
public struct Settlements: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// The purpose and legal basis of every step.
    public static let purpose = "bosetting", legalBasis = "integreringsloven § 10"

    /// One municipality's places for a year and how many are taken (proposed, accepted or settled).
    public struct Capacity: Sendable, Equatable {
        public let municipalityNumber: String
        public let name: String
        public let places: Int
        public let taken: Int
        public var remaining: Int { max(places - taken, 0) }
    }

    /// A family waiting for a municipality: the people whose protection was granted.
    public struct Family: Sendable, Equatable {
        public let groupID: String
        public let names: [String]
        public let receptionCentre: String
        public let grantedOn: String
    }

    /// A family proposed to (or accepted by, or settled in) a municipality.
    public struct Placement: Sendable, Equatable {
        public let groupID: String
        public let names: [String]
        public let status: String
        public let proposedOn: String
        public let settledOn: String?
    }

    /// Why a step was refused.
    public enum Refusal: Error, Equatable {
        /// The number of places must be 0 to 10,000.
        case badPlaces
        case unknownMunicipality
        /// The municipality has `remaining` places left this year, fewer than the family needs.
        case overCapacity(remaining: Int, needed: Int)
        /// Nobody in the family is waiting (already proposed or settled, or nothing granted).
        case nothingWaiting
        /// The family is not proposed to (or accepted by) this municipality.
        case notProposed
        /// A decline needs a reason (5 to 2,000 characters).
        case reasonRequired
        /// The address was refused by the population register.
        case address(ChangeRefused)
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// Sets the places `municipality` offers in `year` (its own staff, audited as a change by `actor`).
    public func setCapacity(_ municipality: String, year: Int, places: Int, by actor: String, at date: Date = Date()) async throws {
        guard (0...10_000).contains(places) else { throw Refusal.badPlaces }
        guard (try? Municipality.lookup(municipality)) != nil else { throw Refusal.unknownMunicipality }
        let record = AuditRecord(actor: actor, subject: "municipality:\(municipality)", action: "settlement.capacity.set",
                                 purpose: Self.purpose, legalBasis: Self.legalBasis)
        try await AuditLog(store: store).audited([record], at: date) { sql in
            try await sql.raw("DELETE FROM settlement_capacities WHERE municipality_number = \(bind: municipality) AND year = \(bind: year)").run()
            try await sql.insert(into: "settlement_capacities").columns("municipality_number", "year", "places", "updated_by", "updated_at")
                .values(municipality, Int64(year), Int64(places), actor, Self.milliseconds(date)).run()
        }
    }

    /// Every municipality with places stated for `year`, by name.
    public func capacities(year: Int) async throws -> [Capacity] {
        try await store.sql.raw("""
            SELECT c.municipality_number, c.places, (SELECT COUNT(*) FROM settlements s WHERE s.municipality_number = c.municipality_number
            AND s.year = c.year AND s.status <> 'declined') AS taken FROM settlement_capacities c WHERE c.year = \(bind: year)
            """).all().map { row in
            let number = try row.decode(column: "municipality_number", as: String.self)
            return Capacity(municipalityNumber: number, name: (try? Municipality.lookup(number))?.name ?? number,
                            places: try row.decode(column: "places", as: Int.self), taken: try row.decode(column: "taken", as: Int.self))
        }.sorted { $0.name < $1.name }
    }

    /// Who is waiting: granted protection and not proposed anywhere (or only declined).
    static let waitingCondition = SQLQueryString("""
        a.outcome = 'grant' AND a.status IN ('granted', 'decided')
        AND NOT EXISTS (SELECT 1 FROM settlements s WHERE s.application_reference = a.reference AND s.status <> 'declined')
        """)

    /// The `limit` families waiting longest: with someone granted protection and not yet
    /// proposed anywhere, oldest grant first. Only their rows are read.
    public func waiting(limit: Int = 50) async throws -> [Family] {
        let rows = try await store.sql.raw("""
            SELECT i.group_id, i.given_name, i.family_name, i.reception_centre, i.role, a.decided_at FROM protection_applications a
            JOIN arrival_intakes i ON i.id = a.intake_id
            WHERE \(Self.waitingCondition) AND i.group_id IN (
                SELECT i.group_id FROM protection_applications a JOIN arrival_intakes i ON i.id = a.intake_id
                WHERE \(Self.waitingCondition) GROUP BY i.group_id ORDER BY MIN(a.decided_at), i.group_id LIMIT \(bind: limit))
            ORDER BY a.decided_at, i.group_id, i.role DESC, i.reference
            """).all()
        return try Self.grouped(rows, limit: limit).map { group, names, row in
            let decided = Date(timeIntervalSince1970: Double(try row.decode(column: "decided_at", as: Int64.self)) / 1000)
            return Family(groupID: group, names: names, receptionCentre: try row.decode(column: "reception_centre", as: String.self),
                          grantedOn: CalendarDate.inNorway(decided).description)
        }
    }

    /// How many families are waiting.
    public func waitingCount() async throws -> Int {
        try await store.sql.raw("""
            SELECT COUNT(DISTINCT i.group_id) AS n FROM protection_applications a JOIN arrival_intakes i ON i.id = a.intake_id
            WHERE \(Self.waitingCondition)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Rows of people, in order, as families: the group, the names, and the family's first row.
    static func grouped(_ rows: [any SQLRow], limit: Int) throws -> [(String, [String], any SQLRow)] {
        var families: [(String, [String], any SQLRow)] = [], index: [String: Int] = [:]
        for row in rows {
            let group = try row.decode(column: "group_id", as: String.self)
            let name = "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self))"
            if let at = index[group] { families[at].1.append(name) } else if families.count < limit {
                index[group] = families.count
                families.append((group, [name], row))
            }
        }
        return families
    }

    /// IMDi proposes `municipality` for the family's granted members who are waiting, if the
    /// municipality has places for all of them this year.
    public func propose(_ groupID: String, to municipality: String, by actor: String, today: CalendarDate, at date: Date = Date()) async throws {
        let people = try await store.sql.raw("""
            SELECT a.reference, a.identity_number FROM protection_applications a JOIN arrival_intakes i ON i.id = a.intake_id
            WHERE i.group_id = \(bind: groupID) AND a.outcome = 'grant' AND a.status IN ('granted', 'decided')
            AND NOT EXISTS (SELECT 1 FROM settlements s WHERE s.application_reference = a.reference AND s.status <> 'declined')
            """).all().map { (try $0.decode(column: "reference", as: String.self), try $0.decode(column: "identity_number", as: String.self)) }
        guard !people.isEmpty else { throw Refusal.nothingWaiting }
        let records = people.map { AuditRecord(actor: actor, subject: $0.1, action: "settlement.propose", purpose: Self.purpose, legalBasis: Self.legalBasis) }
        let year = today.year
        do {
            try await write(people, groupID, municipality, year: year, records: records, by: actor, at: date)
        } catch where Store.isUniqueViolation(error, column: "application_reference") {
            throw Refusal.nothingWaiting // another proposal for the family got there first
        }
    }

    private func write(_ people: [(String, String)], _ groupID: String, _ municipality: String, year: Int, records: [AuditRecord],
                       by actor: String, at date: Date) async throws {
        try await AuditLog(store: store).audited(records, at: date) { sql in
            // Taking the capacity row first serialises proposals to one municipality.
            guard let places = try await sql.raw("""
                UPDATE settlement_capacities SET updated_at = updated_at WHERE municipality_number = \(bind: municipality) AND year = \(bind: year)
                RETURNING places
                """).first()?.decode(column: "places", as: Int.self) else { throw Refusal.overCapacity(remaining: 0, needed: people.count) }
            let taken = try await sql.raw("""
                SELECT COUNT(*) AS n FROM settlements WHERE municipality_number = \(bind: municipality) AND year = \(bind: year) AND status <> 'declined'
                """).first()!.decode(column: "n", as: Int.self)
            guard places - taken >= people.count else { throw Refusal.overCapacity(remaining: max(places - taken, 0), needed: people.count) }
            for (reference, number) in people {
                try await sql.insert(into: "settlements")
                    .columns("id", "group_id", "application_reference", "identity_number", "municipality_number", "year", "status", "proposed_by", "proposed_at")
                    .values(UUID().uuidString.lowercased(), groupID, reference, number, municipality, Int64(year), "proposed", actor, Self.milliseconds(date)).run()
                try await Outbox.append(type: "no.tverr.arrival.settlement-proposed.v1", subject: number,
                                        data: ["municipalityNumber": municipality, "application": reference], on: sql, at: date, source: "/tverr/arrival")
            }
        }
    }

    /// The families proposed to, accepted by or settled in `municipality`, newest first.
    public func placements(in municipality: String, limit: Int = 200) async throws -> [Placement] {
        let rows = try await store.sql.raw("""
            SELECT s.group_id, s.status, s.proposed_at, s.settled_on, i.given_name, i.family_name FROM settlements s
            JOIN protection_applications a ON a.reference = s.application_reference JOIN arrival_intakes i ON i.id = a.intake_id
            WHERE s.municipality_number = \(bind: municipality) AND s.status <> 'declined'
            ORDER BY s.proposed_at DESC, s.group_id, i.role DESC, i.reference
            """).all()
        return try Self.grouped(rows, limit: limit).map { group, names, row in
            let proposed = Date(timeIntervalSince1970: Double(try row.decode(column: "proposed_at", as: Int64.self)) / 1000)
            return Placement(groupID: group, names: names, status: try row.decode(column: "status", as: String.self),
                             proposedOn: CalendarDate.inNorway(proposed).description, settledOn: try row.decode(column: "settled_on", as: String?.self))
        }
    }
}
