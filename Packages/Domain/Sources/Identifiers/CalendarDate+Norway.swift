import Foundation

extension CalendarDate {
    /// The date in Norway (Europe/Oslo) at `instant`: the day a decision or a registration is dated.
    public static func inNorway(_ instant: Date) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Oslo") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
