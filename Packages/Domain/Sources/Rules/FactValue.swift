import Identifiers

/// The types a fact in a rule set can have.
public enum FactType: String, Sendable, Hashable, CaseIterable {
    /// `true` or `false`.
    case boolean
    /// A whole number.
    case integer
    /// A calendar date, written `YYYY-MM-DD`.
    case date
    /// A short text, such as a country code or one of a fixed list of values.
    case text
}

/// One value of a fact, as a rule file, a test case or an application gives it.
public enum FactValue: Sendable, Hashable, CustomStringConvertible {
    case boolean(Bool)
    case integer(Int64)
    case date(CalendarDate)
    case text(String)
    /// Not known: the application does not say.
    case missing

    /// The type of the value, or nil when it is missing.
    public var type: FactType? {
        switch self {
        case .boolean: .boolean
        case .integer: .integer
        case .date: .date
        case .text: .text
        case .missing: nil
        }
    }

    /// The value as a rule file writes it.
    public var description: String {
        switch self {
        case .boolean(let value): String(value)
        case .integer(let value): String(value)
        case .date(let value): value.description
        case .text(let value): "\"\(value)\""
        case .missing: "missing"
        }
    }
}

extension FactValue {
    /// Whole years between two day counts: the age on `to` of someone born on `from`.
    @inline(__always)
    static func wholeYears(from: Int64, to: Int64) -> Int64 {
        Int64(CalendarDate(daysSinceEpoch: Int(from)).years(until: CalendarDate(daysSinceEpoch: Int(to))))
    }
}

extension CalendarDate {
    /// Reads `YYYY-MM-DD` with ASCII digits only; nil for anything else, including days that do not exist.
    static func strict(_ text: some StringProtocol) -> CalendarDate? {
        guard text.utf8.count == 10, text.utf8.enumerated().allSatisfy({ i, c in (i == 4 || i == 7) ? c == UInt8(ascii: "-") : (48...57).contains(c) }) else { return nil }
        return CalendarDate(iso8601: String(text))
    }
}
