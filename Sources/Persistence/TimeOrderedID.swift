import Foundation

/// Time-ordered identifiers (UUID version 7, RFC 9562 §5.7): 48 bits of Unix time in
/// milliseconds, then random bits. New rows then land at the end of each index instead of at a
/// random page, which keeps bulk writes (results, notices, events) from touching the whole index.
enum TimeOrderedID {
    /// A new identifier in the usual lowercase 8-4-4-4-12 form.
    static func make(at date: Date = Date()) -> String {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        var bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max) }
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0f)   // version 7
        bytes[8] = 0x80 | (bytes[8] & 0x3f)   // the RFC 9562 variant
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }
}
