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
    public func all() async throws -> [JourneyEvent] { try await since(0).events }

    /// The steps written after outbox position `position`, and the last position read (or
    /// `position` when there is nothing new). Positions become visible in order (the outbox
    /// writes one at a time), so reading on from the last position misses nothing.
    public func since(_ position: Int64) async throws -> (events: [JourneyEvent], last: Int64) {
        var query = SQLQueryString("""
            SELECT e.position, e.type, e.subject, e.time, e.data FROM outbox_events e
            WHERE e.position > \(bind: position) AND e.type IN (
            """)
        query.appendInterpolation(binds: Self.types)
        query.appendLiteral(") AND EXISTS (SELECT 1 FROM arrival_intakes i WHERE i.identity_number = e.subject) ORDER BY e.position")
        struct Decided: Decodable { let outcome: String? }
        var last = position
        let events = try await store.sql.raw(query).all().compactMap { row -> JourneyEvent? in
            last = max(last, try row.decode(column: "position", as: Int64.self))
            let type = try row.decode(column: "type", as: String.self)
            let outcome = type == "no.tverr.protection.decided.v1"
                ? (try? JSONDecoder().decode(Decided.self, from: Data(try row.decode(column: "data", as: String.self).utf8)))?.outcome : nil
            guard let step = JourneyStep.marked(by: type, outcome: outcome) else { return nil }
            return JourneyEvent(person: try row.decode(column: "subject", as: String.self), step: step, at: try row.decode(column: "time", as: Int64.self))
        }
        return (events, last)
    }
}

/// The journey's figures: the analytics, and the hand-offs and bottlenecks (per week, per agency) computed from them.
public struct JourneyFigures: Sendable {
    public let analytics: JourneyAnalytics
    public let handoffs: [JourneyAnalytics.Handoff]
    public let bottlenecks: [(week: String, handoff: JourneyAnalytics.Handoff, agency: String)]
    public let byAgency: [(agency: String, handoff: JourneyAnalytics.Handoff)]

    init(_ analytics: JourneyAnalytics) {
        self.analytics = analytics
        handoffs = analytics.handoffs()
        bottlenecks = analytics.bottlenecks()
        byAgency = JourneyAnalytics.bottlenecksByAgency(handoffs)
    }
}

/// The journey's analytics kept in memory and brought up to date from the outbox on each read,
/// so that a page view reads only the events written since the one before (not 200,000 rows
/// after a wave of 35,000 people), and computes the figures again only when there were some.
public actor JourneyLedger {
    let events: JourneyEvents
    var analytics = JourneyAnalytics()
    var position: Int64 = 0
    var figures: JourneyFigures?

    public init(store: Store) { events = JourneyEvents(store: store) }

    /// The figures with every step written so far.
    public func current() async throws -> JourneyFigures {
        let (new, last) = try await events.since(position)
        if let figures, new.isEmpty { return figures }
        analytics.record(new)
        position = max(position, last)
        let fresh = JourneyFigures(analytics)
        figures = fresh
        return fresh
    }
}
