import Foundation

/// When a failed delivery is tried again. The default is Altinn Events' schedule (10 s, 30 s,
/// 1 min, 5 min, 10 min, 30 min, 1 h, 3 h, 6 h, 12 h, 12 h); after the last retry fails the
/// delivery goes to the dead-letter list. Each wait is spread by ±`jitter` so that retries for
/// many subscribers that failed together do not come back together.
public struct RetrySchedule: Equatable, Sendable {
    /// Waits in milliseconds: after the first failed attempt, the second, and so on.
    public let delays: [Int64]
    /// The share of each wait that is random, between 0 and 1.
    public let jitter: Double

    public static let altinn = RetrySchedule(delays: [10, 30, 60, 300, 600, 1_800, 3_600, 10_800, 21_600, 43_200, 43_200].map { $0 * 1000 },
                                             jitter: 0.2)

    public init(delays: [Int64], jitter: Double) {
        self.delays = delays
        self.jitter = min(max(jitter, 0), 1)
    }

    /// How many attempts a delivery gets in all before it is dead-lettered.
    public var attempts: Int { delays.count + 1 }

    /// The wait after failed attempt number `attempt` (1-based), or nil when it was the last.
    /// `random` gives a value in 0..<1.
    public func delay(afterAttempt attempt: Int, random: () -> Double) -> Int64? {
        guard attempt >= 1, attempt <= delays.count else { return nil }
        let base = Double(delays[attempt - 1])
        let spread = base * jitter * (random() * 2 - 1)
        return max(1, Int64((base + spread).rounded()))
    }

    /// Reads a schedule such as `10s,30s,1m,5m` or `50ms,100ms` (for tests and operators).
    public static func parse(_ text: String, jitter: Double = 0.2) throws(ScheduleError) -> RetrySchedule {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty, parts.count <= 30 else { throw ScheduleError(text: text) }
        var delays: [Int64] = []
        for part in parts {
            let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
            guard let (suffix, factor) = units.first(where: { part.hasSuffix($0.0) && Int64(part.dropLast($0.0.count)) != nil }),
                  let value = Int64(part.dropLast(suffix.count)), value > 0, value <= 7 * 24 * 3_600_000 / factor
            else { throw ScheduleError(text: text) }
            delays.append(value * factor)
        }
        return RetrySchedule(delays: delays, jitter: jitter)
    }

    public struct ScheduleError: Error, CustomStringConvertible {
        public let text: String
        public var description: String {
            "\"\(text.prefix(80))\" is not a retry schedule: give up to 30 waits such as 10s,30s,1m,5m (units ms, s, m, h)."
        }
    }
}
