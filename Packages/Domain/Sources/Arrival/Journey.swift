import Foundation

/// The steps of the arrival journey, in order, each as the event that marks it.
public enum JourneyStep: String, CaseIterable, Sendable, Comparable, Codable {
    case arrival, dNumber = "d-number", eID = "eid", decision, settlement, address

    /// The agency whose work the wait *before* this step is: who the person waits for.
    public var agency: String {
        switch self {
        case .arrival, .dNumber: "Politiet"
        case .eID: "Digdir (eID)"
        case .decision: "UDI"
        case .settlement: "IMDi"
        case .address: "Kommunen"
        }
    }

    /// The step this one waits on. The chain branches after the D-number: the eID and the
    /// decision each wait on the D-number (the rules decide at the intake, before any eID), and
    /// settlement waits on the decision, not on the eID.
    public var predecessor: JourneyStep? {
        switch self {
        case .arrival: nil
        case .dNumber: .arrival
        case .eID, .decision: .dNumber
        case .settlement: .decision
        case .address: .settlement
        }
    }

    public static func < (a: JourneyStep, b: JourneyStep) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The step an event marks, if any: a decision only when there is an outcome (not when the
    /// rules sent the case to a caseworker), the settlement when the municipality accepts, the
    /// address when the family has moved in.
    public static func marked(by type: String, outcome: String? = nil) -> JourneyStep? {
        switch type {
        case "no.tverr.arrival.registered.v1": .arrival
        case "no.tverr.registers.d-number-assigned.v1": .dNumber
        case "no.tverr.eid.enrolled.v1": .eID
        case "no.tverr.protection.decided.v1": outcome == "grant" || outcome == "refuse" ? .decision : nil
        case "no.tverr.arrival.settlement-accepted.v1": .settlement
        case "no.tverr.arrival.settled.v1": .address
        default: nil
        }
    }
}

/// One step reached by one person, at a time in milliseconds since 1970.
public struct JourneyEvent: Sendable, Equatable {
    public let person: String
    public let step: JourneyStep
    public let at: Int64
    public init(person: String, step: JourneyStep, at: Int64) { (self.person, self.step, self.at) = (person, step, at) }
}

/// The waits on the arrival journey, from its events: each person's timeline, the median and
/// 90th-percentile wait between consecutive steps, the people stuck at a step longer than a
/// threshold, and the bottleneck (the hand-off with the longest median wait) per week.
///
/// A step reached twice (a second decision after an appeal) counts from its first time. A wait
/// is measured from the step it waits on (`JourneyStep.predecessor`); someone who skipped that
/// step (a linked person with a number already) is measured from the one before it.
public struct JourneyAnalytics: Sendable {
    /// Each person's first time at each step.
    public private(set) var timelines: [String: [JourneyStep: Int64]] = [:]

    public init(_ events: some Sequence<JourneyEvent> = []) { record(events) }

    /// Adds more events (those written since the last read), as if they had been there from the start.
    public mutating func record(_ events: some Sequence<JourneyEvent>) {
        for event in events {
            if let seen = timelines[event.person]?[event.step], seen <= event.at { continue }
            timelines[event.person, default: [:]][event.step] = event.at
        }
    }

    /// One hand-off between two steps: how many went through it and how long they waited (seconds).
    public struct Handoff: Sendable, Equatable {
        public let from: JourneyStep
        public let to: JourneyStep
        public let volume: Int
        public let median: Double
        public let p90: Double
    }

    /// The waits in `timeline`: for each step reached, the step it waited on (its predecessor, or
    /// the nearest one before that which was reached) and the seconds between.
    static func waits(_ timeline: [JourneyStep: Int64]) -> [(from: JourneyStep, to: JourneyStep, seconds: Double, at: Int64)] {
        timeline.sorted { $0.key < $1.key }.compactMap { step, at in
            var from = step.predecessor
            while let candidate = from, timeline[candidate] == nil { from = candidate.predecessor }
            guard let from, let since = timeline[from] else { return nil }
            return (from, step, Double(max(at - since, 0)) / 1000, at)
        }
    }

    /// Every hand-off that someone went through, in journey order.
    public func handoffs() -> [Handoff] {
        var seconds: [[JourneyStep]: [Double]] = [:]
        for timeline in timelines.values { for wait in Self.waits(timeline) { seconds[[wait.from, wait.to], default: []].append(wait.seconds) } }
        return seconds.map(Self.handoff).sorted { ($0.from, $0.to) < ($1.from, $1.to) }
    }

    /// People stuck at a step: their last step is not the last of the journey, and they reached
    /// it more than `threshold` seconds before `now`. By step, with how many and for how long at most.
    public func dropOuts(threshold: Double, now: Int64) -> [(step: JourneyStep, people: Int, longest: Double)] {
        var stuck: [JourneyStep: (Int, Double)] = [:]
        for timeline in timelines.values {
            guard let (step, at) = timeline.max(by: { $0.key < $1.key }), step != .address else { continue }
            let waited = Double(now - at) / 1000
            guard waited > threshold else { continue }
            let (people, longest) = stuck[step] ?? (0, 0)
            stuck[step] = (people + 1, max(longest, waited))
        }
        return stuck.map { ($0.key, $0.value.0, $0.value.1) }.sorted { $0.step < $1.step }
    }

    /// Per ISO week (of the day the later step was reached, in Norway): the hand-off with the
    /// longest median wait, and whose wait it is.
    public func bottlenecks() -> [(week: String, handoff: Handoff, agency: String)] {
        var weeks: [String: [[JourneyStep]: [Double]]] = [:], weekOfDay: [Int64: String] = [:]
        for timeline in timelines.values {
            for wait in Self.waits(timeline) {
                // The calendar is slow: look the week up once per hour (Norway's offset is whole
                // hours, so an hour never spans two days there).
                let hour = wait.at / 3_600_000
                let week = weekOfDay[hour] ?? Self.week(wait.at)
                weekOfDay[hour] = week
                weeks[week, default: [:]][[wait.from, wait.to], default: []].append(wait.seconds)
            }
        }
        return weeks.keys.sorted().compactMap { week in
            let handoffs = weeks[week]!.map(Self.handoff)
            guard let worst = handoffs.max(by: { ($0.median, $1.from, $1.to) < ($1.median, $0.from, $0.to) }) else { return nil }
            return (week, worst, worst.to.agency)
        }
    }

    /// Per agency (whose work the wait is): its hand-off with the longest median wait, slowest
    /// agency first.
    public static func bottlenecksByAgency(_ handoffs: [Handoff]) -> [(agency: String, handoff: Handoff)] {
        Dictionary(grouping: handoffs, by: \.to.agency).compactMap { agency, handoffs in
            handoffs.max { ($0.median, $1.to) < ($1.median, $0.to) }.map { (agency, $0) }
        }.sorted { ($0.handoff.median, $1.agency) > ($1.handoff.median, $0.agency) }
    }

    /// The hand-off between the two steps of `pair`, from its waits.
    static func handoff(_ pair: [JourneyStep], _ waits: [Double]) -> Handoff {
        let sorted = waits.sorted()
        return Handoff(from: pair[0], to: pair[1], volume: sorted.count, median: median(sorted), p90: percentile(sorted, 0.9))
    }

    /// The median of sorted values (the mean of the middle two for an even count); 0 for none.
    public static func median(_ sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The nearest-rank percentile of sorted values (`fraction` 0.9 for the 90th); 0 for none.
    public static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[max(Int((fraction * Double(sorted.count)).rounded(.up)) - 1, 0)]
    }

    /// The ISO 8601 week of an instant in Norway, as `2022-W11`.
    public static func week(_ milliseconds: Int64) -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "Europe/Oslo") ?? .gmt
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        return String(format: "%04d-W%02d", parts.yearForWeekOfYear ?? 0, parts.weekOfYear ?? 0)
    }
}
