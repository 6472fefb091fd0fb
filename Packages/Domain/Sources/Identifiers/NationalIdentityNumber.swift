/// A Norwegian national identity number: a fødselsnummer or a D-number.
///
/// Eleven digits: the date of birth `DDMMYY`, a three-digit individual number, and two modulus-11
/// control digits. A D-number, given to foreign nationals, has 4 added to the first digit.
/// Synthetic test numbers (Skatteetaten's Tenor convention) have 80 added to the month, so that
/// they can never belong to a real person.
///
/// From 2032 the first control digit also accepts a remainder of 0–3, and neither sex nor
/// century can be read from new numbers (Folkeregisteret, "Fødselsnummer 2032"). Both rules are
/// accepted here.
public struct NationalIdentityNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The eleven digits.
    public let value: String

    /// Which kind of number this is.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A fødselsnummer, for people registered as resident.
        case birthNumber = "fnr"
        /// A D-number, for foreign nationals who need an identity number (first digit + 4).
        case dNumber = "dnr"
    }

    /// Why a text is not a national identity number.
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case wrongLength(Int)
        case notDigits
        case impossibleDate
        case badFirstControlDigit
        case badSecondControlDigit

        /// A plain-language sentence a person can act on.
        public var description: String {
            switch self {
            case .wrongLength(let count):
                "A national identity number has 11 digits, but this one has \(count)."
            case .notDigits:
                "A national identity number contains digits only."
            case .impossibleDate:
                "The first six digits are not a real date of birth."
            case .badFirstControlDigit:
                "The 10th digit (first control digit) does not match. Check for a typing mistake."
            case .badSecondControlDigit:
                "The 11th digit (second control digit) does not match. Check for a typing mistake."
            }
        }
    }

    static let firstWeights = [3, 7, 6, 1, 8, 9, 4, 5, 2, 1]
    static let secondWeights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1]

    /// The kind, read from the first digit.
    public let kind: Kind
    /// Whether the month carries Tenor's +80 marker for synthetic test people.
    public let isSynthetic: Bool
    /// Whether the number is valid only under the 2032 rule (first control remainder 1–3).
    public let usesRule2032: Bool

    /// Parses and validates `text`. Surrounding white space is ignored.
    public init(_ text: String) throws(ParseError) {
        let trimmed = text.trimmingASCIIWhitespace()
        guard trimmed.count == 11 else { throw .wrongLength(trimmed.count) }
        guard let d = trimmed.asciiDigits, d.count == 11 else { throw .notDigits }
        let parts = Self.dateParts(d)
        guard Self.isPlausible(day: parts.day, month: parts.month, yy: parts.yy,
                               century: Self.century(individual: parts.individual, yy: parts.yy))
        else { throw .impossibleDate }
        let firstRemainder = Modulus11.weightedSum(d.prefix(10), weights: Self.firstWeights) % 11
        guard firstRemainder <= 3 else { throw .badFirstControlDigit }
        guard Modulus11.weightedSum(d, weights: Self.secondWeights) % 11 == 0 else {
            throw .badSecondControlDigit
        }
        self.value = trimmed
        self.kind = d[0] >= 4 ? .dNumber : .birthNumber
        self.isSynthetic = d[2] >= 8
        self.usesRule2032 = firstRemainder != 0
    }

    /// Whether `text` is a valid number.
    public static func isValid(_ text: String) -> Bool { (try? NationalIdentityNumber(text)) != nil }

    /// The date of birth, where the number shows it: under the pre-2032 rule the individual
    /// number gives the century. `nil` for 2032-rule numbers; the population register's
    /// recorded date of birth is the authority.
    public var dateOfBirth: CalendarDate? {
        guard !usesRule2032, let d = value.asciiDigits else { return nil }
        let parts = Self.dateParts(d)
        guard let century = Self.century(individual: parts.individual, yy: parts.yy) else { return nil }
        return CalendarDate(year: century + parts.yy, month: parts.month, day: parts.day)
    }

    /// The individual number (digits 7–9).
    public var individualNumber: Int { Self.dateParts(value.asciiDigits ?? []).individual }

    public var description: String { value }

    /// A masked form for logs and screens where the full number is not needed: `DDMMYY*****`.
    public var masked: String { String(value.prefix(6)) + "*****" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try NationalIdentityNumber(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    // MARK: - Structure

    struct DateParts { var day: Int; var month: Int; var yy: Int; var individual: Int }

    static func dateParts(_ d: [UInt8]) -> DateParts {
        guard d.count == 11 else { return DateParts(day: 0, month: 0, yy: 0, individual: 0) }
        let rawDay = Int(d[0]) * 10 + Int(d[1])
        let rawMonth = Int(d[2]) * 10 + Int(d[3])
        return DateParts(
            day: rawDay > 40 ? rawDay - 40 : rawDay,
            month: rawMonth > 80 ? rawMonth - 80 : rawMonth,
            yy: Int(d[4]) * 10 + Int(d[5]),
            individual: Int(d[6]) * 100 + Int(d[7]) * 10 + Int(d[8]))
    }

    /// The century under the pre-2032 individual-number series, or `nil` if none fits.
    static func century(individual: Int, yy: Int) -> Int? {
        switch individual {
        case 0...499: 1900
        case 500...749 where yy >= 54: 1800
        case 500...999 where yy <= 39: 2000
        case 900...999 where yy >= 40: 1900
        default: nil
        }
    }

    static func isPlausible(day: Int, month: Int, yy: Int, century: Int?) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        // Without a readable century, 29 February is possible whenever some century makes it so.
        let year = century.map { $0 + yy } ?? (yy % 4 == 0 ? 2000 + yy : 2001)
        return day <= CalendarDate.daysIn(month: month, year: year)
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
