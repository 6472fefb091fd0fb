import Foundation

/// A mobile number in E.164 form (`+4791234567`). Norwegian numbers may be given without the
/// country code (8 digits, starting with 4 or 9).
public struct MobileNumber: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let e164: String
    public var description: String { e164 }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case malformed
        case notMobile
        public var description: String {
            switch self {
            case .malformed: "A mobile number is + and 8 to 15 digits (for example +4791234567), or 8 Norwegian digits."
            case .notMobile: "Norwegian mobile numbers start with 4 or 9."
            }
        }
    }

    public init(_ text: String) throws(Problem) {
        let compact = text.filter { $0 != " " && $0 != "-" && $0 != "(" && $0 != ")" }
        var digits: Substring
        if compact.hasPrefix("+") { digits = compact.dropFirst() } else if compact.hasPrefix("00") { digits = compact.dropFirst(2) } else {
            guard compact.count == 8 else { throw .malformed }
            digits = Substring("47" + compact)
        }
        guard (8...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0" else { throw .malformed }
        if digits.hasPrefix("47") {
            let national = digits.dropFirst(2)
            guard national.count == 8 else { throw .malformed }
            guard national.first == "4" || national.first == "9" else { throw .notMobile }
        }
        e164 = "+" + digits
    }
}

/// An e-mail address, checked for the shape SMTP needs (not for whether the mailbox exists).
public struct EmailAddress: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let value: String
    public var description: String { value }

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var description: String { "That is not an e-mail address such as navn@example.no." }
    }

    public init(_ text: String) throws(Problem) {
        let value = text.trimmingCharacters(in: .whitespaces)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard value.utf8.count <= 254, parts.count == 2, let local = parts.first, let domain = parts.last,
              (1...64).contains(local.utf8.count), (3...253).contains(domain.utf8.count),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains(".."),
              local.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "!#$%&'*+/=?^_`{|}~.-".contains($0)) }),
              domain.split(separator: ".", omittingEmptySubsequences: false).count >= 2,
              domain.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ label in
                  (1...63).contains(label.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                      && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
              })
        else { throw Problem() }
        self.value = value
    }
}

/// How many SMS segments a text takes: GSM 03.38 texts fit 160 characters in one segment and 153
/// per segment when split; anything else (Cyrillic, emoji) is UCS-2, 70 and 67.
public enum SMSLength {
    /// Altinn cuts texts beyond 16 segments silently; Tverr refuses them.
    public static let maximumSegments = 16

    static let basic = Set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    static let extended = Set("^{}\\[~]|€\u{0C}")

    public static func isGSM(_ text: String) -> Bool { text.allSatisfy { basic.contains($0) || extended.contains($0) } }

    public static func segments(_ text: String) -> Int {
        if isGSM(text) {
            let septets = text.reduce(0) { $0 + (extended.contains($1) ? 2 : 1) }
            return septets <= 160 ? 1 : (septets + 152) / 153
        }
        let units = text.utf16.count
        return units <= 70 ? 1 : (units + 66) / 67
    }
}
