/// The unique vaccination certificate/assertion identifier (eHN "Guidelines on verifiable
/// vaccination certificates", annex 2), option 3 of version 01:
/// `URN:UVCI:01:NO:<opaque id>#<check character>`.
///
/// The check character is Luhn mod N over the whole identifier before `#`, with N = 38 over
/// `A–Z 0–9 / :` (the DCC schema FAQ).
public struct UVCI: Sendable, Hashable, CustomStringConvertible {
    /// The characters the checksum is computed over, in value order.
    public static let checksumAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:".utf8)
    /// The schema's limit on `ci`.
    public static let maximumLength = 80

    /// The identifier with its check character.
    public let value: String

    public var description: String { value }

    /// Why a string is not a well-formed UVCI.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// It does not start with `URN:UVCI:01:` and a two-letter country.
        case notAUVCI
        /// A character outside A–Z, 0–9, `/` and `:`.
        case invalidCharacter(Character)
        /// The `#` and check character are missing.
        case missingChecksum
        /// The check character does not match.
        case checksumMismatch(expected: Character)
        /// Longer than 80 characters.
        case tooLong

        public var description: String {
            switch self {
            case .notAUVCI: "A UVCI starts with URN:UVCI:01: and a two-letter country code"
            case .invalidCharacter(let character): "A UVCI cannot contain \"\(character)\""
            case .missingChecksum: "The UVCI has no check character after #"
            case .checksumMismatch(let expected): "The UVCI's check character is wrong (expected \(expected))"
            case .tooLong: "A UVCI is at most 80 characters"
            }
        }
    }

    /// A new identifier for `country` with `opaque` as its unique part (upper case A–Z, 0–9, `/`).
    public init(country: String, opaque: String) throws(Failure) {
        let body = "URN:UVCI:01:\(country):\(opaque)"
        try self.init(checking: body + "#" + String(try Self.checkCharacter(for: body)))
    }

    /// Parses and checks an identifier that carries a check character.
    public init(checking text: String) throws(Failure) {
        guard text.count <= Self.maximumLength else { throw .tooLong }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 5, parts[0] == "URN", parts[1] == "UVCI", parts[2] == "01", parts[3].count == 2 else { throw .notAUVCI }
        guard let hash = text.lastIndex(of: "#"), text.index(after: hash) < text.endIndex, text[text.index(after: hash)...].count == 1 else {
            throw .missingChecksum
        }
        let body = String(text[..<hash])
        let expected = try Self.checkCharacter(for: body)
        guard text.last == expected else { throw .checksumMismatch(expected: expected) }
        value = text
    }

    /// The Luhn mod N check character for `body`: from the right, every second value doubled and
    /// its base-N digits summed; the check is what brings the total to a multiple of N.
    public static func checkCharacter(for body: String) throws(Failure) -> Character {
        let n = checksumAlphabet.count
        if let bad = body.first(where: { $0.asciiValue.map { !checksumAlphabet.contains($0) } ?? true }) { throw .invalidCharacter(bad) }
        var sum = 0
        var factor = 2
        for character in body.reversed() {
            let value = checksumAlphabet.firstIndex(of: character.asciiValue!)!
            let addend = factor * value
            sum += addend / n + addend % n
            factor = factor == 2 ? 1 : 2
        }
        return Character(Unicode.Scalar(checksumAlphabet[(n - sum % n) % n]))
    }
}
