import Arrival
import Foundation
import SQLKit

/// The arrival journey's steps, read from the outbox (every step is an event there already).
public struct JourneyEvents: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// The event types that mark a step.
    static let types = ["no.tverr.arrival.registered.v1", "no.tverr.registers.d-number-assigned.v1", "no.tverr.eid.enrolled.v1",
                        "no.tverr.protection.decided.v1", "no.tverr.arrival.settlement-accepted.v1", "no.tverr.arrival.settled.v1"]

    /// Every step reached by the people who arrived through the police intake, oldest first.
    /// (D-numbers and eIDs of other people are not part of this journey.)
    public func all() async throws -> [JourneyEvent] {
        var query = SQLQueryString("""
            SELECT e.type, e.subject, e.time, e.data FROM outbox_events e
            WHERE EXISTS (SELECT 1 FROM arrival_intakes i WHERE i.identity_number = e.subject) AND e.type IN (
            """)
        query.appendInterpolation(binds: Self.types)
        query.appendLiteral(") ORDER BY e.position")
        struct Decided: Decodable { let outcome: String? }
        return try await store.sql.raw(query).all().compactMap { row in
            let type = try row.decode(column: "type", as: String.self)
            let outcome = type == "no.tverr.protection.decided.v1"
                ? (try? JSONDecoder().decode(Decided.self, from: Data(try row.decode(column: "data", as: String.self).utf8)))?.outcome : nil
            guard let step = JourneyStep.marked(by: type, outcome: outcome) else { return nil }
            return JourneyEvent(person: try row.decode(column: "subject", as: String.self), step: step, at: try row.decode(column: "time", as: Int64.self))
        }
    }
}
