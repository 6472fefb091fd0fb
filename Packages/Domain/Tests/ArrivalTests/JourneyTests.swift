import Arrival
import Foundation
import Testing

@Suite("Journey analytics: timelines, waits between steps, drop-outs and the weekly bottleneck")
struct JourneyTests {
    /// 2022-03-14 08:00 Oslo (Monday of week 11), in milliseconds.
    static let monday: Int64 = 1_647_241_200_000
    static let hour: Int64 = 3_600_000, day: Int64 = 86_400_000

    static func person(_ id: String, _ steps: [(JourneyStep, Int64)]) -> [JourneyEvent] {
        steps.map { JourneyEvent(person: id, step: $0.0, at: monday + $0.1) }
    }

    /// Five people: three all the way, one waiting for a decision, one without an eID yet.
    static let events: [JourneyEvent] =
        person("a", [(.arrival, 0), (.dNumber, 0), (.eID, 1 * day), (.decision, 2 * day), (.settlement, 10 * day), (.address, 20 * day)])
        + person("b", [(.arrival, 0), (.dNumber, 0), (.eID, 2 * day), (.decision, 3 * day), (.settlement, 12 * day), (.address, 16 * day)])
        + person("c", [(.arrival, hour), (.dNumber, hour), (.eID, 1 * day), (.decision, 9 * day), (.settlement, 30 * day), (.address, 31 * day)])
        + person("d", [(.arrival, 0), (.dNumber, 0), (.eID, 1 * day)])
        + person("e", [(.arrival, 0), (.dNumber, 0), (.decision, 4 * day)])
        // A second decision after an appeal does not move the first.
        + person("a", [(.decision, 25 * day)])

    @Test("Median and nearest-rank 90th percentile")
    func statistics() {
        #expect(JourneyAnalytics.median([]) == 0 && JourneyAnalytics.median([3]) == 3 && JourneyAnalytics.median([1, 2, 3, 10]) == 2.5)
        let hundred = (1...100).map(Double.init)
        #expect(JourneyAnalytics.percentile(hundred, 0.9) == 90 && JourneyAnalytics.percentile([5, 1_000], 0.9) == 1_000)
    }

    @Test("Each hand-off has its volume, median and 90th percentile; each step is measured from the one it waits on")
    func handoffs() throws {
        let analytics = JourneyAnalytics(Self.events)
        #expect(analytics.timelines.count == 5 && analytics.timelines["a"]?[.decision] == Self.monday + 2 * Self.day)
        let handoffs = analytics.handoffs()
        let byPair = Dictionary(uniqueKeysWithValues: handoffs.map { ("\($0.from.rawValue)>\($0.to.rawValue)", $0) })
        let eid = try #require(byPair["d-number>eid"])
        #expect(eid.volume == 4)
        // Waits in days: 1, 2, 1 − 1/24, 1.
        #expect(eid.median == 86_400 && eid.p90 == 2 * 86_400)
        // The decision waits on the D-number, not on the eID (the rules decide at the intake):
        // 2, 3, 9 − 1/24 and 4 days.
        let decision = try #require(byPair["d-number>decision"])
        #expect(decision.volume == 4 && decision.median == 3.5 * 86_400 && decision.p90 == (9 * 86_400 - 3_600))
        #expect(byPair["eid>decision"] == nil && byPair["eid>settlement"] == nil, "nothing waits on the eID")
        #expect(byPair["decision>settlement"]?.volume == 3)
        #expect(byPair["settlement>address"]?.volume == 3 && byPair["settlement>address"]?.median == 4 * 86_400, "waits of 10, 4 and 1 days")
        #expect(handoffs.first?.from == .arrival && handoffs.map(\.from) == handoffs.map(\.from).sorted())
    }

    @Test("Drop-outs: people whose last step is older than the threshold, by step")
    func dropOuts() {
        let analytics = JourneyAnalytics(Self.events)
        let stuck = analytics.dropOuts(threshold: 7 * 86_400, now: Self.monday + 15 * Self.day)
        #expect(stuck.map(\.step) == [.eID, .decision])
        #expect(stuck.map(\.people) == [1, 1])
        #expect(stuck.first?.longest == Double(14 * 86_400))
        #expect(analytics.dropOuts(threshold: 30 * 86_400, now: Self.monday + 15 * Self.day).isEmpty)
    }

    @Test("The bottleneck per week is the hand-off with the longest median wait, with its agency")
    func bottlenecks() throws {
        let weeks = JourneyAnalytics(Self.events).bottlenecks()
        #expect(JourneyAnalytics.week(Self.monday) == "2022-W11")
        #expect(weeks.map(\.week) == weeks.map(\.week).sorted() && weeks.first?.week == "2022-W11")
        let second = try #require(weeks.first { $0.week == "2022-W12" })
        // Week 12 (from 21 March): a and b's settlements (8 and 9 days after the decision, median 8.5),
        // and c's decision, 9 days less an hour after the D-number: UDI's wait is the longest.
        #expect(second.handoff.from == .dNumber && second.handoff.to == .decision && second.agency == "UDI")
        #expect(second.handoff.median == 9 * 86_400 - 3_600)
    }
}

@Suite("The bottleneck per agency")
struct JourneyAgencyTests {
    @Test("Each agency's slowest hand-off, slowest agency first")
    func byAgency() {
        let byAgency = JourneyAnalytics.bottlenecksByAgency(JourneyAnalytics(JourneyTests.events).handoffs())
        // IMDi: decision → settlement (8, 9, 21 days, median 9); UDI: d-number → decision (median 3.5);
        // the municipality: settlement → address (median 4); Digdir: the eID (median 1); the police: 0.
        #expect(byAgency.map(\.agency) == ["IMDi", "Kommunen", "UDI", "Digdir (eID)", "Politiet"])
        #expect(byAgency.first?.handoff.median == 9 * 86_400.0, "\(String(describing: byAgency.first))")
        #expect(JourneyAnalytics.bottlenecksByAgency([]).isEmpty)
    }
}

@Suite("Journey analytics read in pieces: events added later give the same analytics as all at once")
struct JourneyIncrementTests {
    @Test("Recording in two reads, out of order, equals one read")
    func incremental() {
        let events = JourneyTests.events
        var analytics = JourneyAnalytics()
        analytics.record(events.suffix(from: 10))
        analytics.record(events.prefix(10))
        let whole = JourneyAnalytics(events)
        #expect(analytics.timelines == whole.timelines)
        #expect(analytics.handoffs() == whole.handoffs())
        #expect(analytics.bottlenecks().map(\.week) == whole.bottlenecks().map(\.week))
    }
}
