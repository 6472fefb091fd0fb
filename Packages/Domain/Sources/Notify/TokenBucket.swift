/// A token bucket: `capacity` tokens, refilled at `rate` per second. Each message takes one.
public struct TokenBucket: Equatable, Sendable {
    public let capacity: Double
    public let rate: Double
    private var tokens: Double
    private var last: Double

    public init(capacity: Double, rate: Double, now: Double) {
        self.capacity = capacity
        self.rate = rate
        self.tokens = capacity
        self.last = now
    }

    /// Takes `count` tokens if there are enough; otherwise returns the seconds to wait until
    /// there will be (and takes nothing).
    public mutating func take(_ count: Double = 1, now: Double) -> Double? {
        tokens = min(capacity, tokens + max(0, now - last) * rate)
        last = max(last, now)
        if tokens >= count {
            tokens -= count
            return nil
        }
        return (count - tokens) / rate
    }
}
