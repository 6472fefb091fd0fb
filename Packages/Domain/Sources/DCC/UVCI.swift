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
        let bytes = Array(text.utf8)
        guard bytes.count <= Self.maximumLength else { throw .tooLong }
        let prefix = Array("URN:UVCI:01:".utf8)
        guard bytes.count > prefix.count + 3, bytes.starts(with: prefix), bytes[prefix.count + 2] == UInt8(ascii: ":"),
              bytes[prefix.count..<(prefix.count + 2)].allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) else { throw .notAUVCI }
        guard bytes.count >= 2, bytes[bytes.count - 2] == UInt8(ascii: "#") else { throw .missingChecksum }
        let expected = try Self.checkCharacter(forASCII: bytes[..<(bytes.count - 2)])
        guard bytes[bytes.count - 1] == expected else { throw .checksumMismatch(expected: Character(Unicode.Scalar(expected))) }
        value = text
    }

    /// The Luhn mod N check character for `body`: from the right, every second value doubled and
    /// its base-N digits summed; the check is what brings the total to a multiple of N.
    public static func checkCharacter(for body: String) throws(Failure) -> Character {
        if let bad = body.first(where: { $0.asciiValue.map { value(of: $0) == nil } ?? true }) { throw .invalidCharacter(bad) }
        return Character(Unicode.Scalar(try checkCharacter(forASCII: Array(body.utf8)[...])))
    }

    private static func checkCharacter(forASCII body: ArraySlice<UInt8>) throws(Failure) -> UInt8 {
        let n = checksumAlphabet.count
        var sum = 0
        var factor = 2
        for byte in body.reversed() {
            guard let value = value(of: byte) else { throw .invalidCharacter(Character(Unicode.Scalar(byte))) }
            let addend = factor * value
            sum += addend / n + addend % n
            factor = factor == 2 ? 1 : 2
        }
        return checksumAlphabet[(n - sum % n) % n]
    }

    /// A character's value in the checksum alphabet: A–Z 0–25, 0–9 26–35, / 36, : 37.
    private static func value(of byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0")) + 26
        case UInt8(ascii: "/"): 36
        case UInt8(ascii: ":"): 37
        default: nil
        }
    }
}
