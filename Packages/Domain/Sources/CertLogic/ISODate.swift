import Identifiers

/// Dates and date-times as the DCC payload writes them (ISO 8601 / RFC 3339), parsed by hand
/// into seconds since 1970 UTC so that issuing and verifying do not go through formatters.
public enum ISODate {
    /// `YYYY-MM-DD` at midnight UTC.
    public static func date(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { $0.count == 10 ? date($0, at: 0) : nil }
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, completed to the last day it can mean (CertLogic's
    /// `dccDateOfBirth`): 1990 → 1990-12-31, 1990-02 → 1990-02-28.
    public static func partialDate(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { bytes -> Double? in
            guard let year = bytes.count >= 4 ? number(bytes, 0, 4) : nil, (1900...2099).contains(year) else { return nil }
            switch bytes.count {
            case 4: return Double(CalendarDate(year: year, month: 12, day: 31)!.daysSinceEpoch) * 86_400
            case 7:
                guard bytes[4] == UInt8(ascii: "-"), let month = number(bytes, 5, 2), (1...12).contains(month) else { return nil }
                return Double(CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))!.daysSinceEpoch) * 86_400
            case 10: return date(bytes, at: 0)
            default: return nil
            }
        }
    }

    /// `YYYY-MM-DDTHH:MM[:SS[.fraction]]` followed by `Z`, `±HH:MM`, `±HHMM` or `±HH`. A bare
    /// `YYYY-MM-DD` is taken as midnight UTC, as CertLogic does. Read in place, without copying.
    public static func dateTime(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { bytes -> Double? in
            if bytes.count == 10 { return date(bytes, at: 0) }
            guard bytes.count >= 17, let day = date(bytes, at: 0),
                  bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
                  let hour = number(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"), let minute = number(bytes, 14, 2),
                  hour < 24, minute < 60 else { return nil }
            var index = 16
            var seconds = 0.0
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                guard let whole = number(bytes, index + 1, 2), whole < 60 else { return nil }
                seconds = Double(whole)
                index += 3
                if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                    var scale = 0.1
                    index += 1
                    let start = index
                    while index < bytes.count, let digit = digit(bytes[index]) {
                        seconds += Double(digit) * scale
                        scale /= 10
                        index += 1
                    }
                    guard index > start else { return nil }
                }
            }
            guard let offset = zone(bytes, from: index) else { return nil }
            return day + Double(hour * 3600 + minute * 60) + seconds - Double(offset)
        }
    }

    /// The ten bytes `YYYY-MM-DD` at `start`, as seconds since 1970.
    private static func date(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Double? {
        guard start + 10 <= bytes.count, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-"),
              let year = number(bytes, start, 4), let month = number(bytes, start + 5, 2), let day = number(bytes, start + 8, 2),
              let date = CalendarDate(year: year, month: month, day: day) else { return nil }
        return Double(date.daysSinceEpoch) * 86_400
    }

    /// The date of `seconds` since 1970 as `YYYY-MM-DD` (UTC).
    public static func format(date seconds: Double) -> String {
        CalendarDate(daysSinceEpoch: Int((seconds / 86_400).rounded(.down))).description
    }

    /// `seconds` since 1970 as `YYYY-MM-DDTHH:MM:SSZ`.
    public static func format(dateTime seconds: Double) -> String {
        let days = Int((seconds / 86_400).rounded(.down))
        let rest = Int(seconds.rounded(.down)) - days * 86_400
        return format(date: seconds) + "T\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))Z"
    }

    /// `seconds` plus `months` calendar months in UTC; a day past the new month's end becomes its
    /// last day (31 January + 1 month = 28 or 29 February).
    public static func adding(months: Int, to seconds: Double) -> Double {
        let days = Int((seconds / 86_400).rounded(.down))
        let timeOfDay = seconds - Double(days) * 86_400
        let date = CalendarDate(daysSinceEpoch: days)
        let total = date.year * 12 + (date.month - 1) + months
        let (year, month) = (Int((Double(total) / 12).rounded(.down)), ((total % 12) + 12) % 12 + 1)
        guard let moved = CalendarDate(year: year, month: month, day: min(date.day, CalendarDate.daysIn(month: month, year: year))) else { return seconds }
        return Double(moved.daysSinceEpoch) * 86_400 + timeOfDay
    }

    /// The UTC offset from `start` to the end, in seconds.
    private static func zone(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let count = bytes.count - start
        if count == 1, bytes[start] == UInt8(ascii: "Z") || bytes[start] == UInt8(ascii: "z") { return 0 }
        guard count > 0 else { return nil }
        let sign = bytes[start]
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let hours: Int?, minutes: Int?
        switch count {
        case 3: (hours, minutes) = (number(bytes, start + 1, 2), 0)
        case 5: (hours, minutes) = (number(bytes, start + 1, 2), number(bytes, start + 3, 2))
        case 6 where bytes[start + 3] == UInt8(ascii: ":"): (hours, minutes) = (number(bytes, start + 1, 2), number(bytes, start + 4, 2))
        default: return nil
        }
        guard let hours, let minutes, hours <= 14, minutes < 60 else { return nil }
        return (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            guard let digit = digit(bytes[index]) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
