import Crypto
import Foundation

/// Time-based one-time codes (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, 6 digits, 30-second
/// steps, as authenticator apps expect.
public struct TOTP: Sendable {
    public let secret: Data
    public static let digits = 6
    public static let period: TimeInterval = 30

    public init(secret: Data) { self.secret = secret }

    /// A new random 160-bit secret (RFC 4226 §4 recommends 160 bits).
    public static func generateSecret() -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The time step for `date`.
    public static func step(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / period).rounded(.down)) }

    /// The code for one time step (RFC 4226 §5.3 dynamic truncation).
    public func code(forStep step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let value = binary % 1_000_000
        return String(repeating: "0", count: Self.digits - String(value).count) + String(value)
    }

    /// The code now.
    public func code(at date: Date = Date()) -> String { code(forStep: Self.step(at: date)) }

    /// The step that `code` matches, allowing one step either side for clock drift, but never a
    /// step at or before `lastUsedStep` (a code cannot be used twice). Nil when it does not match.
    public func matchingStep(for code: String, at date: Date = Date(), after lastUsedStep: Int64? = nil) -> Int64? {
        let trimmed = code.filter { !$0.isWhitespace }
        guard trimmed.count == Self.digits, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber) else { return nil }
        let now = Self.step(at: date)
        for step in [now, now - 1, now + 1] where step > (lastUsedStep ?? .min) {
            if SecureToken.constantTimeEquals(self.code(forStep: step), trimmed) { return step }
        }
        return nil
    }

    /// The `otpauth://` URI an authenticator app reads (also shown as text for manual entry).
    public func provisioningURI(account: String, issuer: String) -> String {
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: ":"))) ?? account
        let issuerQuery = issuer.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))) ?? issuer
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerQuery)&algorithm=SHA1&digits=6&period=30"
    }
}

/// Base32 (RFC 4648 §6) without padding, the form authenticator apps take secrets in.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ data: Data) -> String {
        var output: [UInt8] = []
        var buffer = 0, bits = 0
        for byte in data {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes `text`, ignoring case, spaces and padding; nil when it is not base32.
    public static func decode(_ text: String) -> Data? {
        var output = Data()
        var buffer = 0, bits = 0
        for character in text.uppercased().utf8 where character != UInt8(ascii: " ") && character != UInt8(ascii: "=") {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = ((buffer << 5) | value) & 0xffff
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> (bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output
    }
}
