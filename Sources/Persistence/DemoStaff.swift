import Foundation
import Identifiers
import Identity
import Reference
import SQLKit
import Youth

/// Demo data on top of the synthetic population: a few staff members with roles, and entries in
/// the health personnel register. Deterministic for a given population.
public enum DemoStaff {
    /// The roles handed out, with the organisation each is held at.
    static let assignments: [(StaffRole, organisation: String)] = [
        (.admin, "991825827"),          // Digitaliseringsdirektoratet
        (.caseworker, "889640782"),     // Nav
        (.healthPersonnel, "983744516"), // Folkehelseinstituttet
        (.municipalStaff, "958935420"),  // Oslo kommune
        (.editor, "889640782"),          // Nav: writes the message templates
        (.municipalStaff, "983744516"),  // Folkehelseinstituttet: the national dashboard
        (.tracer, "958935420"),          // Oslo kommune: contact tracing
        (.police, Organisation.police.number.value),           // Politiet: the intake at arrival
        (.caseworker, "974760746"),      // UDI: protection cases the rules send to a person
        (.caseworker, Organisation.integrationDirectorate.number.value), // IMDi: settlement in a municipality
        (.editor, Organisation.youthDirectorate.number.value), // Bufdir: the youth front door's articles
        (.expert, Organisation.youthDirectorate.number.value), // Bufdir: the expert panel, a psychologist
        (.expert, Organisation.youthDirectorate.number.value), // Bufdir: the expert panel, a school nurse
    ]

    /// The demo experts' disciplines, in the order of their assignments.
    static let disciplines: [Discipline] = [.psychologist, .nurse]

    static let professions = ["Sykepleier", "Lege", "Bioingeniør", "Helsesekretær", "Jordmor", "Psykolog"]

    /// Assigns the demo roles and fills the health personnel register; does nothing if already done.
    public static func seed(store: Store, today: CalendarDate) async throws {
        guard try await store.sql.raw("SELECT 1 AS ok FROM staff_roles").first() == nil else { return }
        let cutoff = today.adding(days: -30 * 365).description
        let adults = try await store.sql.raw("""
            SELECT p.identity_number FROM persons p JOIN contact_details c ON c.person_id = p.id
            WHERE p.citizenship = 'NOR' AND p.birth_date < \(bind: cutoff) AND c.is_reserved = \(bind: false)
            ORDER BY p.identity_number
            """).all().map { try $0.decode(column: "identity_number", as: String.self) }
        guard adults.count > assignments.count else { return }
        let identity = IdentityStore(store: store)
        for (index, (role, organisation)) in assignments.enumerated() {
            // The first adult is the plain demo citizen; staff are the next ones.
            try await identity.assign(role: role, to: adults[index + 1], at: organisation)
        }
        let experts = assignments.indices.filter { assignments[$0].0 == .expert }
        for (index, discipline) in zip(experts, disciplines) {
            try await YouthQuestions(store: store).add(discipline: discipline, to: adults[index + 1])
        }
        // Every 25th adult, and the demo health worker, is in the health personnel register.
        var rows = Array(stride(from: 0, to: adults.count, by: 25).map { adults[$0] })
        let healthWorker = adults[1 + assignments.firstIndex { $0.0 == .healthPersonnel }!]
        if !rows.contains(healthWorker) { rows.append(healthWorker) }
        for (index, pid) in rows.enumerated() {
            try await store.sql.insert(into: "health_personnel").columns("hpr_number", "pid", "profession", "authorisation", "valid_from")
                .values(String(9_000_000 + index), pid, pid == healthWorker ? "Sykepleier" : professions[index % professions.count],
                        index % 17 == 16 && pid != healthWorker ? "suspendert" : "autorisasjon", "2015-01-01").run()
        }
    }

    /// The staff members and their roles, for `tverr serve` to print.
    public static func staff(store: Store) async throws -> [(pid: String, name: String, role: StaffRole, organisation: String)] {
        try await store.sql.raw("""
            SELECT s.pid, s.role, s.organisation_number, p.given_name, p.family_name FROM staff_roles s
            JOIN persons p ON p.identity_number = s.pid ORDER BY s.role, s.pid
            """).all().compactMap { row in
                guard let role = StaffRole(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
                return (try row.decode(column: "pid", as: String.self),
                        "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self))",
                        role, try row.decode(column: "organisation_number", as: String.self))
            }
    }
}
