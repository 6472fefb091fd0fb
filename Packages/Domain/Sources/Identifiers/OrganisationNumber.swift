/// A Norwegian organisation number from the Central Coordinating Register for Legal Entities
/// (Enhetsregisteret): nine digits, the last a modulus-11 control digit with weights 3,2,7,6,5,4,3,2.
public struct OrganisationNumber: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The nine digits.
    public let value: String

    /// Why a text is not an organisation number.
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case wrongLength(Int)
        case notDigits
        case badControlDigit

        /// A plain-language sentence a person can act on.
        public var description: String {
            switch self {
            case .wrongLength(let count): "An organisation number has 9 digits, but this one has \(count)."
            case .notDigits: "An organisation number contains digits only."
            case .badControlDigit: "The last digit (control digit) does not match. Check for a typing mistake."
            }
        }
    }

    static let weights = [3, 2, 7, 6, 5, 4, 3, 2]

    /// Parses and validates `text`. Spaces between digit groups ("974 760 673") are allowed.
    public init(_ text: String) throws(ParseError) {
        let compact = text.trimmingASCIIWhitespace().replacingSpaces()
        guard compact.count == 9 else { throw .wrongLength(compact.count) }
        guard let digits = compact.asciiDigits, digits.count == 9 else { throw .notDigits }
        guard Modulus11.controlDigit(for: digits.prefix(8), weights: Self.weights) == digits[8] else {
            throw .badControlDigit
        }
        self.value = compact
    }

    /// The number with its control digit computed from the first eight digits, or `nil` if
    /// those eight digits can never form a valid number.
    public static func completing(_ firstEight: Int) -> OrganisationNumber? {
        guard (10_000_000...99_999_999).contains(firstEight) else { return nil }
        let text = String(firstEight)
        guard let digits = text.asciiDigits,
              let control = Modulus11.controlDigit(for: digits, weights: weights) else { return nil }
        return try? OrganisationNumber(text + String(control))
    }

    public var description: String { value }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try OrganisationNumber(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

extension String {
    func replacingSpaces() -> String { String(filter { $0 != " " }) }
}
